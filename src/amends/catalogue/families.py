"""The coach's risk-family catalogue: content/families.toml -> core.coach.CoachCatalogue."""

from __future__ import annotations

import re
from datetime import time
from functools import cache
from typing import Any

from amends.catalogue import load_toml
from amends.core.coach import (
    CoachCatalogue,
    CoachContext,
    Example,
    Family,
    FamilySpec,
    Severity,
    Verdict,
)
from amends.core.errors import AmendsError
from amends.core.stages import Stage

PATH = "families.toml"


@cache
def load_families() -> CoachCatalogue:
    """The shipped catalogue, validated once: every family present, every pattern compiles."""
    raw = load_toml(PATH)
    try:
        families = {Family(fid): _family(fid, entry) for fid, entry in raw["families"].items()}
        missing = set(Family) - set(families)
        if missing:
            raise ValueError(f"missing families: {sorted(missing)}")
        catalogue = CoachCatalogue(
            families=families,
            neutral=tuple(raw["neutral"]["exemplars"]),
            logistics_patterns=tuple(raw["logistics"]["patterns"]),
            logistics_exemplars=tuple(raw["logistics"]["exemplars"]),
            abbreviations=dict(raw["abbreviations"]),
            macros=dict(raw["macros"]),
            openers={Stage(k): v for k, v in raw["openers"].items()},
            threshold=float(raw["model"]["threshold"]),
            margin=float(raw["model"]["margin"]) if "margin" in raw["model"] else None,
            essay_words=int(raw["essay"]["words"]),
            heavy_essay_words=int(raw["essay"]["heavy_words"]),
            first_message_words=int(raw["essay"]["first_message_words"]),
        )
        _check_patterns(catalogue)
    except (KeyError, ValueError, TypeError, re.error) as error:
        raise AmendsError(
            f"The shipped {PATH} is invalid ({error}).", "Reinstall amends."
        ) from error
    return catalogue


def _family(fid: str, entry: dict[str, Any]) -> FamilySpec:
    threshold = entry.get("threshold")
    return FamilySpec(
        id=Family(fid),
        kind=str(entry["kind"]),
        severity=Severity(entry["severity"]),
        verdict=Verdict(entry["verdict"]),
        acceptable_in=frozenset(Stage(s) for s in entry.get("acceptable_in", [])),
        reason=str(entry["reason"]),
        patterns=tuple(entry.get("patterns", [])),
        exemplars=tuple(entry.get("exemplars", [])),
        flag=tuple(_example(e) for e in entry.get("flag", [])),
        passes=tuple(_example(e) for e in entry.get("passes", [])),
        threshold=float(threshold) if threshold is not None else None,
        alt_reason=str(entry.get("alt_reason", "")),
    )


def _example(value: str | dict[str, Any]) -> Example:
    if isinstance(value, str):
        return Example(value, example_context({}))
    return Example(str(value["text"]), example_context(value))


def example_context(keys: dict[str, Any]) -> CoachContext:
    """A context from example keys: stage, at (HH:MM), drinking, limited, unanswered, dnc..."""
    at = str(keys.get("at", "14:00"))
    return CoachContext(
        stage=Stage(keys.get("stage", "reconnect")),
        local_time=time.fromisoformat(at),
        drinking=bool(keys.get("drinking", False)),
        limited_contact=bool(keys.get("limited", False)),
        do_not_contact=bool(keys.get("dnc", False)),
        unanswered=int(keys.get("unanswered", 0)),
        their_last_lengths=tuple(int(n) for n in keys.get("their_lengths", ())),
    )


def _check_patterns(catalogue: CoachCatalogue) -> None:
    from amends.core.coach_rules import compile_patterns

    for spec in catalogue.families.values():
        compile_patterns(spec.patterns, catalogue.macro_items)
    compile_patterns(catalogue.logistics_patterns, catalogue.macro_items)


def coach_texts() -> dict[str, dict[str, str]]:
    """The wording around a review (content/coach/texts.toml)."""
    return load_toml("coach/texts.toml")
