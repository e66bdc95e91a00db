"""The message coach: review(draft, context, catalogue) -> Review. Pure; no I/O.

A review reads the draft twice: the rule catalogue (data, content/families.toml) finds exact
spans, and an optional `scorer` (a sentence-embedding model, see amends.semantic) recognises the
same families when they are paraphrased. Context families come from the context, content
families from the text; the stage decides which content families are acceptable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

from amends.core.stages import Stage

if TYPE_CHECKING:
    from amends.core.coach_rules import Patterns


class Family(StrEnum):
    BEGGING = "begging"
    DESPERATION = "desperation"
    GUILT = "guilt"
    ULTIMATUM = "ultimatum"
    THREAT = "threat"
    BLAME = "blame"
    HOSTILITY = "hostility"
    RELATIONSHIP_PRESSURE = "relationship_pressure"
    LOVE_LIFE_INTERROGATION = "love_life_interrogation"
    JEALOUSY_BAIT = "jealousy_bait"
    EMOTIONAL_ESSAY = "emotional_essay"
    CHANGE_PROMISE = "change_promise"
    OVER_APOLOGY = "over_apology"
    BREAKUP_REHASH = "breakup_rehash"
    HARM = "harm"
    NO_CONTACT_ACTIVE = "no_contact_active"
    NOT_LOGISTICS = "not_logistics"
    LATE_NIGHT = "late_night"
    DRINKING = "drinking"
    UNANSWERED_STREAK = "unanswered_streak"
    PACE_MISMATCH = "pace_mismatch"
    DO_NOT_CONTACT = "do_not_contact"


CONTEXT_FAMILIES: frozenset[Family] = frozenset(
    {
        Family.NO_CONTACT_ACTIVE,
        Family.NOT_LOGISTICS,
        Family.LATE_NIGHT,
        Family.DRINKING,
        Family.UNANSWERED_STREAK,
        Family.PACE_MISMATCH,
        Family.DO_NOT_CONTACT,
    }
)
CONTENT_FAMILIES: tuple[Family, ...] = tuple(f for f in Family if f not in CONTEXT_FAMILIES)


class Verdict(StrEnum):
    SEND = "send"
    REWRITE = "rewrite"
    WAIT = "wait"
    STOP = "stop"


VERDICT_ORDER: tuple[Verdict, ...] = (Verdict.SEND, Verdict.REWRITE, Verdict.WAIT, Verdict.STOP)


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class CoachContext:
    """What the coach knows besides the text. Preview flags in the CLI override the stored plan.

    The pace fields come from chat metrics when a chat is imported (issue 4); None = unknown.
    """

    stage: Stage = Stage.RECONNECT
    local_time: time | None = None
    drinking: bool = False
    limited_contact: bool = False
    do_not_contact: bool = False
    unanswered: int = 0  # the user's messages in a row with no reply
    their_last_lengths: tuple[int, ...] = ()  # characters in their most recent messages
    their_reply_gap_minutes: float | None = None  # their typical time to reply
    minutes_since_my_last: float | None = None  # since the user's own last message
    safety_pause: bool = False  # a crisis was flagged and the user has not said they are safe


@dataclass(frozen=True)
class Example:
    """A catalogue example: a draft and the context it is judged in."""

    text: str
    context: CoachContext


@dataclass(frozen=True)
class FamilySpec:
    """One entry of the risk-family catalogue (content/families.toml)."""

    id: Family
    kind: str  # "content" or "context"
    severity: Severity
    verdict: Verdict
    acceptable_in: frozenset[Stage]
    reason: str
    patterns: tuple[str, ...] = ()
    exemplars: tuple[str, ...] = ()
    flag: tuple[Example, ...] = ()
    passes: tuple[Example, ...] = ()
    threshold: float | None = None  # model similarity needed; None = the catalogue default
    alt_reason: str = ""  # a second wording (pace: writing faster rather than longer)


@dataclass(frozen=True)
class CoachCatalogue:
    families: Mapping[Family, FamilySpec]
    neutral: tuple[str, ...]  # good sentences: the model's counterweight
    logistics_patterns: tuple[str, ...]
    logistics_exemplars: tuple[str, ...]
    abbreviations: Mapping[str, str]
    macros: Mapping[str, str]
    openers: Mapping[Stage, str]  # a short light message fit for each stage (rewrites)
    threshold: float = 0.6  # default model score to flag a family
    # and by how much it must beat neutral; None: it need not (a sigmoid head scores "neutral"
    # as one more yes/no, not as a rival sharing the same probability)
    margin: float | None = 0.05
    essay_words: int = 80  # a message this long is an essay in any stage that flags essays
    heavy_essay_words: int = 45  # shorter, but emotionally heavy (two findings or more)
    first_message_words: int = 40  # reaching out: the one message should be short and light

    # Derived once per catalogue: every review (and every rewrite) reads them.
    @cached_property
    def macro_items(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.macros.items()))

    @cached_property
    def content_family_patterns(self) -> tuple[Patterns, ...]:
        """The word families' patterns (not the essay's: a length rule with cue words)."""
        return tuple(
            patterns
            for family, patterns in self.family_patterns.items()
            if self.families[family].kind == "content" and family is not Family.EMOTIONAL_ESSAY
        )

    @cached_property
    def family_patterns(self) -> dict[Family, Patterns]:
        """Each family's patterns, compiled (families without patterns left out)."""
        from amends.core.coach_rules import compile_patterns

        return {
            family: compile_patterns(spec.patterns, self.macro_items)
            for family, spec in self.families.items()
            if spec.patterns
        }


