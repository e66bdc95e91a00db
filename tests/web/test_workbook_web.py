"""Reflect, decide and help now in the browser, over the same services as the CLI."""

from __future__ import annotations

from typing import Any


def test_reflection_grows_and_meets_the_gate(started: Any) -> None:
    first = started.post("/reflect", data={"my_part": "I stopped listening"})
    assert first.status_code == 200 and 'id="reflect-missing"' in first.text
    page = started.post(
        "/reflect",
        data={
            "their_part": "They went quiet for weeks",
            "changes": "a weekly call with my sister",
            "root_causes": ["communication", "growing_apart"],
        },
    ).text
    assert 'id="reflect-gate-met"' in page
    assert "I stopped listening" in page and "They went quiet for weeks" in page


def test_an_unknown_root_cause_is_refused_and_nothing_changes(
    started: Any, stored_events: Any
) -> None:
    before = len(stored_events())
    page = started.post("/reflect", data={"my_part": "I left", "root_causes": "astrology"})
    assert page.status_code == 400 and "Unknown root cause" in page.text
    assert "I left</textarea>" in page.text
    assert len(stored_events()) == before


def test_a_hard_stop_sign_means_moving_on_whatever_was_chosen(started: Any) -> None:
    page = started.post(
        "/decide", data={"letgo_signs": "abuse", "choice": "reach_out", "cycles": "0"}
    ).text
    assert 'id="decision"' in page and "Move on" in page
    assert started.get("/api/status").json()["stage"] == "moving_on"


def test_decide_needs_a_choice_and_a_sane_count(started: Any, stored_events: Any) -> None:
    before = len(stored_events())
    page = started.post("/decide", data={"go_signs": "not_toxic", "cycles": "lots"})
    assert page.status_code == 400
    assert 'id="choice-error"' in page.text and 'id="cycles-error"' in page.text
    assert 'value="lots"' in page.text and 'value="not_toxic" checked' in page.text
    assert len(stored_events()) == before


def test_help_now_lists_lines_for_a_country(client: Any) -> None:
    page = client.get("/help", params={"country": "GB"}).text
    assert 'href="tel:' in page and 'value="GB"' in page


def test_a_crisis_in_the_reflection_pauses_the_plan_until_the_user_is_safe(
    started: Any,
) -> None:
    page = started.post("/reflect", data={"my_part": "I want to kill myself"})
    assert page.url.path == "/help" and 'id="safe"' in page.text
    assert 'id="safety-pause"' in started.get("/").text
    started.post("/help/safe")
    assert 'id="safety-pause"' not in started.get("/").text
