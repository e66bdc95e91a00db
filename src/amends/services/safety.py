"""Safety use cases: crisis checks, help lines, assessments, do-not-contact, evidence.

Other features call in here:
    from amends.services.safety import find_harm_spans, is_crisis   # default lexicon bound
    crisis_event_if_needed(text, now, source) -> Event | None          # to save with your entry
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from amends.catalogue.safety import Claim
from amends.config import Settings
from amends.core import assessment, crisis
from amends.core.assessment import Result, Taken
from amends.core.crisis import Resources, Span
from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind, latest

DO_NOT_CONTACT_REASONS = ("asked", "blocked", "protective_order")
CRISIS_SOURCES = ("journal", "draft", "reflection", "assessment", "workbook")


# --- crisis language (default-bound to the shipped lexicon) ---------------------------------


def find_harm_spans(text: str) -> list[Span]:
    """(start, end, reason) for each stretch of self-harm, suicide or harm-to-others language:
    the lexicon's patterns, plus its meaning rule when the local model is installed."""
    from amends.catalogue.crisis import load_crisis_lexicon

    return crisis.find_harm_spans(text, load_crisis_lexicon(), sentence_scorer())


@cache
def sentence_scorer() -> crisis.SentenceScorer | None:
    """Similarity of sentences to the shipped crisis and calm exemplars, or None without the
    model (AMENDS_NO_MODEL, or numpy/the MiniLM package missing): then patterns alone run.

    Sentences are spelled out as the coach's own model reads them (`model_text`), so the vectors
    the coach has just computed for a draft are reused (amends.semantic remembers them)."""
    from amends.catalogue.crisis import load_crisis_lexicon
    from amends.semantic import load_embedder

    embed = load_embedder()
    exemplars = _exemplars() if embed is not None else None
    rule = load_crisis_lexicon().model
    if embed is None or exemplars is None or rule is None:
        return None
    vectors, is_crisis_row = exemplars
    crisis_rows, calm_rows = vectors[is_crisis_row], vectors[~is_crisis_row]
    k = max(1, rule.neighbours)

    def nearest(sims: Any) -> Any:
        import numpy as np

        top = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
        return top.mean(axis=1)

    def score(texts: Sequence[str]) -> list[tuple[float, float]]:
        queries = embed([model_text(t) for t in texts])
        best_crisis = nearest(queries @ crisis_rows.T)
        best_calm = nearest(queries @ calm_rows.T)
        return [(float(c), float(n)) for c, n in zip(best_crisis, best_calm, strict=True)]

    return score


def model_text(text: str) -> str:
    """A text as the sentence model reads it, for the coach and the crisis detector alike:
    normalised (lower case, apostrophes dropped) and texting shorthand spelled out."""
    from amends.catalogue.families import load_families
    from amends.core.coach_text import expand_texting, normalise

    return expand_texting(normalise(text).text, load_families().abbreviations)


def _exemplars() -> tuple[Any, Any] | None:
    import numpy as np

    from amends.semantic import shipped_arrays

    try:
        with shipped_arrays("crisis_exemplars.npz") as data:
            return data["vectors"].astype(np.float32), data["crisis"].astype(bool)
    except (FileNotFoundError, KeyError, ValueError, OSError):
        return None


def is_crisis(text: str) -> bool:
    return bool(find_harm_spans(text))


def crisis_event_if_needed(text: str, now: datetime, source: str) -> Event | None:
    """A CRISIS_FLAGGED event to save alongside the text, or None when the text is calm."""
    if source not in CRISIS_SOURCES:
        raise ValueError(f"unknown crisis source {source!r}")
    return Event(EventKind.CRISIS_FLAGGED, now, {"source": source}) if is_crisis(text) else None


def help_now(settings: Settings, country: str | None = None) -> Resources:
    """Help lines for the given country, else AMENDS_COUNTRY, always with the fallbacks.

    A malformed --country is the user's to fix (AmendsError); a malformed AMENDS_COUNTRY is
    ignored, so the crisis flow never fails: it shows the lines that work anywhere."""
    from amends.catalogue.crisis import helplines_for

    if country:
        return helplines_for(country_code(country))
    env = (settings.country or "").strip().upper()
    return helplines_for(env if len(env) == 2 and env.isalpha() else None)


def country_code(country: str) -> str:
    code = country.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise AmendsError(
            f"{country!r} is not a two-letter country code.", "Use e.g. US, GB, IE, FR or AU."
        )
    return code


# --- the event log --------------------------------------------------------------------------


@contextmanager
def _session(settings: Settings) -> Iterator[Any]:
    from amends.storage.db import open_store

    with open_store(settings).transaction() as session:
        yield session


def _load(session: Any, *kinds: EventKind) -> list[Event]:
    from amends.storage import repository

    return repository.load_events(session, kinds or None)


