"""Rich output and the stable --json shapes. Rich is imported only when something is shown."""

from __future__ import annotations

import json
from typing import Any


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def print_json(value: Any) -> None:
    """Stable JSON: sorted keys, two-space indent, non-ASCII kept as is."""
    import typer

    typer.echo(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str))


def settings_from_env() -> Any:
    import os

    from amends.config import load_settings

    return load_settings(os.environ)


def stage_title(stage_id: str) -> str:
    """The stage's title from content/stages.toml."""
    from amends.catalogue.stages import load_guide

    return load_guide().stage(stage_id).title


def show_plan(state: Any) -> None:
    """Where you are, what's next and why, what blocks the next stage, key dates."""
    out = console()
    if not state.started:
        out.print("[bold]No plan yet.[/bold] Run [bold]amends start[/bold] to begin.")
        return
    out.print(f"[bold]Stage:[/bold] {stage_title(state.stage.value)}", end="")
    out.print("  [dim](limited contact)[/dim]" if state.limited else "")
    nc = state.no_contact
    if nc and nc.running:
        slips = f", {len(nc.slips)} slip(s) logged" if nc.slips else ""
        out.print(
            f"No contact: day {nc.days_done + 1} of {nc.period_days + nc.extended_by}, "
            f"{nc.days_left} days left (until {nc.ends_on:%a %d %b %Y}); "
            f"streak {nc.streak_days} days{slips}; urges this week {nc.urges_last_7_days}."
        )
    mark = "[green]open[/green]" if state.reach_out_open else "[yellow]not yet[/yellow]"
    out.print(f"Reaching out: {mark}. {state.reach_out_reason}\n")
    out.print("[bold]What to do next[/bold]")
    out.print(_numbered([(a.text, a.why) for a in state.next_actions]))
    if state.blockers:
        out.print("\n[bold]Before the next stage[/bold]")
        out.print(_numbered([(b.reason, "") for b in state.blockers], bullet="-"))
    if state.held_drafts.held:
        out.print("\n" + _held_line(state.held_drafts.held, state.held_drafts.let_go))
    if state.key_dates:
        out.print("\n[bold]Key dates[/bold]")
        for name, value in sorted(state.key_dates.items(), key=lambda item: item[1]):
            out.print(f" {value:%a %d %b %Y}  {name.replace('_', ' ')}")


def _held_line(held: int, let_go: int) -> str:
    """content/plan.toml [status]: drafts held back, and let go (a win)."""
    from amends.catalogue import load_toml

    texts = load_toml("plan.toml")["status"]
    key = "held_and_let_go" if let_go else "held"
    return str(texts[key]).format(
        held=held, drafts="draft" if held == 1 else "drafts", let_go=let_go
    )


def _numbered(items: list[tuple[str, str]], bullet: str = "") -> Any:
    """A list with hanging indents: the text, then its reason dimmed below it."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for number, (text, why) in enumerate(items, start=1):
        grid.add_row(bullet or f"{number}.", f"{text}\n[dim]{why}[/dim]" if why else text)
    return grid
