"""Deciding: the user's choice stands unless a hard stop forces moving on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amends.core.decision import (
    HARD_STOPS,
    Choice,
    GoSign,
    LetGoSign,
    Reason,
    decide,
    decision_data,
)
from amends.core.errors import AmendsError


def test_reaching_out_with_good_signs_is_the_users_choice() -> None:
    decision = decide(["not_toxic", "real_connection"], ["lost_myself"], "reach_out")
    assert decision.choice is Choice.REACH_OUT and decision.reason is Reason.CHOSEN


@pytest.mark.parametrize("stop", ["abuse", "repeated_cheating"])
def test_a_hard_stop_forces_moving_on_and_says_why(stop: str) -> None:
    decision = decide(list(GoSign), [stop], "reach_out")
    assert decision.choice is Choice.MOVE_ON
    assert decision.overridden and decision.reason is Reason.HARD_STOP
    assert decision.hard_stops == (LetGoSign(stop),)


def test_reaching_out_against_more_let_go_signs_is_allowed_but_marked() -> None:
    decision = decide(["not_toxic"], ["more_anxiety", "loved_the_idea"], "reach-out")
    assert decision.choice is Choice.REACH_OUT and decision.reason is Reason.AGAINST_THE_SIGNS


def test_moving_on_is_always_respected() -> None:
    decision = decide(list(GoSign), [], "move_on")
    assert decision.choice is Choice.MOVE_ON and not decision.overridden


@pytest.mark.parametrize(
    ("go", "letgo", "choice", "named"),
    [
        (["abuse"], [], "reach_out", "abuse"),  # a let-go sign offered as a go sign
        ([], ["not_toxic"], "move_on", "not_toxic"),
        ([], [], "maybe", "maybe"),
    ],
)
def test_unknown_signs_and_choices_are_errors(go, letgo, choice, named) -> None:
    with pytest.raises(AmendsError, match=named):
        decide(go, letgo, choice)


def test_the_payload_has_exactly_the_contract_keys() -> None:
    data = decision_data(decide(["not_toxic", "not_toxic"], ["abuse"], "reach_out"), cycles=2)
    assert data == {
        "choice": "move_on",
        "go_signs": ["not_toxic"],
        "letgo_signs": ["abuse"],
        "cycles": 2,
    }


@pytest.mark.parametrize("cycles", [-1, 101, True, "2"])
def test_cycles_must_be_a_plain_count(cycles: object) -> None:
    with pytest.raises(AmendsError):
        decision_data(decide([], [], "move_on"), cycles)  # type: ignore[arg-type]


@given(
    st.lists(st.sampled_from(list(GoSign))),
    st.lists(st.sampled_from(list(LetGoSign))),
    st.sampled_from(list(Choice)),
)
def test_no_sign_combination_reaches_out_past_a_hard_stop(go, letgo, wanted) -> None:
    decision = decide([g.value for g in go], [s.value for s in letgo], wanted.value)
    if HARD_STOPS & set(letgo):
        assert decision.choice is Choice.MOVE_ON
    else:
        assert decision.choice is wanted
