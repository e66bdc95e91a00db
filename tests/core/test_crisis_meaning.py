"""The crisis detector's meaning rule (local model) on ordinary drafts to an ex: no false alarms.

These drafts were written for this test and are not among the exemplars or the eval drafts.
"""

from __future__ import annotations

import pytest

from amends.services.safety import find_harm_spans, sentence_scorer

GOOD_DRAFTS = [
    "do you still think about me sometimes",
    "hope things are good with you",
    "hey, hope the new flat is working out",
    "are you still going to pottery on thursdays? i might give it a go",
    "i left your blue jumper with your sister, hope that's ok",
    "any chance you could send me the photos from the lake trip?",
    "good luck with the interview, you've got this",
    "happy new year, hope it's a kind one for you",
    "i heard your grandad is in hospital, thinking of you all",
    "can we swap the weekend with the kids? i'm away at a wedding",
    "the cat is doing fine, she finally likes the new sofa",
    "just wanted to say thanks for returning my books",
    "i miss our sunday walks sometimes",
    "would you want to grab a coffee next week?",
    "i'm doing better these days, i hope you are too",
    "saw a dog exactly like rufus today and smiled",
    "congrats on the half marathon!! that's huge",
    "are you around this weekend? i can drop off the rest of your things",
    "i've been trying out that recipe you liked, still can't get it right",
    "no pressure to reply, just wanted to say hi",
    "i finally finished the book you lent me, it was brilliant",
    "hope your mum's operation went well",
    "did you end up going to portugal in the end?",
    "i'm moving out at the end of the month, the keys will be with the landlord",
    "can you let me know by friday if you want the bike?",
    "i think of you when that song comes on",
    "is it ok if i call you tomorrow about the car insurance?",
    "happy birthday, hope you get spoilt today",
    "i've started running again, first 5k done",
    "i'd love to hear how you've been",
    "hey, are you still up for splitting the vet bill?",
    "sorry i missed your call, what's up?",
    "i found your old scarf in the car, want me to post it?",
    "hope the new job is treating you well",
    "just wanted to say i'm really proud of you for the marathon",
    "your sister's wedding photos were lovely",
    "i'm going to be in town next weekend, would you want to catch up?",
    "thank you for being kind about everything",
    "do you know where the spare key for the shed is?",
    "i'm taking the kids to the beach on sunday, they'd love a call from you",
    "i saw your band is playing on friday, good luck!",
    "hope your knee is healing ok after the fall",
    "happy anniversary to your parents, tell them i said hi",
    "i've been sleeping better lately, hope you are too",
    "that song we danced to came on the radio and made me smile",
    "can you check if my passport ended up in your drawer?",
    "i'm done with exams at last, feels great",
    "sending you a hug, i know this week is hard with your gran",
    "let me know when suits to pick up the rest of the boxes",
    "i'm heading off travelling for a month, take care of yourself",
]


@pytest.fixture(scope="module", autouse=True)
def _model() -> None:
    if sentence_scorer() is None:
        pytest.skip("the local MiniLM model is not installed (patterns alone run)")


def test_ordinary_good_drafts_to_an_ex_are_never_read_as_harm() -> None:
    flagged = [draft for draft in GOOD_DRAFTS if find_harm_spans(draft)]
    assert flagged == []


def test_the_drafts_that_used_to_raise_false_alarms_are_left_alone() -> None:
    for draft in (
        "do u miss me",
        "Hey, it's been a while. Hope you're doing well",
        "hope you are well",
    ):
        assert find_harm_spans(draft) == [], draft


@pytest.mark.parametrize(
    "text",
    [
        "i've said my goodbyes",
        "i keep looking at the pills and thinking tonight is the night",
        "honestly nobody would even notice if i was gone",
    ],
)
def test_implicit_crisis_language_is_still_caught(text: str) -> None:
    assert find_harm_spans(text)


def test_a_good_draft_gets_send_from_the_coach_with_the_model(run_cli) -> None:
    import json

    result = run_cli(
        "check", "--json", "--stage", "reach_out", "hope you are well, no rush to reply"
    )
    out = json.loads(result.stdout)
    assert (out["verdict"], out["crisis"]) == ("send", False)
