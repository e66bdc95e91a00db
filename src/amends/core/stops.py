"""Hard stops (METHOD.md "Some outcomes are stops"): once found, nothing reopens reach-out.

A stop is a fact about the past, so it is found from the events alone (plus the clock for
silence): a later event cannot remove an earlier stop, which is what makes it permanent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from amends.core.contact import reach_out_attempts
from amends.core.events import Event, EventKind, of_kind

# After the second reach-out attempt, this long without a reply ends the track.
SILENCE_ENDS_TRACK = timedelta(days=21)
# Let-go signs from the decide step that are stops, not choices.
STOP_SIGNS: tuple[str, ...] = ("abuse", "repeated_cheating")


class StopReason(StrEnum):
    DO_NOT_CONTACT = "do_not_contact"
    ABUSE = "abuse"
    REPEATED_CHEATING = "repeated_cheating"
    SILENCE = "silence"
    THEIR_NO = "their_no"


@dataclass(frozen=True)
class Stop:
    reason: StopReason
    since: datetime


def find_stop(events: Iterable[Event], now: datetime) -> Stop | None:
    """The earliest stop in the history, if any."""
    events = list(events)
    found = [s for s in (*_recorded_stops(events), _silence_stop(events, now)) if s is not None]
    return min(found, key=lambda s: s.since) if found else None


def _recorded_stops(events: list[Event]) -> list[Stop]:
    stops = []
    for event in of_kind(events, EventKind.DO_NOT_CONTACT):
        stops.append(Stop(StopReason.DO_NOT_CONTACT, event.at))
    for event in of_kind(events, EventKind.ASSESSMENT_TAKEN):
        if str(event.data.get("instrument", "")).lower() == "hark" and event.data.get("positive"):
            stops.append(Stop(StopReason.ABUSE, event.at))
    for event in of_kind(events, EventKind.DECISION_MADE):
        signs = set(event.data.get("letgo_signs") or ())
        stops.extend(Stop(StopReason(sign), event.at) for sign in STOP_SIGNS if sign in signs)
    for event in of_kind(events, EventKind.TALK_HELD):
        if event.data.get("outcome") == "they_said_no":
            stops.append(Stop(StopReason.THEIR_NO, event.at))
    return stops


def _silence_stop(events: list[Event], now: datetime) -> Stop | None:
    """Two reach-out attempts with no reply for SILENCE_ENDS_TRACK after the second."""
    attempts = reach_out_attempts(events)
    if len(attempts.unanswered) < 2:
        return None
    ends = attempts.unanswered[1].at + SILENCE_ENDS_TRACK
    return Stop(StopReason.SILENCE, ends) if now >= ends else None
