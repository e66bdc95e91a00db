"""The pages through FastAPI's TestClient: what a person sees, and what a rejected form keeps."""

from __future__ import annotations

from typing import Any

import pytest


def test_today_without_a_plan_invites_to_start(client: Any) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'href="/start"' in page.text


def test_today_shows_stage_counter_next_actions_and_the_coach_button(started: Any) -> None:
    page = started.get("/").text
    assert 'data-stage="no_contact"' in page
    assert 'id="no-contact-counter"' in page
    assert '<span class="num">7</span>' in page  # 22 Feb to 1 Mar
    assert "What to do next" in page and 'class="why"' in page
    assert 'id="text-them" href="/coach"' in page


def test_start_form_rejects_bad_input_next_to_the_field_and_keeps_what_was_typed(
    client: Any, stored_events: Any, start_form: dict[str, str]
) -> None:
    typed = dict(start_form, breakup_date="2026-13-40", no_contact_days="90", nickname="Sammy")
    page = client.post("/start", data=typed)
    assert page.status_code == 400
    assert 'id="breakup_date-error"' in page.text and "2026-13-40" in page.text
    assert 'id="no_contact_days-error"' in page.text and "21-45" in page.text
    assert 'value="Sammy"' in page.text and 'value="90"' in page.text
    assert stored_events() == []


def test_start_form_puts_a_future_breakup_date_error_on_that_field(
    client: Any, stored_events: Any, start_form: dict[str, str]
) -> None:
    page = client.post("/start", data=dict(start_form, breakup_date="2026-06-01"))
    assert page.status_code == 400
    assert 'id="breakup_date-error"' in page.text and "in the future" in page.text
    assert stored_events() == []


def test_start_twice_redirects_to_today(started: Any) -> None:
    assert started.get("/start", follow_redirects=False).status_code == 303


def test_logging_an_urge_counts_it_and_confirms(started: Any) -> None:
    page = started.post("/log/urge", data={"note": "saw our song"})
    assert page.status_code == 200
    assert "Urge logged" in page.text
    assert "Urges this week: 1." in page.text


def test_logging_a_slip_of_an_unknown_kind_is_refused_and_stores_nothing(
    started: Any, stored_events: Any
) -> None:
    before = len(stored_events())
    page = started.post("/log/slip", data={"note": "oops", "what": "teleported"})
    assert page.status_code == 400
    assert "not an option" in page.text and 'value="oops"' in page.text
    assert len(stored_events()) == before


def test_journal_entry_with_a_mood_draws_the_chart(started: Any) -> None:
    started.post("/log/urge", data={"note": ""})
    page = started.post("/journal", data={"text": "Long walk, felt lighter.", "mood": "6"})
    assert "Saved to your journal" in page.text
    assert 'id="mood-chart"' in page.text and "Long walk, felt lighter." in page.text
    assert "1 urges logged" in page.text


def test_journal_rejects_a_mood_of_eleven_and_keeps_the_text(
    started: Any, stored_events: Any
) -> None:
    before = len(stored_events())
    page = started.post("/journal", data={"text": "Rough night", "mood": "11"})
    assert page.status_code == 400
    assert 'id="mood-error"' in page.text and "Rough night</textarea>" in page.text
    assert len(stored_events()) == before


def test_habits_can_be_added_and_checked_in(started: Any) -> None:
    started.post("/habits", data={"name": "Evening walk", "area": "movement", "goal": "20 min"})
    page = started.post("/habits/check", data={"name": "evening walk"})
    assert "Checked in" in page.text
    assert "<td>1</td>" in page.text


def test_a_duplicate_habit_is_refused_next_to_its_name(started: Any, stored_events: Any) -> None:
    started.post("/habits", data={"name": "Sleep by 11", "area": "sleep"})
    before = len(stored_events())
    page = started.post("/habits", data={"name": "sleep by 11", "area": "sleep"})
    assert page.status_code == 400 and 'id="name-error"' in page.text
    assert len(stored_events()) == before


def test_plan_page_marks_the_current_stage_and_lists_key_dates(started: Any) -> None:
    page = started.get("/plan").text
    assert 'aria-current="step"' in page
    assert "No contact end" in page and "Tue 24 Mar 2026" in page


def test_settings_change_the_no_contact_length(started: Any) -> None:
    page = started.post("/settings/no-contact", data={"days": "45"})
    assert page.status_code == 200 and "Saved." in page.text
    assert started.get("/api/status").json()["no_contact"]["period_days"] == 45


def test_settings_refuse_a_length_outside_21_to_45(started: Any, stored_events: Any) -> None:
    before = len(stored_events())
    page = started.post("/settings/no-contact", data={"days": "14"})
    assert page.status_code == 400 and 'id="days-error"' in page.text
    assert 'value="14"' in page.text
    assert len(stored_events()) == before


