"""Shared fixtures: an isolated data dir per test, a fixed clock, and run_cli()."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")

FIXED_NOW = "2026-03-01T21:30:00+00:00"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@dataclass(frozen=True)
class Result:
    stdout: str
    stderr: str
    exit_code: int


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def cli_env(data_dir: Path) -> dict[str, str]:
    """Environment for the CLI: a private SQLite file under tmp_path and a fixed clock."""
    return {"AMENDS_DATA_DIR": str(data_dir), "AMENDS_NOW": FIXED_NOW, "COLUMNS": "120"}


@pytest.fixture
def run_cli(cli_env: dict[str, str]) -> Callable[..., Result]:
    """run_cli("status", "--json", now="2026-04-01T09:00:00+00:00", input="y\\n")."""
    from typer.testing import CliRunner

    from amends.cli.main import app

    def run(*args: str, now: str | None = None, input: str | None = None,
            env: dict[str, str] | None = None) -> Result:
        environ = dict(cli_env, **(env or {}))
        if now:
            environ["AMENDS_NOW"] = now
        result = CliRunner().invoke(app, list(args), env=environ, input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.stdout, result.stderr, result.exit_code)

    return run
