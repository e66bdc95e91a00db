"""Chat imports on PostgreSQL: the same dedup (ON CONFLICT DO NOTHING) and counts as SQLite."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.postgres
CHAT = Path(__file__).resolve().parents[1] / "data" / "chats" / "whatsapp" / "ios_en_gb.txt"


@pytest.fixture
def pg_env(cli_env: dict[str, str], postgres_url: str) -> Iterator[dict[str, str]]:
    import psycopg

    name = f"amends_chats_{uuid.uuid4().hex[:10]}"
    server = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield dict(cli_env, AMENDS_DATABASE_URL=postgres_url.rsplit("/", 1)[0] + f"/{name}")
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_reimporting_on_postgresql_adds_nothing_and_reports(
    run_cli: Callable[..., Any], pg_env: dict[str, str]
) -> None:
    def imported() -> dict[str, Any]:
        result = run_cli("chat", "import", str(CHAT), "--me", "Sam", "--json", env=pg_env)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    first, again = imported(), imported()
    assert (first["messages"], first["added"]) == (6, 6)
    assert (again["messages"], again["added"]) == (6, 0)
    report = json.loads(run_cli("chat", "report", "--json", env=pg_env).stdout)
    assert report["overall"]["me"]["messages"] == 2
