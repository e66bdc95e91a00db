"""The journal: free text with an optional 1-10 mood.

JOURNAL payload: {"text": str, "mood": 1-10 or null}. Other keys may be added by later checks
(the crisis screen adds "crisis": bool); readers use .get() and ignore what they don't know.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind, of_kind

MOOD_MIN, MOOD_MAX = 1, 10


@dataclass(frozen=True)
class JournalEntry:
    id: int | None
    at: datetime
    text: str
    mood: int | None
    crisis: bool = False  # the crisis check found harm language (services.safety)


def parse_mood(value: Any) -> int | None:
    """A mood from 1 (worst) to 10 (best), or None when not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        mood = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        mood = None
    if mood is None or not MOOD_MIN <= mood <= MOOD_MAX:
        raise AmendsError(
            f"Mood {str(value).strip()} is not a whole number from {MOOD_MIN} to {MOOD_MAX}.",
            f"Give --mood between {MOOD_MIN} (worst) and {MOOD_MAX} (best), or leave it out.",
        )
    return mood


def journal_data(text: str, mood: Any = None) -> dict[str, Any]:
    """A validated JOURNAL payload."""
    clean = text.strip()
    if not clean:
        raise AmendsError("The journal entry is empty.", "Write a few words, even just one line.")
    return {"text": clean, "mood": parse_mood(mood)}


def entry_from(event: Event) -> JournalEntry:
    mood = event.data.get("mood")
    return JournalEntry(
        id=event.id,
        at=event.at,
        text=str(event.data.get("text", "")),
        mood=mood if isinstance(mood, int) else None,
        crisis=event.data.get("crisis") is True,
    )


def journal_entries(events: Iterable[Event]) -> list[JournalEntry]:
    """Every entry, oldest first."""
    return [entry_from(e) for e in of_kind(events, EventKind.JOURNAL)]


def average_mood(entries: Iterable[JournalEntry], since: datetime) -> float | None:
    """The mean mood of entries at or after `since` that have one, or None."""
    moods = [e.mood for e in entries if e.mood is not None and e.at >= since]
    return round(sum(moods) / len(moods), 1) if moods else None