def test_export_downloads_json_and_forget_needs_the_box_ticked(
    started: Any, stored_events: Any
) -> None:
    export = started.post("/settings/export")
    assert export.headers["content-type"].startswith("application/json")
    assert b'"events"' in export.content
    refused = started.post("/settings/forget", data={})
    assert refused.status_code == 400 and stored_events()
    started.post("/settings/forget", data={"confirm": "yes"})
    assert stored_events() == []


def test_restore_brings_an_export_back(started: Any, stored_events: Any) -> None:
    export = started.post("/settings/export").content
    count = len(stored_events())
    started.post("/settings/forget", data={"confirm": "yes"})
    page = started.post("/settings/restore", files={"file": ("a.json", export, "application/json")})
    assert "restored" in page.text
    assert len(stored_events()) == count


def test_restore_of_a_broken_file_says_why_and_stores_nothing(
    client: Any, stored_events: Any
) -> None:
    page = client.post("/settings/restore", files={"file": ("a.json", b"{nope", "text/plain")})
    assert page.status_code == 400 and 'id="file-error"' in page.text
    assert stored_events() == []


def test_unknown_address_is_a_friendly_404(client: Any) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "Back to Today" in page.text


@pytest.mark.parametrize("host", ["evil.example", "192.168.1.5:8765"])
def test_requests_for_another_host_name_are_refused(client: Any, host: str) -> None:
    assert client.get("/", headers={"host": host}).status_code == 403


@pytest.mark.parametrize(
    "headers", [{"origin": "https://evil.example"}, {"sec-fetch-site": "cross-site"}]
)
def test_a_form_posted_from_another_web_site_is_refused(
    started: Any, stored_events: Any, headers: dict[str, str]
) -> None:
    before = len(stored_events())
    answer = started.post("/log/urge", data={}, headers=headers)
    assert answer.status_code == 403
    assert len(stored_events()) == before


def test_a_form_posted_from_the_app_itself_is_accepted(started: Any) -> None:
    same = {"origin": "http://127.0.0.1:8765", "sec-fetch-site": "same-origin"}
    assert started.post("/log/urge", data={}, headers=same).status_code == 200


def test_static_assets_are_served_locally(client: Any) -> None:
    assert client.get("/static/htmx.min.js").status_code == 200
    assert "cdn" not in client.get("/").text.lower()


def test_plan_commands_in_the_guidance_become_links_to_their_pages(started: Any) -> None:
    page = started.get("/").text
    assert "`amends" not in page
    assert 'href="/reflect">the reflection workbook</a>' in page


def test_a_contact_from_them_is_logged_from_the_plan_page(started: Any) -> None:
    page = started.post("/log/contact", data={"direction": "in", "channel": "text"})
    assert page.url.path == "/plan" and "Logged." in page.text
    assert "contact" in page.text


def test_a_contact_without_a_direction_is_refused_next_to_the_form(
    started: Any, stored_events: Any
) -> None:
    before = len(stored_events())
    page = started.post("/log/contact", data={"channel": "call", "note": "about the car"})
    assert page.status_code == 400 and 'id="contact-error"' in page.text
    assert 'value="about the car"' in page.text
    assert len(stored_events()) == before


def test_a_talk_without_an_outcome_is_refused(started: Any, stored_events: Any) -> None:
    before = len(stored_events())
    assert started.post("/log/talk", data={}).status_code == 400
    assert len(stored_events()) == before


def test_a_journal_entry_that_talks_of_harm_opens_help_now(started: Any) -> None:
    page = started.post("/journal", data={"text": "I want to kill myself tonight"})
    assert page.url.path == "/help" and 'href="tel:' in page.text
    assert started.get("/api/journal").json()[-1]["crisis"] is True


def test_the_guide_lists_every_stage_and_renders_one_with_links(client: Any) -> None:
    index = client.get("/guide").text
    assert 'href="/guide/no_contact"' in index and 'href="/guide/rebuild"' in index
    page = client.get("/guide/no_contact").text
    assert 'id="guide-no_contact"' in page and "<h2>" in page and "Gate:" in page


def test_an_unknown_stage_in_the_guide_says_which_ones_exist(client: Any) -> None:
    page = client.get("/guide/limbo")
    assert page.status_code == 400 and "no_contact" in page.text


def test_phone_links_dial_the_first_number_of_an_entry() -> None:
    from amends.web.forms import tel_href

    assert tel_href("999 (or 112)") == "tel:999"
    assert tel_href("116 123") == "tel:116123"
    assert tel_href("800-799-7233") == "tel:8007997233"
    assert tel_href("+44 808 2000 247") == "tel:+448082000247"
