"""The crisis detector: catches paraphrase and texting style, leaves sadness and idioms alone."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amends.catalogue.crisis import lexicon_examples, load_crisis_lexicon
from amends.core.crisis import GroupSource, compile_lexicon, find_harm_spans, fold, is_crisis

LEXICON = load_crisis_lexicon()
DATA = Path(__file__).resolve().parents[1] / "data"
LABELLED = tomllib.loads((DATA / "crisis_labelled.toml").read_text("utf-8"))["text"]
FLAG = [(g.group, text) for g in lexicon_examples() for text in g.flag]
PASS = [(g.group, text) for g in lexicon_examples() for text in g.passes]


@pytest.mark.parametrize(("group", "text"), FLAG)
def test_every_flag_example_in_the_lexicon_is_caught(group: str, text: str) -> None:
    assert is_crisis(text, LEXICON), f"{group}: {text!r}"


@pytest.mark.parametrize(("group", "text"), PASS)
def test_every_pass_example_in_the_lexicon_is_left_alone(group: str, text: str) -> None:
    assert find_harm_spans(text, LEXICON) == [], f"{group}: {text!r}"


def test_every_crisis_text_in_the_labelled_set_is_caught() -> None:
    missed = [t["text"] for t in LABELLED if t["crisis"] and not is_crisis(t["text"], LEXICON)]
    assert missed == []


def test_ordinary_sadness_and_idioms_raise_at_most_five_percent_false_alarms() -> None:
    calm = [t["text"] for t in LABELLED if not t["crisis"]]
    alarms = [text for text in calm if is_crisis(text, LEXICON)]
    assert len(alarms) <= 0.05 * len(calm), alarms


def test_labelled_set_has_at_least_150_texts_in_both_directions() -> None:
    assert len(LABELLED) >= 150
    assert sum(t["crisis"] for t in LABELLED) >= 60
    assert sum(not t["crisis"] for t in LABELLED) >= 60


@pytest.mark.parametrize(
    "text",
    [
        "kms",
        "dont wanna be here anymore",
        "wanna end it all",
        "I WANT TO DIE",
        "i don\u2019t want to live anymore",
        "ill kill you",
    ],
)
def test_texting_style_caps_and_curly_quotes_are_caught(text: str) -> None:
    assert is_crisis(text, LEXICON)


@pytest.mark.parametrize(
    "text",
    ["I'm so sad today", "this week killed me", "dying to see the show", "kill the lights"],
)
def test_the_issue_examples_of_ordinary_language_do_not_fire(text: str) -> None:
    assert not is_crisis(text, LEXICON)


def test_spans_point_at_the_words_and_carry_a_reason() -> None:
    text = "long day. honestly I want to kill myself"
    [(start, end, reason)] = find_harm_spans(text, LEXICON)
    assert "kill myself" in text[start:end]
    assert reason == "thoughts of killing yourself"


def test_a_match_inside_an_idiom_is_dropped_but_one_beside_it_is_kept() -> None:
    assert not is_crisis("I want to die of embarrassment", LEXICON)
    assert is_crisis("I want to die of embarrassment. also i want to kill myself", LEXICON)


def test_an_unknown_vocabulary_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown vocabulary entry"):
        compile_lexicon({}, [GroupSource("g", "self", "r", ("%nope%",))], [])


def test_a_group_of_an_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="kind"):
        compile_lexicon({}, [GroupSource("g", "ex", "r", ("x",))], [])


CRISIS_TEXTS = [t["text"] for t in LABELLED if t["crisis"]]


@settings(deadline=None)
@given(
    st.sampled_from(CRISIS_TEXTS),
    st.sampled_from(["", "ok so ", "Day 12. ", "ugh\n"]),
    st.sampled_from(["", ".", "!!!", " tbh", " \U0001f622"]),
)
def test_crisis_text_is_caught_whatever_surrounds_it_and_in_any_case(
    text: str, before: str, after: str
) -> None:
    assert is_crisis(before + text + after, LEXICON)
    assert is_crisis((before + text + after).upper(), LEXICON)


@settings(deadline=None)
@given(st.text(max_size=200))
def test_spans_always_lie_inside_the_text_and_folding_keeps_its_length(text: str) -> None:
    assert len(fold(text)) == len(text)
    for start, end, reason in find_harm_spans(text, LEXICON):
        assert 0 <= start < end <= len(text)
        assert reason


def _fake_scorer(texts: list[str]) -> list[tuple[float, float]]:
    """Pretends only sentences mentioning 'goodbyes' are close to a crisis exemplar."""
    return [(0.9, 0.2) if "goodbyes" in t else (0.3, 0.6) for t in texts]


def test_a_sentence_close_in_meaning_to_crisis_exemplars_is_flagged_by_the_model_rule() -> None:
    text = "Long week. I've said my goodbyes. The cat is fed."
    spans = find_harm_spans(text, LEXICON, _fake_scorer)
    assert LEXICON.model is not None
    assert (11, 32, LEXICON.model.reason) in spans
    assert text[11:32] == "I've said my goodbyes"
    assert find_harm_spans(text, LEXICON) == []  # the patterns alone do not see it


def test_the_model_rule_needs_the_margin_over_calm_exemplars() -> None:
    close_to_both = lambda texts: [(0.9, 0.88) for _ in texts]  # noqa: E731
    assert find_harm_spans("I've said my goodbyes", LEXICON, close_to_both) == []


def test_sentences_inside_an_idiom_are_not_sent_to_the_model() -> None:
    seen: list[str] = []

    def spy(texts: list[str]) -> list[tuple[float, float]]:
        seen.extend(texts)
        return [(0.0, 1.0) for _ in texts]

    find_harm_spans("I could die of embarrassment. Anyway.", LEXICON, spy)
    assert seen == ["anyway"]


def test_the_shipped_exemplars_are_the_labelled_set_the_extra_ones_and_the_calm_catalogue() -> None:
    np = pytest.importorskip("numpy")
    from importlib import resources

    from amends.catalogue.families import load_families
    from amends.core.coach import Family

    ref = resources.files("amends").joinpath("content", "crisis_exemplars.npz")
    with np.load(io.BytesIO(ref.read_bytes())) as shipped:
        texts, labels = list(shipped["texts"]), list(shipped["crisis"])
    extra = tomllib.loads((DATA / "crisis_exemplars_extra.toml").read_text("utf-8"))["text"]
    catalogue = load_families()
    calm = [*catalogue.neutral, *catalogue.logistics_exemplars]
    for family, spec in catalogue.families.items():
        if family not in (Family.HARM, Family.THREAT):
            calm += spec.exemplars
    calm = list(dict.fromkeys(calm))
    assert texts == [t["text"] for t in LABELLED + extra] + calm, "run bench/crisis_train.py"
    assert labels == [t["crisis"] for t in LABELLED + extra] + [False] * len(calm)


def test_a_very_long_text_sends_the_first_and_the_most_suspicious_sentences_to_the_model() -> None:
    from amends.core.crisis import FIRST_SENTENCES, SUSPICIOUS_SENTENCES

    seen: list[list[str]] = []

    def spy(texts: list[str]) -> list[tuple[float, float]]:
        seen.append(list(texts))
        return [(0.0, 1.0) for _ in texts]

    quiet = "Walked to the shop. " * 5000
    long_text = quiet + "nobody would notice if i was gone after tonight. " + quiet
    spans = find_harm_spans(long_text + "i want to kill myself", LEXICON, spy)
    [texts] = seen
    assert len(texts) <= FIRST_SENTENCES + SUSPICIOUS_SENTENCES
    assert "nobody would notice if i was gone after tonight" in texts
    assert spans and spans[-1][1] == len(long_text) + 21  # the patterns still read to the end


def test_the_shipped_exemplar_vectors_match_what_the_installed_model_computes(
    shipped_crisis_exemplars,
) -> None:
    import numpy as np

    from amends.services.safety import model_text

    embed, shipped = shipped_crisis_exemplars
    texts, vectors = list(shipped["texts"][::60]), shipped["vectors"][::60]
    fresh = embed([model_text(str(t)) for t in texts])
    similarity = (fresh * vectors.astype(np.float32)).sum(axis=1)
    assert similarity.min() > 0.99, "the embedder changed: run bench/crisis_train.py"


def _every_match(text: str) -> list[tuple[int, int, str]]:
    """The definition: every pattern over the whole text, idioms from the whole text."""
    folded = fold(text)
    idioms = [m.span() for idiom in LEXICON.idioms for m in idiom.finditer(folded)]
    spans = set()
    for group in LEXICON.groups:
        for pattern in group.patterns:
            for m in pattern.finditer(folded):
                overlaps = any(m.start() < end and start < m.end() for start, end in idioms)
                if m.end() > m.start() and not overlaps:
                    spans.add((m.start(), m.end(), group.reason))
    return sorted(spans)


PIECES = [t["text"] for t in LABELLED] + [text for _, text in PASS]


@settings(deadline=None, max_examples=60)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=12),
    st.sampled_from([" ", ". ", "\n", "", " and "]),
    st.booleans(),
)
def test_reading_only_the_stretches_a_quick_pass_points_at_finds_every_match(
    pieces: list[str], glue: str, shout: bool
) -> None:
    text = glue.join(pieces)
    text = text.upper() if shout else text
    assert find_harm_spans(text, LEXICON) == _every_match(text)


def test_a_megabyte_without_punctuation_or_with_one_endless_word_is_read_in_one_pass() -> None:
    for text in ("i miss you and " * 70_000, "a" * 1_000_000, " " * 1_000_000 + "kms"):
        spans = find_harm_spans(text, LEXICON)
        assert spans == ([(1_000_000, 1_000_003, "words about suicide")] if "kms" in text else [])
