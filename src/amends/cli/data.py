"""Commands for all of the user's data at once: export, restore, forget."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: Any) -> None:
    app.command("export")(export)
    app.command("restore")(restore)
    app.command("forget")(forget)


def export(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The JSON file to write.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write everything amends holds to PATH as versioned JSON (readable by `restore`)."""
    from amends.cli.render import settings_from_env
    from amends.services.data import export_data

    counts = export_data(settings_from_env(), path, force=force)
    typer.echo(f"Exported {_summary(counts)} to {path}. It is private: keep it somewhere safe.")


def restore(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="A file written by `amends export`.")
    ],
) -> None:
    """Read an export back into an empty database, exactly as it was."""
    from amends.cli.render import settings_from_env
    from amends.services.data import restore_data

    counts = restore_data(settings_from_env(), path)
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


def _summary(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = ", ".join(f"{name} {count}" for name, count in counts.items())
    return f"{total} row{'s' if total != 1 else ''} ({parts})" if counts else "0 rows"
