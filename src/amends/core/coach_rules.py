"""Findings: rule patterns and model scores over the text, and the context families."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import chain

from amends.core.coach import (
    CoachCatalogue,
    CoachContext,
    Family,
    Finding,
    HarmFinder,
    Scorer,
    Verdict,
)
from amends.core.coach_text import (
    Normalised,
    expand_texting,
    first_words_end,
    normalise,
    split_sentences,
    word_count,
)
from amends.core.stages import CONTACT_STAGES, Stage

MAX_RULE_HITS = 25  # per family: a 1 MB draft must not produce a million findings
MODEL_SENTENCES = 6  # the model reads the first sentences; rules read everything
MODEL_WORDS = 24  # ... this many words in all: every token costs ~0.4 ms (docs/coach.md, Speed)
MIN_MODEL_PART = 4  # a sentence cut at the budget is read only if this many words are left
WHOLE_DRAFT = False  # reading short drafts whole as well doubled their tokens (see docs/coach.md)
WHOLE_DRAFT_MAX_SENTENCES = 4
WHOLE_DRAFT_WORDS = 40
MODEL_SECOND_FAMILY = 0.15  # a second or third family in one sentence needs this much
MODEL_FAMILIES_PER_SENTENCE = 3  # "please, I still love you" carries two
_MACRO = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Patterns:
    """A family's patterns as alternations: one of those that start at a word boundary (`\\b`,
    nearly all) and one of the rest (an emoji, a start-of-text anchor). Python's re skips ahead
    to an alternation's possible first characters only when every branch offers them: one
    branch that started with an emoji made the whole hostility scan three times slower."""

    regexes: tuple[re.Pattern[str], ...]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return chain.from_iterable(regex.finditer(text) for regex in self.regexes)

    def search(self, text: str) -> re.Match[str] | None:
        return next((m for regex in self.regexes if (m := regex.search(text))), None)

    def count(self, text: str) -> int:
        return sum(len(regex.findall(text)) for regex in self.regexes)


@cache
def compile_patterns(patterns: tuple[str, ...], macros: tuple[tuple[str, str], ...]) -> Patterns:
    """A family's patterns compiled, {you}/{please}/... macros spelled out."""
    table = dict(macros)

    def expand(pattern: str) -> str:
        return _MACRO.sub(lambda m: table.get(m.group(1), m.group(0)), pattern)

    word_led = [p for p in patterns if p.startswith("\\b")]
    others = [p for p in patterns if not p.startswith("\\b")]
    return Patterns(
        tuple(
            re.compile("|".join(f"(?:{expand(p)})" for p in group))
            for group in (word_led, others)
            if group
        )
    )


def _pattern(catalogue: CoachCatalogue, patterns: tuple[str, ...]) -> Patterns | None:
    if not patterns:
        return None
    return compile_patterns(patterns, catalogue.macro_items)


def content_findings(
    draft: str, catalogue: CoachCatalogue, scorer: Scorer | None, harm_finder: HarmFinder | None
) -> tuple[list[Finding], bool]:
    """Content findings, and whether the draft reads as logistics (children, work, bills)."""
    norm = normalise(draft)
    findings = _rule_findings(norm, catalogue)
    findings += _harm_findings(draft, catalogue, harm_finder)
    sentences = split_sentences(norm.text)
    logistic = _logistics_rule(norm, catalogue)
    if scorer is not None and sentences:
        chosen = model_budget(norm.text, sentences)
        model, model_logistic = _model_findings(norm, chosen, catalogue, scorer, findings)
        findings += model
        logistic = logistic or model_logistic
    essay = _essay_finding(draft, norm, catalogue, findings)
    if essay:
        findings.append(essay)
    return _dedupe(findings), logistic and not findings


def _rule_findings(norm: Normalised, catalogue: CoachCatalogue) -> list[Finding]:
    findings: list[Finding] = []
    for family, spec in catalogue.families.items():
        if spec.kind != "content" or family is Family.EMOTIONAL_ESSAY:
            continue
        pattern = catalogue.family_patterns.get(family)
        if pattern is None:
            continue
        for hit, match in enumerate(pattern.finditer(norm.text)):
            if hit >= MAX_RULE_HITS:
                break
            if match.end() > match.start():
                start, end = norm.span(match.start(), match.end())
                findings.append(Finding(family, start, end, spec.severity, spec.reason))
    return findings


def _harm_findings(
    draft: str, catalogue: CoachCatalogue, harm_finder: HarmFinder | None
) -> list[Finding]:
    if harm_finder is None:
        return []
    spec = catalogue.families[Family.HARM]
    return [
        Finding(Family.HARM, start, end, spec.severity, spec.reason, "safety")
        for start, end, _why in harm_finder(draft)[:MAX_RULE_HITS]
    ]


def _logistics_rule(norm: Normalised, catalogue: CoachCatalogue) -> bool:
    pattern = _pattern(catalogue, catalogue.logistics_patterns)
    return bool(pattern and pattern.search(norm.text))


