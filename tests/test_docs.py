"""The docs stay true: every environment variable and command named in the README exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from amends.cli.main import app
from amends.config import ENVIRONMENT

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [name for name, _, _ in ENVIRONMENT])
def test_every_environment_variable_is_documented_in_the_readme(name: str) -> None:
    assert f"`{name}`" in README


def _command_names() -> set[str]:
    group = typer.main.get_command(app)
    return set(group.commands)  # type: ignore[attr-defined]


def test_every_command_the_readme_shows_exists() -> None:
    shown = set(re.findall(r"^\$ amends ([a-z-]+)", README, flags=re.MULTILINE))
    assert shown, "the README shows no commands"
    assert shown <= _command_names()


def test_the_readme_opens_with_the_run_and_test_commands() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    lines = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert lines[:2] == ["make run", "make test"]


def test_the_cli_reference_matches_the_real_help() -> None:
    from amends.cli.reference import reference

    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == reference(), "run: python -m amends.cli.reference > docs/cli.md"
