"""Journal entries: text required, mood 1-10 or nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind
from amends.core.journal import average_mood, journal_data, journal_entries

NOW = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)


def test_an_entry_keeps_its_text_and_mood() -> None:
    assert journal_data("  Rough day.  ", "4") == {"text": "Rough day.", "mood": 4}
    assert journal_data("Better.", None) == {"text": "Better.", "mood": None}


def test_an_empty_entry_is_an_error() -> None:
    with pytest.raises(AmendsError, match="empty"):
        journal_data("   ", 5)


@given(st.integers().filter(lambda n: not 1 <= n <= 10))
def test_a_mood_outside_one_to_ten_is_an_error(mood: int) -> None:
    with pytest.raises(AmendsError) as error:
        journal_data("text", mood)
    assert "between 1" in error.value.hint


@pytest.mark.parametrize("mood", ["seven", "5.5", True])
def test_a_mood_that_is_not_a_whole_number_is_an_error(mood: object) -> None:
    with pytest.raises(AmendsError):
        journal_data("text", mood)


def test_entries_come_back_oldest_first_and_average_recent_moods() -> None:
    events = [
        Event(EventKind.JOURNAL, NOW, {"text": "b", "mood": 6}, id=2),
        Event(EventKind.JOURNAL, NOW - timedelta(days=10), {"text": "a", "mood": 2}, id=1),
        Event(EventKind.JOURNAL, NOW - timedelta(days=1), {"text": "c", "mood": None}, id=3),
        Event(EventKind.URGE, NOW, {"note": "not a journal entry"}),
    ]
    entries = journal_entries(events)
    assert [e.text for e in entries] == ["a", "c", "b"]
    assert average_mood(entries, NOW - timedelta(days=7)) == 6
    assert average_mood(entries, NOW - timedelta(days=30)) == 4
    assert average_mood(entries, NOW + timedelta(days=1)) is None
