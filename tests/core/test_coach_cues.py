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
        ("hope she was worth it", Family.GUILT),
        ("and this is the thanks I get for two years of lifts", Family.GUILT),
        ("it was only my birthday, why would you remember", Family.GUILT),
        ("some of us actually turn up when we say we will", Family.GUILT),
        ("I had to make excuses for you at the wedding", Family.GUILT),
        ("see how that works out for you", Family.THREAT),
        ("this isn't over", Family.THREAT),
        ("once I'm done with you nobody will hire you", Family.THREAT),
        ("one word from me to your landlord and you're out", Family.THREAT),
        ("you'd better hope I'm in a forgiving mood", Family.THREAT),
        ("don't flatter yourself", Family.HOSTILITY),
        ("what did I ever see in you", Family.HOSTILITY),
        ("do the world a favour and stay home", Family.HOSTILITY),
        ("I've met toddlers with more sense than you", Family.HOSTILITY),
        ("from now on I'll call you every single night", Family.CHANGE_PROMISE),
        ("you wouldn't recognise me", Family.CHANGE_PROMISE),
        ("I've worked on my temper, it's gone", Family.CHANGE_PROMISE),
        ("I haven't eaten properly since you left", Family.DESPERATION),
        ("I cry myself to sleep most nights", Family.DESPERATION),
    ],
)
def test_a_veiled_sarcastic_or_contemptuous_cue_is_caught_by_the_rules_alone(
    draft: str, family: Family
) -> None:
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
        "Pity you couldn't make it, the food was great",
        "Hope the new coat was worth it, it looks so warm",
        "I'll be done with the car by Friday if you want it back",
        "You'll find out soon enough, it's a surprise!",
        "I still have those photos from the wedding, want them?",
        "I'll send the photos from the party tomorrow",
        "I'll tell everyone at work you said hi",
        "What would you think if I told you I'm moving to Spain?",
        "I know what time you finish, shall I bring the kids at 6?",
        "You might want to be careful on the roads, it's icy",
        "Your boss would love your idea about the garden",
        "It's not even your own fault, the train was late",
        "funny that you thought of me, I was just thinking about that trip",
        "keep telling yourself you can do it, the exam will go fine",
        "Thank god I got out before the rain started",
        "I've grown so much basil this year, want some?",
        "I've dealt with it, the boiler's fixed",
        "I'm ready to be a bridesmaid, send me the dress link",
        "No more rain, no more wind, summer is finally here",
        "I don't know who I am supposed to ask about the deposit",
        "Some of us are meeting at the pub at 8 if you fancy it",
        "I was stuck in traffic for an hour, the radio played our old quiz song",
        "I know your schedule is packed, whenever suits is fine",
        "I'm sure it'll work out, you always land on your feet",
    ],
)
def test_an_everyday_sentence_sharing_a_cues_words_can_be_sent(draft: str) -> None:
    result = review(draft, AFTERNOON, CATALOGUE)
    assert result.verdict is Verdict.SEND, [f.family.value for f in result.findings]


@pytest.mark.parametrize(
    "draft",
    [
        "pick-up is at 3 today, I'll meet you by the gate",
        "Ella needs her PE kit tomorrow, it's in her blue bag",
        "Sam has a fever, I'm keeping him home today",
        "Leo has football at 10 on Saturday",
    ],
)
def test_a_practical_message_about_the_children_is_fine_under_limited_contact(draft: str) -> None:
    limited = CoachContext(stage=Stage.NO_CONTACT, local_time=time(14, 0), limited_contact=True)
    result = review(draft, limited, CATALOGUE)
    assert result.verdict is Verdict.SEND, [f.family.value for f in result.findings]
