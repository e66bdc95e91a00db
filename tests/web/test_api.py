"""The JSON API: the same shapes as the CLI's --json, AmendsError as a 400 with the same text."""

from __future__ import annotations

import json
from typing import Any

START = {"breakup_date": "2026-02-20", "ended_by": "them", "no_contact_since": "2026-02-22"}


def test_status_matches_the_cli_json(started: Any, run_cli: Any) -> None:
    from_cli = json.loads(run_cli("status", "--json").stdout)
    assert started.get("/api/status").json() == from_cli


def test_start_returns_the_plan_and_a_second_start_is_a_400_with_the_cli_text(
    client: Any,
) -> None:
    plan = client.post("/api/start", json=START).json()
    assert plan["stage"] == "no_contact" and plan["no_contact"]["days_done"] == 7
    again = client.post("/api/start", json=START)
    assert again.status_code == 400
    assert again.json()["error"] == "A plan already exists."
    assert again.json()["detail"].startswith("A plan already exists. See it with")


def test_a_period_outside_the_range_is_refused_and_nothing_is_stored(client: Any) -> None:
    answer = client.post("/api/start", json=dict(START, no_contact_days=60))
    assert answer.status_code == 400 and "21-45" in answer.json()["error"]
    assert client.get("/api/status").json()["started"] is False


def test_logging_an_urge_returns_it_and_the_new_plan(client: Any) -> None:
    client.post("/api/start", json=START)
    answer = client.post("/api/log/urge", json={"note": "3am"}).json()
    assert answer["logged"]["kind"] == "urge" and answer["logged"]["note"] == "3am"
    assert answer["plan"]["no_contact"]["urges_total"] == 1


def test_a_slip_moves_the_end_date(client: Any) -> None:
    client.post("/api/start", json=START)
    before = client.get("/api/status").json()["no_contact"]["ends_on"]
    after = client.post("/api/log/slip", json={"what": "checked_profile"}).json()
    assert after["plan"]["no_contact"]["ends_on"] > before


def test_logging_without_a_plan_is_a_400(client: Any) -> None:
    answer = client.post("/api/log/urge", json={})
    assert answer.status_code == 400 and answer.json()["hint"]


def test_a_time_in_the_future_is_refused(client: Any) -> None:
    client.post("/api/start", json=START)
    answer = client.post("/api/log/urge", json={"at": "2026-03-05T10:00:00"})
    assert answer.status_code == 400 and "future" in answer.json()["error"]


def test_journal_and_habits_round_trip(client: Any) -> None:
    client.post("/api/start", json=START)
    entry = client.post("/api/journal", json={"text": "ok day", "mood": 7}).json()
    assert entry["mood"] == 7
    assert client.get("/api/journal").json() == [entry]
    client.post("/api/habits", json={"name": "Run", "area": "movement"})
    checked = client.post("/api/habits/check", json={"name": "run"}).json()
    assert checked["this_week"] == 1
    assert client.get("/api/habits").json() == [checked]


def test_schema_errors_are_422_with_fastapi_detail(client: Any) -> None:
    answer = client.post("/api/journal", json={"mood": 3})
    assert answer.status_code == 422 and answer.json()["detail"]


def test_reminders_api_lists_neutral_titles(client: Any) -> None:
    client.post("/api/start", json=dict(START, nickname="Sam"))
    titles = {r["title"] for r in client.get("/api/reminders").json()}
    assert titles == {"Check-in"}


def test_openapi_describes_the_api_and_no_page(client: Any) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/status" in paths and "/api/log/{kind}" in paths
    assert all(path.startswith("/api/") for path in paths)
