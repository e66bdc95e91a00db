"""docs/cli.md: every command's real --help text, generated so the docs cannot drift.

python -m amends.cli.reference > docs/cli.md     (tests/test_docs.py checks it is current)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def command_paths(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command path under a click group, depth first, in the order help lists them."""
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        if command is None or command.hidden:
            continue
        yield (*prefix, name)
        if hasattr(command, "list_commands"):
            yield from command_paths(command, (*prefix, name))


def reference() -> str:
    import typer.main
    from typer.testing import CliRunner

    from amends.cli.main import app

    runner = CliRunner()
    env = {"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    parts = [
        "# Command reference\n",
        "Generated from the real `--help` by "
        "`python -m amends.cli.reference > docs/cli.md`; a test keeps it current.\n",
    ]
    for path in [(), *command_paths(typer.main.get_command(app))]:
        result = runner.invoke(app, [*path, "--help"], env=env, prog_name="amends")
        title = " ".join(("amends", *path))
        parts.append(f"## {title}\n\n```text\n{result.stdout.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    import sys

    sys.stdout.write(reference())
