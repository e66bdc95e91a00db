"""The stages of the method. Their ids are part of the JSON contract."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    READINESS = "readiness"
    STOP_CHASING = "stop_chasing"
    NO_CONTACT = "no_contact"
    REFLECT = "reflect"
    DECIDE = "decide"
    REACH_OUT = "reach_out"
    RECONNECT = "reconnect"
    HONEST_TALK = "honest_talk"
    RELATIONSHIP_2 = "relationship_2"
    TOGETHER = "together"
    MOVING_ON = "moving_on"


# The reconciliation track in order; moving_on is the other track, reachable from any stage.
RECONCILIATION_ORDER: tuple[Stage, ...] = (
    Stage.READINESS,
    Stage.STOP_CHASING,
    Stage.NO_CONTACT,
    Stage.REFLECT,
    Stage.DECIDE,
    Stage.REACH_OUT,
    Stage.RECONNECT,
    Stage.HONEST_TALK,
    Stage.RELATIONSHIP_2,
    Stage.TOGETHER,
)

# Stages in which contacting the ex is part of the plan (limited contact aside).
CONTACT_STAGES: frozenset[Stage] = frozenset(
    {Stage.REACH_OUT, Stage.RECONNECT, Stage.HONEST_TALK, Stage.RELATIONSHIP_2, Stage.TOGETHER}
)


def parse_stage(value: str) -> Stage:
    from amends.core.errors import AmendsError

    try:
        return Stage(value.strip().lower())
    except ValueError:
        ids = ", ".join(s.value for s in Stage)
        raise AmendsError(f"Unknown stage {value!r}.", f"Use one of: {ids}.") from None
