"""No contact: the period rules, urges, slips, streaks and milestones (METHOD.md stage 2).

The slip rule, chosen because a slip should cost something without erasing the work done:
each slip logged while no contact runs moves its end date SLIP_EXTENSION_DAYS later. Days already
done stay done, the plan never goes back to day 1, and the streak (days since the last slip) is
shown beside the total so the slip is visible, not hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind, of_kind

MIN_DAYS = 21
MAX_DAYS = 45
DEFAULT_DAYS = 30
SLIP_EXTENSION_DAYS = 3
MILESTONES: tuple[int, ...] = (1, 3, 7, 14, 21, 30, 45)


class Shared(StrEnum):
    """What the user shares with the ex that makes limited contact replace no contact."""

    KIDS = "kids"
    WORK = "work"
    HOME = "home"


@dataclass(frozen=True)
class Period:
    since: date
    days: int
    shared: frozenset[Shared]

    @property
    def limited(self) -> bool:
        return bool(self.shared)


@dataclass(frozen=True)
class Slip:
    at: datetime
    what: str  # contact | checked_profile | other
    note: str


@dataclass(frozen=True)
class NoContactStatus:
    since: date
    period_days: int
    limited: bool
    started: bool
    running: bool
    days_done: int
    days_left: int
    ends_on: date
    extended_by: int
    slips: tuple[Slip, ...]
    urges_total: int
    urges_last_7_days: int
    streak_days: int
    milestones_reached: tuple[int, ...]
    next_milestone: int | None


def validate_days(days: int) -> int:
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise AmendsError(
            f"A no-contact period must be {MIN_DAYS}-{MAX_DAYS} days, not {days}.",
            f"Choose a number in that range; {DEFAULT_DAYS} is the usual choice.",
        )
    return days


def parse_shared(values: Iterable[str]) -> frozenset[Shared]:
    shared = set()
    for raw in values:
        value = raw.strip().lower()
        if not value:
            continue
        try:
            shared.add(Shared(value))
        except ValueError:
            names = ", ".join(s.value for s in Shared)
            raise AmendsError(f"Unknown shared part of life {raw!r}.", f"Use {names}.") from None
    return frozenset(shared)


def period_from(event: Event) -> Period:
    """The period a NO_CONTACT_COMMITTED event describes."""
    return Period(
        since=date.fromisoformat(str(event.data["since"])),
        days=int(event.data["days"]),
        shared=parse_shared(event.data.get("shared") or ()),
    )


def is_slip_contact(event: Event, limited: bool) -> bool:
    """A contact the user made: logistics under limited contact is allowed, the rest slips."""
    if event.kind is not EventKind.CONTACT or event.data.get("direction") != "out":
        return False
    return not (limited and bool(event.data.get("logistics")))


def collect_slips(events: Iterable[Event], limited: bool) -> list[Slip]:
    slips = []
    for event in of_kind(events, EventKind.SLIP, EventKind.CONTACT):
        if event.kind is EventKind.SLIP:
            slips.append(Slip(event.at, str(event.data.get("what") or "other"), _note(event)))
        elif is_slip_contact(event, limited):
            slips.append(Slip(event.at, "contact", _note(event)))
    return slips


def end_date(period: Period, slips: Iterable[Slip]) -> tuple[date, int]:
    """The end date after slips extend it, and by how many days it was extended."""
    ends_on = period.since + timedelta(days=period.days)
    extended = 0
    for slip in sorted(slips, key=lambda s: s.at):
        if period.since <= slip.at.date() < ends_on:
            ends_on += timedelta(days=SLIP_EXTENSION_DAYS)
            extended += SLIP_EXTENSION_DAYS
    return ends_on, extended


def no_contact_status(period: Period, events: Iterable[Event], now: datetime) -> NoContactStatus:
    events = list(events)
    today = now.date()
    all_slips = collect_slips(events, period.limited)
    ends_on, extended = end_date(period, all_slips)
    in_period = tuple(s for s in all_slips if period.since <= s.at.date() < ends_on)
    urges = [e for e in of_kind(events, EventKind.URGE) if e.at.date() >= period.since]
    done = max(0, (min(today, ends_on) - period.since).days)
    last_clean_start = max([period.since] + [s.at.date() for s in in_period if s.at <= now])
    streak = max(0, (min(today, ends_on) - last_clean_start).days)
    reached = tuple(m for m in MILESTONES if m <= done)
    upcoming = [m for m in MILESTONES if m > done and m <= (ends_on - period.since).days]
    return NoContactStatus(
        since=period.since,
        period_days=period.days,
        limited=period.limited,
        started=today >= period.since,
        running=period.since <= today < ends_on,
        days_done=done,
        days_left=max(0, (ends_on - max(today, period.since)).days),
        ends_on=ends_on,
        extended_by=extended,
        slips=in_period,
        urges_total=len(urges),
        urges_last_7_days=sum(1 for e in urges if (now - e.at) <= timedelta(days=7)),
        streak_days=streak,
        milestones_reached=reached,
        next_milestone=upcoming[0] if upcoming else None,
    )


def _note(event: Event) -> str:
    return str(event.data.get("note") or "")
