"""Loads content/stages.toml and content/guidance/*.md into a validated core `Guide`."""

from __future__ import annotations

from functools import cache
from typing import Any

from amends.catalogue import load_toml, read_text
from amends.core.errors import AmendsError
from amends.core.guide import REBUILD_TRACK, Guide, StageInfo, TaskInfo, split_sections
from amends.core.stages import Stage

EXPECTED_IDS: frozenset[str] = frozenset({s.value for s in Stage} | {REBUILD_TRACK})


def _broken(what: str) -> AmendsError:
    return AmendsError(f"The shipped guide is broken: {what}.", "Reinstall amends.")


def _guidance(stage_id: str) -> tuple[str, dict[str, str]]:
    try:
        return split_sections(read_text(f"guidance/{stage_id}.md"))
    except FileNotFoundError:
        raise _broken(f"guidance/{stage_id}.md is missing") from None


def _stage(stage_id: str, raw: dict[str, Any]) -> StageInfo:
    intro, sections = _guidance(stage_id)
    tasks = []
    for entry in raw.get("tasks", []):
        task_id = entry["id"]
        if not sections.get(task_id):
            raise _broken(f"guidance/{stage_id}.md has no '## {task_id}' section")
        tasks.append(TaskInfo(id=task_id, line=entry["line"], guidance=sections.pop(task_id)))
    if sections:
        raise _broken(f"guidance/{stage_id}.md has sections for unknown tasks {sorted(sections)}")
    if not tasks:
        raise _broken(f"stage {stage_id} has no tasks")
    return StageInfo(
        id=stage_id,
        title=raw["title"],
        summary=raw["summary"],
        gate=raw["gate"],
        tasks=tuple(tasks),
        intro=intro,
    )


@cache
def load_guide() -> Guide:
    """Every stage and the rebuild track, in file order, each task with its guidance."""
    raw = load_toml("stages.toml")
    if set(raw) != EXPECTED_IDS:
        missing = sorted(EXPECTED_IDS - set(raw))
        unknown = sorted(set(raw) - EXPECTED_IDS)
        raise _broken(f"stages.toml is missing {missing} or has unknown {unknown}")
    try:
        return Guide(stages=tuple(_stage(stage_id, entry) for stage_id, entry in raw.items()))
    except KeyError as error:
        raise _broken(f"stages.toml lacks the key {error}") from None
