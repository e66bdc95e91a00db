"""Coach use cases: check a draft, hold it, and bring held drafts back the next morning.

The context comes from the stored plan (services.plan.current_context) when there is one; the
preview flags of `amends check` override it, and without a plan the check works from flags alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from functools import cache
from typing import Any

from amends.config import Settings
from amends.core.coach import (
    CoachCatalogue,
    CoachContext,
    Review,
    Verdict,
    review,
)
from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind
from amends.core.held_drafts import HeldSummary, held_summary
from amends.core.stages import Stage

MAX_DRAFT_CHARS = 1_000_000  # a 1 MB draft is reviewed; anything longer is refused
CHOICES = ("send", "rewrite", "let_go")
MORNING = time(7, 0)  # a held draft comes back from 7 a.m. the day after it was held


@dataclass(frozen=True)
class Preview:
    """`amends check` flags; None = take it from the stored plan (or the default)."""

    stage: Stage | None = None
    at: time | None = None
    drinking: bool = False
    limited_contact: bool | None = None
    unanswered: int | None = None
    do_not_contact: bool | None = None


@dataclass(frozen=True)
class Check:
    draft: str
    review: Review
    context: CoachContext
    from_plan: bool  # the stored plan supplied the context
    held: Event | None = None


@dataclass(frozen=True)
class HeldDraft:
    event: Event
    review: Review  # a fresh review, in today's context
    due: bool  # it is the morning after (or later): time to decide


def harm_finder() -> Callable[[str], list[tuple[int, int, str]]] | None:
    """The crisis-language detector (core.crisis + its shipped lexicon): its patterns read the
    whole draft, its meaning rule the sentences the coach's model reads and the two others that
    look most like crisis by a cheap reading (`crisis_ranker`), so even a 1 MB draft is checked
    in about a second and a long draft costs little more than the coach's own reading."""
    try:
        from amends.catalogue.crisis import load_crisis_lexicon
        from amends.core import crisis
        from amends.services.safety import sentence_scorer
    except ImportError:  # pragma: no cover - the detector ships with amends
        return None
    lexicon, meaning = load_crisis_lexicon(), sentence_scorer()
    rank = crisis_ranker() if meaning is not None else None
    return lambda text: crisis.find_harm_spans(text, lexicon, meaning, rank)


@cache
def crisis_ranker() -> Callable[[Sequence[str]], list[float]] | None:
    """For each sentence, how much more it looks like the crisis exemplars than the calm ones
    (mean similarity of the nearest few of each) by the model's static reading (semantic
    `static`: no encoder, ~0.1 ms a sentence). Exemplars are read on first use: most drafts
    are within the coach's budget and never need it."""
    from amends.semantic import load_embedder
    from amends.services.safety import model_text

    static = getattr(load_embedder(), "static", None)
    if static is None:
        return None
    exemplars: list[Any] = []

    def nearest(sims: Any, k: int = 3) -> Any:
        import numpy as np

        return np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:].mean(axis=1)

    def rank(texts: Sequence[str]) -> list[float]:
        if not exemplars:
            exemplars.extend(_static_exemplars(static, model_text))
        crisis_rows, calm_rows = exemplars
        queries = static([model_text(t) for t in texts])
        margin = nearest(queries @ crisis_rows.T) - nearest(queries @ calm_rows.T)
        return [float(m) for m in margin]

    return rank


def _static_exemplars(static: Callable[[Sequence[str]], Any], spell: Any) -> list[Any]:
    """The exemplars' static readings, crisis rows then calm rows: as shipped (bench/
    crisis_train.py --static), or computed from the shipped texts (~0.2 s) when missing."""
    import numpy as np

    from amends.semantic import shipped_arrays

    with shipped_arrays("crisis_exemplars.npz") as data:
        is_crisis = data["crisis"].astype(bool)
        if "static" in data.files:
            vectors = data["static"].astype(np.float32)
        else:
            vectors = static([spell(str(t)) for t in data["texts"]])
    return [vectors[is_crisis], vectors[~is_crisis]]


def scorer(catalogue: CoachCatalogue) -> Callable[[Sequence[str]], Any] | None:
    from amends.semantic import load_scorer

    return load_scorer(catalogue)


def check_draft(
    settings: Settings, now: datetime, draft: str, preview: Preview, hold: bool = False
) -> Check:
    """Review a draft in the plan's context (preview flags win); optionally hold it."""
    from amends.catalogue.families import load_families

    text = validate_draft(draft)
    context, from_plan = build_context(settings, now, preview)
    catalogue = load_families()
    result = review(text, context, catalogue, scorer(catalogue), harm_finder())
    if result.crisis:
        _flag_crisis(settings, now)
    held = None
    if hold:
        if result.verdict is Verdict.SEND:
            raise AmendsError(
                "This draft is fine to send, so there is nothing to hold.",
                "Send it when you are ready.",
            )
        held = _save(
            settings,
            Event(
                EventKind.DRAFT_HELD,
                now,
                {
                    "draft": text,
                    "verdict": result.verdict.value,
                    "families": [f.value for f in result.families],
                },
            ),
        )
    return Check(text, result, context, from_plan, held)


