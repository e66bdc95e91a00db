"""The plan's milestones and check-ins as an iCalendar file, for any calendar app to remind.

What a calendar shows can be seen by others (a lock screen, a shared calendar), so every event
uses the neutral wording of content/reminders.toml ("Check-in"): never the ex's nickname, never
what amends is for. Events are all-day with a 09:00 alert, so time zones cannot shift them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from amends.config import Settings
from amends.core.errors import AmendsError
from amends.core.plan import PlanState
from amends.core.stages import Stage

WEEKLY_AFTER_PERIOD = timedelta(weeks=4)  # weekly check-ins run this long past no contact
RELATIONSHIP_WEEKS = 8  # weekly check-ins shown ahead in relationship 2.0
ALERT_AT = timedelta(hours=9)
PRODID = "-//amends//calendar//EN"
FALLBACK_WORDING = {  # used only if content/reminders.toml is missing from an install
    "checkin": ("Check-in", "A few minutes for yourself."),
    "milestone": ("Check-in", "Time for a short look back."),
}


@dataclass(frozen=True)
class Reminder:
    day: date
    kind: str  # a key of content/reminders.toml: milestone or checkin
    title: str
    body: str


def plan_reminders(state: PlanState, today: date) -> list[Reminder]:
    """Milestones (no-contact days, the end of the period, a second try) and weekly check-ins,
    from today on, one per day at most (a milestone wins over a check-in)."""
    if not state.started:
        raise AmendsError("There is no plan yet, so there is nothing to remind.", "Start a plan.")
    days: dict[date, str] = {}
    for day in _checkin_days(state, today):
        days[day] = "checkin"
    for day in _milestone_days(state):
        days[day] = "milestone"
    wording = _wording()
    return [
        Reminder(day, kind, *wording.get(kind, FALLBACK_WORDING[kind]))
        for day, kind in sorted(days.items())
        if day >= today
    ]


def calendar_bytes(settings: Settings, now: datetime) -> bytes:
    """The iCalendar text (RFC 5545) of the stored plan's reminders."""
    from amends.services.plan import plan_status

    reminders = plan_reminders(plan_status(settings, now), now.date())
    return to_ical(reminders, now)


def export_calendar(settings: Settings, now: datetime, path: Path, force: bool = False) -> int:
    """Writes the calendar to `path`; returns how many events it holds."""
    if path.is_dir():
        raise AmendsError(f"{path} is a folder.", "Give a file name, e.g. reminders.ics.")
    if not path.parent.is_dir():
        raise AmendsError(f"The folder {path.parent} does not exist.", "Create it first.")
    if path.exists() and not force:
        raise AmendsError(f"{path} already exists.", "Choose another name, or add --force.")
    from amends.services.plan import plan_status

    reminders = plan_reminders(plan_status(settings, now), now.date())
    path.write_bytes(to_ical(reminders, now))
    return len(reminders)


def to_ical(reminders: list[Reminder], now: datetime) -> bytes:
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Check-ins")
    for reminder in reminders:
        event = Event()
        event.add("uid", f"{reminder.kind}-{reminder.day.isoformat()}@amends.local")
        event.add("dtstamp", now)
        event.add("dtstart", reminder.day)
        event.add("dtend", reminder.day + timedelta(days=1))
        event.add("summary", reminder.title)
        event.add("description", reminder.body)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", reminder.title)
        alarm.add("trigger", ALERT_AT, parameters={"RELATED": "START"})
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _milestone_days(state: PlanState) -> list[date]:
    nc = state.no_contact
    days = [] if nc is None else [nc.since + timedelta(days=m) for m in _milestones(state)]
    for key in ("no_contact_end", "second_try_from"):
        if key in state.key_dates:
            days.append(state.key_dates[key])
    return days


def _milestones(state: PlanState) -> list[int]:
    from amends.core.no_contact import MILESTONES

    nc = state.no_contact
    assert nc is not None
    return [m for m in MILESTONES if m < nc.period_days + nc.extended_by]


def _checkin_days(state: PlanState, today: date) -> list[date]:
    nc = state.no_contact
    if state.stage in (Stage.RELATIONSHIP_2, Stage.TOGETHER):
        return [today + timedelta(weeks=w) for w in range(1, RELATIONSHIP_WEEKS + 1)]
    if nc is None or state.stage is Stage.MOVING_ON and nc.ends_on < today:
        return [today + timedelta(weeks=w) for w in range(1, 5)]
    last = nc.ends_on + WEEKLY_AFTER_PERIOD
    count = (last - nc.since).days // 7
    return [nc.since + timedelta(weeks=w) for w in range(1, count + 1)]


def _wording() -> dict[str, tuple[str, str]]:
    from amends.catalogue import load_toml

    try:
        raw = load_toml("reminders.toml")["reminder"]
        return {key: (str(v["title"]), str(v["body"])) for key, v in raw.items()}
    except (AmendsError, KeyError, TypeError):
        return dict(FALLBACK_WORDING)
