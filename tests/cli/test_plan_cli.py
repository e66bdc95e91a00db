"""`amends start`, `status` and `log` as a user runs them, scripted with flags."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

NOW = "2026-03-01T21:30:00+00:00"
START = [
    "start", "--breakup-date", "2026-02-15", "--ended-by", "them",
    "--no-contact-since", "2026-02-19", "--no-contact-days", "30", "--yes",
]  # fmt: skip


def status(run_cli: Callable[..., Any], now: str = NOW) -> dict[str, Any]:
    result = run_cli("status", "--json", now=now)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_ten_days_into_no_contact_status_reports_days_and_a_blocked_reach_out(run_cli) -> None:
    assert run_cli(*START).exit_code == 0
    plan = status(run_cli)
    assert plan["stage"] == "no_contact"
    assert plan["limited"] is False
    assert plan["no_contact"]["days_done"] == 10
    assert plan["no_contact"]["days_left"] == 20
    assert plan["reach_out"]["open"] is False
    assert "20 days left" in plan["reach_out"]["reason"]
    assert plan["key_dates"]["no_contact_end"] == "2026-03-21"


def test_shared_children_switch_to_limited_contact(run_cli) -> None:
    assert run_cli(*START, "--shared", "kids,work").exit_code == 0
    plan = status(run_cli)
    assert plan["limited"] is True
    assert "limited_contact_rules" in [a["id"] for a in plan["next_actions"]]


def test_human_status_says_where_you_are_and_what_is_next(run_cli) -> None:
    run_cli(*START)
    out = run_cli("status").stdout
    assert "No contact" in out
    assert "day 11 of 30" in out
    assert "What to do next" in out


def test_a_logged_slip_moves_the_end_date_and_shows_in_status(run_cli) -> None:
    run_cli(*START)
    assert run_cli("log", "slip", "--what", "checked_profile", "--note", "late").exit_code == 0
    plan = status(run_cli)
    assert plan["no_contact"]["slips"] == 1
    assert plan["no_contact"]["days_done"] == 10
    assert plan["no_contact"]["ends_on"] == "2026-03-24"
    assert plan["next_actions"][0]["id"] == "slip_recovery"


def test_an_urge_is_counted_and_not_a_slip(run_cli) -> None:
    run_cli(*START)
    run_cli("log", "urge", "--note", "wanted to text")
    plan = status(run_cli)
    assert plan["no_contact"]["urges_total"] == 1
    assert plan["no_contact"]["slips"] == 0


def test_asked_no_contact_at_start_goes_straight_to_moving_on(run_cli) -> None:
    run_cli(*START, "--asked-no-contact")
    plan = status(run_cli, "2026-06-01T10:00:00+00:00")
    assert plan["stage"] == "moving_on"
    assert plan["stop"]["reason"] == "do_not_contact"
    assert plan["reach_out"]["open"] is False


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (["--breakup-date", "2026-03-05"], "in the future"),
        (["--no-contact-days", "50"], "21-45"),
        (["--no-contact-days", "20"], "21-45"),
        (["--breakup-date", "15/02/2026"], "YYYY-MM-DD"),
        (["--no-contact-since", "yesterday"], "YYYY-MM-DD"),
        (["--ended-by", "nobody"], "me, them, mutual"),
        (["--shared", "car"], "kids, work, home"),
    ],
)
def test_bad_start_input_is_one_line_exit_2_and_stores_nothing(run_cli, change, expected) -> None:
    args = list(START)
    flag = change[0]
    if flag in args:
        at = args.index(flag)
        args[at : at + 2] = change
    else:
        args += change
    result = run_cli(*args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert status(run_cli)["started"] is False


def test_starting_twice_is_refused_and_keeps_the_first_plan(run_cli) -> None:
    run_cli(*START)
    again = run_cli(*START[:-2], "45", "--yes")
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert status(run_cli)["no_contact"]["period_days"] == 30


def test_logging_without_a_plan_says_to_start_first(run_cli) -> None:
    result = run_cli("log", "urge")
    assert result.exit_code == 2
    assert "amends start" in result.stderr


def test_a_malformed_clock_override_is_a_clear_error(run_cli) -> None:
    result = run_cli("status", now="next tuesday")
    assert result.exit_code == 2
    assert "AMENDS_NOW" in result.stderr


def test_scripted_start_reads_a_json_answers_file(run_cli, tmp_path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({
        "breakup_date": "2026-02-15", "ended_by": "mutual", "no_contact_since": "2026-02-25",
        "no_contact_days": 21, "readiness": {"want": "this_person", "patient": True},
    }))  # fmt: skip
    assert run_cli("start", "--answers", str(answers), "--yes").exit_code == 0
    plan = status(run_cli)
    assert plan["no_contact"]["period_days"] == 21
    assert plan["no_contact"]["days_done"] == 4


HARK_NO = "n\nn\nn\nn\n"
ANSWERS = "this_person\ny\ny\n2026-02-15\nthem\n2026-02-19\n30\nnone\nJ\n"


def test_interactive_start_asks_the_safety_screen_then_the_questions(run_cli) -> None:
    result = run_cli("start", input=HARK_NO + ANSWERS)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.index("HARK") < result.stdout.index("When did it end?")
    assert status(run_cli)["stage"] == "no_contact"


def test_a_yes_on_the_safety_screen_at_start_leads_to_the_safety_pathway(run_cli) -> None:
    result = run_cli("start", input="y\nn\nn\nn\n" + ANSWERS, env={"AMENDS_COUNTRY": "GB"})
    assert result.exit_code == 0, result.stderr
    assert "0808 2000 247" in result.stdout  # the UK domestic abuse line
    plan = status(run_cli, "2026-05-01T10:00:00+00:00")
    assert (plan["stage"], plan["stop"]["reason"]) == ("moving_on", "abuse")
    assert plan["next_actions"][0]["id"] == "safety_pathway"


def test_a_profile_check_slip_shows_the_research_on_checking_an_ex(run_cli) -> None:
    run_cli(*START)
    result = run_cli("log", "slip", "--what", "checked_profile")
    assert "Marshall" in result.stdout


def test_version_prints_the_package_version(run_cli) -> None:
    from amends import __version__

    assert run_cli("--version").stdout.strip() == f"amends {__version__}"
