"""Commands for all of the user's data at once: export, restore, forget."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, TextIO

import typer


def register(app: Any) -> None:
    app.command("export")(export)
    app.command("restore")(restore)
    app.command("forget")(forget)


def export(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="The JSON file to write; - for stdout.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write everything amends holds to PATH as versioned JSON (readable by `restore`)."""
    from amends.cli.render import settings_from_env
    from amends.services import data

    if str(path) == "-":
        with _utf8("stdout") as stream:
            counts = data.export_to_stream(settings_from_env(), stream)
        typer.echo(f"Exported {_summary(counts)}.", err=True)
        return
    counts = data.export_data(settings_from_env(), path, force=force)
    typer.echo(f"Exported {_summary(counts)} to {path}. It is private: keep it somewhere safe.")


def restore(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="A file from `amends export`; - for stdin.")
    ],
) -> None:
    """Read an export back into an empty database, exactly as it was."""
    from amends.cli.render import settings_from_env
    from amends.services import data

    if str(path) == "-":
        with _utf8("stdin") as stream:
            counts = data.restore_from_stream(settings_from_env(), stream)
    else:
        counts = data.restore_data(settings_from_env(), path)
    typer.echo(f"Restored {_summary(counts)} from {path}.")


def forget(
    all_data: Annotated[
        bool, typer.Option("--all", help="Delete everything amends holds.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete your data from this machine's amends database for good."""
    from amends.cli.render import settings_from_env
    from amends.core.errors import AmendsError
    from amends.services.data import forget_everything

    if not all_data:
        raise AmendsError(
            "forget needs to know what to delete.",
            "Run `amends forget --all` to delete everything; `amends export` first keeps a copy.",
        )
    question = "Delete every plan, log entry, journal and imported chat amends holds?"
    if not yes and not typer.confirm(question, default=False):
        typer.echo("Nothing was deleted.")
        return
    counts = forget_everything(settings_from_env())
    typer.echo(f"Deleted {_summary(counts)}. amends now holds nothing about you.")


@contextmanager
def _utf8(name: Literal["stdin", "stdout"]) -> Iterator[TextIO]:
    """stdin or stdout as UTF-8 text whatever the locale, left open afterwards."""
    encoding = "utf-8-sig" if name == "stdin" else "utf-8"  # a BOM from an editor is fine
    stream = io.TextIOWrapper(typer.get_binary_stream(name), encoding=encoding, newline="\n")
    try:
        yield stream
    finally:
        stream.flush()
        stream.detach()


def _summary(counts: dict[str, int]) -> str:
    """'12 rows (events 5, chat_messages 7)': tables with no rows are left out."""
    total = sum(counts.values())
    parts = ", ".join(f"{name} {count}" for name, count in counts.items() if count)
    return f"{total} row{'s' if total != 1 else ''}" + (f" ({parts})" if parts else "")
