"""After a positive abuse screen or a do-not-contact record, nothing reopens contact.

The plan never reaches `reach_out` (or any contact stage) again, whatever is logged later, and
the coach never answers `send` to a draft to that person.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amends.catalogue.families import load_families
from amends.catalogue.plan import load_plan_texts
from amends.config import load_settings
from amends.core.coach import Verdict
from amends.core.events import Event, EventKind
from amends.core.plan import compute_plan
from amends.core.stages import CONTACT_STAGES, Stage

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
TEXTS = load_plan_texts()

HARK_POSITIVE = {"instrument": "hark", "answers": [0, 1, 0, 0], "score": 1, "band": "positive",
                 "positive": True, "crisis": False}  # fmt: skip
STOPS = [
    (EventKind.ASSESSMENT_TAKEN, HARK_POSITIVE),
    (EventKind.DO_NOT_CONTACT, {"reason": "asked", "note": ""}),
    (EventKind.DO_NOT_CONTACT, {"reason": "blocked", "note": ""}),
    (EventKind.DO_NOT_CONTACT, {"reason": "protective_order", "note": ""}),
]

# Everything a user could log afterwards, including what would normally open reach-out.
LATER: list[tuple[EventKind, dict[str, Any]]] = [
    (EventKind.DECISION_MADE, {"choice": "reach_out", "go_signs": ["not_toxic"],
                               "letgo_signs": [], "cycles": 0}),
    (EventKind.REFLECTION_ANSWERED, {"my_part": ["I shut down"], "their_part": ["They lied"],
                                     "changes": ["Therapy every two weeks"], "root_causes": [],
                                     "answers": {}}),
    (EventKind.CONTACT, {"direction": "in", "channel": "text", "logistics": False, "note": ""}),
    (EventKind.CONTACT, {"direction": "out", "channel": "call", "logistics": False, "note": ""}),
    (EventKind.TALK_HELD, {"outcome": "both_want", "note": ""}),
    (EventKind.ASSESSMENT_TAKEN, {**HARK_POSITIVE, "score": 0, "band": "negative",
                                  "positive": False}),
    (EventKind.SAFETY_CONFIRMED, {}),
    (EventKind.CRISIS_FLAGGED, {"source": "journal"}),
    (EventKind.CHECKIN, {"note": ""}),
    (EventKind.URGE, {"note": ""}),
]  # fmt: skip


@st.composite
def histories_with_a_stop(draw: st.DrawFn) -> tuple[list[Event], datetime]:
    days = draw(st.integers(21, 45))
    shared = draw(st.sampled_from([[], ["kids"], ["work", "home"]]))
    events = [
        Event(EventKind.PLAN_STARTED, START, {"breakup_date": "2025-12-20", "ended_by": "me"}),
        Event(EventKind.READINESS_ANSWERED, START, {"want": "this_person"}),
        Event(EventKind.NO_CONTACT_COMMITTED, START,
              {"since": START.date().isoformat(), "days": days, "shared": shared}),
    ]  # fmt: skip
    stop_at = START + timedelta(hours=draw(st.integers(0, 24 * 120)))
    kind, data = draw(st.sampled_from(STOPS))
    events.append(Event(kind, stop_at, data))
    for _ in range(draw(st.integers(0, 20))):
        later_kind, later_data = draw(st.sampled_from(LATER))
        at = START + timedelta(hours=draw(st.integers(0, 24 * 200)))
        events.append(Event(later_kind, at, later_data))
    now = stop_at + timedelta(hours=draw(st.integers(0, 24 * 200)))
    return events, now


@settings(max_examples=400, deadline=None)
@given(histories_with_a_stop())
def test_no_history_after_a_positive_screen_or_do_not_contact_reaches_reach_out(
    history: tuple[list[Event], datetime],
) -> None:
    events, now = history
    state = compute_plan(events, now, TEXTS)
    assert state.stage is Stage.MOVING_ON
    assert state.stage not in CONTACT_STAGES
    assert not state.reach_out_open


CATALOGUE = load_families()
DRAFTS = sorted(
    {ex.text for spec in CATALOGUE.families.values() for ex in (*spec.flag, *spec.passes)}
    | {"Can you pick up Mia from school at 3?", "hey, it's been a while, hope you're well",
       "The rent is due Monday, can you transfer your half?", "Happy birthday!"}
)  # fmt: skip


def _store_with(events: list[Event], root: Path) -> Any:
    from amends.storage import repository
    from amends.storage.db import open_store

    config = load_settings({"AMENDS_DATA_DIR": str(root)})
    with open_store(config).transaction() as session:
        for event in events:
            repository.save_event(session, event)
    return config


def _verdicts_after(stop: tuple[EventKind, dict[str, Any]], shared: list[str],
                    drafts: list[str]) -> list[Verdict]:  # fmt: skip
    from amends.services.coach import Preview, check_draft

    events = [
        Event(EventKind.PLAN_STARTED, START, {"breakup_date": "2025-12-20", "ended_by": "me"}),
        Event(EventKind.READINESS_ANSWERED, START, {"want": "this_person"}),
        Event(EventKind.NO_CONTACT_COMMITTED, START,
              {"since": START.date().isoformat(), "days": 21, "shared": shared}),
        Event(stop[0], START + timedelta(days=40), stop[1]),
        Event(EventKind.DECISION_MADE, START + timedelta(days=41),
              {"choice": "reach_out", "go_signs": [], "letgo_signs": [], "cycles": 0}),
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as root:
        config = _store_with(events, Path(root))
        now = START + timedelta(days=60, hours=5)
        return [check_draft(config, now, d, Preview()).review.verdict for d in drafts]


_examples = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_examples
@given(
    st.sampled_from(STOPS[1:]),
    st.sampled_from([[], ["kids"]]),
    st.lists(st.sampled_from(DRAFTS), min_size=1, max_size=6),
)
def test_after_do_not_contact_every_draft_gets_stop(
    stop: tuple[EventKind, dict[str, Any]], shared: list[str], drafts: list[str]
) -> None:
    assert set(_verdicts_after(stop, shared, drafts)) == {Verdict.STOP}


@_examples
@given(
    st.sampled_from([[], ["kids"]]),
    st.lists(st.sampled_from(DRAFTS), min_size=1, max_size=6),
)
def test_after_a_positive_abuse_screen_no_draft_gets_send(
    shared: list[str], drafts: list[str]
) -> None:
    verdicts = _verdicts_after(STOPS[0], shared, [*drafts, "Can you pick up Mia from school at 3?"])
    assert Verdict.SEND not in verdicts
