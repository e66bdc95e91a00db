"""Properties of the web app's own pieces: highlighting, command links, the mood chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from amends.web.charts import mood_and_urges_svg
from amends.web.coach_pages import highlight
from amends.web.forms import commands_as_links


@dataclass(frozen=True)
class _Finding:
    start: int
    end: int
    reason: str


@st.composite
def _draft_and_findings(draw: st.DrawFn) -> tuple[str, list[_Finding]]:
    draft = draw(st.text(max_size=60))
    edges = st.integers(min_value=-2, max_value=len(draft) + 2)
    spans = draw(st.lists(st.tuples(edges, edges, st.sampled_from("abc")), max_size=5))
    return draft, [_Finding(s, e, r) for s, e, r in spans]


@given(_draft_and_findings())
def test_highlighting_keeps_the_text_and_marks_exactly_the_covered_pieces(
    case: tuple[str, list[_Finding]],
) -> None:
    draft, findings = case
    valid = [f for f in findings if 0 <= f.start < f.end <= len(draft)]
    segments = highlight(draft, findings)
    assert "".join(s.text for s in segments) == draft
    position = 0
    for segment in segments:
        end = position + len(segment.text)
        covering = [f.reason for f in valid if f.start <= position and end <= f.end]
        assert segment.reasons == tuple(dict.fromkeys(covering))
        position = end


def test_overlapping_findings_mark_each_piece_with_every_reason() -> None:
    segments = highlight("abcdef", [_Finding(0, 4, "x"), _Finding(2, 6, "y")])
    assert [(s.text, s.reasons) for s in segments] == [
        ("ab", ("x",)),
        ("cd", ("x", "y")),
        ("ef", ("y",)),
    ]


@given(st.text(max_size=80))
def test_command_links_escape_everything_the_text_holds(text: str) -> None:
    shown = str(commands_as_links(text))
    assert "<" not in shown.replace("<code>", "").replace("</code>", "")


def test_a_known_command_becomes_a_link_and_an_unknown_one_code() -> None:
    shown = str(commands_as_links("Run `amends decide` or `amends frobnicate <x>`."))
    assert shown == 'Run <a href="/decide">Decide</a> or <code>amends frobnicate &lt;x&gt;</code>.'


def test_the_chart_is_absent_without_data_and_describes_itself_with_it() -> None:
    today = date(2026, 3, 1)
    assert mood_and_urges_svg([], [], today) is None
    at = datetime(2026, 2, 27, 20, 0, tzinfo=UTC)
    svg = str(mood_and_urges_svg([(at, 4), (at.replace(day=28), 6)], [at], today))
    assert "<polyline" in svg and svg.count('class="urge"') == 1
    assert "1 urges logged" in svg and "average 5.0 of 10" in svg
