"""Loads content/crisis_language.toml (the crisis lexicon) and content/crisis.toml (helplines)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from amends.catalogue import load_toml
from amends.core.crisis import (
    CrisisLexicon,
    GroupSource,
    Helpline,
    ModelRule,
    Resources,
    compile_lexicon,
    resources_for,
)
from amends.core.errors import AmendsError

LEXICON_FILE = "crisis_language.toml"
HELPLINES_FILE = "crisis.toml"


@dataclass(frozen=True)
class LexiconExamples:
    group: str
    flag: tuple[str, ...]
    passes: tuple[str, ...]


@cache
def load_crisis_lexicon() -> CrisisLexicon:
    """The shipped crisis lexicon, compiled once per process."""
    raw = load_toml(LEXICON_FILE)
    try:
        groups = [
            GroupSource(g["id"], g["kind"], g["reason"], tuple(g["patterns"])) for g in raw["group"]
        ]
        idioms = [i["pattern"] for i in raw.get("idiom", [])]
        model = raw.get("model")
        rule = _model_rule(model) if model else None
        return compile_lexicon(raw.get("vocab", {}), groups, idioms, rule)
    except (KeyError, TypeError, ValueError, re.error) as error:
        raise AmendsError(
            f"The shipped file {LEXICON_FILE} is not valid ({error}).", "Reinstall amends."
        ) from error


def _model_rule(model: dict[str, Any]) -> ModelRule:
    cues = model.get("cues")
    return ModelRule(
        float(model["threshold"]),
        float(model["margin"]),
        str(model["reason"]),
        int(model.get("neighbours", 1)),
        re.compile(cues, re.IGNORECASE) if cues else None,
    )


def lexicon_examples() -> list[LexiconExamples]:
    """Each group's own flag/pass examples (the catalogue tests itself)."""
    raw: dict[str, Any] = load_toml(LEXICON_FILE)
    return [
        LexiconExamples(g["id"], tuple(g.get("flag", ())), tuple(g.get("pass", ())))
        for g in raw["group"]
    ]


@cache
def load_helplines() -> tuple[tuple[Helpline, ...], dict[str, str]]:
    """Every directory entry (fallbacks with kind "fallback") and the country names."""
    raw = load_toml(HELPLINES_FILE)
    try:
        lines = [_helpline(entry, entry["kind"]) for entry in raw["line"]]
        lines += [_helpline(entry, "fallback") for entry in raw["fallback"]]
        names = {str(k).upper(): str(v) for k, v in raw["countries"].items()}
    except (KeyError, TypeError) as error:
        raise AmendsError(
            f"The shipped file {HELPLINES_FILE} is not valid ({error}).", "Reinstall amends."
        ) from error
    return tuple(lines), names


def _helpline(entry: dict[str, Any], kind: str) -> Helpline:
    return Helpline(
        country=str(entry.get("country", "")).upper(),
        kind=kind,
        service=entry["service"],
        phone=entry.get("phone", ""),
        text=entry.get("text", ""),
        web=entry.get("web", ""),
        hours=entry.get("hours", ""),
        source=entry.get("source", ""),
        checked=entry.get("checked", ""),
    )


def helplines_for(country: str | None) -> Resources:
    lines, names = load_helplines()
    return resources_for(country, lines, names)
