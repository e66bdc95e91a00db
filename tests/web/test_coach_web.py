"""The coach in the browser: the same review as the CLI, spans highlighted, crisis help shown."""

from __future__ import annotations

from typing import Any

BEGGING = "please please come back to me, I'm begging you"


def test_review_partial_shows_the_rewrite_verdict_and_marks_the_begging(client: Any) -> None:
    part = client.post("/coach/review", data={"draft": BEGGING}).text
    assert 'data-verdict="rewrite"' in part
    assert "<mark" in part and "please please come back</mark>" in part
    assert 'id="rewrite"' in part


def test_a_light_message_is_fine_to_send_with_nothing_marked(client: Any) -> None:
    part = client.post("/coach/review", data={"draft": "hey, hope your week is good"}).text
    assert 'data-verdict="send"' in part and "<mark" not in part


def test_an_empty_box_asks_for_a_draft_instead_of_an_error(client: Any) -> None:
    part = client.post("/coach/review", data={"draft": "  "})
    assert part.status_code == 200 and "Start typing" in part.text


def test_harm_language_shows_help_lines_and_never_send(client: Any) -> None:
    part = client.post("/coach/review", data={"draft": "I want to kill myself"}).text
    assert 'id="crisis"' in part and 'href="tel:' in part
    assert 'data-verdict="send"' not in part


def test_during_no_contact_any_message_waits(started: Any) -> None:
    part = started.post("/coach/review", data={"draft": "hey, hope you're well"}).text
    assert 'data-verdict="send"' not in part


def test_during_no_contact_only_the_words_at_fault_are_marked(started: Any) -> None:
    part = started.post("/coach/review", data={"draft": BEGGING}).text.replace("&#39;", "'")
    assert "please please come back</mark>" in part
    assert f">{BEGGING}</mark>" not in part
    assert "No contact active" in part


def test_the_page_reviews_as_you_type_with_a_debounce(client: Any) -> None:
    page = client.get("/coach").text
    assert 'hx-post="/coach/review"' in page and "delay:400ms" in page


def test_without_javascript_the_form_shows_the_review_under_the_draft(client: Any) -> None:
    page = client.post("/coach", data={"draft": BEGGING, "action": "review"}).text
    assert 'data-verdict="rewrite"' in page and f"{BEGGING}</textarea>" in page.replace(
        "&#39;", "'"
    )


def test_holding_a_draft_stores_it_for_the_morning(client: Any, stored_events: Any) -> None:
    page = client.post("/coach", data={"draft": BEGGING, "action": "hold"})
    assert "Held until morning" in page.text
    assert [e.kind.value for e in stored_events()] == ["draft_held"]


def test_api_review_matches_the_page(client: Any) -> None:
    review = client.post("/api/coach/review", json={"draft": BEGGING}).json()
    assert review["verdict"] == "rewrite"
    assert review["findings"][0]["family"] == "begging"
    assert review["findings"][0]["text"] == "please please come back"


def test_api_review_of_an_empty_draft_is_a_400(client: Any) -> None:
    answer = client.post("/api/coach/review", json={"draft": ""})
    assert answer.status_code == 400 and "empty" in answer.json()["error"]


def test_api_review_has_the_shape_of_amends_check_json(client: Any, run_cli: Any) -> None:
    import json

    from_cli = json.loads(run_cli("check", BEGGING, "--json").stdout)
    from_api = client.post("/api/coach/review", json={"draft": BEGGING}).json()
    for finding in from_api["findings"]:
        del finding["text"]
    assert from_api == from_cli


def test_api_review_of_harm_language_carries_the_same_help_lines(client: Any, run_cli: Any) -> None:
    import json

    from_api = client.post("/api/coach/review", json={"draft": "I want to kill myself"}).json()
    assert from_api["crisis"] and from_api["verdict"] != "send"
    from_cli = json.loads(run_cli("check", "I want to kill myself", "--json").stdout)
    assert from_api["crisis_resources"] == from_cli["crisis_resources"]


def test_a_held_draft_comes_back_the_next_morning_and_can_be_let_go(
    client: Any, web_settings: Any
) -> None:
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from amends.web.app import create_app

    client.post("/coach", data={"draft": BEGGING, "action": "hold"})
    assert "comes back tomorrow" in client.get("/coach").text
    morning = create_app(replace(web_settings, now="2026-03-02T08:00:00+00:00"))
    with TestClient(morning, base_url="http://127.0.0.1") as later:
        page = later.get("/coach").text
        held_id = page.split('name="held_id" value="')[1].split('"')[0]
        done = later.post("/coach/held", data={"held_id": held_id, "choice": "let_go"})
        assert "That is a win" in done.text and 'id="held"' not in done.text
