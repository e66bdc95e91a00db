"""Loads the safety texts, research claims and neutral reminder wording.

content/safety.toml (crisis message, safety pathway, do-not-contact wording, our own reflection
questions), content/evidence.toml (claims with citations), content/reminders.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from amends.catalogue import load_toml
from amends.core.errors import AmendsError


@dataclass(frozen=True)
class Claim:
    """A research finding in plain words, with the citation it rests on."""

    id: str
    topic: str
    text: str
    citation: str


@dataclass(frozen=True)
class Reflection:
    """Our own non-scored questions for a topic whose published scale we do not ship."""

    topic: str
    title: str
    instead_of: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Reminder:
    title: str
    body: str


def _invalid(path: str, error: Exception) -> AmendsError:
    return AmendsError(f"The shipped file {path} is not valid ({error}).", "Reinstall amends.")


@cache
def safety_texts() -> dict[str, Any]:
    """The [crisis], [safe], [pathway], [do_not_contact] and [screens] tables of safety.toml."""
    return load_toml("safety.toml")


def safety_text(section: str, key: str) -> str:
    try:
        return str(safety_texts()[section][key]).strip()
    except KeyError as error:
        raise _invalid("safety.toml", error) from error


@cache
def load_reflections() -> tuple[Reflection, ...]:
    try:
        return tuple(
            Reflection(r["topic"], r["title"], r["instead_of"], tuple(r["questions"]))
            for r in safety_texts()["reflection"]
        )
    except (KeyError, TypeError) as error:
        raise _invalid("safety.toml", error) from error


@cache
def load_claims() -> tuple[Claim, ...]:
    try:
        return tuple(
            Claim(c["id"], c["topic"], c["text"], c["citation"])
            for c in load_toml("evidence.toml")["claim"]
        )
    except (KeyError, TypeError) as error:
        raise _invalid("evidence.toml", error) from error


@cache
def load_reminders() -> dict[str, Reminder]:
    try:
        raw = load_toml("reminders.toml")["reminder"]
        return {key: Reminder(v["title"], v["body"]) for key, v in raw.items()}
    except (KeyError, TypeError) as error:
        raise _invalid("reminders.toml", error) from error


def forbidden_reminder_words() -> tuple[str, ...]:
    return tuple(load_toml("reminders.toml")["forbidden"]["words"])