def _flag_crisis(settings: Settings, now: datetime) -> None:
    """Harm language in a draft pauses contact coaching until the user says they are safe (the
    review has already found it: the draft is not read a second time)."""
    _save(settings, Event(EventKind.CRISIS_FLAGGED, now, {"source": "draft"}))


def validate_draft(draft: str) -> str:
    if "\x00" in draft:
        raise AmendsError(
            "The draft contains binary data, not text.",
            "Pass the message as text, or a UTF-8 text file with --file.",
        )
    if not draft.strip():
        raise AmendsError(
            "The draft is empty.", 'Pass the message, e.g. amends check "hey, how are you?".'
        )
    if len(draft) > MAX_DRAFT_CHARS:
        raise AmendsError(
            f"The draft is longer than {MAX_DRAFT_CHARS:,} characters.",
            "Nobody reads a message that long; shorten it a lot.",
        )
    return draft


def read_draft_file(data: bytes) -> str:
    """A draft file's text: UTF-8 (with or without BOM), refused clearly when it is not text."""
    if b"\x00" in data[:4096]:
        raise AmendsError("That file is binary, not a text message.", "Use a UTF-8 text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AmendsError(
            f"That file is not valid UTF-8 text (byte {error.start}).",
            "Save it as UTF-8 and try again.",
        ) from None


def build_context(settings: Settings, now: datetime, preview: Preview) -> tuple[CoachContext, bool]:
    stored = _plan_context(settings, now)
    base = CoachContext(local_time=now.timetz().replace(tzinfo=None))
    if stored is not None:
        base = replace(
            base,
            stage=stored.stage,
            limited_contact=stored.limited,
            do_not_contact=stored.do_not_contact,
            safety_pause=bool(getattr(stored, "safety_pause", False)),
        )
    context = replace(
        base,
        stage=preview.stage or base.stage,
        local_time=preview.at or base.local_time,
        drinking=preview.drinking,
        limited_contact=base.limited_contact
        if preview.limited_contact is None
        else preview.limited_contact,
        unanswered=base.unanswered if preview.unanswered is None else preview.unanswered,
        do_not_contact=base.do_not_contact or bool(preview.do_not_contact),
    )
    return context, stored is not None


def _with_pace(settings: Settings, context: CoachContext) -> CoachContext:
    """Their recent pace from the latest imported chat (issue 4), when there is one."""
    import statistics

    try:
        from amends.services.chats import latest_pace
    except ImportError:  # pragma: no cover - chats ship with amends
        return context
    pace = latest_pace(settings)
    if pace is None:
        return context
    gaps = pace.their_reply_gaps_s
    return replace(
        context,
        their_last_lengths=tuple(pace.their_lengths[-5:]),
        their_reply_gap_minutes=statistics.median(gaps) / 60 if gaps else None,
        unanswered=pace.unanswered_streak,
    )


def _plan_context(settings: Settings, now: datetime) -> Any:
    from amends.services.plan import current_context

    return current_context(settings, now)


def held_drafts(
    settings: Settings, now: datetime, preview: Preview | None = None
) -> list[HeldDraft]:
    """Held drafts still waiting for a decision, each with a fresh review."""
    from amends.catalogue.families import load_families

    summary = summary_of(settings)
    context, _ = build_context(settings, now, preview or Preview())
    catalogue = load_families()
    score, harm = scorer(catalogue), harm_finder()
    return [
        HeldDraft(
            event,
            review(str(event.data.get("draft", "")), context, catalogue, score, harm),
            due=now >= morning_after(event.at),
        )
        for event in summary.waiting
    ]


def morning_after(held_at: datetime) -> datetime:
    return datetime.combine(held_at.date() + timedelta(days=1), MORNING, held_at.tzinfo)


def resolve_held(settings: Settings, now: datetime, held_id: int, choice: str) -> Event:
    """Log what became of a held draft: send, rewrite or let go (a win)."""
    key = choice.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in CHOICES:
        raise AmendsError(f"{choice!r} is not a choice.", "Use send, rewrite or let-go.")
    waiting = {e.id for e in summary_of(settings).waiting}
    if held_id not in waiting:
        raise AmendsError(
            f"There is no held draft #{held_id} waiting.", "See them with `amends held`."
        )
    return _save(
        settings, Event(EventKind.DRAFT_RESOLVED, now, {"held_id": held_id, "choice": key})
    )


def summary_of(settings: Settings) -> HeldSummary:
    from amends.storage import repository
    from amends.storage.db import open_store

    with open_store(settings).transaction() as session:
        events = repository.load_events(session, [EventKind.DRAFT_HELD, EventKind.DRAFT_RESOLVED])
    return held_summary(events)


def _save(settings: Settings, event: Event) -> Event:
    from amends.storage import repository
    from amends.storage.db import open_store

    with open_store(settings).transaction() as session:
        return repository.save_event(session, event)
