"""Screens in the browser: HARK before Start and Decide, /assess, the WHO-5 chart, readiness
notes, and the same through /api/assessments."""

from __future__ import annotations

from typing import Any

import pytest

INSTRUMENTS = ("hark", "who5", "phq2", "phq9", "gad2", "gad7", "rosenberg")

HARK_NO = {"humiliation": "0", "afraid": "0", "rape": "0", "kick": "0"}
HARK_AFRAID = dict(HARK_NO, afraid="1")
WHO5_LOW = {"cheerful": "1", "calm": "1", "active": "2", "rested": "1", "interest": "1"}


def _kinds(events: list[Any]) -> list[str]:
    return [e.kind.value for e in events]


def test_start_asks_the_four_hark_questions_first(client: Any) -> None:
    page = client.get("/start").text
    assert 'action="/assess/hark"' in page and 'name="next" value="/start"' in page
    for item in HARK_NO:
        assert f'name="{item}" value="1"' in page and f'name="{item}" value="0"' in page
    assert 'id="start-form"' not in page


def test_a_clear_hark_goes_on_to_the_start_form_and_is_not_asked_again(
    client: Any, stored_events: Any
) -> None:
    page = client.post("/assess/hark", data=HARK_NO | {"next": "/start"})
    assert page.url.path == "/start" and 'id="start-form"' in page.text
    assert _kinds(stored_events()) == ["assessment_taken"]
    assert 'id="decide-form"' in client.get("/decide").text  # asked once, for both pages


def test_an_unanswered_hark_question_is_marked_and_nothing_is_stored(
    client: Any, stored_events: Any
) -> None:
    typed = {"humiliation": "0", "afraid": "1", "kick": "maybe", "next": "/decide"}
    page = client.post("/assess/hark", data=typed)
    assert page.status_code == 400
    assert 'id="rape-error"' in page.text and 'id="kick-error"' in page.text
    assert 'name="afraid" value="1" checked' in page.text
    assert 'name="humiliation" value="0" checked' in page.text
    assert 'name="next" value="/decide"' in page.text
    assert stored_events() == []


def test_a_positive_hark_on_decide_shows_the_pathway_and_moves_on(started: Any) -> None:
    assert 'action="/assess/hark"' in started.get("/decide").text
    page = started.post("/assess/hark", data=HARK_AFRAID | {"next": "/decide", "country": "GB"})
    assert page.status_code == 200 and 'id="pathway"' in page.text
    assert "Your safety comes first" in page.text
    assert "United Kingdom" in page.text and "0808 2000 247" in page.text  # domestic abuse line
    assert 'id="decide-form"' not in page.text
    assert started.get("/api/status").json()["stage"] == "moving_on"
    assert 'id="pathway"' in started.get("/decide").text  # the choice stays closed


def test_the_pathway_uses_amends_country_when_none_is_chosen(web_settings: Any) -> None:
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from amends.web.app import create_app

    app = create_app(replace(web_settings, country="US"))
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        page = client.post("/assess/hark", data=HARK_AFRAID | {"next": "/start"}).text
    assert "United States" in page and "800-799-7233" in page
    assert 'id="pathway-start" href="/start"' in page
    assert "it is never your fault" in page  # the HARK result's own words


def test_after_a_positive_hark_the_plan_starts_on_the_moving_on_track(
    client: Any, start_form: dict[str, str]
) -> None:
    client.post("/assess/hark", data=HARK_AFRAID | {"next": "/start"})
    assert 'id="start-form"' in client.get("/start").text  # not asked again
    client.post("/start", data=start_form)
    status = client.get("/api/status").json()
    assert status["stage"] == "moving_on" and status["reach_out"]["open"] is False


def test_a_hark_with_an_unknown_country_is_refused_before_storing(
    client: Any, stored_events: Any
) -> None:
    page = client.post("/assess/hark", data=HARK_AFRAID | {"country": "Narnia"})
    assert page.status_code == 400 and 'id="country-error"' in page.text
    assert stored_events() == []


def test_a_posted_next_cannot_send_the_user_elsewhere(client: Any) -> None:
    answer = client.post(
        "/assess/hark", data=HARK_NO | {"next": "https://example.com/"}, follow_redirects=False
    )
    assert answer.status_code == 200 and 'id="result"' in answer.text


def test_readiness_notes_follow_the_answers_after_starting(
    client: Any, start_form: dict[str, str]
) -> None:
    client.post("/assess/hark", data=HARK_NO)
    typed = dict(start_form, want="not_alone", patient="no", can_accept_no="yes")
    page = client.post("/start", data=typed)
    assert page.url.path == "/" and 'id="readiness-notes"' in page.text
    assert "Wanting not to be alone is human." in page.text
    assert "Patience is the hardest part." in page.text
    assert "If a no feels unbearable" not in page.text


def test_today_shows_no_readiness_note_a_link_made_up(started: Any) -> None:
    page = started.get("/", params={"readiness": "<script>,unsure"}).text
    assert "<script>" not in page and "Not knowing is fine." in page


