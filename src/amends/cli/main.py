"""The `amends` command. The single place where exceptions become messages and exit codes.

Each command group lives in its own module under cli/ and exposes `register(app)`. Modules
import only typer at top level; services, storage and Rich load inside the commands, so
`amends --help` stays fast.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from amends import __version__
from amends.core.errors import AmendsError, ExitCode

# Command-group modules under amends.cli, registered in this order (help lists them so).
COMMAND_MODULES: tuple[str, ...] = (
    "plan",
    "log",
    "rebuild",
    "workbook",
    "data",
    "safety",
    "serve",
    "coach",
    "chat",
)


class _AmendsGroup(TyperGroup):
    """Turns an AmendsError from any command into one line on stderr and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AmendsError as error:
            typer.echo(f"Error: {error.one_line()}", err=True)
            raise typer.Exit(int(error.exit_code)) from None


app = typer.Typer(
    cls=_AmendsGroup,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    help="amends: a calm, private companion for the weeks after a breakup.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"amends {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """amends: a calm, private companion for the weeks after a breakup."""


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"amends.cli.{name}").register(app)


_register_commands()


def run() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(int(ExitCode.ERROR))
