"""Crisis language: self-harm, suicidal thoughts and harm to others, found in free text.

The lexicon (regex groups, texting-style vocabulary, idioms) is data in
content/crisis_language.toml; amends.catalogue.crisis loads it and passes it in, so this module
never reads a file. Matching is case-insensitive, tolerant of missing punctuation and apostrophes,
and drops matches that sit inside an idiom ("dying to see the show", "die of embarrassment").
Offsets in the returned spans index the text exactly as given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Span = tuple[int, int, str]  # start, end, short reason
# texts -> for each, (best similarity to a crisis exemplar, best similarity to a calm one)
SentenceScorer = Callable[[Sequence[str]], Sequence[tuple[float, float]]]

# The meaning rule embeds each sentence: bound the work for very long texts (patterns still read
# all of it), and score the whole text as one only while the model can see all of it.
MAX_MODEL_SENTENCES = 200
MAX_WHOLE_TEXT_CHARS = 600

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_VOCAB_REF = re.compile(r"%([a-z_]+)%")


@dataclass(frozen=True)
class HarmGroup:
    id: str
    kind: str  # "self" or "others"
    reason: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class ModelRule:
    """When a sentence counts as crisis by meaning: close to a crisis exemplar, and closer to it
    than to any calm one by `margin` (the [model] table of the data file)."""

    threshold: float
    margin: float
    reason: str


@dataclass(frozen=True)
class CrisisLexicon:
    groups: tuple[HarmGroup, ...]
    idioms: tuple[re.Pattern[str], ...]
    model: ModelRule | None = None


@dataclass(frozen=True)
class GroupSource:
    """One group as written in the data file, before its regexes are compiled."""

    id: str
    kind: str
    reason: str
    patterns: tuple[str, ...]


def expand_vocab(source: str, vocab: Mapping[str, str]) -> str:
    """Replace %name% with the vocabulary entry of that name (entries may not nest)."""

    def _replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in vocab:
            raise ValueError(f"unknown vocabulary entry %{name}%")
        return vocab[name]

    return _VOCAB_REF.sub(_replace, source)


def compile_lexicon(
    vocab: Mapping[str, str],
    groups: Iterable[GroupSource],
    idioms: Iterable[str],
    model: ModelRule | None = None,
) -> CrisisLexicon:
    """Compile the data file's regexes; a bad one raises ValueError naming the group."""
    compiled: list[HarmGroup] = []
    for group in groups:
        if group.kind not in ("self", "others"):
            raise ValueError(f"group {group.id}: kind must be 'self' or 'others'")
        patterns = tuple(_compile(expand_vocab(p, vocab), group.id) for p in group.patterns)
        compiled.append(HarmGroup(group.id, group.kind, group.reason, patterns))
    idiom_patterns = tuple(_compile(expand_vocab(p, vocab), "idiom") for p in idioms)
    return CrisisLexicon(tuple(compiled), idiom_patterns, model)


def _compile(source: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as error:
        raise ValueError(f"{where}: bad pattern {source!r}: {error}") from error


def fold(text: str) -> str:
    """Straighten quotes; the result has the same length, so offsets still apply."""
    return text.translate(_QUOTES)


def find_harm_spans(
    text: str, lexicon: CrisisLexicon, scorer: SentenceScorer | None = None
) -> list[Span]:
    """Where the text talks of self-harm, suicide or harming someone: (start, end, reason).

    1. Patterns: every group's regexes; a match overlapping an idiom is dropped.
    2. Meaning (when a scorer is given and the lexicon has a [model] rule): each sentence, and
       the whole text when it has several, is compared with crisis and calm exemplars.
    Sorted by start; overlapping spans with different reasons are all kept.
    """
    folded = fold(text)
    idioms = [m.span() for idiom in lexicon.idioms for m in idiom.finditer(folded)]
    spans: set[Span] = set()
    for group in lexicon.groups:
        for pattern in group.patterns:
            for match in pattern.finditer(folded):
                start, end = match.span()
                if end > start and not _overlaps((start, end), idioms):
                    spans.add((start, end, group.reason))
    if scorer is not None and lexicon.model is not None:
        spans |= _model_spans(folded, lexicon.model, scorer, idioms)
    return sorted(spans)


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence with words in it, split at . ! ? and line breaks."""
    spans = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group()
        if any(c.isalnum() for c in sentence):
            start = match.start() + len(sentence) - len(sentence.lstrip())
            spans.append((start, match.start() + len(sentence.rstrip())))
    return spans


def _model_spans(
    folded: str, rule: ModelRule, scorer: SentenceScorer, idioms: list[tuple[int, int]]
) -> set[Span]:
    candidates = [s for s in sentence_spans(folded) if not _overlaps(s, idioms)]
    candidates = candidates[:MAX_MODEL_SENTENCES]
    if len(candidates) > 1 and len(folded) <= MAX_WHOLE_TEXT_CHARS:
        candidates.append((0, len(folded)))
    if not candidates:
        return set()
    scores = scorer([folded[start:end].strip().lower() for start, end in candidates])
    return {
        (start, end, rule.reason)
        for (start, end), (crisis, calm) in zip(candidates, scores, strict=True)
        if crisis >= rule.threshold and crisis - calm >= rule.margin
    }


def _overlaps(span: tuple[int, int], others: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def is_crisis(text: str, lexicon: CrisisLexicon, scorer: SentenceScorer | None = None) -> bool:
    """True when the text should start the crisis flow (resources first, coaching paused)."""
    return bool(find_harm_spans(text, lexicon, scorer))


def harm_kinds(text: str, lexicon: CrisisLexicon) -> set[str]:
    """Which kinds of harm the patterns find: a subset of {"self", "others"}."""
    by_reason = {group.reason: group.kind for group in lexicon.groups}
    return {by_reason[reason] for _, _, reason in find_harm_spans(text, lexicon)}


@dataclass(frozen=True)
class Helpline:
    """One entry of the offline directory (content/crisis.toml)."""

    country: str  # ISO 3166 alpha-2, or "" for the fallbacks that work anywhere
    kind: str  # crisis | domestic_abuse | emergency | fallback
    service: str
    phone: str = ""
    text: str = ""
    web: str = ""
    hours: str = ""
    source: str = ""
    checked: str = ""


@dataclass(frozen=True)
class Resources:
    """What the crisis flow and `amends help-now` show for one country."""

    country: str | None
    country_name: str | None  # None when the directory has no entries for the country
    emergency: tuple[Helpline, ...]
    crisis: tuple[Helpline, ...]
    domestic_abuse: tuple[Helpline, ...]
    fallback: tuple[Helpline, ...]


def resources_for(
    country: str | None, lines: Iterable[Helpline], names: Mapping[str, str]
) -> Resources:
    """The lines for a country (any case), always with the fallbacks that work anywhere."""
    code = country.strip().upper() if country else None
    lines = tuple(lines)

    def _of(kind: str) -> tuple[Helpline, ...]:
        return tuple(line for line in lines if line.kind == kind and line.country == code)

    fallback = tuple(line for line in lines if line.kind == "fallback")
    return Resources(
        code,
        names.get(code) if code else None,
        _of("emergency"),
        _of("crisis"),
        _of("domestic_abuse"),
        fallback,
    )