@dataclass(frozen=True)
class Finding:
    family: Family
    start: int
    end: int
    severity: Severity
    reason: str
    source: str = "rule"  # rule, model or context
    verdict: Verdict | None = None  # overrides the family's verdict (pace: faster vs longer)


@dataclass(frozen=True)
class Review:
    verdict: Verdict
    findings: tuple[Finding, ...]
    rewrite: str | None = None
    crisis: bool = False  # harm language: show crisis resources, never advice
    model_used: bool = False

    @property
    def families(self) -> tuple[Family, ...]:
        return tuple(dict.fromkeys(f.family for f in self.findings))

    def as_json(self) -> dict[str, object]:
        return {
            "verdict": self.verdict.value,
            "findings": [
                {
                    "family": f.family.value,
                    "start": f.start,
                    "end": f.end,
                    "severity": f.severity.value,
                    "reason": f.reason,
                    "source": f.source,
                }
                for f in self.findings
            ],
            "rewrite": self.rewrite,
            "crisis": self.crisis,
        }


# texts (normalised sentences) -> one mapping per text: label -> similarity. Labels are family
# ids plus "neutral" and "logistics". Built by amends.semantic; None = rules only.
Scorer = Callable[[Sequence[str]], Sequence[Mapping[str, float]]]
HarmFinder = Callable[[str], list[tuple[int, int, str]]]


def review(
    draft: str,
    context: CoachContext,
    catalogue: CoachCatalogue,
    scorer: Scorer | None = None,
    harm_finder: HarmFinder | None = None,
) -> Review:
    """Judge a draft to the ex.

    1. Content findings: rules over the normalised text, the model over each sentence.
    2. Drop content findings the stage accepts (measured talk about "us" in the honest talk).
    3. Context findings: do-not-contact, no contact, limited contact, night, drinking, pace.
    4. The verdict is the strictest any finding forces; a rewrite when content is the problem.
    """
    from amends.core.coach_rewrite import rewrite_draft
    from amends.core.coach_rules import content_findings, context_findings

    content, logistics = content_findings(draft, catalogue, scorer, harm_finder)
    content += _long_first_message(draft, context, catalogue, content)
    content = [
        f for f in content if context.stage not in catalogue.families[f.family].acceptable_in
    ]
    findings = content + context_findings(draft, context, catalogue, content, logistics)
    findings.sort(key=lambda f: (f.start, f.end, f.family))
    verdict = decide_verdict(findings, catalogue)
    crisis = any(f.family is Family.HARM for f in findings)
    if context.safety_pause:  # contact coaching waits until `amends safe`; help comes first
        crisis = True
        if VERDICT_ORDER.index(verdict) < VERDICT_ORDER.index(Verdict.WAIT):
            verdict = Verdict.WAIT
    text = None
    if verdict in (Verdict.REWRITE, Verdict.WAIT) and any(
        f.family in CONTENT_FAMILIES or f.family is Family.PACE_MISMATCH for f in findings
    ):
        text = rewrite_draft(draft, findings, context, catalogue) or None
    return Review(verdict, tuple(findings), text, crisis, model_used=scorer is not None)


def _long_first_message(
    draft: str, context: CoachContext, catalogue: CoachCatalogue, found: list[Finding]
) -> list[Finding]:
    """Reaching out, even a calm message is too long past first_message_words."""
    from amends.core.coach_text import normalise, word_count

    if context.stage is not Stage.REACH_OUT or any(
        f.family is Family.EMOTIONAL_ESSAY for f in found
    ):
        return []
    if word_count(normalise(draft).text) < catalogue.first_message_words:
        return []
    spec = catalogue.families[Family.EMOTIONAL_ESSAY]
    return [Finding(Family.EMOTIONAL_ESSAY, 0, len(draft), Severity.LOW, spec.alt_reason)]


def decide_verdict(findings: Iterable[Finding], catalogue: CoachCatalogue) -> Verdict:
    worst = Verdict.SEND
    for finding in findings:
        forced = finding.verdict or catalogue.families[finding.family].verdict
        if VERDICT_ORDER.index(forced) > VERDICT_ORDER.index(worst):
            worst = forced
    return worst
