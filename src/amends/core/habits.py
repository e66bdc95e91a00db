"""Habits and small goals with check-ins (rebuild yourself, METHOD.md stage 3).

Payloads: HABIT_ADDED {"name", "area", "goal"}, HABIT_CHECKED {"name", "note"},
HABIT_REMOVED {"name"}. Names are unique ignoring case among the habits in use; check-ins and
removals store the name as it was added. Weeks run Monday to Sunday in the user's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind, of_kind

MAX_NAME_LENGTH = 60


class HabitArea(StrEnum):
    SLEEP = "sleep"
    FOOD = "food"
    MOVEMENT = "movement"
    JOURNALING = "journaling"
    FRIENDS = "friends"
    HOBBIES = "hobbies"
    LEARNING = "learning"
    VOLUNTEERING = "volunteering"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Habit:
    name: str
    area: HabitArea
    goal: str
    added_at: datetime
    checkins: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class HabitProgress:
    habit: Habit
    this_week: int  # check-ins since Monday
    streak_weeks: int  # consecutive weeks with a check-in, counting this week once it has one
    last_checked: datetime | None


def parse_area(value: str) -> HabitArea:
    try:
        return HabitArea(value.strip().lower())
    except ValueError:
        known = ", ".join(a.value for a in HabitArea)
        raise AmendsError(f"Unknown area {value!r}.", f"Use one of: {known}.") from None


def active_habits(events: Iterable[Event]) -> list[Habit]:
    """The habits in use, in the order they were added, each with its check-ins since adding."""
    habits: dict[str, Habit] = {}
    kinds = (EventKind.HABIT_ADDED, EventKind.HABIT_CHECKED, EventKind.HABIT_REMOVED)
    for event in of_kind(events, *kinds):
        key = str(event.data.get("name", "")).casefold()
        if event.kind is EventKind.HABIT_ADDED:
            habits[key] = Habit(
                name=str(event.data["name"]),
                area=HabitArea(event.data.get("area", HabitArea.CUSTOM)),
                goal=str(event.data.get("goal") or ""),
                added_at=event.at,
            )
        elif event.kind is EventKind.HABIT_REMOVED:
            habits.pop(key, None)
        elif key in habits:
            old = habits[key]
            habits[key] = Habit(
                old.name, old.area, old.goal, old.added_at, (*old.checkins, event.at)
            )
    return list(habits.values())


def find_habit(events: Iterable[Event], name: str) -> Habit:
    """The habit in use with this name (any case), or an error that lists the known ones."""
    habits = active_habits(events)
    for habit in habits:
        if habit.name.casefold() == name.strip().casefold():
            return habit
    known = ", ".join(h.name for h in habits)
    hint = (
        f"Your habits: {known}." if known else "Add one first: amends habit add NAME --area AREA."
    )
    raise AmendsError(f"There is no habit called {name.strip()!r}.", hint)


def habit_added_data(
    events: Iterable[Event], name: str, area: str, goal: str = ""
) -> dict[str, Any]:
    clean = " ".join(name.split())
    if not clean:
        raise AmendsError("A habit needs a name.", 'Give it a short name, e.g. "evening walk".')
    if len(clean) > MAX_NAME_LENGTH:
        raise AmendsError(
            f"That habit name is {len(clean)} characters long.",
            f"Keep it under {MAX_NAME_LENGTH}; put the detail in --goal.",
        )
    if any(h.name.casefold() == clean.casefold() for h in active_habits(events)):
        raise AmendsError(f"You already have a habit called {clean!r}.", "Pick another name.")
    return {"name": clean, "area": parse_area(area).value, "goal": goal.strip()}


def habit_checked_data(events: Iterable[Event], name: str, note: str = "") -> dict[str, Any]:
    return {"name": find_habit(events, name).name, "note": note.strip()}


def habit_removed_data(events: Iterable[Event], name: str) -> dict[str, Any]:
    return {"name": find_habit(events, name).name}


def week_start(moment: datetime, tz: Any) -> date:
    """The Monday of the week `moment` falls in, in the time zone `tz`."""
    day = moment.astimezone(tz).date()
    return day - timedelta(days=day.weekday())


def progress(habit: Habit, now: datetime) -> HabitProgress:
    """Check-ins this week and the weekly streak, as of `now` (later check-ins are ignored).

    The streak counts back from this week if it already has a check-in, else from last week, so
    a streak stays alive until a whole Monday-to-Sunday week passes without one.
    """
    past = [at for at in habit.checkins if at <= now]
    weeks = {week_start(at, now.tzinfo) for at in past}
    current = week_start(now, now.tzinfo)
    cursor = current if current in weeks else current - timedelta(days=7)
    streak = 0
    while cursor in weeks:
        streak += 1
        cursor -= timedelta(days=7)
    this_week = sum(1 for at in past if week_start(at, now.tzinfo) == current)
    return HabitProgress(habit, this_week, streak, max(past) if past else None)
