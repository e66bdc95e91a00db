"""Server-side SVG charts for the pages: mood (a line, 1-10) and urges (bars per day), and
WHO-5 well-being (0-100) over the weeks.

Plain SVG written here keeps the page light and needs no script; every chart has a title and a
text summary for screen readers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 600, 240, 34
URGE_SCALE_MIN = 5  # one urge is a short bar, not a wall


def mood_and_urges_svg(
    moods: Iterable[tuple[datetime, int]], urges: Iterable[datetime], today: date, days: int = 30
) -> Markup | None:
    """Mood (1-10, a line) and urges per day (bars) over the last `days`; None if both empty."""
    first = today - timedelta(days=days - 1)
    mood_points = sorted((at.date(), mood) for at, mood in moods if at.date() >= first)
    urge_days = Counter(at.date() for at in urges if at.date() >= first)
    if not mood_points and not urge_days:
        return None
    step = (WIDTH - 2 * PAD) / max(days - 1, 1)

    def x(day: date) -> float:
        return PAD + (day - first).days * step

    def y(value: float, top: float) -> float:
        return HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD)

    most = max(max(urge_days.values(), default=1), URGE_SCALE_MIN)
    bars = "".join(
        f'<rect class="urge" x="{x(day) - step * 0.35:.1f}" y="{y(n, most):.1f}" '
        f'width="{step * 0.7:.1f}" height="{HEIGHT - PAD - y(n, most):.1f}"/>'
        for day, n in sorted(urge_days.items())
    )
    line = " ".join(f"{x(day):.1f},{y(mood, 10):.1f}" for day, mood in mood_points)
    dots = "".join(
        f'<circle class="dot" cx="{x(day):.1f}" cy="{y(mood, 10):.1f}" r="3.5"/>'
        for day, mood in mood_points
    )
    summary = _summary(mood_points, urge_days, days)
    svg = (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc"'
        f' xmlns="http://www.w3.org/2000/svg" id="mood-chart">'
        f'<title id="chart-title">Mood and urges, last {days} days</title>'
        f'<desc id="chart-desc">{escape(summary)}</desc>'
        f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}"'
        f' y2="{HEIGHT - PAD}"/>'
        f'<text x="{PAD}" y="{HEIGHT - 8}">{first:%d %b}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" text-anchor="end">{today:%d %b}</text>'
        f'<text x="2" y="{y(10, 10) + 4:.1f}">10</text><text x="8" y="{y(1, 10) + 4:.1f}">1</text>'
        f"{bars}"
        + (f'<polyline class="mood" points="{line}"/>' if len(mood_points) > 1 else "")
        + f"{dots}</svg>"
    )
    return Markup(svg)


def _summary(moods: list[tuple[date, int]], urges: Counter[date], days: int) -> str:
    parts = [f"{sum(urges.values())} urges logged in the last {days} days."]
    if moods:
        average = sum(m for _, m in moods) / len(moods)
        parts.append(f"Mood logged {len(moods)} times, average {average:.1f} of 10,")
        parts.append(f"most recently {moods[-1][1]}.")
    return " ".join(parts)


WHO5_POOR, WHO5_LOW = 50, 28  # the index's cut-offs (Topp et al. 2015)


def who5_svg(taken: Sequence[Any]) -> Markup | None:
    """WHO-5 scores (0-100) over time, with the two cut-offs as dashed lines; None if none."""
    points: list[tuple[datetime, int]] = sorted((t.at, int(t.score)) for t in taken)
    if not points:
        return None
    first, last = points[0][0], points[-1][0]
    span = max((last - first).total_seconds(), 7 * 86400)  # at least a week wide

    def x(at: datetime) -> float:
        return PAD + (at - first).total_seconds() / span * (WIDTH - 2 * PAD)

    def y(score: float) -> float:
        return HEIGHT - PAD - score / 100 * (HEIGHT - 2 * PAD)

    line = " ".join(f"{x(at):.1f},{y(score):.1f}" for at, score in points)
    dots = "".join(
        f'<circle class="dot" cx="{x(at):.1f}" cy="{y(score):.1f}" r="4">'
        f"<title>{at:%d %b}: {score}</title></circle>"
        for at, score in points
    )
    cuts = "".join(
        f'<line class="axis cut" x1="{PAD}" y1="{y(v):.1f}" x2="{WIDTH - PAD}" y2="{y(v):.1f}"'
        f' stroke-dasharray="6 5"/><text x="{WIDTH - PAD}" y="{y(v) - 4:.1f}"'
        f' text-anchor="end">{v}</text>'
        for v in (WHO5_POOR, WHO5_LOW)
    )
    latest = points[-1]
    summary = (
        f"WHO-5 taken {len(points)} times between {first:%d %b} and {last:%d %b}; "
        f"scores from {min(s for _, s in points)} to {max(s for _, s in points)} of 100, "
        f"most recently {latest[1]}."
    )
    return Markup(
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="who5-title who5-desc"'
        f' xmlns="http://www.w3.org/2000/svg" id="who5-chart">'
        f'<title id="who5-title">WHO-5 well-being over time</title>'
        f'<desc id="who5-desc">{escape(summary)}</desc>'
        f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}"'
        f' y2="{HEIGHT - PAD}"/>{cuts}'
        f'<text x="{PAD}" y="{HEIGHT - 8}">{first:%d %b}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" text-anchor="end">{last:%d %b}</text>'
        f'<text x="2" y="{y(100) + 4:.1f}">100</text><text x="14" y="{y(0) + 4:.1f}">0</text>'
        + (f'<polyline class="mood" points="{line}"/>' if len(points) > 1 else "")
        + f"{dots}</svg>"
    )
