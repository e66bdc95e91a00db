"""Crisis language: self-harm, suicidal thoughts and harm to others, found in free text.

The lexicon (regex groups, texting-style vocabulary, idioms) is data in
content/crisis_language.toml; amends.catalogue.crisis loads it and passes it in, so this module
never reads a file. Matching is case-insensitive, tolerant of missing punctuation and apostrophes,
and drops matches that sit inside an idiom ("dying to see the show", "die of embarrassment").
Offsets in the returned spans index the text exactly as given.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from amends.core.coach_text import first_words_end, normalise, split_sentences

Span = tuple[int, int, str]  # start, end, short reason
# texts -> for each, (similarity to crisis exemplars, similarity to calm ones); the texts are
# normalised sentences (amends.core.coach_text), exactly as the coach's own model reads them, so
# one embedding pass serves both (amends.semantic remembers recent sentence vectors)
SentenceScorer = Callable[[Sequence[str]], Sequence[tuple[float, float]]]

# texts -> for each, how close it looks to the crisis exemplars by a cheap reading (higher:
# closer); it decides which sentences past the coach's budget the model reads (see below)
SentenceRanker = Callable[[Sequence[str]], Sequence[float]]

# The meaning rule always reads the sentences the coach's own model reads (core.coach_rules
# model_budget: the first ones, about 24 words; the same strings, so their vectors are computed
# once for both). It no longer reads a short text whole as well: that doubled the tokens of a
# 2-4 sentence draft and changed no answer on the 240 multi-sentence texts of the crisis sets
# and bench/data (docs/safety.md). Past the budget it may read the rest of the first
# FIRST_SENTENCES and SUSPICIOUS_SENTENCES later ones with the most cue words: all of them
# without a ranker; with one, only the EXTRA_SENTENCES that rank highest, and only those ranked
# at RANK_FLOOR or above. The patterns read everything.
FIRST_SENTENCES = 24
SUSPICIOUS_SENTENCES = 16
EXTRA_SENTENCES = 1
EXTRA_WORDS = 16  # and cut to its first words: every token costs ~0.4 ms (docs/coach.md)
RANK_FLOOR = 0.0  # was -0.03: same crisis figures, far fewer drafts pay for a read (docs/coach.md)

WINDOW = 400  # characters read past a quick match: every pattern's own match is shorter
MAX_WINDOW = 4096  # stretches read by the exact patterns are cut at about this length
MAX_SPANS = 100  # a very long text stops being read once this many spans are found
HEAD_CHARS = 4000  # the meaning rule normalises this much to find the first sentences

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_VOCAB_REF = re.compile(r"%([a-z_]+)%")


@dataclass(frozen=True)
class HarmGroup:
    """A group of the lexicon: its regexes are compiled on first use (`patterns`), because
    most texts give the quick pass nothing to point at and compiling them all costs more than a
    cold `amends check` should wait (compile_lexicon has checked they compile)."""

    id: str
    kind: str  # "self" or "others"
    reason: str
    sources: tuple[str, ...]  # vocabulary expanded

    @cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_compile(source, self.id) for source in self.sources)


@dataclass(frozen=True)
class ModelRule:
    """When a sentence counts as crisis by meaning: its mean similarity to its `neighbours`
    nearest crisis exemplars is at least `threshold` and beats the same mean over calm exemplars
    by `margin` (the [model] table of the data file). `cues` ranks sentences past the first ones."""

    threshold: float
    margin: float
    reason: str
    neighbours: int = 1
    cues: re.Pattern[str] | None = None


@dataclass(frozen=True)
class CrisisLexicon:
    groups: tuple[HarmGroup, ...]
    idioms: tuple[re.Pattern[str], ...]
    model: ModelRule | None = None
    # every pattern in one alternation, for lower-cased text: where any may match, in one pass
    quick: re.Pattern[str] | None = None


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
        expanded = tuple(expand_vocab(p, vocab) for p in group.patterns)
        compiled.append(HarmGroup(group.id, group.kind, group.reason, expanded))
    idiom_patterns = tuple(_compile(expand_vocab(p, vocab), "idiom") for p in idioms)
    return CrisisLexicon(tuple(compiled), idiom_patterns, model, _quick(compiled))


def _quick(groups: list[HarmGroup]) -> re.Pattern[str] | None:
    """One alternation of every pattern, without IGNORECASE (it reads lower-cased text: four
    times faster); a shared leading \\b is written once. It compiles only if every pattern
    does: when it does not, the first bad pattern is named."""
    sources = [source for group in groups for source in group.sources]
    if not sources:
        return None
    if all(source.startswith(r"\b") for source in sources):
        body = "|".join(f"(?:{source[2:]})" for source in sources)
        joined = rf"\b(?:{body})"
    else:
        joined = "|".join(f"(?:{source})" for source in sources)
    try:
        return re.compile(joined)
    except re.error:
        for group in groups:
            group.patterns  # noqa: B018 - compiling each one raises ValueError naming it
        raise ValueError("quick: the patterns do not compile together") from None


def _compile(source: str, where: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    try:
        return re.compile(source, flags)
    except re.error as error:
        raise ValueError(f"{where}: bad pattern {source!r}: {error}") from error


def fold(text: str) -> str:
    """Straighten quotes; the result has the same length, so offsets still apply."""
    return text.translate(_QUOTES)


def find_harm_spans(
    text: str,
    lexicon: CrisisLexicon,
    scorer: SentenceScorer | None = None,
    ranker: SentenceRanker | None = None,
) -> list[Span]:
    """Where the text talks of self-harm, suicide or harming someone: (start, end, reason).

    1. Patterns: every group's regexes; a match overlapping an idiom is dropped. One pass of
       all patterns together finds the stretches where any may match; each pattern then reads
       only those stretches, so the work grows with the length of the text, not faster.
    2. Meaning (when a scorer is given and the lexicon has a [model] rule): the sentences of the
       coach's budget and a bounded number of later sentences
       (all candidates, or with a ranker the few that look most like crisis) are compared with
       the exemplars.
    Sorted by start; overlapping spans with different reasons are all kept.
    """
    folded = fold(text)
    spans: set[Span] = set()
    for lo, hi in _windows(folded, lexicon.quick):
        idioms = Idioms(folded, lexicon.idioms, lo, hi)
        beyond = hi + WINDOW  # lookaheads ("... at the gym") read past the stretch
        for group in lexicon.groups:
            for pattern in group.patterns:
                for match in pattern.finditer(folded, lo, beyond):
                    start, end = match.span()
                    if start >= hi:
                        break
                    if end > start and not idioms.overlap(start, end):
                        spans.add((start, end, group.reason))
        if len(spans) >= MAX_SPANS:
            break
    if scorer is not None and lexicon.model is not None:
        spans |= _model_spans(text, folded, lexicon, scorer, ranker)
    return sorted(spans)


def _windows(folded: str, quick: re.Pattern[str] | None) -> Iterator[tuple[int, int]]:
    """Stretches of the text where some pattern may match, in order (merged when they touch,
    up to about MAX_WINDOW characters). Every pattern match starts inside a quick match or at
    its start, and is shorter than WINDOW, so it lies inside a stretch."""
    if quick is None:
        yield 0, len(folded)
        return
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a few characters lower-case to two: read as written
        quick = re.compile(quick.pattern, re.IGNORECASE)
        lowered = folded
    window: tuple[int, int] | None = None
    for match in quick.finditer(lowered):
        lo, hi = match.start(), min(len(folded), match.end() + WINDOW)
        if window and lo <= window[1] and hi - window[0] <= MAX_WINDOW:
            window = (window[0], max(hi, window[1]))
            continue
        if window:
            yield window
        window = (lo, hi)
    if window:
        yield window


class Idioms:
    """Idiom matches around text[lo:hi] (an idiom is shorter than WINDOW), sorted, for quick
    overlap checks."""

    def __init__(self, folded: str, idioms: Iterable[re.Pattern[str]], lo: int, hi: int) -> None:
        lo, hi = max(0, lo - WINDOW), min(len(folded), hi + WINDOW)
        found = sorted(m.span() for idiom in idioms for m in idiom.finditer(folded, lo, hi))
        self.starts = [start for start, _ in found]
        self.ends = list(accumulate((end for _, end in found), max))  # running max of ends

    def overlap(self, start: int, end: int) -> bool:
        """Some idiom starts before `end` and ends after `start`."""
        before = bisect_left(self.starts, end)  # idioms starting before end
        return before > 0 and self.ends[before - 1] > start


Candidate = tuple[tuple[int, int], str]  # span in the text, normalised sentence


def _model_spans(
    text: str,
    folded: str,
    lexicon: CrisisLexicon,
    scorer: SentenceScorer,
    ranker: SentenceRanker | None,
) -> set[Span]:
    rule = lexicon.model
    assert rule is not None
    read, optional = _model_sentences(text, folded, rule.cues)
    read += _most_crisis_like(optional, ranker) if ranker is not None else optional
    candidates = [
        (span, sentence)
        for span, sentence in read
        if not Idioms(folded, lexicon.idioms, *span).overlap(*span)
    ]
    if not candidates:
        return set()
    scores = scorer([sentence for _, sentence in candidates])
    return {
        (start, end, rule.reason)
        for ((start, end), _), (crisis, calm) in zip(candidates, scores, strict=True)
        if crisis >= rule.threshold and crisis - calm >= rule.margin
    }


def _most_crisis_like(optional: list[Candidate], ranker: SentenceRanker) -> list[Candidate]:
    """The EXTRA_SENTENCES candidates the ranker puts highest, if at RANK_FLOOR or above."""
    if not optional:
        return []
    ranks = ranker([sentence for _, sentence in optional])
    order = sorted(range(len(optional)), key=lambda i: -ranks[i])[:EXTRA_SENTENCES]
    chosen = [optional[i] for i in sorted(order) if ranks[i] >= RANK_FLOOR]
    return [(span, _first_words(sentence, EXTRA_WORDS)) for span, sentence in chosen]


def _first_words(sentence: str, words: int) -> str:
    return sentence[: first_words_end(sentence, 0, len(sentence), words)]


def _model_sentences(
    text: str, folded: str, cues: re.Pattern[str] | None
) -> tuple[list[Candidate], list[Candidate]]:
    """The sentences the model reads, and those it may read. Read: the coach's budget as the
    coach splits it (the same strings, so the same vectors). May read: the rest of the first
    FIRST_SENTENCES and up to SUSPICIOUS_SENTENCES later ones with the most cue words."""
    from amends.core.coach_rules import model_budget

    norm = normalise(text[:HEAD_CHARS])
    sentences = split_sentences(norm.text)
    first = sentences[:FIRST_SENTENCES]
    budget = model_budget(norm.text, first)
    read = [(norm.span(start, end), norm.text[start:end]) for start, end in budget]
    unread = first[len(budget) :]
    if budget and budget[-1] != first[len(budget) - 1]:  # cut at the budget: its rest may matter
        unread.insert(0, (budget[-1][1], first[len(budget) - 1][1]))
    optional = [(norm.span(start, end), norm.text[start:end]) for start, end in unread]
    if cues is None or (len(text) <= HEAD_CHARS and len(sentences) <= FIRST_SENTENCES):
        return read, optional
    rest_from = norm.span(*first[-1])[1] if first else 0
    for start, end in _suspicious(folded, rest_from, cues):
        sentence = normalise(text[start:end]).text.strip()
        if sentence:
            optional.append(((start, end), sentence))
    return read, optional


_RAW_SENTENCE = re.compile(r"[^.!?\n;\s][^.!?\n;]*")


def _suspicious(folded: str, start: int, cues: re.Pattern[str]) -> list[tuple[int, int]]:
    """The SUSPICIOUS_SENTENCES sentences after `start` with the most cue words, in order."""
    counts: dict[tuple[int, int], int] = {}
    for sentence in _RAW_SENTENCE.finditer(folded, start):
        found = len(cues.findall(sentence.group()))
        if found:
            start = sentence.start()
            counts[start, start + len(sentence.group().rstrip())] = found
    ranked = sorted(counts, key=lambda span: (-counts[span], span))[:SUSPICIOUS_SENTENCES]
    return sorted(ranked)


def is_crisis(
    text: str,
    lexicon: CrisisLexicon,
    scorer: SentenceScorer | None = None,
    ranker: SentenceRanker | None = None,
) -> bool:
    """True when the text should start the crisis flow (resources first, coaching paused)."""
    return bool(find_harm_spans(text, lexicon, scorer, ranker))


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
