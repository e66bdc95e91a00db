"""The reflection workbook: answers on both sides, root causes, and the reflect gate.

The workbook's questions live in content/workbook/reflect.toml; this module validates what the
user wrote into the REFLECTION_ANSWERED payload and says what the gate is still missing:
    {"answers": {question_id: text}, "my_part": [str], "their_part": [str],
     "root_causes": [RootCause ids], "changes": [str]}
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from amends.core.errors import AmendsError


class RootCause(StrEnum):
    """The families root causes fall into (METHOD.md stage 4)."""

    COMMUNICATION = "communication"
    UNMET_NEEDS = "unmet_needs"
    TRUST_INFIDELITY = "trust_infidelity"
    JEALOUSY_INSECURITY = "jealousy_insecurity"
    MONEY = "money"
    LIFE_GOALS = "life_goals"
    GROWING_APART = "growing_apart"
    CIRCUMSTANCES = "circumstances"
    MISUNDERSTANDING = "misunderstanding"


LIST_KEYS: tuple[str, ...] = ("my_part", "their_part", "root_causes", "changes")

# A change is concrete when it says what you will do, which takes a few words:
# "therapy every other week" counts, "be better" does not.
CONCRETE_CHANGE_MIN_WORDS = 3


def is_concrete(change: str) -> bool:
    return len(change.split()) >= CONCRETE_CHANGE_MIN_WORDS


def missing_for_gate(data: Mapping[str, Any]) -> list[str]:
    """What the reflect gate still needs, as short phrases ([] when the gate is met).

    The gate (METHOD.md stage 4): answers on both sides (my part and their part) and at least
    one concrete change the user is making.
    """
    missing = []
    if not _texts(data.get("my_part")):
        missing.append("your part in how it ended")
    if not _texts(data.get("their_part")):
        missing.append("their part in how it ended")
    if not any(is_concrete(change) for change in _texts(data.get("changes"))):
        missing.append("one concrete change you are making (a few words on what you will do)")
    return missing


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list | tuple):
        return []
    return [item.strip() for item in value if isinstance(item, str) and item.strip()]


def parse_root_cause(value: str) -> RootCause:
    try:
        return RootCause(value.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        known = ", ".join(r.value for r in RootCause)
        raise AmendsError(f"Unknown root cause {value!r}.", f"Use one of: {known}.") from None


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())


def reflection_data(
    answers: Mapping[str, Any],
    my_part: Iterable[str] = (),
    their_part: Iterable[str] = (),
    root_causes: Iterable[str] = (),
    changes: Iterable[str] = (),
    question_ids: Collection[str] | None = None,
) -> dict[str, Any]:
    """A validated, normalised REFLECTION_ANSWERED payload (blank items dropped, no repeats)."""
    if not isinstance(answers, Mapping):
        raise AmendsError("answers must map question ids to text.", 'Write {"id": "text"}.')
    clean_answers: dict[str, str] = {}
    for key, text in answers.items():
        if question_ids is not None and key not in question_ids:
            known = ", ".join(sorted(question_ids))
            raise AmendsError(f"Unknown workbook question {key!r}.", f"Use one of: {known}.")
        if not isinstance(text, str):
            raise AmendsError(f"The answer to {key!r} is not text.", "Write answers as text.")
        if text.strip():
            clean_answers[key] = text.strip()
    return {
        "answers": clean_answers,
        "my_part": _unique(_checked_texts("my_part", my_part)),
        "their_part": _unique(_checked_texts("their_part", their_part)),
        "root_causes": _unique(
            parse_root_cause(r).value for r in _checked_texts("root_causes", root_causes)
        ),
        "changes": _unique(_checked_texts("changes", changes)),
    }


def _checked_texts(key: str, items: Iterable[Any]) -> list[str]:
    if isinstance(items, str):
        items = [items]
    texts = list(items)
    if any(not isinstance(item, str) for item in texts):
        raise AmendsError(f"{key} must be a list of text.", 'Write it as ["...", "..."].')
    return _texts(texts)


def merge_reflection(
    previous: Mapping[str, Any] | None, update: Mapping[str, Any]
) -> dict[str, Any]:
    """The previous payload with `update` added: answers overwritten per question, lists extended.

    Reflection grows over days; running the workbook again adds to it rather than wiping it.
    """
    base: Mapping[str, Any] = previous or {}
    answers = {**dict(base.get("answers") or {}), **dict(update.get("answers") or {})}
    lists = {key: [*(base.get(key) or []), *(update.get(key) or [])] for key in LIST_KEYS}
    return reflection_data(answers, **lists)


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    hint: str = ""


@dataclass(frozen=True)
class ListPrompt:
    """A list the user fills: a prompt and examples to pick from or to spark their own words."""

    prompt: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Workbook:
    """The workbook's words (content/workbook/reflect.toml), loaded by catalogue/workbook.py."""

    intro: str
    questions: tuple[Question, ...]
    my_part: ListPrompt
    their_part: ListPrompt
    changes: ListPrompt
    root_cause_prompt: str
    root_cause_labels: Mapping[RootCause, str]
    gate_met: str
    gate_missing: str
    prompts: Mapping[str, str]  # answer, pick, own_words, bad_pick, kept

    @property
    def question_ids(self) -> frozenset[str]:
        return frozenset(q.id for q in self.questions)
