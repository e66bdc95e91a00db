"""The guide: each stage's title, summary, gate and tasks, with the guidance text for each task.

The words live in content/stages.toml and content/guidance/<stage>.md; catalogue/stages.py
loads and validates them into these frozen types, so the core (the plan engine, `amends guide`)
receives a `Guide` as an argument and never opens a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from amends.core.errors import AmendsError
from amends.core.stages import Stage

# Rebuilding yourself is a track that runs from no contact onwards, not a stage that blocks.
REBUILD_TRACK = "rebuild"

_SECTION = re.compile(r"^## +(\S+) *$", re.MULTILINE)


@dataclass(frozen=True)
class TaskInfo:
    id: str
    line: str  # one line saying what to do
    guidance: str = ""  # Markdown body of the task's "## <id>" section


@dataclass(frozen=True)
class StageInfo:
    id: str  # a Stage value, or REBUILD_TRACK
    title: str
    summary: str
    gate: str  # the gate to the next stage, in plain words
    tasks: tuple[TaskInfo, ...]
    intro: str = ""  # Markdown before the first task section

    def task(self, task_id: str) -> TaskInfo:
        for task in self.tasks:
            if task.id == task_id:
                return task
        known = ", ".join(t.id for t in self.tasks)
        raise AmendsError(f"Unknown task {task_id!r} in {self.id}.", f"Use one of: {known}.")

    @property
    def task_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tasks)


@dataclass(frozen=True)
class Guide:
    stages: tuple[StageInfo, ...]  # in the order of stages.toml

    def stage(self, stage_id: str | Stage) -> StageInfo:
        wanted = str(stage_id).strip().lower()
        for info in self.stages:
            if info.id == wanted:
                return info
        known = ", ".join(s.id for s in self.stages)
        raise AmendsError(f"Unknown stage {stage_id!r}.", f"Use one of: {known}.")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stages)


def split_sections(markdown: str) -> tuple[str, dict[str, str]]:
    """The intro (text before the first `## <task_id>` heading) and each section's body."""
    matches = list(_SECTION.finditer(markdown))
    intro = markdown[: matches[0].start()] if matches else markdown
    sections: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(markdown)
        sections[match.group(1)] = markdown[match.end() : end].strip()
    return intro.strip(), sections


def render_markdown(info: StageInfo) -> str:
    """The stage as one Markdown page: title, intro, then each task under its own one-liner."""
    parts = [f"# {info.title}", info.intro, f"**Gate:** {info.gate}"]
    for task in info.tasks:
        parts.append(f"## {task.line}\n\n{task.guidance}")
    return "\n\n".join(p for p in parts if p.strip()) + "\n"
