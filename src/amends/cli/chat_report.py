"""Showing a chat report: Rich tables for people, a stable JSON shape for programs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from amends.cli.render import console

_ROWS = (
    "messages",
    "words",
    "start_share",
    "reply_median_s",
    "reply_p90_s",
    "longest_unanswered",
    "question_ratio",
    "average_length",
    "late_night_share",
)


def report_json(report: Any, chart: Path | None) -> dict[str, Any]:
    return {**report.as_json(), "chart": str(chart) if chart else None}


def print_report(report: Any, chart: Path | None) -> None:
    from rich.table import Table

    out = console()
    framing, labels = report.framing, report.framing.get("metrics", {})
    out.print(
        f"[bold]Chat {report.chat.chat_id}[/bold] ({report.chat.format}) "
        f"{', '.join(report.chat.participants)}"
    )
    out.print(_paragraph(framing.get("intro", "")))
    table = Table("", "You", "Them", "Them, last 4 weeks (weekly mean)")
    recent = report.metrics.weeks[-4:]
    for name in _ROWS:
        table.add_row(
            labels.get(name, name),
            _show(name, getattr(report.metrics.overall.me, name)),
            _show(name, getattr(report.metrics.overall.them, name)),
            _show(name, _mean([getattr(w.them, name) for w in recent])),
        )
    out.print(table)
    _print_trends(out, report)
    streak = report.metrics.current_unanswered
    words = framing.get("streak", {})
    out.print(words.get("some", "").format(count=streak) if streak else words.get("none", ""))
    out.print("[bold]What these numbers can say[/bold]")
    for line in framing.get("can_say", []):
        out.print(f"  • {line}")
    out.print("[bold]What they cannot say[/bold]")
    for line in framing.get("cannot_say", []):
        out.print(f"  • {line}")
    out.print(_paragraph(framing.get("closing", "")))
    if chart:
        out.print(f"Chart written to {chart}.")
    else:
        out.print("Add --chart pace.svg for a chart of the last weeks.")


def _print_trends(out: Any, report: Any) -> None:
    moving = [t for t in report.metrics.trends if t.direction in ("up", "down")]
    if not moving:
        return
    out.print("[bold]Changes over the last 4 weeks against the 4 before[/bold]")
    labels = report.framing.get("metrics", {})
    for trend in moving:
        side, _, name = trend.metric.rpartition(".")
        who = {"me": "you", "them": "them"}.get(side, "")
        label = labels.get(name, name)
        out.print(
            f"  {label} ({who}): {trend.direction}, "
            f"{_show(name, trend.before)} → {_show(name, trend.recent)}".replace(" ()", "")
        )


def _paragraph(text: Any) -> str:
    return " ".join(str(text).split())


def _mean(values: list[Any]) -> float | None:
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


def _show(name: str, value: Any) -> str:
    if value is None:
        return "–"
    if name.endswith("_s"):
        return _duration(float(value))
    if name.endswith(("share", "ratio")):
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
