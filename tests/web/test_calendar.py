"""Reminders as iCalendar: the plan's milestones and weekly check-ins, in neutral words."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest


def _events(ics: bytes) -> list[Any]:
    from icalendar import Calendar

    return list(Calendar.from_ical(ics).walk("VEVENT"))


def test_calendar_holds_milestones_and_weekly_checkins_from_today(started: Any) -> None:
    answer = started.get("/calendar.ics")
    assert answer.headers["content-type"].startswith("text/calendar")
    days = [event.decoded("dtstart") for event in _events(answer.content)]
    assert min(days) >= date(2026, 3, 1)
    assert date(2026, 3, 24) in days  # the end of no contact (22 Feb + 30 days)
    assert date(2026, 3, 8) in days  # no-contact day 14
    assert len(days) == len(set(days))


def test_calendar_never_names_the_ex_or_what_amends_is_for(started: Any) -> None:
    from amends.catalogue import load_toml

    forbidden = [w.lower() for w in load_toml("reminders.toml")["forbidden"]["words"]]
    for event in _events(started.get("/calendar.ics").content):
        shown = f"{event['summary']} {event['description']}".lower()
        assert "sam" not in shown
        assert not [word for word in forbidden if word in shown], shown


def test_every_reminder_rings_at_nine(started: Any) -> None:
    for event in _events(started.get("/calendar.ics").content):
        (alarm,) = event.walk("VALARM")
        assert str(alarm["trigger"].to_ical(), "ascii") == "PT9H"


def test_calendar_without_a_plan_is_a_400(client: Any) -> None:
    assert client.get("/calendar.ics").status_code == 400


def test_calendar_export_writes_the_same_file(started: Any, run_cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "check-ins.ics"
    result = run_cli("calendar", "export", str(target))
    assert result.exit_code == 0 and "Check-in" in result.stdout
    assert target.read_bytes() == started.get("/calendar.ics").content


@pytest.mark.parametrize("problem", ["exists", "folder", "no_parent"])
def test_calendar_export_refuses_a_bad_target_with_exit_2(
    started: Any, run_cli: Any, tmp_path: Path, problem: str
) -> None:
    target = {
        "exists": tmp_path / "old.ics",
        "folder": tmp_path,
        "no_parent": tmp_path / "missing" / "a.ics",
    }[problem]
    if problem == "exists":
        target.write_text("mine")
    result = run_cli("calendar", "export", str(target))
    assert result.exit_code == 2 and "Error: " in result.stderr
    assert problem != "exists" or target.read_text() == "mine"
