"""`amends habit ...` and `amends journal ...`: rebuilding yourself, thin over services.rebuild."""

from __future__ import annotations

from typing import Any

import typer

habit_app = typer.Typer(help="Habits and small goals, with weekly check-ins.", no_args_is_help=True)
journal_app = typer.Typer(help="Your private journal, with a 1-10 mood.", no_args_is_help=True)

AREA_HELP = "sleep, food, movement, journaling, friends, hobbies, learning, volunteering or custom."


def register(app: typer.Typer) -> None:
    app.add_typer(habit_app, name="habit")
    app.add_typer(journal_app, name="journal")


def _context() -> tuple[Any, Any]:
    from amends import clock
    from amends.cli.render import settings_from_env

    settings = settings_from_env()
    return settings, clock.now(settings)


def _when(moment: Any, short: bool = False) -> str:
    if not moment:
        return "-"
    return moment.strftime("%a %d %b, %H:%M" if short else "%a %d %b %Y, %H:%M")


def habit_json(progress: Any) -> dict[str, Any]:
    from amends.services.rebuild import habit_as_json

    return habit_as_json(progress)


@habit_app.command("add")
def habit_add(
    name: str = typer.Argument(..., help="A short name, e.g. 'evening walk'."),
    area: str = typer.Option(..., "--area", help=AREA_HELP),
    goal: str = typer.Option(
        "", "--goal", help="What you aim for, e.g. '20 minutes, 4 times a week'."
    ),
) -> None:
    """Start tracking a habit or small goal."""
    from amends.services.rebuild import add_habit

    habit = add_habit(*_context(), name, area, goal)
    goal_text = f": {habit.goal}" if habit.goal else ""
    typer.echo(f"Added '{habit.name}' ({habit.area.value}){goal_text}.")


@habit_app.command("check")
def habit_check(
    name: str = typer.Argument(..., help="The habit's name (any case)."),
    note: str = typer.Option("", "--note", help="A few words on how it went."),
    as_json: bool = typer.Option(False, "--json", help="Print the habit's progress as JSON."),
) -> None:
    """Check in on a habit you did today."""
    from amends.cli.render import print_json
    from amends.services.rebuild import check_habit

    progress = check_habit(*_context(), name, note)
    if as_json:
        print_json(habit_json(progress))
        return
    weeks = "week" if progress.streak_weeks == 1 else "weeks"
    typer.echo(
        f"Checked in '{progress.habit.name}': {progress.this_week} this week, "
        f"a streak of {progress.streak_weeks} {weeks}."
    )


@habit_app.command("list")
def habit_list(
    as_json: bool = typer.Option(False, "--json", help="Print the habits as JSON."),
) -> None:
    """Your habits, with check-ins this week and the weekly streak."""
    from amends.cli.render import print_json
    from amends.services.rebuild import list_habits

    habits = list_habits(*_context())
    if as_json:
        print_json([habit_json(p) for p in habits])
        return
    if not habits:
        typer.echo("No habits yet. Add one: amends habit add 'evening walk' --area movement")
        return
    _habit_table(habits)


def _habit_table(habits: list[Any]) -> None:
    from rich.table import Table

    from amends.cli.render import console

    table = Table("Habit", "Area", "Goal", "This week", "Streak", "Last check-in")
    for p in habits:
        table.add_row(
            p.habit.name,
            p.habit.area.value,
            p.habit.goal,
            str(p.this_week),
            f"{p.streak_weeks} wk",
            _when(p.last_checked, short=True),
        )
    console().print(table)


@habit_app.command("remove")
def habit_remove(name: str = typer.Argument(..., help="The habit's name (any case).")) -> None:
    """Stop tracking a habit (its past check-ins stay in your history)."""
    from amends.services.rebuild import remove_habit

    removed = remove_habit(*_context(), name)
    typer.echo(f"Stopped tracking '{removed}'. Its check-ins stay in your history.")


def entry_json(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "text": entry.text,
        "mood": entry.mood,
        "crisis": entry.crisis,
    }


@journal_app.command("add")
def journal_add(
    text: str = typer.Argument(None, help="What you want to write; asked for when left out."),
    mood: str = typer.Option(None, "--mood", help="How you feel, 1 (worst) to 10 (best)."),
    as_json: bool = typer.Option(False, "--json", help="Print the stored entry as JSON."),
) -> None:
    """Write a journal entry. It stays on this machine."""
    from amends.cli.render import print_json
    from amends.services.rebuild import add_journal_entry

    if text is None:
        text = typer.prompt("What's on your mind")
        if mood is None:
            mood = typer.prompt("Mood, 1-10 (Enter to skip)", default="", show_default=False)
    entry = add_journal_entry(*_context(), text, mood)
    if as_json:
        print_json(entry_json(entry))
        return
    mood_text = f" Mood {entry.mood}/10." if entry.mood is not None else ""
    typer.echo(f"Saved to your journal.{mood_text}")
    if entry.crisis:
        from amends.cli.safety_render import print_crisis
        from amends.services.safety import help_now

        typer.echo("")
        print_crisis(help_now(_context()[0]))


@journal_app.command("list")
def journal_list(
    limit: int = typer.Option(None, "--limit", "-n", help="Only the most recent N entries."),
    as_json: bool = typer.Option(False, "--json", help="Print the entries as JSON."),
) -> None:
    """Your journal entries, oldest first."""
    from amends.cli.render import print_json
    from amends.services.rebuild import list_journal

    settings, _now = _context()
    entries = list_journal(settings, limit)
    if as_json:
        print_json([entry_json(e) for e in entries])
        return
    if not entries:
        typer.echo("Your journal is empty. Write a line: amends journal add 'Today was...'")
        return
    out = _console()
    for entry in entries:
        mood = f"  mood {entry.mood}/10" if entry.mood is not None else ""
        out.print(f"[bold]{_when(entry.at)}[/bold]{mood}")
        out.print(entry.text, markup=False)
        out.print()


def _console() -> Any:
    from amends.cli.render import console

    return console()
