"""What the user logs. The plan is computed from these; nothing about the plan is stored.

Every fact is an `Event`: a kind, an aware timestamp and a small JSON-able payload. Keeping one
generic shape makes storage, export and restore one table and one code path, while the payload
keys for each kind are documented here (and in docs/json.md) and read through small accessors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

JSON = Any  # a value json.dumps accepts


class EventKind(StrEnum):
    # payload keys in comments
    PLAN_STARTED = "plan_started"  # breakup_date (date), ended_by me|them|mutual, nickname
    READINESS_ANSWERED = "readiness_answered"  # want, patient (bool), can_accept_no (bool)
    NO_CONTACT_COMMITTED = "no_contact_committed"  # since (date), days (int), shared [..]
    URGE = "urge"  # note
    SLIP = "slip"  # note, what: contact|checked_profile|other
    CONTACT = "contact"  # direction out|in, channel text|call|meeting, logistics (bool), note
    HABIT_ADDED = "habit_added"  # name, area, goal
    HABIT_REMOVED = "habit_removed"  # name
    HABIT_CHECKED = "habit_checked"  # name, note
    JOURNAL = "journal"  # text, mood (1-10 or null), crisis (bool)
    REFLECTION_ANSWERED = "reflection_answered"  # answers {question_id: text}, root_causes [ids]
    DECISION_MADE = "decision_made"  # choice reach_out|move_on, signs [ids], cycles (int)
    DO_NOT_CONTACT = "do_not_contact"  # reason asked|blocked|protective_order, note
    ASSESSMENT_TAKEN = "assessment_taken"  # instrument, answers, score, band, positive (bool)
    CRISIS_FLAGGED = "crisis_flagged"  # source journal|draft|reflection|assessment
    SAFETY_CONFIRMED = "safety_confirmed"  # (no payload): the user says they are safe now
    TALK_HELD = "talk_held"  # outcome both_want|they_said_no|not_yet, note
    CHECKIN = "checkin"  # note (relationship 2.0 check-ins)
    DRAFT_HELD = "draft_held"  # draft, verdict, families [ids]
    DRAFT_RESOLVED = "draft_resolved"  # held_id, choice send|rewrite|let_go


@dataclass(frozen=True)
class Event:
    kind: EventKind
    at: datetime  # always time-zone aware
    data: Mapping[str, JSON] = field(default_factory=dict)
    id: int | None = None  # set by storage; None before the event is saved

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("Event.at must be time-zone aware")


def of_kind(events: Iterable[Event], *kinds: EventKind) -> list[Event]:
    """The events of the given kinds, oldest first (ties keep logging order)."""
    return sorted((e for e in events if e.kind in kinds), key=lambda e: e.at)


def latest(events: Iterable[Event], kind: EventKind) -> Event | None:
    found = of_kind(events, kind)
    return found[-1] if found else None


def data_date(event: Event, key: str) -> date | None:
    """A payload date stored as ISO text (payloads stay JSON-able)."""
    value = event.data.get(key)
    return date.fromisoformat(value) if isinstance(value, str) and value else None
