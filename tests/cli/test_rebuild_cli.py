"""`amends habit ...` and `amends journal ...` as a person uses them."""

from __future__ import annotations

import json

LATER = "2026-03-04T08:00:00+00:00"  # the Wednesday after FIXED_NOW (a Sunday)


def test_journal_add_prints_the_stored_entry_as_json(run_cli) -> None:
    result = run_cli("journal", "add", "Rough day, but I walked.", "--mood", "4", "--json")
    assert result.exit_code == 0
    entry = json.loads(result.stdout)
    assert entry == {
        "id": entry["id"],
        "at": "2026-03-01T21:30:00+00:00",
        "text": "Rough day, but I walked.",
        "mood": 4,
        "crisis": False,
    }
    assert isinstance(entry["id"], int)


def test_journal_list_shows_entries_oldest_first(run_cli) -> None:
    run_cli("journal", "add", "First.")
    run_cli("journal", "add", "Second.", "--mood", "7", now=LATER)
    listed = json.loads(run_cli("journal", "list", "--json", now=LATER).stdout)
    assert [(e["text"], e["mood"]) for e in listed] == [("First.", None), ("Second.", 7)]
    assert "Second." in run_cli("journal", "list", now=LATER).stdout
    assert [
        e["text"] for e in json.loads(run_cli("journal", "list", "-n", "1", "--json").stdout)
    ] == ["Second."]


def test_a_mood_outside_one_to_ten_stores_nothing(run_cli) -> None:
    result = run_cli("journal", "add", "Too much.", "--mood", "11")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Mood 11") and result.stderr.count("\n") == 1
    assert json.loads(run_cli("journal", "list", "--json").stdout) == []


def test_a_mood_in_words_is_a_one_line_error(run_cli) -> None:
    result = run_cli("journal", "add", "Meh.", "--mood", "seven")
    assert result.exit_code == 2
    assert result.stderr == "Error: Mood seven is not a whole number from 1 to 10. " + (
        "Give --mood between 1 (worst) and 10 (best), or leave it out.\n"
    )


def test_journal_add_without_text_asks_for_it(run_cli) -> None:
    result = run_cli("journal", "add", "--json", input="Couldn't sleep.\n3\n")
    assert result.exit_code == 0
    entry = json.loads(result.stdout[result.stdout.index("{") :])
    assert (entry["text"], entry["mood"]) == ("Couldn't sleep.", 3)


def test_habits_are_added_checked_and_listed_with_this_weeks_count(run_cli) -> None:
    assert (
        run_cli("habit", "add", "Evening walk", "--area", "movement", "--goal", "20 min").exit_code
        == 0
    )
    assert run_cli("habit", "check", "evening walk", "--note", "felt good").exit_code == 0
    run_cli("habit", "check", "EVENING WALK", now=LATER)
    (habit,) = json.loads(run_cli("habit", "list", "--json", now=LATER).stdout)
    assert habit["name"] == "Evening walk" and habit["goal"] == "20 min"
    assert habit["this_week"] == 1  # Sunday's check-in belongs to last week
    assert habit["streak_weeks"] == 2
    assert "Evening walk" in run_cli("habit", "list", now=LATER).stdout


def test_checking_an_unknown_habit_lists_the_known_ones_and_stores_nothing(run_cli) -> None:
    run_cli("habit", "add", "Bed by 11", "--area", "sleep")
    result = run_cli("habit", "check", "swim")
    assert result.exit_code == 2
    assert "swim" in result.stderr and "Bed by 11" in result.stderr
    assert json.loads(run_cli("habit", "list", "--json").stdout)[0]["this_week"] == 0


def test_the_same_habit_name_in_another_case_is_refused(run_cli) -> None:
    run_cli("habit", "add", "Bed by 11", "--area", "sleep")
    result = run_cli("habit", "add", "BED BY 11", "--area", "sleep")
    assert result.exit_code == 2 and "already have" in result.stderr


def test_an_unknown_area_is_refused_with_the_list(run_cli) -> None:
    result = run_cli("habit", "add", "Knit", "--area", "crafts")
    assert result.exit_code == 2 and "volunteering" in result.stderr


def test_removing_a_habit_takes_it_off_the_list(run_cli) -> None:
    run_cli("habit", "add", "Bed by 11", "--area", "sleep")
    assert run_cli("habit", "remove", "bed by 11").exit_code == 0
    assert json.loads(run_cli("habit", "list", "--json").stdout) == []
    assert run_cli("habit", "remove", "bed by 11").exit_code == 2
