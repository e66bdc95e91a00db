"""Habits: unique names ignoring case, check-ins, removal, this week's count and weekly streaks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind
from amends.core.habits import (
    HabitArea,
    active_habits,
    find_habit,
    habit_added_data,
    habit_checked_data,
    habit_removed_data,
    progress,
)

# A Sunday evening; the week runs Monday 2026-02-23 to Sunday 2026-03-01.
NOW = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)


def added(name: str, at: datetime = NOW - timedelta(days=60), area: str = "movement") -> Event:
    return Event(EventKind.HABIT_ADDED, at, {"name": name, "area": area, "goal": ""})


def checked(name: str, at: datetime) -> Event:
    return Event(EventKind.HABIT_CHECKED, at, {"name": name, "note": ""})


def test_a_new_habit_keeps_its_name_area_and_goal() -> None:
    data = habit_added_data([], "  evening   walk ", "Movement", " 20 minutes ")
    assert data == {"name": "evening walk", "area": "movement", "goal": "20 minutes"}


def test_habit_names_are_unique_ignoring_case() -> None:
    with pytest.raises(AmendsError, match="already have"):
        habit_added_data([added("Evening walk")], "EVENING WALK", "movement")


def test_an_unknown_area_lists_the_areas() -> None:
    with pytest.raises(AmendsError) as error:
        habit_added_data([], "knitting", "crafts")
    assert "hobbies" in error.value.hint and "custom" in error.value.hint


def test_checking_an_unknown_habit_lists_the_known_habits() -> None:
    with pytest.raises(AmendsError) as error:
        habit_checked_data([added("Evening walk"), added("Bed by 11")], "swim")
    assert "Evening walk" in error.value.hint and "Bed by 11" in error.value.hint


def test_check_in_and_removal_store_the_name_as_it_was_added() -> None:
    events = [added("Evening walk")]
    assert habit_checked_data(events, "evening WALK", " felt good ")["name"] == "Evening walk"
    assert habit_removed_data(events, "EVENING walk") == {"name": "Evening walk"}


def test_a_removed_habit_can_no_longer_be_checked_but_can_be_added_again() -> None:
    events = [
        added("walk"),
        Event(EventKind.HABIT_REMOVED, NOW - timedelta(days=1), {"name": "walk"}),
    ]
    assert active_habits(events) == []
    with pytest.raises(AmendsError):
        habit_checked_data(events, "walk")
    assert habit_added_data(events, "Walk", "movement")["name"] == "Walk"


def test_re_adding_a_habit_starts_its_check_ins_fresh() -> None:
    old = NOW - timedelta(days=10)
    events = [
        added("walk", NOW - timedelta(days=30)),
        checked("walk", old),
        Event(EventKind.HABIT_REMOVED, old + timedelta(hours=1), {"name": "walk"}),
        added("walk", old + timedelta(hours=2), area="custom"),
    ]
    (habit,) = active_habits(events)
    assert habit.checkins == () and habit.area is HabitArea.CUSTOM


def test_this_week_counts_check_ins_since_monday() -> None:
    events = [added("walk")] + [
        checked("walk", NOW - timedelta(days=d))
        for d in (0, 2, 6, 7)  # Sun, Fri, Mon, last Sun
    ]
    result = progress(find_habit(events, "walk"), NOW)
    assert result.this_week == 3
    assert result.streak_weeks == 2


def test_streak_survives_until_a_whole_week_passes_without_a_check_in() -> None:
    monday = datetime(2026, 2, 23, 8, 0, tzinfo=UTC)
    events = [added("walk"), checked("walk", monday - timedelta(days=3))]  # last Friday
    habit = find_habit(events, "walk")
    assert progress(habit, monday).streak_weeks == 1
    assert progress(habit, monday + timedelta(days=7)).streak_weeks == 0


def test_check_ins_after_now_are_not_counted() -> None:
    events = [added("walk"), checked("walk", NOW + timedelta(hours=1))]
    assert progress(find_habit(events, "walk"), NOW).this_week == 0


@given(st.lists(st.integers(min_value=0, max_value=120), max_size=30))
def test_streak_never_exceeds_the_weeks_with_check_ins(days_ago: list[int]) -> None:
    events = [added("walk", NOW - timedelta(days=200))]
    events += [checked("walk", NOW - timedelta(days=d)) for d in days_ago]
    result = progress(find_habit(events, "walk"), NOW)
    weeks = {(NOW - timedelta(days=d)).isocalendar()[:2] for d in days_ago}
    assert 0 <= result.streak_weeks <= len(weeks)
    assert result.this_week == sum(1 for d in days_ago if d < 7)  # NOW is a Sunday
