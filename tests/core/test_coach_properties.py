"""Properties of the coach over random drafts, contexts and model outputs (Hypothesis)."""

from __future__ import annotations

import re
from datetime import time

from hypothesis import given, settings
from hypothesis import strategies as st

from amends.catalogue.families import load_families
from amends.core.coach import CoachContext, Family, Verdict, review
from amends.core.coach_text import normalise
from amends.core.stages import CONTACT_STAGES, Stage

CATALOGUE = load_families()
LABELS = [f.value for f in Family] + ["neutral", "logistics"]
HARM_PHRASES = [e.text for e in CATALOGUE.families[Family.HARM].flag]
SOME_PHRASES = [e.text for spec in CATALOGUE.families.values() for e in spec.flag + spec.passes]
LOGISTICS = re.compile("|".join(f"(?:{p})" for p in CATALOGUE.logistics_patterns))

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(SOME_PHRASES), min_size=1, max_size=4).map(". ".join),
)
contexts = st.builds(
    CoachContext,
    stage=st.sampled_from(list(Stage)),
    local_time=st.one_of(st.none(), st.times()),
    drinking=st.booleans(),
    limited_contact=st.booleans(),
    do_not_contact=st.booleans(),
    unanswered=st.integers(0, 6),
    their_last_lengths=st.lists(st.integers(1, 400), max_size=4).map(tuple),
    their_reply_gap_minutes=st.one_of(st.none(), st.floats(1, 10_000)),
    minutes_since_my_last=st.one_of(st.none(), st.floats(0, 10_000)),
)
model_outputs = st.one_of(
    st.none(), st.dictionaries(st.sampled_from(LABELS), st.floats(0, 1), max_size=6)
)


def _scorer(output: dict[str, float] | None):  # a model that says the same about everything
    if output is None:
        return None
    return lambda sentences: [output for _ in sentences]


@settings(max_examples=200, deadline=None)
@given(prefix=texts, phrase=st.sampled_from(HARM_PHRASES), context=contexts, output=model_outputs)
def test_harm_language_never_gets_send(prefix, phrase, context, output) -> None:
    result = review(f"{prefix} {phrase}", context, CATALOGUE, _scorer(output))
    assert result.verdict is Verdict.STOP
    assert result.crisis


@settings(max_examples=200, deadline=None)
@given(draft=texts, context=contexts, output=model_outputs)
def test_a_do_not_contact_stop_never_gets_send(draft, context, output) -> None:
    context = CoachContext(**{**context.__dict__, "do_not_contact": True})
    assert review(draft, context, CATALOGUE, _scorer(output)).verdict is Verdict.STOP


@settings(max_examples=300, deadline=None)
@given(draft=texts, context=contexts, output=model_outputs)
def test_outside_contact_stages_only_limited_contact_logistics_can_be_sent(
    draft, context, output
) -> None:
    result = review(draft, context, CATALOGUE, _scorer(output))
    if context.stage not in CONTACT_STAGES and result.verdict is Verdict.SEND:
        assert context.limited_contact
        assert LOGISTICS.search(normalise(draft).text) or (output or {}).get("logistics")
    if context.stage is Stage.NO_CONTACT and not context.limited_contact:
        assert result.verdict in (Verdict.WAIT, Verdict.STOP)


@settings(max_examples=300, deadline=None)
@given(draft=st.text(max_size=500), context=contexts, output=model_outputs)
def test_any_text_gets_a_review_whose_spans_lie_inside_the_draft(draft, context, output) -> None:
    result = review(draft, context, CATALOGUE, _scorer(output))
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(draft)
    if result.verdict is Verdict.SEND:
        assert not result.findings


@settings(max_examples=200, deadline=None)
@given(draft=st.text(max_size=300))
def test_normalised_text_maps_back_to_the_characters_it_came_from(draft) -> None:
    norm = normalise(draft)
    assert len(norm.origin) == len(norm.text) + 1
    for index, char in enumerate(norm.text):
        source = draft[norm.origin[index]]
        assert char == " " and source.isspace() or char in (source.lower(), source)


def test_a_quiet_afternoon_message_in_reconnect_is_sent_by_the_rules() -> None:
    ctx = CoachContext(stage=Stage.RECONNECT, local_time=time(15, 0))
    assert review("Good luck tomorrow!", ctx, CATALOGUE).verdict is Verdict.SEND
