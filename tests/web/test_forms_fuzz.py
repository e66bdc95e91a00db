"""Whatever a person (or a broken browser) posts to a page's form, the answer is a page or a
redirect, never a server error, and a rejected form stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FORMS = {
    "/start": ("want", "patient", "breakup_date", "ended_by", "no_contact_since",
               "no_contact_days", "shared", "nickname"),
    "/journal": ("text", "mood"),
    "/habits": ("name", "area", "goal"),
    "/habits/check": ("name", "note"),
    "/log/urge": ("note",),
    "/log/slip": ("note", "what"),
    "/log/contact": ("direction", "channel", "logistics", "note"),
    "/settings/no-contact": ("days", "shared"),
    "/reflect": ("answer.why", "my_part", "their_part", "changes", "root_causes"),
    "/decide": ("go_signs", "letgo_signs", "choice", "cycles"),
    "/coach": ("draft", "drinking", "action"),
    "/coach/review": ("draft", "drinking"),
    "/assess/hark": ("humiliation", "afraid", "rape", "kick", "next", "country"),
    "/assess/who5": ("cheerful", "calm", "active", "rested", "interest"),
    "/assess/phq2": ("interest", "mood", "country"),
}  # fmt: skip
values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "0", "1", "30", "99", "2026-02-20", "them", "yes", "kids", "abuse", "GB", "/start"]
    ),
)


@pytest.mark.parametrize("path", sorted(FORMS))
def test_no_form_answers_with_a_server_error(started: Any, stored_events: Any, path: str) -> None:
    @given(form=st.fixed_dictionaries({}, optional=dict.fromkeys(FORMS[path], values)))
    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    def post(form: dict[str, str]) -> None:
        before = len(stored_events())
        answer = started.post(path, data=form, follow_redirects=False)
        assert answer.status_code in (200, 303, 400), answer.text[:300]
        if answer.status_code == 400:
            assert len(stored_events()) == before

    post()
