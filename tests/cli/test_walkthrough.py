"""A user's whole path through the plan, by the CLI, with the clock moving forward."""

from __future__ import annotations

import json
from typing import Any

START = [
    "start", "--breakup-date", "2026-02-15", "--ended-by", "them",
    "--no-contact-since", "2026-02-19", "--no-contact-days", "30", "--yes",
]  # fmt: skip
DAY_10 = "2026-03-01T21:30:00+00:00"
DAY_41 = "2026-04-01T21:30:00+00:00"  # AMENDS_NOW 31 days later


def status(run_cli: Any, now: str) -> dict[str, Any]:
    result = run_cli("status", "--json", now=now)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def do_the_work(run_cli: Any, choice: str = "reach_out") -> None:
    """Rebuild, reflect and decide during no contact, as the method asks."""
    steps = [
        ("habit", "add", "Morning walk", "--area", "movement"),
        ("habit", "check", "Morning walk"),
        ("journal", "add", "Walked, felt a bit lighter", "--mood", "5"),
        ("reflect", "--my-part", "I went silent in every argument",
         "--their-part", "They avoided talking about money",
         "--root-cause", "communication",
         "--change", "I am seeing a counsellor every second week"),
        ("decide", "--go", "real_connection", "--go", "both_mistakes", "--choice", choice),
    ]  # fmt: skip
    for step in steps:
        result = run_cli(*step, now=DAY_10)
        assert result.exit_code == 0, (step, result.stderr)


def test_reach_out_opens_only_after_no_contact_has_run_and_the_gates_are_met(run_cli) -> None:
    assert run_cli(*START, now=DAY_10).exit_code == 0
    do_the_work(run_cli)
    during = status(run_cli, DAY_10)
    assert during["stage"] == "no_contact"
    assert (during["no_contact"]["days_done"], during["no_contact"]["days_left"]) == (10, 20)
    assert during["reach_out"]["open"] is False
    after = status(run_cli, DAY_41)
    assert after["stage"] == "reach_out"
    assert after["reach_out"]["open"] is True
    assert after["next_actions"][0]["id"] == "send_first_message"


def test_without_the_workbook_the_end_of_no_contact_leads_to_reflect_not_reach_out(run_cli) -> None:
    run_cli(*START, now=DAY_10)
    after = status(run_cli, DAY_41)
    assert after["stage"] == "reflect"
    assert after["reach_out"]["open"] is False


def test_a_reply_after_reaching_out_moves_the_plan_to_reconnect(run_cli) -> None:
    run_cli(*START, now=DAY_10)
    do_the_work(run_cli)
    sent = run_cli("log", "contact", "--from-me", "--note", "hope you're well", now=DAY_41)
    assert sent.exit_code == 0, sent.stderr
    assert status(run_cli, DAY_41)["next_actions"][0]["id"] == "wait_for_reply"
    run_cli("log", "contact", "--from-them", now="2026-04-02T10:00:00+00:00")
    assert status(run_cli, "2026-04-02T12:00:00+00:00")["stage"] == "reconnect"


def test_deciding_to_move_on_puts_the_user_on_the_moving_on_track(run_cli) -> None:
    run_cli(*START, now=DAY_10)
    do_the_work(run_cli, choice="move_on")
    after = status(run_cli, DAY_41)
    assert (after["stage"], after["track"]) == ("moving_on", "moving_on")
    assert after["stop"] is None
