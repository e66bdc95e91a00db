"""How much of a long draft the crisis detector's meaning rule reads, and that a crisis sentence
buried late in a long draft is still caught (the coach's check reads past its own budget only
the sentences that look most like crisis)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from amends.catalogue.crisis import load_crisis_lexicon
from amends.core import crisis
from amends.core.coach_rules import MODEL_WORDS
from amends.core.crisis import EXTRA_SENTENCES, EXTRA_WORDS, RANK_FLOOR, find_harm_spans

LEXICON = load_crisis_lexicon()
# about 200 words of an ordinary long draft to an ex, written for these tests
ORDINARY = (Path(__file__).parents[1] / "data" / "long_ordinary_draft.txt").read_text("utf-8")
EXPLICIT = "I want to kill myself."
PARAPHRASED = "everyone would be better off if i just vanished for good."  # no cue word


def _spy() -> tuple[list[list[str]], crisis.SentenceScorer]:
    seen: list[list[str]] = []

    def score(texts: Sequence[str]) -> list[tuple[float, float]]:
        seen.append(list(texts))
        return [(0.0, 1.0) for _ in texts]

    return seen, score


def test_the_ordinary_text_is_long_and_calm() -> None:
    assert len(ORDINARY.split()) >= 200
    assert not find_harm_spans(ORDINARY, LEXICON)


def test_with_a_ranker_only_the_coachs_budget_and_the_top_ranked_later_sentences_are_read() -> None:
    seen, score = _spy()

    def rank(texts: Sequence[str]) -> list[float]:
        return [1.0 if "vanished" in t else 0.5 if "sleep" in t else RANK_FLOOR - 1 for t in texts]

    find_harm_spans(ORDINARY + PARAPHRASED, LEXICON, score, rank)
    [texts] = seen
    later = [t for t in texts if "vanished" in t or "sleep" in t]
    assert len(later) == EXTRA_SENTENCES == 1 and "vanished" in later[0]  # the top-ranked one
    assert texts[0].startswith("hey, i know it has been a while")  # the coach's budget first
    assert sum(len(t.split()) for t in texts) <= MODEL_WORDS + EXTRA_SENTENCES * EXTRA_WORDS


def test_without_a_ranker_the_meaning_rule_reads_the_first_sentences_as_before() -> None:
    seen, score = _spy()
    find_harm_spans(ORDINARY + PARAPHRASED, LEXICON, score)
    [texts] = seen
    assert any("vanished" in t for t in texts)
    assert len(texts) > EXTRA_SENTENCES + 6


def test_an_explicit_crisis_sentence_late_in_a_long_draft_is_caught_by_the_patterns() -> None:
    spans = find_harm_spans(ORDINARY + EXPLICIT, LEXICON)
    assert spans and spans[-1][0] >= len(ORDINARY)


@pytest.mark.parametrize("late", [EXPLICIT, PARAPHRASED, f"{EXPLICIT} {PARAPHRASED}"])
def test_crisis_buried_after_two_hundred_words_is_caught_as_amends_check_reads(late: str) -> None:
    from amends.services.coach import crisis_ranker, harm_finder
    from amends.services.safety import sentence_scorer

    if sentence_scorer() is None or crisis_ranker() is None:
        pytest.skip("the local MiniLM model is not installed (patterns alone run)")
    find = harm_finder()
    assert find is not None
    spans = find(ORDINARY + late + " Anyway, take care.")
    assert any(start >= len(ORDINARY) for start, _, _ in spans)
    assert not find(ORDINARY + "Anyway, take care.")


def test_a_buried_crisis_sentence_makes_the_review_a_stop_with_help() -> None:
    from amends.catalogue.families import load_families
    from amends.core.coach import CoachContext, Verdict, review
    from amends.services.coach import harm_finder, scorer

    catalogue = load_families()
    result = review(
        ORDINARY + PARAPHRASED, CoachContext(), catalogue, scorer(catalogue), harm_finder()
    )
    if scorer(catalogue) is None:  # patterns alone cannot read this paraphrase
        pytest.skip("the local MiniLM model is not installed")
    assert result.verdict is Verdict.STOP and result.crisis


def test_a_bad_pattern_is_named_when_the_lexicon_is_compiled() -> None:
    from amends.core.crisis import GroupSource, compile_lexicon

    groups = [
        GroupSource("fine", "self", "r", (r"\bok",)),
        GroupSource("broken", "self", "r", (r"\bx(",)),
    ]
    with pytest.raises(ValueError, match="broken"):
        compile_lexicon({}, groups, [])


def test_the_exact_patterns_are_compiled_only_once_the_quick_pass_points_at_something() -> None:
    from amends.core.crisis import GroupSource, compile_lexicon

    lexicon = compile_lexicon({}, [GroupSource("g", "self", "hurt", (r"\bhurt myself\b",))], [])
    [group] = lexicon.groups
    assert not find_harm_spans("hope the new job is going well", lexicon)
    assert "patterns" not in vars(group)  # a calm text never compiled them
    assert find_harm_spans("i want to hurt myself", lexicon) == [(10, 21, "hurt")]
    assert "patterns" in vars(group)


def test_the_shipped_static_readings_match_the_shipped_texts(shipped_crisis_exemplars) -> None:
    import numpy as np

    from amends.services.safety import model_text

    embed, shipped = shipped_crisis_exemplars
    texts, static = list(shipped["texts"]), shipped["static"]
    assert static.shape == (len(texts), 384), "run bench/crisis_train.py --static"
    computed = embed.static([model_text(str(t)) for t in texts[::50]])
    assert np.abs(computed - static[::50].astype(np.float32)).max() < 1e-3
