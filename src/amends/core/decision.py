"""The decide step: go and let-go signs (METHOD.md stage 5) and the hard stops among them.

DECISION_MADE payload: {"choice": "reach_out"|"move_on", "go_signs": [GoSign ids],
"letgo_signs": [LetGoSign ids], "cycles": int}. Abuse and repeated cheating are hard stops:
the choice is forced to move_on, and the plan never reopens reach-out afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from amends.core.errors import AmendsError


class Choice(StrEnum):
    REACH_OUT = "reach_out"
    MOVE_ON = "move_on"


class GoSign(StrEnum):
    NOT_TOXIC = "not_toxic"  # painful but not toxic
    REAL_CONNECTION = "real_connection"  # real connection and respect
    BOTH_MISTAKES = "both_mistakes"  # both made mistakes and the user sees their own
    HEALTHIER_VERSION = "healthier_version"  # a realistic healthier version is imaginable


class LetGoSign(StrEnum):
    ABUSE = "abuse"  # emotional or physical
    REPEATED_CHEATING = "repeated_cheating"  # repeated lying or cheating without change
    LOST_MYSELF = "lost_myself"
    NO_WILLINGNESS = "no_willingness"  # zero willingness on their side to listen or grow
    MORE_ANXIETY = "more_anxiety"  # their return brings more anxiety than happiness
    LOVED_THE_IDEA = "loved_the_idea"  # loved the idea of the relationship more than the person


HARD_STOPS: frozenset[LetGoSign] = frozenset({LetGoSign.ABUSE, LetGoSign.REPEATED_CHEATING})


class Reason(StrEnum):
    """Why the decision came out as it did; content/workbook/decide.toml words each one."""

    HARD_STOP = "hard_stop"  # a hard stop forced move_on whatever was wanted
    CHOSEN = "chosen"  # the user's choice, and the signs don't argue with it
    AGAINST_THE_SIGNS = "against_the_signs"  # reach_out with more let-go than go signs


@dataclass(frozen=True)
class Decision:
    choice: Choice
    wanted: Choice
    go_signs: tuple[GoSign, ...]
    letgo_signs: tuple[LetGoSign, ...]
    reason: Reason
    hard_stops: tuple[LetGoSign, ...] = ()

    @property
    def overridden(self) -> bool:
        return self.choice != self.wanted


def _parse(enum: type[StrEnum], value: str, what: str) -> Any:
    try:
        return enum(value.strip().lower())
    except ValueError:
        known = ", ".join(m.value for m in enum)
        raise AmendsError(f"Unknown {what} {value!r}.", f"Use one of: {known}.") from None


def parse_choice(value: str) -> Choice:
    return _parse(Choice, value.replace("-", "_"), "choice")  # type: ignore[no-any-return]


def parse_signs(go: Iterable[str], letgo: Iterable[str]) -> tuple[list[GoSign], list[LetGoSign]]:
    go_signs = [_parse(GoSign, v, "sign for trying again") for v in go]
    letgo_signs = [_parse(LetGoSign, v, "sign for letting go") for v in letgo]
    return list(dict.fromkeys(go_signs)), list(dict.fromkeys(letgo_signs))


def decide(go: Iterable[str], letgo: Iterable[str], wanted_choice: str) -> Decision:
    """Apply the rule: any hard stop forces move_on; otherwise the user's choice stands."""
    wanted = parse_choice(wanted_choice)
    go_signs, letgo_signs = parse_signs(go, letgo)
    stops = tuple(s for s in letgo_signs if s in HARD_STOPS)
    if stops:
        reason, choice = Reason.HARD_STOP, Choice.MOVE_ON
    elif wanted is Choice.REACH_OUT and len(letgo_signs) > len(go_signs):
        reason, choice = Reason.AGAINST_THE_SIGNS, wanted
    else:
        reason, choice = Reason.CHOSEN, wanted
    return Decision(choice, wanted, tuple(go_signs), tuple(letgo_signs), reason, stops)


def decision_data(decision: Decision, cycles: int) -> dict[str, Any]:
    """The DECISION_MADE payload; cycles = past breakups with this person that were undone."""
    if isinstance(cycles, bool) or not isinstance(cycles, int) or not 0 <= cycles <= 100:
        raise AmendsError(
            f"{cycles!r} is not a number of past breakups.",
            "Give how many times you split up and got back together before, e.g. 0 or 2.",
        )
    return {
        "choice": decision.choice.value,
        "go_signs": [s.value for s in decision.go_signs],
        "letgo_signs": [s.value for s in decision.letgo_signs],
        "cycles": cycles,
    }


@dataclass(frozen=True)
class DecideTexts:
    """The decide step's words (content/workbook/decide.toml), loaded by catalogue/workbook.py."""

    intro: str
    go_heading: str
    go_labels: Mapping[GoSign, str]
    letgo_heading: str
    letgo_labels: Mapping[LetGoSign, str]
    choice_prompt: str
    choice_labels: Mapping[Choice, str]
    reasons: Mapping[Reason, str]
    notes: Mapping[str, str]  # gauge_openness, reflection_missing, do_not_contact, cycles

    def explain(self, decision: Decision) -> str:
        """Why the decision came out as it did, in the guide's words."""
        signs = "; ".join(self.letgo_labels[s].rstrip(".").lower() for s in decision.hard_stops)
        return self.reasons[decision.reason].format(signs=signs)
