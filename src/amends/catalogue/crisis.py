"""Loads content/crisis_language.toml (the crisis lexicon) and content/crisis.toml (helplines)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from amends.catalogue import load_toml
from amends.core.crisis import CrisisLexicon, GroupSource, compile_lexicon
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
        return compile_lexicon(raw.get("vocab", {}), groups, idioms)
    except (KeyError, TypeError, ValueError) as error:
        raise AmendsError(
            f"The shipped file {LEXICON_FILE} is not valid ({error}).", "Reinstall amends."
        ) from error


def lexicon_examples() -> list[LexiconExamples]:
    """Each group's own flag/pass examples (the catalogue tests itself)."""
    raw: dict[str, Any] = load_toml(LEXICON_FILE)
    return [
        LexiconExamples(g["id"], tuple(g.get("flag", ())), tuple(g.get("pass", ())))
        for g in raw["group"]
    ]
