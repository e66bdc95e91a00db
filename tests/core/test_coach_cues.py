"""The catalogue's patterns for veiled threats, sarcastic guilt and indirect rehash (rules only):
the cue is caught, and the everyday sentence that shares its words still gets `send`."""

from __future__ import annotations

from datetime import time

import pytest

from amends.catalogue.families import load_families
from amends.core.coach import CoachContext, Family, Verdict, review
from amends.core.stages import Stage

CATALOGUE = load_families()
AFTERNOON = CoachContext(stage=Stage.RECONNECT, local_time=time(14, 0))


@pytest.mark.parametrize(
    ("draft", "family"),
    [
        ("keep ignoring me and see what I share next", Family.THREAT),
        ("would be a shame if your boss ever found out", Family.THREAT),
        ("maybe I should tell your parents what you did", Family.THREAT),
        ("I've got nothing to lose now", Family.THREAT),
        ("must be nice to forget it all so fast", Family.GUILT),
        ("not that you'd care, but the cat is ill", Family.GUILT),
        ("I'm used to being ignored by now", Family.GUILT),
        ("I turned down the London job for us. just saying", Family.GUILT),
        ("I want to set the record straight about how it ended", Family.BREAKUP_REHASH),
        ("so was it really about my friends?", Family.BREAKUP_REHASH),
        ("we threw it all away over nothing", Family.BREAKUP_REHASH),
    ],
)
def test_a_veiled_cue_is_caught_by_the_rules_alone(draft: str, family: Family) -> None:
    result = review(draft, AFTERNOON, CATALOGUE)
    assert family in result.families
    assert result.verdict is not Verdict.SEND


@pytest.mark.parametrize(
    "draft",
    [
        "It must be nice weather up there, enjoy the hike!",
        "I'm used to the new commute now, it's fine.",
        "It would be a shame if you missed the concert, the tickets are on the fridge.",
        "Maybe I should tell your sister about the bakery, she'd love it.",
        "The old receipts? I threw them all away, sorry.",
        "I know your gym has a sauna now, lucky you",
    ],
)
def test_an_everyday_sentence_sharing_those_words_can_be_sent(draft: str) -> None:
    result = review(draft, AFTERNOON, CATALOGUE)
    assert result.verdict is Verdict.SEND, [f.family.value for f in result.findings]
