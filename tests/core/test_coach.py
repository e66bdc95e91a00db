"""The message coach's verdicts, findings and rewrites (rules only: fast and deterministic)."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from amends.catalogue.families import load_families
from amends.core.coach import (
    CoachContext,
    Family,
    Verdict,
    review,
)
from amends.core.events import Event, EventKind
from amends.core.held_drafts import held_summary
from amends.core.stages import Stage

CATALOGUE = load_families()
AFTERNOON = CoachContext(stage=Stage.RECONNECT, local_time=time(14, 0))


def check(draft: str, **context: object) -> object:
    ctx = CoachContext(**{"stage": Stage.RECONNECT, "local_time": time(14, 0), **context})
    return review(draft, ctx, CATALOGUE)


def test_a_light_message_can_be_sent() -> None:
    result = check("Hope the new job is going well!")
    assert result.verdict is Verdict.SEND
    assert result.findings == ()
    assert result.rewrite is None


def test_pleading_gets_a_rewrite_with_the_span_pointing_at_the_plea() -> None:
    draft = "Hope work is ok. PLEASE just answer me"
    result = check(draft)
    assert result.verdict is Verdict.REWRITE
    begging = [f for f in result.findings if f.family is Family.BEGGING]
    assert begging and draft[begging[0].start : begging[0].end].lower().startswith("please")


def test_texting_shorthand_and_stretched_letters_are_read_like_words() -> None:
    assert Family.BEGGING in check("plzzz pleeeease answer me").families
    assert Family.RELATIONSHIP_PRESSURE in check("do u miss me").families


def test_spans_index_the_draft_as_written_even_with_curly_apostrophes() -> None:
    draft = "I’m sooo sorry. I don’t deserve you"
    result = check(draft)
    for finding in result.findings:
        assert 0 <= finding.start < finding.end <= len(draft)
    apology = [f for f in result.findings if f.family is Family.OVER_APOLOGY]
    assert apology


def test_talk_about_us_is_fine_in_the_honest_talk_but_not_in_reach_out() -> None:
    draft = "I still love you, and I'd like us to try again, slowly, if you want that too."
    assert check(draft, stage=Stage.HONEST_TALK).verdict is Verdict.SEND
    assert check(draft, stage=Stage.REACH_OUT).verdict is Verdict.REWRITE


def test_any_message_during_no_contact_waits() -> None:
    result = check("Happy birthday!", stage=Stage.NO_CONTACT)
    assert result.verdict is Verdict.WAIT
    assert Family.NO_CONTACT_ACTIVE in result.families


def test_logistics_under_limited_contact_can_be_sent_during_no_contact() -> None:
    draft = "Can you pick up Mia from school at 3 on Friday?"
    assert check(draft, stage=Stage.NO_CONTACT, limited_contact=True).verdict is Verdict.SEND


def test_feelings_under_limited_contact_are_not_logistics() -> None:
    result = check("thinking of you", stage=Stage.NO_CONTACT, limited_contact=True)
    assert result.verdict is Verdict.WAIT
    assert Family.NOT_LOGISTICS in result.families


@pytest.mark.parametrize(
    ("context", "family"),
    [
        ({"local_time": time(1, 30)}, Family.LATE_NIGHT),
        ({"drinking": True}, Family.DRINKING),
        ({"unanswered": 2}, Family.UNANSWERED_STREAK),
    ],
)
def test_the_moment_can_make_a_fine_message_wait(context: dict, family: Family) -> None:
    result = check("Hope your week is going well.", **context)
    assert result.verdict is Verdict.WAIT
    assert family in result.families


def test_one_unanswered_message_is_enough_to_wait_when_reaching_out() -> None:
    assert check("hey, trying again", stage=Stage.REACH_OUT, unanswered=1).verdict is Verdict.WAIT
    assert check("haha yes exactly", unanswered=1).verdict is Verdict.SEND


def test_a_do_not_contact_stop_means_stop_whatever_the_words() -> None:
    result = check("Happy birthday!", stage=Stage.MOVING_ON, do_not_contact=True)
    assert result.verdict is Verdict.STOP
    assert Family.DO_NOT_CONTACT in result.families


def test_threats_are_a_stop_not_a_rewrite() -> None:
    assert check("i know where u live").verdict is Verdict.STOP


def test_harm_language_stops_and_asks_for_crisis_resources() -> None:
    result = check("i dont want to be alive anymore")
    assert result.verdict is Verdict.STOP
    assert result.crisis
    assert result.rewrite is None


def test_a_reply_far_longer_than_theirs_is_a_pace_mismatch() -> None:
    long_reply = "It was a lovely day, we walked for hours along the coast. " * 4
    result = check(long_reply, their_last_lengths=(20, 30, 15))
    assert Family.PACE_MISMATCH in result.families
    assert result.verdict is Verdict.REWRITE
    assert result.rewrite and len(result.rewrite) < len(long_reply)


def test_writing_again_much_sooner_than_they_answer_waits() -> None:
    result = check(
        "also, did you see the game?",
        unanswered=1,
        their_reply_gap_minutes=240,
        minutes_since_my_last=10,
    )
    assert result.verdict is Verdict.WAIT
    assert Family.PACE_MISMATCH in result.families


def test_a_long_heavy_message_is_an_emotional_essay() -> None:
    draft = ("I feel like I need to tell you everything. I miss you and it hurts. " * 8).strip()
    assert Family.EMOTIONAL_ESSAY in check(draft).families
    assert Family.EMOTIONAL_ESSAY not in check(draft, stage=Stage.TOGETHER).families


def test_the_rewrite_keeps_the_calm_sentences_and_drops_the_pressure() -> None:
    result = check("Congrats on the new job! Please come back to me, I'm begging you")
    assert result.rewrite == "Congrats on the new job!"


def test_you_always_becomes_an_i_statement_that_keeps_the_topic() -> None:
    result = check("you always cancel on me last minute")
    assert result.rewrite == "I feel hurt when you cancel on me last minute."


def test_a_rewrite_never_trips_the_rules_again() -> None:
    drafts = [
        "you never listen. I miss you. hope your mum is well",
        "PLEASE ANSWER ME!!! after everything i did for u",
        "who was that guy? i've changed i promise. good luck tomorrow",
    ]
    for draft in drafts:
        rewrite = check(draft).rewrite
        assert rewrite
        assert check(rewrite).verdict is Verdict.SEND, rewrite


def test_the_rewrite_is_deterministic() -> None:
    draft = "you never call me back and i still love you. see you at the party"
    assert check(draft).rewrite == check(draft).rewrite


def test_a_one_megabyte_draft_is_reviewed_quickly_and_sanely() -> None:
    draft = "please answer me. " * 60_000
    result = check(draft)
    assert result.verdict is Verdict.REWRITE
    assert Family.EMOTIONAL_ESSAY in result.families
    assert len(result.findings) < 100


def test_binary_junk_gets_a_review_not_a_crash() -> None:
    junk = bytes(range(256)).decode("latin-1") * 4
    result = check(junk)
    assert result.verdict in set(Verdict)


def _held(id_: int, day: int) -> Event:
    return Event(
        EventKind.DRAFT_HELD,
        datetime(2026, 3, day, 23, 0, tzinfo=UTC),
        {"draft": "miss u", "verdict": "wait", "families": ["late_night"]},
        id_,
    )


def _resolved(held_id: int, choice: str, day: int) -> Event:
    return Event(
        EventKind.DRAFT_RESOLVED,
        datetime(2026, 3, day, 9, 0, tzinfo=UTC),
        {"held_id": held_id, "choice": choice},
        held_id + 100,
    )


def test_letting_a_held_draft_go_counts_as_a_win() -> None:
    events = [
        _held(1, 1),
        _held(2, 2),
        _held(3, 3),
        _resolved(1, "let_go", 2),
        _resolved(2, "send", 3),
    ]
    summary = held_summary(events)
    assert (summary.held, summary.let_go, summary.sent, summary.wins) == (3, 1, 1, 1)
    assert [e.id for e in summary.waiting] == [3]


def test_during_a_safety_pause_even_a_kind_message_waits_and_help_comes_first() -> None:
    result = check("Hope your week is going well.", safety_pause=True)
    assert result.verdict is Verdict.WAIT
    assert result.crisis


def test_a_rewrite_is_never_just_a_greeting_or_a_please() -> None:
    assert (
        check("Hey. Been thinking about the breakup a lot").rewrite
        == (CATALOGUE.openers[Stage.RECONNECT])
    )
    assert check("Im on my knees here. Please.").rewrite == CATALOGUE.openers[Stage.RECONNECT]


def test_a_calm_but_long_first_message_is_too_long_when_reaching_out() -> None:
    draft = (
        "Hey! It's been a while. I went on the coast trip last month, four days of rain and "
        "one sunny afternoon, and I laughed about how we always said we'd do it. Anyway, I "
        "hope you are doing well and that work has calmed down a little."
    )
    first = check(draft, stage=Stage.REACH_OUT)
    assert first.verdict is Verdict.REWRITE
    assert Family.EMOTIONAL_ESSAY in first.families
    assert check(draft).verdict is Verdict.SEND  # later, while reconnecting, it is fine


def test_the_model_reads_a_long_draft_up_to_its_word_budget_cutting_the_last_sentence() -> None:
    from amends.core.coach_rules import MODEL_WORDS, model_budget
    from amends.core.coach_text import split_sentences, word_count

    text = "we had a lovely day. " * 3 + "i keep thinking about " + "you " * 40
    spans = model_budget(text, split_sentences(text))
    read = [text[start:end] for start, end in spans]
    assert sum(word_count(sentence) for sentence in read) == MODEL_WORDS
    assert read[-1].startswith("i keep thinking about you")  # the crossing sentence, cut
    assert model_budget("hope the move went well", [(0, 23)]) == [(0, 23)]  # short: read whole


def test_a_sigmoid_head_flags_a_family_even_when_neutral_also_scores_high() -> None:
    """A softmax head's families share one probability with neutral, so a family must beat it;
    a sigmoid head scores each label on its own ([model] without a margin)."""
    from dataclasses import replace

    def scorer(sentences: object) -> list[dict[str, float]]:
        return [{"neutral": 0.9, "guilt": 0.5}]

    draft = "Lovely to hear the trip went well"
    softmax_like = replace(CATALOGUE, threshold=0.3, margin=0.15)
    sigmoid_like = replace(CATALOGUE, threshold=0.3, margin=None)
    assert Family.GUILT not in review(draft, AFTERNOON, softmax_like, scorer).families
    assert Family.GUILT in review(draft, AFTERNOON, sigmoid_like, scorer).families
