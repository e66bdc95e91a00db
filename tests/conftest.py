"""Shared fixtures: an isolated data dir per test, a fixed clock, and run_cli()."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterator
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

    def run(
        *args: str,
        now: str | None = None,
        input: str | None = None,
        env: dict[str, str] | None = None,
    ) -> Result:
        environ = dict(cli_env, **(env or {}))
        if now:
            environ["AMENDS_NOW"] = now
        result = CliRunner().invoke(app, list(args), env=environ, input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.stdout, result.stderr, result.exit_code)

    return run


# --- PostgreSQL: a throwaway cluster for the session (storage owns this section) ------------
PG_BIN = Path("/usr/lib/postgresql/15/bin")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a database on a private PostgreSQL 15 started from Debian's binaries for this
    session (.ci/run installs postgresql-15); skipped, with the reason shown, when missing."""
    if not (PG_BIN / "initdb").exists():
        reason = f"PostgreSQL tests skipped: no {PG_BIN}/initdb (apt-get install postgresql-15)."
        warnings.warn(reason, stacklevel=1)
        pytest.skip(reason)
    # /tmp, not $TMPDIR: the postgres user must be able to reach it when we run as root
    base = Path(tempfile.mkdtemp(prefix="amends-pg-", dir="/tmp" if os.geteuid() == 0 else None))
    try:
        yield _start_postgres(base)
    finally:
        if (base / "data" / "postmaster.pid").exists():
            _as_postgres(PG_BIN / "pg_ctl", "-D", str(base / "data"), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


def _start_postgres(base: Path) -> str:
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
        shutil.chown(base, "postgres", "postgres")
    data, log = base / "data", base / "server.log"
    _as_postgres(
        PG_BIN / "initdb",
        "-D",
        str(data),
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = f"-F -p {port} -k {base} -c listen_addresses=127.0.0.1"
    _as_postgres(PG_BIN / "pg_ctl", "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    _as_postgres(
        PG_BIN / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "amends"
    )
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/amends"


def _as_postgres(*command: object) -> None:
    args = [str(part) for part in command]
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip() or done.stdout}")
