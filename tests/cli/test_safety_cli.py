"""Safety as a user meets it: screens, help lines, the crisis flow and the safety pathway."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from amends.catalogue.safety import forbidden_reminder_words, load_reminders
from amends.services.safety import evidence_for

NOW = "2026-03-01T21:30:00+00:00"
LATER = "2026-03-02T09:00:00+00:00"
START = [
    "start", "--breakup-date", "2026-02-15", "--ended-by", "them", "--nickname", "Sam",
    "--no-contact-since", "2026-02-19", "--no-contact-days", "30", "--yes",
]  # fmt: skip


def as_json(run_cli: Callable[..., Any], *args: str, now: str = NOW) -> Any:
    result = run_cli(*args, "--json", now=now)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_positive_abuse_screen_after_start_shows_the_pathway_local_help_and_moves_on(
    run_cli,
) -> None:
    assert run_cli(*START).exit_code == 0
    assert as_json(run_cli, "status")["stage"] == "no_contact"

    shown = run_cli("assess", "take", "hark", "--answers", "no yes no no", "--country", "GB")

    assert shown.exit_code == 0, shown.stderr
    assert "Your safety comes first" in shown.stdout
    assert "will not help you reach out to this person" in shown.stdout
    assert "National Domestic Abuse Helpline (Refuge): call 0808 2000 247" in shown.stdout
    assert "Samaritans: call 116 123" in shown.stdout
    assert "call 999" in shown.stdout
    assert "findahelpline.com" in shown.stdout
    plan = as_json(run_cli, "status", now=LATER)
    assert plan["stage"] == "moving_on"
    assert plan["stop"]["reason"] == "abuse"


def test_a_negative_abuse_screen_changes_nothing_and_shows_no_pathway(run_cli) -> None:
    assert run_cli(*START).exit_code == 0
    shown = run_cli("assess", "take", "hark", "--answers", "n n n n")
    assert "Your safety comes first" not in shown.stdout
    assert "No signs of abuse" in shown.stdout
    assert as_json(run_cli, "status", now=LATER)["stage"] == "no_contact"


def test_the_abuse_screen_result_in_json_carries_domestic_abuse_lines_for_the_country(
    run_cli,
) -> None:
    out = as_json(run_cli, "assess", "take", "hark", "--answers", "1,0,0,0", "--country", "us")
    assert out["pathway"] is True and out["positive"] is True
    abuse = out["resources"]["domestic_abuse"][0]
    assert (abuse["phone"], abuse["text"]) == ("800-799-7233", "START to 88788")


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("US", ["988 Suicide & Crisis Lifeline: call 988", "call 911", "800-799-7233"]),
        ("ca", ["9-8-8 Suicide Crisis Helpline: call 988", "call 911"]),
        ("GB", ["call 116 123", "0808 2000 247", "call 999"]),
        ("IE", ["Samaritans Ireland: call 116 123", "call 112"]),
        ("FR", ["call 3114", "call 112"]),
        ("AU", ["Lifeline: call 13 11 14", "call 000", "1800 737 732"]),
    ],
)
def test_help_now_shows_the_national_lines_and_emergency_number(
    run_cli, country: str, expected: list[str]
) -> None:
    shown = run_cli("help-now", "--country", country)
    assert shown.exit_code == 0
    for text in expected:
        assert text in shown.stdout
    assert "befrienders.org" in shown.stdout


def test_help_now_uses_amends_country_when_no_flag_is_given(run_cli) -> None:
    shown = run_cli("help-now", env={"AMENDS_COUNTRY": "fr"})
    assert "3114" in shown.stdout


def test_help_now_for_a_country_not_in_the_directory_still_gives_worldwide_help(run_cli) -> None:
    out = as_json(run_cli, "help-now", "--country", "JP")["resources"]
    assert out["crisis"] == [] and out["country_name"] is None
    assert {line["web"] for line in out["fallback"]} >= {
        "https://findahelpline.com",
        "https://www.befrienders.org",
    }
    assert "no lines stored for JP" in run_cli("help-now", "--country", "JP").stdout


def test_a_malformed_country_code_is_one_line_and_exit_code_2(run_cli) -> None:
    shown = run_cli("help-now", "--country", "USA")
    assert shown.exit_code == 2
    assert shown.stderr.count("\n") == 1 and "two-letter" in shown.stderr


def test_phq9_item_nine_above_zero_pauses_the_plan_until_the_user_says_they_are_safe(
    run_cli,
) -> None:
    assert run_cli(*START).exit_code == 0
    shown = run_cli("assess", "take", "phq9", "--answers", "0 0 0 0 0 0 0 0 1", "--country", "US")
    assert "You matter more than any plan" in shown.stdout
    assert "988" in shown.stdout
    assert as_json(run_cli, "status", now=LATER)["safety_pause"] is True

    assert as_json(run_cli, "safe", now=LATER) == {"resumed": True}
    assert as_json(run_cli, "status", now=LATER)["safety_pause"] is False
    assert "Nothing is paused" in run_cli("safe", now=LATER).stdout


def test_do_not_contact_moves_the_plan_to_moving_on_and_names_the_nickname(run_cli) -> None:
    assert run_cli(*START).exit_code == 0
    shown = run_cli("do-not-contact", "blocked", "--note", "blocked on every app")
    assert shown.exit_code == 0
    assert "will not help you contact Sam" in shown.stdout
    plan = as_json(run_cli, "status", now=LATER)
    assert (plan["stage"], plan["stop"]["reason"]) == ("moving_on", "do_not_contact")


def test_a_protective_order_is_recorded_and_reported_in_json(run_cli) -> None:
    assert run_cli(*START).exit_code == 0
    out = as_json(run_cli, "do-not-contact", "protective-order")
    assert out == {"recorded": True, "reason": "protective_order", "stage": "moving_on"}


def test_an_unknown_do_not_contact_reason_lists_the_three_reasons(run_cli) -> None:
    shown = run_cli("do-not-contact", "ghosted")
    assert shown.exit_code == 2
    assert "asked, blocked, protective_order" in shown.stderr


def test_a_wrong_number_of_answers_is_an_error_and_nothing_is_stored(run_cli) -> None:
    shown = run_cli("assess", "take", "who5", "--answers", "5 5")
    assert shown.exit_code == 2
    assert "has 5 questions; got 2" in shown.stderr
    assert as_json(run_cli, "assess", "history") == []


def test_results_show_the_citation_and_say_they_are_screens(run_cli) -> None:
    shown = run_cli("assess", "take", "gad7", "--answers", "1 1 1 1 1 1 1")
    assert "GAD-7: 7 of 21" in shown.stdout
    assert "screen, not a diagnosis" in shown.stdout
    assert "Spitzer RL" in shown.stdout and "Pfizer Inc." in shown.stdout


def test_a_positive_short_screen_points_to_the_full_scale(run_cli) -> None:
    out = as_json(run_cli, "assess", "take", "phq2", "--answers", "2,1")
    assert (out["positive"], out["step_up"]) == (True, "phq9")
    assert "amends assess take phq9" in run_cli("assess", "take", "phq2", "--answers", "2 1").stdout


def test_interactive_phq2_steps_up_to_phq9_without_asking_the_first_two_again(run_cli) -> None:
    replies = "2\nnearly every day\ny\n" + "1\n" * 7
    shown = run_cli("assess", "take", "phq2", input=replies)
    assert shown.exit_code == 0, shown.stderr
    assert "PHQ-9: 12 of 27" in shown.stdout  # 2 + 3 reused, then seven 1s
    assert shown.stdout.count("Little interest or pleasure") == 1
    assert [t["instrument"] for t in as_json(run_cli, "assess", "history")] == ["phq2", "phq9"]


def test_an_answer_that_is_not_an_option_is_asked_again(run_cli) -> None:
    shown = run_cli("assess", "take", "hark", input="maybe\nno\nno\nno\nno\n")
    assert "'maybe' is not an answer to HARK" in shown.stdout
    assert "HARK: 0 of 4" in shown.stdout


def test_weekly_who5_history_is_charted_oldest_first(run_cli) -> None:
    run_cli("assess", "take", "who5", "--answers", "2 2 1 1 1", now="2026-03-01T09:00:00+00:00")
    run_cli("assess", "take", "who5", "--answers", "3 3 3 2 2", now="2026-03-08T09:00:00+00:00")
    shown = run_cli("assess", "history", "who5", now="2026-03-09T09:00:00+00:00")
    lines = [line for line in shown.stdout.splitlines() if re.match(r"\s+2026-", line)]
    assert [line.split()[0] for line in lines] == ["2026-03-01", "2026-03-08"]
    assert lines[0].split()[2:] == ["28", "likely_depression"]
    assert lines[1].count("#") == 13  # 52 of 100 on a 25-wide bar


def test_assess_list_names_the_scales_we_do_not_ship_and_offers_our_own_questions(
    run_cli,
) -> None:
    out = as_json(run_cli, "assess", "list")
    assert [i["id"] for i in out["instruments"]] == [
        "hark", "who5", "phq2", "phq9", "gad2", "gad7", "rosenberg",
    ]  # fmt: skip
    instead = " ".join(r["instead_of"] for r in out["reflections"])
    for scale in (
        "Relationship Assessment Scale",
        "Couples Satisfaction Index",
        "Investment Model",
        "Breakup Distress Scale",
        "Experiences in Close",
    ):
        assert scale in instead
    shown = run_cli("assess", "reflect", "distress")
    assert "not a scored scale" in shown.stdout


def test_reminder_wording_never_names_the_ex_or_the_purpose() -> None:
    forbidden = forbidden_reminder_words()
    for reminder in load_reminders().values():
        for text in (reminder.title, reminder.body):
            for word in forbidden:
                assert not re.search(rf"\b{re.escape(word.strip())}\b", text, re.I), (word, text)
    assert load_reminders()["checkin"].title == "Check-in"


def test_the_evidence_for_cycling_and_profile_checking_carries_its_citations() -> None:
    cycling = " ".join(c.citation for c in evidence_for("cycling"))
    assert "Dailey RM" in cycling and "Halpern-Meekin S" in cycling and "2013" in cycling
    [profile] = evidence_for("checked_profile")
    assert "Marshall TC" in profile.citation and "2012" in profile.citation


def test_a_journal_entry_in_crisis_is_flagged_in_json_and_pauses_the_plan(run_cli) -> None:
    assert run_cli(*START).exit_code == 0
    entry = as_json(run_cli, "journal", "add", "dont wanna be here anymore")
    assert entry["crisis"] is True
    assert as_json(run_cli, "status", now=LATER)["safety_pause"] is True
    calm = as_json(run_cli, "journal", "add", "this week killed me", now=LATER)
    assert calm["crisis"] is False


def test_a_one_megabyte_journal_entry_is_stored_and_checked_to_its_end(run_cli) -> None:
    day = "Long day at work. Cooked pasta, called mum, watched a film and went to bed early. "
    calm = day * (1_000_000 // len(day))
    assert as_json(run_cli, "journal", "add", calm)["crisis"] is False
    buried = calm[:500_000] + "i dont want to be alive anymore. " + calm[500_000:]
    assert as_json(run_cli, "journal", "add", buried)["crisis"] is True


def test_a_journal_entry_in_crisis_answers_with_care_and_local_lines(run_cli) -> None:
    shown = run_cli("journal", "add", "i want to kill myself", env={"AMENDS_COUNTRY": "AU"})
    assert shown.exit_code == 0
    assert "Saved to your journal." in shown.stdout
    assert "You matter more than any plan" in shown.stdout
    assert "Lifeline: call 13 11 14" in shown.stdout and "call 000" in shown.stdout


def test_decide_asks_the_abuse_screen_first_and_a_yes_ends_the_decision(run_cli) -> None:
    assert run_cli(*START).exit_code == 0
    shown = run_cli("decide", input="y\nn\nn\nn\n", env={"AMENDS_COUNTRY": "IE"})
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.index("four questions about your safety") < shown.stdout.index(
        "Your safety comes first"
    )
    assert "Women's Aid 24hr National Freephone Helpline: call 1800 341 900" in shown.stdout
    assert as_json(run_cli, "status", now=LATER)["stage"] == "moving_on"


def test_decide_asks_the_abuse_screen_only_once(run_cli) -> None:
    run_cli("assess", "take", "hark", "--answers", "n n n n")
    shown = run_cli("decide", "--json", input="\n".join(["n"] * 10 + ["0", "2"]) + "\n")
    assert shown.exit_code == 0, shown.stderr
    assert "four questions about your safety" not in shown.stdout
    assert json.loads(shown.stdout[shown.stdout.index("{") :])["choice"] == "move_on"


def test_reported_cycles_bring_the_research_on_on_off_relationships(run_cli) -> None:
    out = as_json(run_cli, "decide", "--choice", "move_on", "--cycles", "3")
    text = " ".join(out["explanation"])
    assert "Dailey RM" in text and "Halpern-Meekin S" in text
    none = as_json(run_cli, "decide", "--choice", "move_on", "--cycles", "0")
    assert "Dailey RM" not in " ".join(none["explanation"])


def test_a_workbook_answer_in_crisis_is_flagged_and_answered_with_help(run_cli) -> None:
    assert run_cli(*START).exit_code == 0
    out = as_json(run_cli, "reflect", "--my-part", "i pushed her away and now i want to die")
    assert out["crisis"] is True
    assert as_json(run_cli, "status", now=LATER)["safety_pause"] is True
    calm = as_json(run_cli, "reflect", "--my-part", "I was distant for months", now=LATER)
    assert calm["crisis"] is False


def test_with_the_local_model_a_paraphrase_the_patterns_miss_still_starts_the_crisis_flow() -> None:
    from amends.services.safety import is_crisis, sentence_scorer

    if sentence_scorer() is None:
        pytest.skip("the local MiniLM model is not installed (patterns alone run)")
    assert is_crisis("i've said my goodbyes")
    assert not is_crisis("said goodbye to our flat today, handed the keys back")


def test_a_malformed_amends_country_never_stops_the_crisis_flow(run_cli) -> None:
    shown = run_cli("journal", "add", "i want to kill myself", env={"AMENDS_COUNTRY": "England"})
    assert shown.exit_code == 0, shown.stderr
    assert "You matter more than any plan" in shown.stdout
    assert "findahelpline.com" in shown.stdout


def test_a_country_typo_is_refused_before_any_answer_is_stored(run_cli) -> None:
    shown = run_cli("assess", "take", "hark", "--answers", "y n n n", "--country", "UKK")
    assert shown.exit_code == 2
    assert as_json(run_cli, "assess", "history") == []