def test_assess_lists_every_shipped_screen(client: Any) -> None:
    page = client.get("/assess").text
    for instrument in INSTRUMENTS:
        assert f'href="/assess/{instrument}"' in page
    assert 'id="who5-chart"' not in page


@pytest.mark.parametrize("instrument_id", INSTRUMENTS)
def test_every_screen_can_be_taken_and_shows_its_source(client: Any, instrument_id: str) -> None:
    from amends.catalogue.instruments import load_instrument

    instrument = load_instrument(instrument_id)
    form = client.get(f"/assess/{instrument_id}").text
    assert form.count('type="radio"') == len(instrument.items) * len(instrument.options)
    lowest = str(min(o.value for o in instrument.options))
    page = client.post(
        f"/assess/{instrument_id}", data=dict.fromkeys(form_items(instrument), lowest)
    )
    assert 'id="result"' in page.text and instrument.citation in page.text
    assert (instrument.copyright or instrument.licence) in page.text


def form_items(instrument: Any) -> list[str]:
    return [item.id for item in instrument.items]


def test_a_who5_result_is_a_screen_with_its_citation_and_is_charted(client: Any) -> None:
    page = client.post("/assess/who5", data=WHO5_LOW).text
    assert 'data-band="likely_depression"' in page and "24 of 100" in page
    assert "a screen, not a diagnosis" in page
    assert "Topp CW" in page and "Psychiatric Research Unit" in page
    listing = client.get("/assess").text
    assert 'id="who5-chart"' in listing and "most recently 24" in listing


def test_a_positive_phq2_offers_the_phq9_with_its_answers_filled_in(client: Any) -> None:
    page = client.post("/assess/phq2", data={"interest": "2", "mood": "2"}).text
    assert 'id="step-up"' in page and 'action="/assess/phq9"' in page
    assert 'name="interest" value="2" checked' in page and 'name="mood" value="2" checked' in page


def test_phq9_item_9_above_zero_brings_the_crisis_flow_first(
    client: Any, stored_events: Any
) -> None:
    from amends.catalogue.instruments import load_instrument

    items = [item.id for item in load_instrument("phq9").items]
    answers = dict.fromkeys(items, "0") | {items[-1]: "1", "country": "GB"}
    page = client.post("/assess/phq9", data=answers).text
    assert 'id="crisis"' in page and "116 123" in page
    assert page.index('id="crisis"') < page.index('id="result"')
    assert "crisis_flagged" in _kinds(stored_events())


def test_today_links_the_weekly_well_being_check_to_the_who5_page(started: Any) -> None:
    page = started.get("/").text
    assert 'well-being check (<a href="/assess/who5">' in page
    started.post("/assess/who5", data=WHO5_LOW)
    assert 'href="/assess/who5"' not in started.get("/").text  # done for this week


def test_commands_in_the_plan_s_words_link_to_the_screens() -> None:
    from amends.web.forms import commands_as_links

    shown = commands_as_links("Take it (`amends assess take who5`). Or `amends assess list`.")
    assert '<a href="/assess/who5">' in shown and '<a href="/assess">' in shown


def test_the_who5_chart_draws_every_result_and_both_cut_offs() -> None:
    from datetime import UTC, datetime, timedelta

    from amends.core.assessment import Taken
    from amends.web.charts import who5_svg

    start = datetime(2026, 3, 1, tzinfo=UTC)
    taken = [
        Taken("who5", start + timedelta(weeks=n), s, "", False) for n, s in enumerate((24, 40, 56))
    ]
    svg = str(who5_svg(taken))
    assert svg.count("<circle") == 3 and svg.count('stroke-dasharray="6 5"') == 2
    assert "scores from 24 to 56" in svg and who5_svg([]) is None


def test_the_api_takes_hark_and_answers_with_the_pathway(client: Any) -> None:
    body = client.post("/api/assessments/hark", json={"answers": [0, 1, 0, 0], "country": "GB"})
    assert body.status_code == 200
    data = body.json()
    assert data["pathway"] is True and data["positive"] is True
    assert any(line["phone"] == "0808 2000 247" for line in data["resources"]["domestic_abuse"])
    history = client.get("/api/assessments/history", params={"instrument": "hark"}).json()
    assert [row["positive"] for row in history] == [True]


def test_the_api_refuses_wrong_answers_and_stores_nothing(client: Any, stored_events: Any) -> None:
    answer = client.post("/api/assessments/hark", json={"answers": [0, 3, 0, 0]})
    assert answer.status_code == 400 and "not an answer" in answer.json()["error"]
    assert stored_events() == []


def test_the_api_lists_instruments_with_items_and_options(client: Any) -> None:
    listing = client.get("/api/assessments").json()
    assert [i["id"] for i in listing["instruments"]][:2] == ["hark", "who5"]
    who5 = client.get("/api/assessments/who5").json()
    assert len(who5["items"]) == 5 and who5["options"][0] == {
        "label": "All of the time",
        "value": 5,
    }
