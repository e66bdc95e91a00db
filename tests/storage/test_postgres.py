"""The same storage on PostgreSQL: events, export -> forget -> restore -> export, new ids after."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_env(cli_env: dict[str, str], postgres_database: str) -> dict[str, str]:
    return dict(cli_env, AMENDS_DATABASE_URL=postgres_database)


def test_events_round_trip_on_postgresql(pg_env: dict[str, str], sample: Any) -> None:
    sample.save(pg_env)

    stored = sample.stored(pg_env)

    assert sorted((e.kind, e.at, dict(e.data)) for e in stored) == sorted(
        (e.kind, e.at, dict(e.data)) for e in sample.events
    )
    assert [e.at for e in stored] == sorted(e.at for e in sample.events)


def test_export_round_trip_is_byte_identical_on_postgresql(
    run_cli: Callable[..., Any],
    pg_env: dict[str, str],
    tmp_path: Path,
    sample: Any,
) -> None:
    sample.save(pg_env)
    first, second = tmp_path / "first.json", tmp_path / "second.json"

    assert run_cli("export", str(first), env=pg_env).exit_code == 0
    assert run_cli("forget", "--all", "--yes", env=pg_env).exit_code == 0
    restored = run_cli("restore", str(first), env=pg_env)
    assert restored.exit_code == 0, restored.stderr
    assert run_cli("export", str(second), env=pg_env).exit_code == 0

    assert second.read_bytes() == first.read_bytes()
    assert len(json.loads(first.read_text())["tables"]["events"]["rows"]) == len(sample.events)


def test_an_export_moves_between_sqlite_and_postgresql_unchanged(
    run_cli: Callable[..., Any],
    cli_env: dict[str, str],
    pg_env: dict[str, str],
    tmp_path: Path,
    sample: Any,
) -> None:
    sample.save(cli_env)
    from_sqlite, from_postgres = tmp_path / "sqlite.json", tmp_path / "postgres.json"
    run_cli("export", str(from_sqlite))

    assert run_cli("restore", str(from_sqlite), env=pg_env).exit_code == 0
    run_cli("export", str(from_postgres), env=pg_env)

    assert from_postgres.read_bytes() == from_sqlite.read_bytes()


def test_new_events_after_a_restore_get_fresh_ids_on_postgresql(
    run_cli: Callable[..., Any],
    pg_env: dict[str, str],
    tmp_path: Path,
    sample: Any,
) -> None:
    sample.save(pg_env)
    run_cli("export", str(tmp_path / "x.json"), env=pg_env)
    run_cli("forget", "--all", "--yes", env=pg_env)
    run_cli("restore", str(tmp_path / "x.json"), env=pg_env)

    sample.save(pg_env, sample.events[:1])

    assert max(e.id or 0 for e in sample.stored(pg_env)) == len(sample.events) + 1


def test_restore_into_a_postgresql_database_with_data_changes_nothing(
    run_cli: Callable[..., Any],
    pg_env: dict[str, str],
    tmp_path: Path,
    sample: Any,
) -> None:
    sample.save(pg_env)
    run_cli("export", str(tmp_path / "x.json"), env=pg_env)

    result = run_cli("restore", str(tmp_path / "x.json"), env=pg_env)

    assert result.exit_code == 2
    assert len(sample.stored(pg_env)) == len(sample.events)


def test_imported_chats_round_trip_on_postgresql(
    run_cli: Callable[..., Any], pg_env: dict[str, str], tmp_path: Path, sample: Any
) -> None:
    chats = Path(__file__).resolve().parents[1] / "data" / "chats" / "csv" / "chat.csv"
    sample.save(pg_env)
    assert run_cli("chat", "import", str(chats), "--me", "Sam", env=pg_env).exit_code == 0
    first, second = tmp_path / "first.json", tmp_path / "second.json"

    run_cli("export", str(first), env=pg_env)
    run_cli("forget", "--all", "--yes", env=pg_env)
    assert run_cli("restore", str(first), env=pg_env).exit_code == 0
    run_cli("export", str(second), env=pg_env)

    assert second.read_bytes() == first.read_bytes()
    assert len(json.loads(first.read_text())["tables"]["chat_messages"]["rows"]) == 3


@pytest.mark.parametrize("damage", ["same id twice", "cut short"])
def test_a_damaged_export_leaves_postgresql_untouched(
    run_cli: Callable[..., Any], pg_env: dict[str, str], tmp_path: Path, sample: Any, damage: str
) -> None:
    sample.save(pg_env)
    run_cli("export", str(tmp_path / "x.json"), env=pg_env)
    run_cli("forget", "--all", "--yes", env=pg_env)
    text = (tmp_path / "x.json").read_text(encoding="utf-8")
    if damage == "same id twice":
        document = json.loads(text)
        rows = document["tables"]["events"]["rows"]
        rows[-1][0] = rows[0][0]
        text = json.dumps(document)
    else:
        text = text[: len(text) - 40]
    (tmp_path / "bad.json").write_text(text, encoding="utf-8")

    result = run_cli("restore", str(tmp_path / "bad.json"), env=pg_env)

    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert sample.stored(pg_env) == []
