"""Loads content/plan.toml: the wording of the plan's actions, blockers and readiness check."""

from __future__ import annotations

from functools import cache
from typing import Any

from amends.catalogue import load_toml
from amends.core.errors import AmendsError
from amends.core.plan import ActionText, PlanTexts


@cache
def load_plan_texts() -> PlanTexts:
    data = load_toml("plan.toml")
    try:
        actions = {
            key: ActionText(text=str(entry["text"]), why=str(entry["why"]))
            for key, entry in data["actions"].items()
        }
        blockers = {key: str(value) for key, value in data["blockers"].items()}
    except (KeyError, TypeError) as error:
        raise AmendsError(
            f"content/plan.toml is malformed ({error}).", "Reinstall amends."
        ) from error
    return PlanTexts(actions=actions, blockers=blockers)


@cache
def load_readiness() -> dict[str, Any]:
    """The readiness questions and the notes shown for particular answers."""
    return dict(load_toml("plan.toml")["readiness"])
