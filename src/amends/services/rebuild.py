"""Rebuild-yourself use cases: habits with check-ins, and the journal.

Each function opens the store, loads the events it needs, lets the core validate and build the
payload, and saves it, all in one transaction: an error leaves nothing stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from amends.config import Settings
from amends.core import habits, journal
from amends.core.events import Event, EventKind
from amends.core.habits import Habit, HabitProgress
from amends.core.journal import JournalEntry

HABIT_KINDS = (EventKind.HABIT_ADDED, EventKind.HABIT_CHECKED, EventKind.HABIT_REMOVED)


@contextmanager
def _session(settings: Settings) -> Iterator[Any]:
    from amends.storage.db import open_store

    with open_store(settings).transaction() as session:
        yield session


def _load(session: Any, *kinds: EventKind) -> list[Event]:
    from amends.storage import repository

    return repository.load_events(session, kinds)


def _save(session: Any, event: Event) -> Event:
    from amends.storage import repository

    return repository.save_event(session, event)


def add_habit(settings: Settings, now: datetime, name: str, area: str, goal: str = "") -> Habit:
    with _session(settings) as session:
        data = habits.habit_added_data(_load(session, *HABIT_KINDS), name, area, goal)
        _save(session, Event(EventKind.HABIT_ADDED, now, data))
        return habits.find_habit(_load(session, *HABIT_KINDS), data["name"])


def check_habit(settings: Settings, now: datetime, name: str, note: str = "") -> HabitProgress:
    with _session(settings) as session:
        data = habits.habit_checked_data(_load(session, *HABIT_KINDS), name, note)
        _save(session, Event(EventKind.HABIT_CHECKED, now, data))
        return habits.progress(habits.find_habit(_load(session, *HABIT_KINDS), data["name"]), now)


def remove_habit(settings: Settings, now: datetime, name: str) -> str:
    """Stops tracking the habit; its past check-ins stay in the history. Returns its name."""
    with _session(settings) as session:
        data = habits.habit_removed_data(_load(session, *HABIT_KINDS), name)
        _save(session, Event(EventKind.HABIT_REMOVED, now, data))
        return str(data["name"])


def list_habits(settings: Settings, now: datetime) -> list[HabitProgress]:
    with _session(settings) as session:
        return [habits.progress(h, now) for h in habits.active_habits(_load(session, *HABIT_KINDS))]


def journal_payload(text: str, mood: Any) -> dict[str, Any]:
    """The JOURNAL payload, with "crisis": true when the text talks of harm (services.safety)."""
    from amends.services.safety import is_crisis

    data = journal.journal_data(text, mood)
    return {**data, "crisis": is_crisis(data["text"])}


def add_journal_entry(
    settings: Settings, now: datetime, text: str, mood: Any = None
) -> JournalEntry:
    data = journal_payload(text, mood)
    with _session(settings) as session:
        saved = _save(session, Event(EventKind.JOURNAL, now, data))
        if data["crisis"]:
            _save(session, Event(EventKind.CRISIS_FLAGGED, now, {"source": "journal"}))
        return journal.entry_from(saved)


def list_journal(settings: Settings, limit: int | None = None) -> list[JournalEntry]:
    """Entries oldest first; with `limit`, only the most recent ones."""
    with _session(settings) as session:
        entries = journal.journal_entries(_load(session, EventKind.JOURNAL))
    return entries[-limit:] if limit else entries


def habit_as_json(progress: HabitProgress) -> dict[str, Any]:
    """A habit with its check-ins, as `amends habit list --json` and GET /api/habits show it."""
    habit, last = progress.habit, progress.last_checked
    return {
        "name": habit.name,
        "area": habit.area.value,
        "goal": habit.goal,
        "added_at": habit.added_at.isoformat(),
        "this_week": progress.this_week,
        "streak_weeks": progress.streak_weeks,
        "last_checked": last.isoformat() if last else None,
    }
