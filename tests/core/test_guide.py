"""Guide lookups and the Markdown section parser the guidance files rely on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amends.core.errors import AmendsError
from amends.core.guide import Guide, StageInfo, TaskInfo, split_sections

_ids = st.lists(st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True), unique=True, max_size=6)
_body = st.text(alphabet="abc xyz.\n", max_size=40).map(lambda s: s.replace("#", ""))


def test_sections_split_on_task_headings_and_keep_the_intro() -> None:
    intro, sections = split_sections("Hello.\n\n## one\n\nFirst.\n\n## two\nSecond.\n")
    assert intro == "Hello."
    assert sections == {"one": "First.", "two": "Second."}


@given(_ids, st.lists(_body, min_size=6, max_size=6), _body)
def test_every_heading_becomes_one_section_with_its_body(ids, bodies, intro) -> None:
    text = (
        intro.strip()
        + "\n\n"
        + "".join(f"## {i}\n{b.strip()}\n\n" for i, b in zip(ids, bodies, strict=False))
    )
    got_intro, sections = split_sections(text)
    assert list(sections) == ids
    assert all(sections[i] == b.strip() for i, b in zip(ids, bodies, strict=False))
    assert got_intro == intro.strip()


def test_asking_for_an_unknown_stage_or_task_lists_the_known_ones() -> None:
    guide = Guide(stages=(StageInfo("decide", "Decide", "s", "g", (TaskInfo("signs", "l"),)),))
    with pytest.raises(AmendsError) as unknown_stage:
        guide.stage("nowhere")
    assert "decide" in unknown_stage.value.hint
    with pytest.raises(AmendsError) as unknown_task:
        guide.stage("DECIDE").task("nope")
    assert "signs" in unknown_task.value.hint
