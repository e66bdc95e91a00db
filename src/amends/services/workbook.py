"""Workbook use cases: the reflection workbook and the decide step.

Reflection grows over several sittings: each save merges what is new into the latest answers
and stores the whole workbook as one REFLECTION_ANSWERED event, so the latest event is always
the full picture the plan reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from amends.config import Settings
from amends.core import decision as decision_rules
from amends.core import reflection
from amends.core.decision import Decision
from amends.core.events import Event, EventKind, latest

REFLECTION_KEYS = ("answers", *reflection.LIST_KEYS)


@dataclass(frozen=True)
class ReflectionResult:
    data: Mapping[str, Any]  # the whole workbook as stored
    missing: list[str]  # what the reflect gate still needs; [] when met
    saved: bool  # False when nothing new was given
    crisis: bool = False  # the new answers talk of harm: a CRISIS_FLAGGED event was stored


@dataclass(frozen=True)
class DecisionResult:
    decision: Decision
    data: Mapping[str, Any]  # the DECISION_MADE payload as stored
    reflection_missing: list[str]  # the reflect gate's gaps at the time of deciding
    do_not_contact: bool  # a do-not-contact stop is on record


@contextmanager
def _session(settings: Settings) -> Iterator[Any]:
    from amends.storage.db import open_store

    with open_store(settings).transaction() as session:
        yield session


def _latest(session: Any, kind: EventKind) -> Event | None:
    from amends.storage import repository

    return latest(repository.load_events(session, [kind]), kind)


def current_reflection(settings: Settings) -> Mapping[str, Any] | None:
    with _session(settings) as session:
        found = _latest(session, EventKind.REFLECTION_ANSWERED)
        return found.data if found else None


def save_reflection(
    settings: Settings, now: datetime, update: Mapping[str, Any]
) -> ReflectionResult:
    """Validate `update` (keys of the REFLECTION_ANSWERED payload), merge it, store the whole."""
    from amends.catalogue.workbook import load_workbook
    from amends.storage import repository

    clean = _validated_update(update, load_workbook().question_ids)
    with _session(settings) as session:
        previous = _latest(session, EventKind.REFLECTION_ANSWERED)
        before = reflection.merge_reflection(previous.data if previous else None, {})
        merged = reflection.merge_reflection(before, clean)
        saved = merged != before
        if saved:
            repository.save_event(session, Event(EventKind.REFLECTION_ANSWERED, now, merged))
        crisis = saved and _answers_in_crisis(clean)
        if crisis:
            repository.save_event(
                session, Event(EventKind.CRISIS_FLAGGED, now, {"source": "reflection"})
            )
        return ReflectionResult(merged, reflection.missing_for_gate(merged), saved, crisis)


def _answers_in_crisis(update: Mapping[str, Any]) -> bool:
    """Whether any newly written answer talks of harm (services.safety's crisis check)."""
    from amends.services.safety import is_crisis

    texts = [str(v) for v in (update.get("answers") or {}).values()]
    texts += [str(v) for key in ("my_part", "their_part", "changes") for v in update.get(key) or []]
    return any(is_crisis(text) for text in texts)


def _validated_update(update: Mapping[str, Any], question_ids: frozenset[str]) -> dict[str, Any]:
    from amends.core.errors import AmendsError

    unknown = sorted(set(update) - set(REFLECTION_KEYS))
    if unknown:
        raise AmendsError(
            f"The workbook answers have unknown keys {unknown}.",
            f"Use only: {', '.join(REFLECTION_KEYS)}.",
        )
    lists = {key: update.get(key) or [] for key in reflection.LIST_KEYS}
    return reflection.reflection_data(
        update.get("answers") or {}, **lists, question_ids=question_ids
    )


def make_decision(
    settings: Settings,
    now: datetime,
    go: Iterable[str],
    letgo: Iterable[str],
    wanted: str,
    cycles: int,
) -> DecisionResult:
    """Apply the decide rule (hard stops force moving on) and store DECISION_MADE."""
    from amends.storage import repository

    decision = decision_rules.decide(go, letgo, wanted)
    data = decision_rules.decision_data(decision, cycles)
    with _session(settings) as session:
        answered = _latest(session, EventKind.REFLECTION_ANSWERED)
        missing = reflection.missing_for_gate(answered.data if answered else {})
        stop = _latest(session, EventKind.DO_NOT_CONTACT) is not None
        repository.save_event(session, Event(EventKind.DECISION_MADE, now, data))
    return DecisionResult(decision, data, missing, stop)
