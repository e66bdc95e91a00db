"""SVG charts of chat metrics: plain SVG text, no dependency, the same file for the terminal
(written next to the report) and the web app (inlined in a page).

    svg = weekly_chart(metrics)      # messages per week for each side + their reply time
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from amends.core.metrics import ChatMetrics, PeriodMetrics, metric_value

WIDTH, HEIGHT, PAD = 720, 320, 48
COLOURS = {"me.messages": "#4a7bb7", "them.messages": "#d98c3f", "them.reply_median_s": "#7a7a7a"}
LABELS = {
    "me.messages": "Your messages per week",
    "them.messages": "Their messages per week",
    "them.reply_median_s": "Their typical reply time (right axis, hours)",
}


def weekly_chart(metrics: ChatMetrics, weeks: int = 26, title: str = "The last weeks") -> str:
    """A line chart of the last `weeks` weeks; empty weeks show as zero messages."""
    shown = metrics.weeks[-weeks:]
    parts = [_frame(title)]
    counts = [metric_value(w, n) or 0.0 for w in shown for n in ("me.messages", "them.messages")]
    top = max(counts, default=0.0) or 1.0
    for name in ("me.messages", "them.messages"):
        parts.append(_line(shown, name, top, scale=1.0))
    hours = [metric_value(w, "them.reply_median_s") for w in shown]
    top_hours = max((h / 3600 for h in hours if h is not None), default=0.0) or 1.0
    parts.append(_line(shown, "them.reply_median_s", top_hours, scale=1 / 3600, dashed=True))
    parts.append(_axes(shown, top, top_hours))
    parts.append(_legend())
    parts.append("</svg>\n")
    return "".join(parts)


def _frame(title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>'
        f'<text x="{PAD}" y="20" font-size="14">{escape(title)}</text>'
    )


def _xy(index: int, count: int, value: float, top: float) -> tuple[float, float]:
    span_x, span_y = WIDTH - 2 * PAD, HEIGHT - 2 * PAD - 30
    x = PAD + (span_x * index / max(count - 1, 1))
    y = HEIGHT - PAD - span_y * (value / top)
    return round(x, 1), round(y, 1)


def _line(
    weeks: Sequence[PeriodMetrics], name: str, top: float, scale: float, dashed: bool = False
) -> str:
    points = []
    for index, week in enumerate(weeks):
        value = metric_value(week, name)
        if value is not None:
            x, y = _xy(index, len(weeks), value * scale, top)
            points.append(f"{x},{y}")
    if not points:
        return ""
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    return (
        f'<polyline fill="none" stroke="{COLOURS[name]}" stroke-width="2"{dash} '
        f'points="{" ".join(points)}"><title>{escape(LABELS[name])}</title></polyline>'
    )


def _axes(weeks: Sequence[PeriodMetrics], top: float, top_hours: float) -> str:
    bottom, left, right = HEIGHT - PAD, PAD, WIDTH - PAD
    parts = [
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{bottom}" text-anchor="end">0</text>',
        f'<text x="{left - 6}" y="{PAD + 34}" text-anchor="end">{top:.0f}</text>',
        f'<text x="{right + 6}" y="{PAD + 34}">{top_hours:.1f} h</text>',
    ]
    if weeks:
        first, last = weeks[0].week, weeks[-1].week
        parts.append(f'<text x="{left}" y="{bottom + 16}">{first}</text>')
        parts.append(f'<text x="{right}" y="{bottom + 16}" text-anchor="end">{last}</text>')
    return "".join(parts)


def _legend() -> str:
    parts = []
    for row, name in enumerate(LABELS):
        y = 38 + 14 * row
        parts.append(
            f'<rect x="{PAD}" y="{y - 8}" width="10" height="3" fill="{COLOURS[name]}"/>'
            f'<text x="{PAD + 16}" y="{y}">{escape(LABELS[name])}</text>'
        )
    return "".join(parts)
