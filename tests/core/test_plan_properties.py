"""Properties of the plan over random histories: no contact and stops always hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from amends.catalogue.plan import load_plan_texts
from amends.core.events import Event, EventKind
from amends.core.plan import compute_plan
from amends.core.stages import Stage

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
TEXTS = load_plan_texts()

_payloads: dict[EventKind, st.SearchStrategy[dict[str, Any]]] = {
    EventKind.URGE: st.just({"note": ""}),
    EventKind.SLIP: st.sampled_from(["contact", "checked_profile", "other"]).map(
        lambda what: {"what": what, "note": ""}
    ),
    EventKind.CONTACT: st.fixed_dictionaries({
        "direction": st.sampled_from(["in", "out"]),
        "channel": st.sampled_from(["text", "call", "meeting"]),
        "logistics": st.booleans(),
        "note": st.just(""),
    }),
    EventKind.REFLECTION_ANSWERED: st.fixed_dictionaries({
        "my_part": st.sampled_from([[], ["I shut down in arguments"]]),
        "their_part": st.sampled_from([[], ["They kept things from me"]]),
        "changes": st.sampled_from([[], ["I book a therapy session every two weeks"]]),
        "root_causes": st.just([]),
        "answers": st.just({}),
    }),
    EventKind.DECISION_MADE: st.fixed_dictionaries({
        "choice": st.sampled_from(["reach_out", "move_on"]),
        "go_signs": st.just([]),
        "letgo_signs": st.sampled_from([[], ["lost_myself"], ["abuse"], ["repeated_cheating"]]),
        "cycles": st.integers(0, 3),
    }),
    EventKind.TALK_HELD: st.sampled_from(["both_want", "not_yet", "they_said_no"]).map(
        lambda outcome: {"outcome": outcome, "note": ""}
    ),
    EventKind.CHECKIN: st.just({"note": ""}),
    EventKind.CRISIS_FLAGGED: st.just({"source": "journal"}),
    EventKind.SAFETY_CONFIRMED: st.just({}),
    EventKind.DO_NOT_CONTACT: st.just({"reason": "asked", "note": ""}),
    EventKind.ASSESSMENT_TAKEN: st.booleans().map(
        lambda positive: {"instrument": "hark", "answers": [], "score": int(positive),
                          "band": "", "positive": positive}
    ),
}  # fmt: skip


@st.composite
def histories(draw: st.DrawFn) -> list[Event]:
    days = draw(st.integers(21, 45))
    shared = draw(st.sampled_from([[], ["kids"]]))
    events = [
        Event(EventKind.PLAN_STARTED, START, {"breakup_date": "2025-12-20", "ended_by": "me"}),
        Event(EventKind.READINESS_ANSWERED, START, {"want": "this_person"}),
        Event(EventKind.NO_CONTACT_COMMITTED, START,
              {"since": START.date().isoformat(), "days": days, "shared": shared}),
    ]  # fmt: skip
    kinds = st.sampled_from(sorted(_payloads))
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(kinds)
        at = START + timedelta(hours=draw(st.integers(1, 24 * 150)))
        events.append(Event(kind, at, draw(_payloads[kind])))
    return events


moments = st.integers(0, 24 * 200).map(lambda hours: START + timedelta(hours=hours))


@settings(max_examples=300, deadline=None)
@given(histories(), moments)
def test_reaching_out_never_opens_while_no_contact_runs(events: list[Event], now: datetime) -> None:
    state = compute_plan(events, now, TEXTS)
    if state.no_contact is not None and state.no_contact.running:
        assert state.stage is not Stage.REACH_OUT
        assert not state.reach_out_open


@settings(max_examples=300, deadline=None)
@given(histories(), moments)
def test_after_a_do_not_contact_or_abuse_stop_reach_out_never_reopens(
    events: list[Event], now: datetime
) -> None:
    state = compute_plan(events, now, TEXTS)
    stopped = any(
        e.at <= now
        and (
            e.kind is EventKind.DO_NOT_CONTACT
            or (e.kind is EventKind.ASSESSMENT_TAKEN and e.data.get("positive"))
            or (e.kind is EventKind.DECISION_MADE and "abuse" in e.data["letgo_signs"])
        )
        for e in events
    )
    if stopped:
        assert state.stage is Stage.MOVING_ON
        assert not state.reach_out_open
        assert state.stop is not None


@settings(max_examples=200, deadline=None)
@given(histories(), moments)
def test_every_state_has_a_next_action_with_wording(events: list[Event], now: datetime) -> None:
    state = compute_plan(events, now, TEXTS)
    assert state.next_actions
    assert all(action.text and action.why for action in state.next_actions)
