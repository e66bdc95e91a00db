"""`amends chat import|list|forget|report`: read their pace from a real chat export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

chat_app = typer.Typer(
    help="Import a chat export and read its pace honestly (who writes first, reply times).",
    no_args_is_help=True,
)

JSON_HELP = "Print JSON instead of text."


def register(app: typer.Typer) -> None:
    app.add_typer(chat_app, name="chat")


@chat_app.command("import")
def import_(
    path: Path = typer.Argument(..., metavar="PATH", help="WhatsApp .txt/.zip, result.json, ..."),
    me: str = typer.Option(None, "--me", help="Your name as the export writes it."),
    date_order: str = typer.Option(
        None, "--date-order", help="dmy, mdy or ymd, when the export's dates are ambiguous."
    ),
    chat: str = typer.Option(None, "--chat", help="Which chat, for exports holding several."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Import a chat export (format detected). Importing it again adds nothing twice."""
    from amends.cli.render import print_json, settings_from_env
    from amends.core.chat import DateOrder
    from amends.core.errors import AmendsError
    from amends.services.chats import import_chat

    try:
        order = DateOrder(date_order.lower()) if date_order else None
    except ValueError:
        raise AmendsError(
            f"--date-order {date_order!r} is not known.", "Use dmy, mdy or ymd."
        ) from None
    with _Progress(enabled=not as_json) as progress:
        summary = import_chat(
            settings_from_env(),
            path,
            me=me,
            date_order=order,
            chat=chat,
            choose_me=None if as_json else _ask_me,
            progress=progress,
        )
    if as_json:
        print_json(summary.as_json())
        return
    typer.echo(
        f"Chat {summary.chat_id} ({summary.format}): {summary.added} new of "
        f"{summary.messages} messages, {_span(summary)}. You are {summary.me or 'not set yet'}."
    )


@chat_app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """The imported chats."""
    from amends.cli.render import print_json, settings_from_env
    from amends.services.chats import list_chats

    chats = list_chats(settings_from_env())
    if as_json:
        print_json([c.as_json() for c in chats])
        return
    if not chats:
        typer.echo("No chats imported yet. Try `amends chat import PATH`.")
    for c in chats:
        names = ", ".join(c.participants)
        typer.echo(f"{c.chat_id}  {c.format:<9} {c.messages:>8} messages  {_span(c)}  {names}")


@chat_app.command("forget")
def forget(
    chat_id: int = typer.Argument(..., metavar="ID", help="The chat's id (see `chat list`)."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Delete one imported chat and all its messages from amends."""
    from amends.cli.render import settings_from_env
    from amends.services.chats import forget_chat

    if not yes and not typer.confirm(f"Delete chat {chat_id} and all its messages?"):
        typer.echo("Nothing was deleted.")
        return
    summary = forget_chat(settings_from_env(), chat_id)
    typer.echo(f"Forgot chat {chat_id}: {summary.messages} messages deleted.")


@chat_app.command("report")
def report(
    chat_id: int = typer.Argument(None, metavar="[ID]", help="Default: the latest import."),
    chart: Path = typer.Option(None, "--chart", help="Also write the weekly chart to this SVG."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """What the chat's numbers say about its pace, and what they cannot say."""
    from amends.cli.chat_report import print_report, report_json
    from amends.cli.render import print_json, settings_from_env
    from amends.services.chats import chat_report, write_chart

    result = chat_report(settings_from_env(), chat_id)
    if chart is not None:
        write_chart(result, chart)
    if as_json:
        print_json(report_json(result, chart))
    else:
        print_report(result, chart)


def _ask_me(names: Any) -> str:
    shown = "\n".join(f"  {n}. {name}" for n, name in enumerate(names, 1))
    typer.echo(f"Which one are you?\n{shown}", err=True)
    answer = typer.prompt("Number or name", err=True).strip()
    if answer.isdigit() and 1 <= int(answer) <= len(names):
        return str(names[int(answer) - 1])
    return str(answer)


def _span(summary: Any) -> str:
    if summary.first is None:
        return "no messages"
    return f"{summary.first:%Y-%m-%d} to {summary.last:%Y-%m-%d}"


class _Progress:
    """A Rich progress bar on stderr (only on a terminal), fed (bytes read, bytes in all)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Any:
        from rich.console import Console
        from rich.progress import Progress

        console = Console(stderr=True)
        if not (self.enabled and console.is_terminal):
            return None
        self.bar = Progress(console=console, transient=True)
        self.bar.start()
        self.task = self.bar.add_task("Importing", total=None)
        return self.update

    def update(self, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total or None)

    def __exit__(self, *_: object) -> None:
        if self.bar is not None:
            self.bar.stop()
