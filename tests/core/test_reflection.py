"""The reflection workbook and its gate: both sides named and one concrete change."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amends.core.errors import AmendsError
from amends.core.reflection import RootCause, merge_reflection, missing_for_gate, reflection_data

COMPLETE = {
    "answers": {"biggest_problem": "We stopped talking."},
    "my_part": ["I went quiet instead of saying I was hurt"],
    "their_part": ["They were hot and cold"],
    "root_causes": ["communication"],
    "changes": ["I say when I'm hurt"],
}


def test_a_complete_workbook_meets_the_gate() -> None:
    assert missing_for_gate(COMPLETE) == []


@pytest.mark.parametrize(
    ("key", "phrase"),
    [("my_part", "your part"), ("their_part", "their part"), ("changes", "concrete change")],
)
def test_each_missing_side_is_named(key: str, phrase: str) -> None:
    missing = missing_for_gate({**COMPLETE, key: []})
    assert len(missing) == 1 and phrase in missing[0]


def test_an_empty_workbook_misses_all_three() -> None:
    assert len(missing_for_gate({})) == 3


def test_a_vague_one_word_change_is_not_concrete_enough() -> None:
    assert missing_for_gate({**COMPLETE, "changes": ["better", "  "]})
    assert not missing_for_gate({**COMPLETE, "changes": ["better", "therapy every fortnight"]})


def test_blank_items_do_not_count_as_answers() -> None:
    assert "your part" in missing_for_gate({**COMPLETE, "my_part": ["   ", ""]})[0]


def test_root_causes_must_be_known_families() -> None:
    with pytest.raises(AmendsError) as error:
        reflection_data({}, root_causes=["astrology"])
    assert "growing_apart" in error.value.hint
    assert reflection_data({}, root_causes=["Life Goals"])["root_causes"] == ["life_goals"]


def test_unknown_questions_are_an_error_when_the_questions_are_known() -> None:
    with pytest.raises(AmendsError, match="nope"):
        reflection_data({"nope": "x"}, question_ids={"biggest_problem"})


def test_running_the_workbook_again_adds_to_what_was_there() -> None:
    merged = merge_reflection(
        COMPLETE,
        {
            "answers": {"who_ended": "They did."},
            "changes": ["no phone at dinner", "I SAY WHEN I'M HURT"],
        },
    )
    assert merged["answers"] == {"biggest_problem": "We stopped talking.", "who_ended": "They did."}
    assert merged["changes"] == ["I say when I'm hurt", "no phone at dinner"]
    assert merged["my_part"] == COMPLETE["my_part"]


_item = st.text(max_size=30)


@given(
    st.lists(_item, max_size=4),
    st.lists(_item, max_size=4),
    st.lists(_item, max_size=4),
    st.lists(st.sampled_from(list(RootCause)), max_size=4),
)
def test_normalised_payload_keeps_the_gate_verdict(mine, theirs, changes, causes) -> None:
    raw = {"my_part": mine, "their_part": theirs, "changes": changes}
    data = reflection_data({}, mine, theirs, [c.value for c in causes], changes)
    assert missing_for_gate(data) == missing_for_gate(raw)
    assert all(
        item == item.strip() and item for key in ("my_part", "changes") for item in data[key]
    )


_update = st.fixed_dictionaries(
    {
        "answers": st.dictionaries(st.sampled_from(["a", "b"]), _item, max_size=2),
        "my_part": st.lists(_item, max_size=3),
        "changes": st.lists(_item, max_size=3),
    }
)


@given(_update, _update)
def test_adding_the_same_answers_twice_changes_nothing(first, again) -> None:
    once = merge_reflection(merge_reflection(None, first), again)
    assert merge_reflection(once, again) == once
    assert set(merge_reflection(None, first)["my_part"]) <= set(once["my_part"])