def _model_findings(
    norm: Normalised,
    sentences: list[tuple[int, int]],
    catalogue: CoachCatalogue,
    scorer: Scorer,
    found: list[Finding],
) -> tuple[list[Finding], bool]:
    chosen = list(sentences)
    words = word_count(norm.text[chosen[0][0] : chosen[-1][1]])
    if WHOLE_DRAFT and 1 < len(chosen) <= WHOLE_DRAFT_MAX_SENTENCES and words <= WHOLE_DRAFT_WORDS:
        chosen = [*chosen, (chosen[0][0], chosen[-1][1])]  # the sentences read together
    texts = [expand_texting(norm.text[s:e], catalogue.abbreviations) for s, e in chosen]
    findings: list[Finding] = []
    logistic = False
    for (s, e), scores in zip(chosen, scorer(texts), strict=True):
        families = _families_from_scores(scores, catalogue)
        logistic = logistic or (not families and _is_logistics(scores))
        start, end = norm.span(s, e)
        for family in families:
            if any(f.family is family and f.start < end and start < f.end for f in found):
                continue
            spec = catalogue.families[family]
            findings.append(Finding(family, start, end, spec.severity, spec.reason, "model"))
    return findings, logistic


def model_budget(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences the model reads: the first ones, MODEL_WORDS words in all; the sentence that
    crosses the budget is cut there (dropped if less than MIN_MODEL_PART words would be left).
    The crisis detector's meaning rule reads these same spans (core.crisis), so they are embedded
    once."""
    chosen: list[tuple[int, int]] = []
    words = 0
    for start, end in sentences[:MODEL_SENTENCES]:
        left = MODEL_WORDS - words
        if left < MIN_MODEL_PART:
            break
        cut = first_words_end(text, start, end, left)
        chosen.append((start, cut))
        words += word_count(text[start:cut])
    return chosen


def _families_from_scores(scores: Mapping[str, float], catalogue: CoachCatalogue) -> list[Family]:
    neutral = max(scores.get("neutral", 0.0), scores.get("logistics", 0.0))
    candidates: list[tuple[float, Family]] = []
    for family, spec in catalogue.families.items():
        score = scores.get(family.value)
        if score is None:
            continue
        threshold = spec.threshold if spec.threshold is not None else catalogue.threshold
        beats_neutral = catalogue.margin is None or score >= neutral + catalogue.margin
        if score >= threshold and beats_neutral:
            candidates.append((score, family))
    candidates.sort(reverse=True)
    return [
        family
        for rank, (score, family) in enumerate(candidates[:MODEL_FAMILIES_PER_SENTENCE])
        if rank == 0 or score >= MODEL_SECOND_FAMILY
    ]


def _is_logistics(scores: Mapping[str, float]) -> bool:
    logistics = scores.get("logistics", 0.0)
    return logistics >= 0.45 and logistics >= scores.get("neutral", 0.0)


def _essay_finding(
    draft: str, norm: Normalised, catalogue: CoachCatalogue, findings: list[Finding]
) -> Finding | None:
    words = word_count(norm.text)
    spec = catalogue.families[Family.EMOTIONAL_ESSAY]
    cues = catalogue.family_patterns.get(Family.EMOTIONAL_ESSAY)
    heaviness = len({f.family for f in findings}) + (min(3, cues.count(norm.text)) if cues else 0)
    if words >= catalogue.essay_words or (words >= catalogue.heavy_essay_words and heaviness >= 2):
        return Finding(Family.EMOTIONAL_ESSAY, 0, len(draft), spec.severity, spec.reason)
    return None


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per family and span; overlapping hits of one family merge."""
    merged: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.family, f.start, -f.end)):
        last = merged[-1] if merged else None
        if last and last.family is finding.family and finding.start < last.end:
            if finding.end > last.end:
                merged[-1] = Finding(
                    last.family, last.start, finding.end, last.severity, last.reason, last.source
                )
            continue
        merged.append(finding)
    return merged


def context_findings(
    draft: str,
    context: CoachContext,
    catalogue: CoachCatalogue,
    content: list[Finding],
    logistics: bool,
) -> list[Finding]:
    """Findings about the moment, not the words: each spans the whole draft."""
    whole = (0, len(draft))
    out: list[tuple[Family, str | None, Verdict | None]] = []
    if context.do_not_contact:
        out.append((Family.DO_NOT_CONTACT, None, None))
    if context.stage not in CONTACT_STAGES:
        if not context.limited_contact:
            out.append((Family.NO_CONTACT_ACTIVE, None, None))
        elif not logistics or content:
            out.append((Family.NOT_LOGISTICS, None, None))
    if context.local_time is not None and context.local_time.hour < 5:
        out.append((Family.LATE_NIGHT, None, None))
    if context.drinking:
        out.append((Family.DRINKING, None, None))
    limit = 1 if context.stage is Stage.REACH_OUT else 2
    if context.unanswered >= limit:
        out.append((Family.UNANSWERED_STREAK, None, None))
    out += _pace(draft, context, catalogue.families[Family.PACE_MISMATCH].alt_reason)
    findings = []
    for family, reason, verdict in out:
        spec = catalogue.families[family]
        findings.append(
            Finding(family, *whole, spec.severity, reason or spec.reason, "context", verdict)
        )
    return findings


def _pace(
    draft: str, context: CoachContext, faster_reason: str
) -> list[tuple[Family, str | None, Verdict | None]]:
    found: list[tuple[Family, str | None, Verdict | None]] = []
    if context.their_last_lengths:
        typical = statistics.median(context.their_last_lengths)
        if len(draft.strip()) > max(3 * typical, typical + 120):
            found.append((Family.PACE_MISMATCH, None, Verdict.REWRITE))
    gap, mine = context.their_reply_gap_minutes, context.minutes_since_my_last
    if gap and mine is not None and context.unanswered >= 1 and mine < gap / 4:
        found.append((Family.PACE_MISMATCH, faster_reason or None, Verdict.WAIT))
    return found
