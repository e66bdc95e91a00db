"""The shipped guide: every stage and task has a gate and guidance, with METHOD.md's facts."""

from __future__ import annotations

import re

import pytest

from amends.catalogue.stages import load_guide
from amends.core.guide import REBUILD_TRACK, render_markdown
from amends.core.stages import Stage

EXPECTED_TASKS = {
    "readiness": ["readiness_check"],
    "stop_chasing": ["stop_chasing", "pick_start_date"],
    "no_contact": ["keep_no_contact", "limited_contact", "log_urges", "log_slips"],
    "rebuild": ["basics", "journaling", "support", "hobbies", "goals", "self_esteem"],
    "reflect": ["why_it_ended", "my_part", "their_part", "root_causes", "changes"],
    "decide": ["signs", "gauge_openness"],
    "reach_out": ["first_message", "if_no_reply"],
    "reconnect": ["light_topics", "ladder", "their_pace"],
    "honest_talk": ["prepare_talk", "have_talk"],
    "relationship_2": ["ground_rules", "checkins", "leave_past"],
    "together": ["keep_checkins"],
    "moving_on": ["grieve", "self_work", "apply_lessons"],
}


def test_every_stage_and_the_rebuild_track_is_in_the_guide() -> None:
    assert set(load_guide().ids) == {s.value for s in Stage} | {REBUILD_TRACK}


@pytest.mark.parametrize("stage_id", sorted(EXPECTED_TASKS))
def test_every_stage_has_its_tasks_each_with_guidance(stage_id: str) -> None:
    info = load_guide().stage(stage_id)
    assert list(info.task_ids) == EXPECTED_TASKS[stage_id]
    assert info.title and info.summary and info.gate
    for task in info.tasks:
        assert len(task.guidance.split()) >= 25, f"{stage_id}/{task.id} guidance is too thin"
        assert "\n" not in task.line


@pytest.mark.parametrize(
    ("stage_id", "task_id", "fact"),
    [
        ("no_contact", "keep_no_contact", "midnight and 5 a.m."),
        ("reconnect", "ladder", "10 to 15 minutes"),
        ("reach_out", "if_no_reply", "weeks, not days"),
        ("reach_out", "if_no_reply", "once more"),
        ("decide", "signs", "repeated lying or cheating"),
        ("decide", "gauge_openness", "never recruit"),
        ("rebuild", "goals", "a book a month"),
        ("relationship_2", "checkins", "anything you've felt and not said"),
    ],
)
def test_guidance_keeps_the_method_facts(stage_id: str, task_id: str, fact: str) -> None:
    assert fact in load_guide().stage(stage_id).task(task_id).guidance


def test_no_contact_guidance_states_the_default_and_the_range() -> None:
    info = load_guide().stage("no_contact")
    text = info.intro + info.gate
    assert "30 days" in text and "21 to 45" in text


@pytest.mark.parametrize("stage_id", sorted(EXPECTED_TASKS))
def test_rendered_stage_shows_task_lines_not_raw_ids(stage_id: str) -> None:
    page = render_markdown(load_guide().stage(stage_id))
    assert not re.search(r"^## [a-z_0-9]+$", page, re.MULTILINE)
    assert page.startswith("# ")


def test_a_task_without_a_guidance_section_is_caught_at_load() -> None:
    from amends.catalogue.stages import _stage
    from amends.core.errors import AmendsError

    raw = {"title": "t", "summary": "s", "gate": "g", "tasks": [{"id": "nope", "line": "l"}]}
    with pytest.raises(AmendsError, match="no '## nope' section"):
        _stage("decide", raw)


def test_a_guidance_section_for_an_unknown_task_is_caught_at_load() -> None:
    from amends.catalogue.stages import _stage
    from amends.core.errors import AmendsError

    raw = {"title": "t", "summary": "s", "gate": "g", "tasks": [{"id": "signs", "line": "l"}]}
    with pytest.raises(AmendsError, match="gauge_openness"):
        _stage("decide", raw)
