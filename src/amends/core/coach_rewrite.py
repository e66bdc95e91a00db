"""Deterministic rewrites: keep the user's own calm sentences, drop the pressure, invent nothing.

1. Cut the draft into sentences (spans in the user's own text).
2. A sentence with no finding stays (shouting turned to sentence case, "!!!" calmed).
3. A "you always / you never" sentence becomes an I-statement; any other flagged sentence goes.
4. Essays and replies far longer than theirs keep at most two sentences; under limited contact
   only the practical sentences stay.
5. If nothing with a topic is left ("Hey.", "Please."), the stage's short, light opener from the
   catalogue stands in.
Each kept sentence is checked once more against the rules; one that still trips them goes.
"""

from __future__ import annotations

import re

from amends.core.coach import CoachCatalogue, CoachContext, Family, Finding
from amends.core.coach_text import normalise, shouting_ratio, split_sentences
from amends.core.stages import CONTACT_STAGES

_SHORTENING = frozenset({Family.EMOTIONAL_ESSAY, Family.PACE_MISMATCH})
_ALWAYS = re.compile(r"^(.*?)\b(?:you|u)\s+(?:always|constantly)\s+(.+)$", re.IGNORECASE)
_NEVER = re.compile(r"^(.*?)\b(?:you|u)\s+(?:never|just never)\s+(.+)$", re.IGNORECASE)
_RUNS = re.compile(r"([!?.])\1+")
KEEP_WHEN_SHORTENING = 2
SHORTENED_READ = 20_000  # a shortened rewrite looks for its sentences in this much of the draft
# words that carry no topic of their own: a sentence made only of these is not kept alone
_FILLER = frozenset(
    {
        "hey",
        "hi",
        "hello",
        "hiya",
        "yo",
        "so",
        "ok",
        "okay",
        "anyway",
        "anyways",
        "well",
        "please",
        "pls",
        "plz",
        "lol",
        "haha",
        "honestly",
        "just",
        "um",
        "hmm",
        "also",
        "and",
        "but",
        "oh",
    }
)


def rewrite_draft(
    draft: str, findings: list[Finding], context: CoachContext, catalogue: CoachCatalogue
) -> str:
    from amends.core.coach_rules import compile_patterns

    logistics = compile_patterns(catalogue.logistics_patterns or ("$^",), catalogue.macro_items)
    limited = context.limited_contact and context.stage not in CONTACT_STAGES
    shortening = any(f.family in _SHORTENING for f in findings)
    kept: list[str] = []
    for start, end in _sentence_spans(draft[:SHORTENED_READ] if shortening else draft):
        if shortening and len(kept) >= KEEP_WHEN_SHORTENING:
            break
        sentence = _calm(draft[start:end])
        families = {
            f.family
            for f in findings
            if f.start < end
            and start < f.end
            and f.family not in _SHORTENING
            and f.source != "context"
        }
        if families == {Family.BLAME}:
            sentence = _i_statement(sentence) or ""
        elif families:
            sentence = ""
        lowered = normalise(sentence).text
        if not sentence or any(p.search(lowered) for p in catalogue.content_family_patterns):
            continue
        if limited and not logistics.search(lowered):
            continue
        kept.append(sentence)
    if shortening:
        kept = kept[:KEEP_WHEN_SHORTENING]
    opener = catalogue.openers.get(context.stage, "")
    if not any(_has_topic(s) for s in kept):
        return opener  # "Hey." or "Please." alone says nothing: the stage's light opener instead
    return " ".join(_finish(s) for s in kept)


def _has_topic(sentence: str) -> bool:
    words = re.findall(r"[a-z0-9]+", normalise(sentence).text)
    return any(word not in _FILLER for word in words)


def _sentence_spans(draft: str) -> list[tuple[int, int]]:
    """Sentence spans in the draft, each with the user's own closing punctuation."""
    norm = normalise(draft)
    spans = []
    for s, e in split_sentences(norm.text):
        start, end = norm.span(s, e)
        while end < len(draft) and draft[end] in ".!?":
            end += 1
        spans.append((start, end))
    return spans


def _calm(sentence: str) -> str:
    sentence = _RUNS.sub(r"\1", sentence.strip())
    if shouting_ratio(sentence) > 0.6:
        sentence = sentence.lower()
    return sentence


def _i_statement(sentence: str) -> str | None:
    """'you always cancel on me' -> 'I feel hurt when you cancel on me'."""
    always = _ALWAYS.match(sentence)
    if always and not always.group(1).strip():
        return f"I feel hurt when you {always.group(2).strip()}"
    never = _NEVER.match(sentence)
    if never and not never.group(1).strip():
        return f"It would mean a lot to me if you'd {never.group(2).strip()}"
    return None


def _finish(sentence: str) -> str:
    sentence = sentence.strip()
    sentence = sentence[0].upper() + sentence[1:] if sentence else sentence
    if sentence and sentence[-1] not in ".!?)":
        sentence += "."
    return sentence