def _save(session: Any, event: Event) -> Event:
    from amends.storage import repository

    return repository.save_event(session, event)


def safety_paused(events: list[Event]) -> bool:
    """A crisis is flagged and the user has not yet said they are safe."""
    flagged = latest(events, EventKind.CRISIS_FLAGGED)
    safe = latest(events, EventKind.SAFETY_CONFIRMED)
    return flagged is not None and (safe is None or safe.at < flagged.at)


def flag_crisis(settings: Settings, now: datetime, source: str) -> Event:
    if source not in CRISIS_SOURCES:
        raise ValueError(f"unknown crisis source {source!r}")
    with _session(settings) as session:
        return _save(session, Event(EventKind.CRISIS_FLAGGED, now, {"source": source}))


def confirm_safe(settings: Settings, now: datetime) -> bool:
    """Record that the user is safe now. False (and nothing stored) when nothing was paused."""
    with _session(settings) as session:
        events = _load(session, EventKind.CRISIS_FLAGGED, EventKind.SAFETY_CONFIRMED)
        if not safety_paused(events):
            return False
        _save(session, Event(EventKind.SAFETY_CONFIRMED, now, {}))
        return True


# --- assessments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """A scored assessment as stored, and what the user must see next."""

    result: Result
    event: Event
    crisis: bool  # PHQ-9 item 9 above 0: show the crisis flow
    pathway: bool  # HARK positive: show the safety pathway; reconnection is closed for good


def take_assessment(
    settings: Settings, now: datetime, instrument_id: str, answers: list[int]
) -> Outcome:
    """Score and store one instrument; a crisis item also flags a crisis, in one transaction."""
    from amends.catalogue.instruments import load_instrument

    result = assessment.score(load_instrument(instrument_id), answers)
    with _session(settings) as session:
        saved = _save(
            session, Event(EventKind.ASSESSMENT_TAKEN, now, assessment.assessment_data(result))
        )
        if result.crisis:
            _save(session, Event(EventKind.CRISIS_FLAGGED, now, {"source": "assessment"}))
    pathway = result.instrument.id == "hark" and result.positive
    return Outcome(result, saved, result.crisis, pathway)


def assessment_history(settings: Settings, instrument_id: str | None = None) -> list[Taken]:
    from amends.catalogue.instruments import load_instrument

    key = load_instrument(instrument_id).id if instrument_id else None
    with _session(settings) as session:
        return assessment.history(_load(session, EventKind.ASSESSMENT_TAKEN), key)


# --- do not contact -------------------------------------------------------------------------


def record_do_not_contact(settings: Settings, now: datetime, reason: str, note: str = "") -> str:
    """Store the request (a permanent stop for reach-out); returns the ex's nickname."""
    key = reason.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in DO_NOT_CONTACT_REASONS:
        raise AmendsError(
            f"{reason!r} is not a do-not-contact reason.",
            f"Use one of: {', '.join(DO_NOT_CONTACT_REASONS)}.",
        )
    with _session(settings) as session:
        started = latest(_load(session, EventKind.PLAN_STARTED), EventKind.PLAN_STARTED)
        _save(session, Event(EventKind.DO_NOT_CONTACT, now, {"reason": key, "note": note}))
    nickname = str(started.data.get("nickname") or "") if started else ""
    return nickname or "this person"


# --- evidence -------------------------------------------------------------------------------


def evidence_for(topic: str) -> list[Claim]:
    """Research claims for a topic: "cycling" (decide step), "checked_profile" (slips)."""
    from amends.catalogue.safety import load_claims

    return [claim for claim in load_claims() if claim.topic == topic]


LINE_KEYS = ("service", "phone", "text", "web", "hours", "source", "checked")


def resources_as_json(found: Resources) -> dict[str, Any]:
    """Help lines in the shape of `amends help-now --json` and the API."""
    kinds = ("emergency", "crisis", "domestic_abuse", "fallback")
    lines = {kind: [{k: getattr(x, k) for k in LINE_KEYS} for x in getattr(found, kind)]
             for kind in kinds}  # fmt: skip
    return {"country": found.country, "country_name": found.country_name, **lines}


def outcome_as_json(outcome: Any, found: Resources | None) -> dict[str, Any]:
    """A screen's result as `amends assess take --json` and POST /api/assessments/{id} show it."""
    result = outcome.result
    return {
        "instrument": result.instrument.id,
        "answers": list(result.answers),
        "score": result.score,
        "max_score": result.instrument.max_score,
        "band": result.band.id,
        "band_label": result.band.label,
        "positive": result.positive,
        "crisis": outcome.crisis,
        "pathway": outcome.pathway,
        "step_up": result.step_up,
        "citation": result.instrument.citation,
        "licence": result.instrument.licence,
        "copyright": result.instrument.copyright,
        "resources": resources_as_json(found) if found is not None else None,
    }
