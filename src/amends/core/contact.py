"""Contact after no contact: the reach-out attempts and the reconnect ladder (stages 6-7)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from amends.core.events import Event, EventKind, latest, of_kind

# "Wait weeks, not days" before the one further try.
SECOND_TRY_AFTER = timedelta(days=21)
# Reconnect gate: regular, mutual contact they initiate too, over this window.
RECONNECT_WINDOW = timedelta(days=28)
RECONNECT_MIN_CONTACTS = 4
RECONNECT_MIN_FROM_THEM = 2


class Rung(StrEnum):
    """The reconnect ladder, slowest first."""

    TEXT = "text"
    CALL = "call"
    MEETING = "meeting"


LADDER: tuple[Rung, ...] = (Rung.TEXT, Rung.CALL, Rung.MEETING)


@dataclass(frozen=True)
class Attempts:
    unanswered: tuple[Event, ...]  # the user's reach-out messages with no reply after them
    replied: Event | None  # their first reply to a reach-out


def reach_out_attempts(events: Iterable[Event]) -> Attempts:
    """Attempts are the user's contacts after deciding to reach out; a reply ends the count."""
    events = list(events)
    decision = latest(events, EventKind.DECISION_MADE)
    if decision is None or decision.data.get("choice") != "reach_out":
        return Attempts((), None)
    contacts = [e for e in of_kind(events, EventKind.CONTACT) if e.at >= decision.at]
    unanswered: list[Event] = []
    for contact in contacts:
        if contact.data.get("direction") == "out" and not contact.data.get("logistics"):
            unanswered.append(contact)
        elif contact.data.get("direction") == "in" and unanswered:
            return Attempts(tuple(unanswered), contact)
    return Attempts(tuple(unanswered), None)


@dataclass(frozen=True)
class Reconnect:
    contacts_in_window: int
    from_them_in_window: int
    rung: Rung
    gate_met: bool


def reconnect_progress(events: Iterable[Event], since: datetime, now: datetime) -> Reconnect:
    contacts = [e for e in of_kind(events, EventKind.CONTACT) if since <= e.at <= now]
    window = [e for e in contacts if now - e.at <= RECONNECT_WINDOW]
    from_them = sum(1 for e in window if e.data.get("direction") == "in")
    channels = {str(e.data.get("channel") or "text") for e in contacts}
    rung = max((r for r in LADDER if r.value in channels), key=LADDER.index, default=Rung.TEXT)
    met = (
        len(window) >= RECONNECT_MIN_CONTACTS
        and from_them >= RECONNECT_MIN_FROM_THEM
        and rung is not Rung.TEXT
    )
    return Reconnect(len(window), from_them, rung, met)


def next_rung(rung: Rung) -> Rung | None:
    index = LADDER.index(rung)
    return LADDER[index + 1] if index + 1 < len(LADDER) else None
