"""Loads content/workbook/*.toml: the workbook questions and the decide step's words."""

from __future__ import annotations

from functools import cache
from typing import Any

from amends.catalogue import load_toml
from amends.core.decision import Choice, DecideTexts, GoSign, LetGoSign, Reason
from amends.core.errors import AmendsError
from amends.core.reflection import ListPrompt, Question, RootCause, Workbook


def _broken(path: str, what: str) -> AmendsError:
    return AmendsError(f"The shipped {path} is broken: {what}.", "Reinstall amends.")


def _labels(path: str, raw: dict[str, Any], enum: type[Any]) -> dict[Any, str]:
    """One label per enum member, no more, no fewer."""
    labels = {key: value for key, value in raw.items() if key != "heading"}
    expected = {member.value for member in enum}
    if set(labels) != expected:
        raise _broken(path, f"labels {sorted(labels)} differ from {sorted(expected)}")
    return {enum(key): str(value).strip() for key, value in labels.items()}


def _list_prompt(raw: dict[str, Any]) -> ListPrompt:
    return ListPrompt(prompt=raw["prompt"], examples=tuple(raw.get("examples", ())))


@cache
def load_workbook() -> Workbook:
    path = "workbook/reflect.toml"
    raw = load_toml(path)
    try:
        questions = tuple(
            Question(q["id"], q["prompt"], q.get("hint", "")) for q in raw["questions"]
        )
        if len({q.id for q in questions}) != len(questions):
            raise _broken(path, "two questions share an id")
        return Workbook(
            intro=raw["intro"].strip(),
            questions=questions,
            my_part=_list_prompt(raw["my_part"]),
            their_part=_list_prompt(raw["their_part"]),
            changes=_list_prompt(raw["changes"]),
            root_cause_prompt=raw["root_causes"]["prompt"],
            root_cause_labels=_labels(path, raw["root_causes"]["labels"], RootCause),
            gate_met=raw["gate"]["met"],
            gate_missing=raw["gate"]["missing"],
            prompts={key: str(value) for key, value in raw["prompts"].items()},
        )
    except KeyError as error:
        raise _broken(path, f"the key {error} is missing") from None


@cache
def load_decide_texts() -> DecideTexts:
    path = "workbook/decide.toml"
    raw = load_toml(path)
    try:
        return DecideTexts(
            intro=raw["intro"].strip(),
            go_heading=raw["go"]["heading"],
            go_labels=_labels(path, raw["go"], GoSign),
            letgo_heading=raw["letgo"]["heading"],
            letgo_labels=_labels(path, raw["letgo"], LetGoSign),
            choice_prompt=raw["choices"]["prompt"],
            choice_labels=_labels(
                path, {k: v for k, v in raw["choices"].items() if k != "prompt"}, Choice
            ),
            reasons=_labels(path, raw["reasons"], Reason),
            notes={key: str(value).strip() for key, value in raw["notes"].items()},
        )
    except KeyError as error:
        raise _broken(path, f"the key {error} is missing") from None
