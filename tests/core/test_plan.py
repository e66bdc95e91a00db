"""The plan engine walks METHOD.md's gates in order and honours every stop."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from amends.catalogue.plan import load_plan_texts
from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind
from amends.core.no_contact import SLIP_EXTENSION_DAYS, validate_days
from amends.core.plan import PlanState, compute_plan
from amends.core.stages import Stage

START = datetime(2026, 3, 1, 21, 0, tzinfo=UTC)
REFLECTION = {
    "my_part": ["I went quiet whenever we disagreed"],
    "their_part": ["They stopped telling me what they needed"],
    "changes": ["I see a counsellor every other Thursday"],
    "root_causes": ["communication"],
    "answers": {},
}


def ev(kind: EventKind, day: float, **data: Any) -> Event:
    return Event(kind, START + timedelta(days=day), data)


def started(days: int = 30, shared: tuple[str, ...] = (), since_day: int = 0) -> list[Event]:
    since = (START + timedelta(days=since_day)).date().isoformat()
    return [
        ev(EventKind.PLAN_STARTED, 0, breakup_date="2026-02-20", ended_by="them", nickname="J"),
        ev(EventKind.READINESS_ANSWERED, 0, want="this_person", patient=True, can_accept_no=True),
        ev(EventKind.NO_CONTACT_COMMITTED, 0, since=since, days=days, shared=list(shared)),
    ]


def ready_to_reach_out() -> list[Event]:
    return [
        *started(),
        ev(EventKind.REFLECTION_ANSWERED, 12, **REFLECTION),
        ev(
            EventKind.DECISION_MADE,
            20,
            choice="reach_out",
            go_signs=["real_connection"],
            letgo_signs=[],
            cycles=0,
        ),
    ]


def plan(events: list[Event], day: float) -> PlanState:
    return compute_plan(events, START + timedelta(days=day), load_plan_texts())


def test_without_a_plan_the_stage_is_readiness_and_the_action_is_to_start() -> None:
    state = plan([], 0)
    assert (state.started, state.stage) == (False, Stage.READINESS)
    assert state.next_actions[0].id == "start_plan"


def test_ten_days_into_thirty_shows_ten_done_twenty_left_and_reach_out_blocked() -> None:
    state = plan(started(), 10)
    assert state.stage is Stage.NO_CONTACT
    assert state.no_contact is not None
    assert (state.no_contact.days_done, state.no_contact.days_left) == (10, 20)
    assert not state.reach_out_open
    assert "20 days left" in state.reach_out_reason
    assert state.key_dates["no_contact_end"] == date(2026, 3, 31)


def test_after_the_period_with_the_work_done_reaching_out_is_open() -> None:
    state = plan(ready_to_reach_out(), 31)
    assert state.stage is Stage.REACH_OUT
    assert state.reach_out_open
    assert state.next_actions[0].id == "send_first_message"


def test_after_the_period_an_unfinished_workbook_keeps_the_user_in_reflect() -> None:
    events = [
        *started(),
        ev(
            EventKind.REFLECTION_ANSWERED,
            5,
            my_part=["x"],
            their_part=[],
            changes=[],
            root_causes=[],
            answers={},
        ),
    ]
    state = plan(events, 31)
    assert state.stage is Stage.REFLECT
    assert not state.reach_out_open
    assert "their part" in state.blockers[0].reason


def test_reflection_done_but_no_decision_is_the_decide_stage() -> None:
    events = [*started(), ev(EventKind.REFLECTION_ANSWERED, 5, **REFLECTION)]
    assert plan(events, 31).stage is Stage.DECIDE


def test_a_readiness_check_not_answered_holds_the_plan_at_readiness() -> None:
    events = [e for e in started() if e.kind is not EventKind.READINESS_ANSWERED]
    assert plan(events, 3).stage is Stage.READINESS


def test_a_no_contact_start_in_the_coming_days_is_the_stop_chasing_stage() -> None:
    state = plan(started(since_day=3), 1)
    assert state.stage is Stage.STOP_CHASING
    assert [a.id for a in state.next_actions][:2] == ["stop_chasing_now", "no_contact_starts"]


def test_a_slip_extends_the_end_without_erasing_the_days_done() -> None:
    events = [*started(), ev(EventKind.SLIP, 8, what="checked_profile", note="1 a.m.")]
    state = plan(events, 10)
    assert state.stage is Stage.NO_CONTACT
    nc = state.no_contact
    assert nc is not None
    assert nc.days_done == 10
    assert nc.extended_by == SLIP_EXTENSION_DAYS
    assert nc.days_left == 20 + SLIP_EXTENSION_DAYS
    assert nc.streak_days == 2
    assert len(nc.slips) == 1
    assert state.next_actions[0].id == "slip_recovery"


def test_a_slip_keeps_the_user_in_no_contact_past_the_original_end() -> None:
    events = [*ready_to_reach_out(), ev(EventKind.SLIP, 25, what="contact", note="")]
    assert plan(events, 31).stage is Stage.NO_CONTACT
    assert plan(events, 33).stage is Stage.REACH_OUT


def test_logistics_under_limited_contact_is_not_a_slip_but_other_contact_is() -> None:
    events = [
        *started(shared=("kids",)),
        ev(EventKind.CONTACT, 3, direction="out", channel="text", logistics=True, note="pickup"),
    ]
    state = plan(events, 5)
    assert state.limited and state.no_contact is not None
    assert state.no_contact.slips == ()
    events.append(ev(EventKind.CONTACT, 4, direction="out", channel="text", logistics=False))
    nc = plan(events, 5).no_contact
    assert nc is not None and len(nc.slips) == 1


@pytest.mark.parametrize("days", [20, 46, 0, -3, 100])
def test_a_period_outside_21_to_45_days_is_an_error_naming_the_range(days: int) -> None:
    with pytest.raises(AmendsError, match="21-45"):
        validate_days(days)


@pytest.mark.parametrize("days", [21, 30, 45])
def test_a_period_inside_the_range_is_accepted(days: int) -> None:
    assert validate_days(days) == days


def test_a_do_not_contact_record_moves_to_moving_on_for_good() -> None:
    events = [*ready_to_reach_out(), ev(EventKind.DO_NOT_CONTACT, 21, reason="asked", note="")]
    later = [
        *events,
        ev(EventKind.DECISION_MADE, 40, choice="reach_out", go_signs=[], letgo_signs=[], cycles=0),
    ]
    for state in (plan(events, 31), plan(later, 60)):
        assert state.stage is Stage.MOVING_ON
        assert state.stop is not None and state.stop.reason == "do_not_contact"
        assert not state.reach_out_open
        assert state.next_actions[0].id == "respect_their_request"


def test_a_positive_abuse_screen_stops_reconciliation_and_shows_the_safety_pathway() -> None:
    events = [
        *started(),
        ev(
            EventKind.ASSESSMENT_TAKEN,
            2,
            instrument="hark",
            answers=[1, 0, 0, 0],
            score=1,
            band="positive",
            positive=True,
        ),
    ]
    state = plan(events, 40)
    assert state.stage is Stage.MOVING_ON
    assert state.next_actions[0].id == "safety_pathway"


@pytest.mark.parametrize("sign", ["abuse", "repeated_cheating"])
def test_a_stop_sign_in_the_decision_overrides_a_choice_to_reach_out(sign: str) -> None:
    events = [
        *started(),
        ev(EventKind.REFLECTION_ANSWERED, 5, **REFLECTION),
        ev(
            EventKind.DECISION_MADE,
            20,
            choice="reach_out",
            go_signs=[],
            letgo_signs=[sign],
            cycles=0,
        ),
    ]
    state = plan(events, 31)
    assert state.stage is Stage.MOVING_ON and not state.reach_out_open


def test_deciding_to_move_on_is_a_choice_a_later_decision_can_change() -> None:
    events = [
        *started(),
        ev(EventKind.REFLECTION_ANSWERED, 5, **REFLECTION),
        ev(EventKind.DECISION_MADE, 20, choice="move_on", go_signs=[], letgo_signs=[], cycles=0),
    ]
    assert plan(events, 31).stage is Stage.MOVING_ON
    events.append(
        ev(EventKind.DECISION_MADE, 35, choice="reach_out", go_signs=[], letgo_signs=[], cycles=0)
    )
    assert plan(events, 36).stage is Stage.REACH_OUT


def out(day: float, channel: str = "text") -> Event:
    return ev(EventKind.CONTACT, day, direction="out", channel=channel, logistics=False, note="")


def inbound(day: float, channel: str = "text") -> Event:
    return ev(EventKind.CONTACT, day, direction="in", channel=channel, logistics=False, note="")


def test_one_unanswered_message_means_wait_weeks_then_one_more_try() -> None:
    events = [*ready_to_reach_out(), out(31)]
    waiting = plan(events, 35)
    assert waiting.stage is Stage.REACH_OUT
    assert waiting.next_actions[0].id == "wait_for_reply"
    assert waiting.key_dates["second_try_from"] == (START + timedelta(days=52)).date()
    assert plan(events, 53).next_actions[0].id == "second_try"


def test_repeated_silence_ends_the_track() -> None:
    events = [*ready_to_reach_out(), out(31), out(53)]
    assert plan(events, 60).next_actions[0].id == "accept_silence"
    ended = plan(events, 75)
    assert ended.stage is Stage.MOVING_ON
    assert ended.stop is not None and ended.stop.reason == "silence"


def test_a_reply_opens_reconnect_and_regular_mutual_contact_opens_the_honest_talk() -> None:
    events = [*ready_to_reach_out(), out(31), inbound(32)]
    state = plan(events, 33)
    assert state.stage is Stage.RECONNECT
    assert "ladder_call" in [a.id for a in state.next_actions]
    events += [out(36), inbound(40), inbound(45, "call"), out(50)]
    assert plan(events, 51).stage is Stage.HONEST_TALK


def test_the_talk_decides_between_relationship_2_and_moving_on() -> None:
    base = [*ready_to_reach_out(), out(31), inbound(32), inbound(40, "call"), out(41), inbound(44)]
    yes = [*base, ev(EventKind.TALK_HELD, 50, outcome="both_want", note="")]
    assert plan(yes, 51).stage is Stage.RELATIONSHIP_2
    checkins = [ev(EventKind.CHECKIN, 50 + 7 * week, note="") for week in range(1, 5)]
    assert plan([*yes, *checkins], 50 + 7 * 8).stage is Stage.TOGETHER
    no = [*base, ev(EventKind.TALK_HELD, 50, outcome="they_said_no", note="")]
    state = plan(no, 51)
    assert state.stage is Stage.MOVING_ON and state.stop is not None


def test_a_crisis_flag_pauses_reconnection_until_the_user_says_they_are_safe() -> None:
    events = [*ready_to_reach_out(), ev(EventKind.CRISIS_FLAGGED, 30, source="journal")]
    paused = plan(events, 31)
    assert paused.safety_pause and not paused.reach_out_open
    assert paused.next_actions[0].id == "help_now"
    events.append(ev(EventKind.SAFETY_CONFIRMED, 31.5))
    assert plan(events, 32).reach_out_open


def test_events_later_than_now_are_not_counted_yet() -> None:
    events = [*started(), ev(EventKind.SLIP, 20, what="contact", note="")]
    nc = plan(events, 10).no_contact
    assert nc is not None and nc.slips == ()


def test_no_habits_yet_suggests_starting_with_the_basics() -> None:
    ids = [a.id for a in plan(started(), 3).next_actions]
    assert "rebuild_basics" in ids
    assert "journal_today" in ids
