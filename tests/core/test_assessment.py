"""Scoring every shipped instrument against hand-computed examples, at every band edge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amends.catalogue.instruments import INSTRUMENT_IDS, load_instrument
from amends.core.assessment import (
    Band,
    Instrument,
    Item,
    Option,
    assessment_data,
    band_for,
    history,
    next_due,
    parse_answers,
    prefill,
    score,
    validate_instrument,
)
from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind

# (instrument, answers as the user picks them, hand-computed score, band, positive)
CASES = [
    ("who5", [0, 0, 0, 0, 0], 0, "likely_depression", True),
    ("who5", [2, 2, 1, 1, 1], 28, "likely_depression", True),  # raw 7 x 4
    ("who5", [2, 2, 2, 1, 1], 32, "poor_wellbeing", True),  # raw 8 x 4
    ("who5", [3, 3, 2, 2, 2], 48, "poor_wellbeing", True),  # raw 12 x 4: still <= 50
    ("who5", [3, 3, 3, 2, 2], 52, "ok", False),  # raw 13 x 4
    ("who5", [5, 5, 5, 5, 5], 100, "ok", False),
    ("phq2", [0, 0], 0, "negative", False),
    ("phq2", [1, 1], 2, "negative", False),
    ("phq2", [2, 1], 3, "positive", True),
    ("phq2", [3, 3], 6, "positive", True),
    ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "minimal", False),
    ("phq9", [1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal", False),
    ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild", False),
    ("phq9", [2, 1, 1, 1, 1, 1, 1, 1, 0], 9, "mild", False),
    ("phq9", [2, 1, 1, 1, 1, 1, 1, 1, 1], 10, "moderate", True),
    ("phq9", [3, 3, 2, 2, 1, 1, 1, 1, 0], 14, "moderate", True),
    ("phq9", [3, 3, 2, 2, 2, 1, 1, 1, 0], 15, "moderately_severe", True),
    ("phq9", [3, 3, 3, 3, 2, 2, 2, 1, 0], 19, "moderately_severe", True),
    ("phq9", [3, 3, 3, 3, 2, 2, 2, 2, 0], 20, "severe", True),
    ("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "severe", True),
    ("gad2", [0, 0], 0, "negative", False),
    ("gad2", [1, 1], 2, "negative", False),
    ("gad2", [0, 3], 3, "positive", True),
    ("gad2", [3, 3], 6, "positive", True),
    ("gad7", [0, 0, 0, 0, 0, 0, 0], 0, "minimal", False),
    ("gad7", [1, 1, 1, 1, 0, 0, 0], 4, "minimal", False),
    ("gad7", [1, 1, 1, 1, 1, 0, 0], 5, "mild", False),
    ("gad7", [2, 2, 2, 1, 1, 1, 0], 9, "mild", False),
    ("gad7", [2, 2, 2, 1, 1, 1, 1], 10, "moderate", True),
    ("gad7", [2, 2, 2, 2, 2, 2, 2], 14, "moderate", True),
    ("gad7", [3, 2, 2, 2, 2, 2, 2], 15, "severe", True),
    ("gad7", [3, 3, 3, 3, 3, 3, 3], 21, "severe", True),
    # Rosenberg: 3 = strongly agree ... 0 = strongly disagree; items 2, 5, 6, 8, 9 count 3 - answer.
    ("rosenberg", [0, 3, 0, 0, 3, 3, 0, 3, 3, 0], 0, "low", True),
    ("rosenberg", [1, 2, 2, 2, 2, 2, 2, 2, 2, 2], 14, "low", True),  # 9 + 5 x (3 - 2)
    ("rosenberg", [3, 3, 3, 3, 3, 3, 3, 3, 3, 3], 15, "typical", False),  # 15 + 5 x 0
    ("rosenberg", [3, 1, 3, 3, 1, 1, 3, 1, 1, 3], 25, "typical", False),  # 15 + 5 x 2
    ("rosenberg", [3, 0, 3, 3, 1, 1, 3, 1, 1, 3], 26, "high", False),  # 15 + 3 + 4 x 2
    ("rosenberg", [3, 0, 3, 3, 0, 0, 3, 0, 0, 3], 30, "high", False),
    ("hark", [0, 0, 0, 0], 0, "negative", False),
    ("hark", [0, 1, 0, 0], 1, "positive", True),
    ("hark", [1, 1, 1, 1], 4, "positive", True),
]


@pytest.mark.parametrize(("instrument_id", "answers", "expected", "band", "positive"), CASES)
def test_scores_match_hand_computed_examples(
    instrument_id: str, answers: list[int], expected: int, band: str, positive: bool
) -> None:
    result = score(load_instrument(instrument_id), answers)
    assert (result.score, result.band.id, result.positive) == (expected, band, positive)


def test_every_band_edge_of_every_instrument_is_exercised() -> None:
    seen = {(i, s) for i, _, s, _, _ in CASES}
    for instrument_id in INSTRUMENT_IDS:
        instrument = load_instrument(instrument_id)
        step = instrument.multiplier
        for band in instrument.bands:
            lowest = -(-band.min // step) * step  # reachable edges when scores move in steps
            highest = band.max // step * step
            assert (instrument_id, lowest) in seen, (instrument_id, band.id, lowest)
            assert (instrument_id, highest) in seen, (instrument_id, band.id, highest)


def test_who5_fifty_is_still_poor_wellbeing_and_fifty_one_is_not() -> None:
    who5 = load_instrument("who5")
    assert band_for(who5, 50).id == "poor_wellbeing"
    assert band_for(who5, 51).id == "ok"
    assert band_for(who5, 29).id == "poor_wellbeing"


def test_rosenberg_reverse_keys_exactly_items_2_5_6_8_and_9() -> None:
    items = load_instrument("rosenberg").items
    assert [n for n, item in enumerate(items, 1) if item.reverse] == [2, 5, 6, 8, 9]


def test_any_phq9_answer_above_zero_on_item_nine_is_a_crisis_even_with_a_low_score() -> None:
    low = score(load_instrument("phq9"), [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert low.band.id == "minimal"
    assert low.crisis
    assert not score(load_instrument("phq9"), [3, 3, 3, 3, 3, 3, 3, 3, 0]).crisis


def test_positive_short_screens_step_up_to_the_full_scale() -> None:
    assert score(load_instrument("phq2"), [2, 1]).step_up == "phq9"
    assert score(load_instrument("gad2"), [3, 0]).step_up == "gad7"
    assert score(load_instrument("phq2"), [1, 1]).step_up is None
    assert score(load_instrument("phq9"), [3] * 9).step_up is None


def test_step_up_reuses_the_two_answers_already_given() -> None:
    first = score(load_instrument("phq2"), [2, 3])
    assert prefill(load_instrument("phq9"), first) == {"interest": 2, "mood": 3}
    gad = score(load_instrument("gad2"), [1, 2])
    assert prefill(load_instrument("gad7"), gad) == {"nervous": 1, "worry_control": 2}


def test_every_shipped_instrument_carries_a_citation_and_a_licence_line() -> None:
    for instrument_id in INSTRUMENT_IDS:
        instrument = load_instrument(instrument_id)
        assert instrument.citation and instrument.licence
    for pfizer in ("phq2", "phq9", "gad2", "gad7"):
        assert "Pfizer" in load_instrument(pfizer).copyright


def test_too_few_answers_is_an_error_the_user_can_fix() -> None:
    with pytest.raises(AmendsError, match="has 9 questions; got 2"):
        score(load_instrument("phq9"), [1, 2])


def test_an_answer_outside_the_options_is_an_error_that_lists_them() -> None:
    with pytest.raises(AmendsError) as caught:
        score(load_instrument("phq2"), [1, 4])
    assert "0 = Not at all" in caught.value.hint


def test_an_unknown_instrument_names_the_ones_that_exist() -> None:
    with pytest.raises(AmendsError, match="no instrument"):
        load_instrument("ras")


def test_yes_no_answers_parse_in_words_letters_or_numbers() -> None:
    hark = load_instrument("hark")
    assert parse_answers(hark, "no Yes n 0") == (0, 1, 0, 0)
    assert parse_answers(hark, "y,y;1/0") == (1, 1, 1, 0)
    with pytest.raises(AmendsError, match="'maybe' is not an answer"):
        parse_answers(hark, "maybe no no no")


@settings(deadline=None)
@given(st.sampled_from(INSTRUMENT_IDS), st.data())
def test_answers_written_any_way_parse_back_to_the_same_values(
    instrument_id: str, data: st.DataObject
) -> None:
    instrument = load_instrument(instrument_id)
    options = st.sampled_from(instrument.options)
    picked = data.draw(
        st.lists(options, min_size=len(instrument.items), max_size=len(instrument.items))
    )
    words = [data.draw(st.sampled_from([str(o.value), o.label, o.label.upper()])) for o in picked]
    separator = data.draw(st.sampled_from([",", " ", ", ", ";", "\n"]))
    if any(" " in w for w in words) and separator.strip() == "":
        separator = ","
    assert parse_answers(instrument, separator.join(words)) == tuple(o.value for o in picked)


@settings(deadline=None)
@given(st.sampled_from(INSTRUMENT_IDS), st.data())
def test_every_possible_answer_set_lands_in_exactly_one_band(
    instrument_id: str, data: st.DataObject
) -> None:
    instrument = load_instrument(instrument_id)
    values = [o.value for o in instrument.options]
    n = len(instrument.items)
    answers = data.draw(st.lists(st.sampled_from(values), min_size=n, max_size=n))
    result = score(instrument, answers)
    assert instrument.min_score <= result.score <= instrument.max_score
    assert sum(b.min <= result.score <= b.max for b in instrument.bands) == 1


def _tiny(bands: tuple[Band, ...]) -> Instrument:
    return Instrument(
        "t", "T", "?", (Item("a", "A"),), (Option("No", 0), Option("Yes", 1)), bands, "c", "l"
    )


def test_bands_with_a_gap_or_short_of_the_top_are_rejected() -> None:
    with pytest.raises(ValueError, match="without gaps"):
        validate_instrument(_tiny((Band(0, 0, "a", "", False), Band(2, 2, "b", "", True))))
    with pytest.raises(ValueError, match="top score"):
        validate_instrument(_tiny((Band(0, 0, "a", "", False),)))


def test_history_reads_results_back_oldest_first_and_who5_is_due_weekly() -> None:
    t0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
    hark = score(load_instrument("hark"), [0, 0, 0, 0])
    who5 = score(load_instrument("who5"), [3, 3, 3, 2, 2])
    events = [
        Event(EventKind.ASSESSMENT_TAKEN, t0 + timedelta(days=2), assessment_data(who5)),
        Event(EventKind.ASSESSMENT_TAKEN, t0, assessment_data(hark)),
    ]
    assert [t.instrument for t in history(events)] == ["hark", "who5"]
    assert [t.score for t in history(events, "who5")] == [52]
    assert next_due(events, "who5", t0, timedelta(days=7)) == t0 + timedelta(days=9)
    assert next_due(events, "phq9", t0, timedelta(days=14)) == t0
