"""The stdlib sqlite3 read of the events (a cold `amends check` without SQLAlchemy) returns what
the repository returns, and steps aside (None) whenever the Store must handle the database."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from amends.config import Settings, load_settings
from amends.storage.db import Store
from amends.storage.revisions import head_revision
from amends.storage.sqlite_read import read_events, sqlite_file


def test_a_sqlite_file_at_head_reads_exactly_as_the_repository(
    store: Store, storage_settings: Settings, sample: Any, data_dir: Path
) -> None:
    env = {"AMENDS_DATA_DIR": str(data_dir)}
    sample.save(env)
    assert read_events(storage_settings.database_url) == sample.stored(env)


def test_a_missing_file_has_no_events_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "amends.sqlite"
    assert read_events(f"sqlite:///{path}") == []
    assert not path.parent.exists()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://user@host/amends",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:////tmp/a.sqlite?timeout=3",
        "sqlite:////tmp/with%20space.sqlite",
    ],
)
def test_other_databases_and_urls_with_options_go_through_the_store(url: str) -> None:
    assert sqlite_file(url) is None
    assert read_events(url) is None


def test_a_database_behind_the_head_revision_goes_through_the_store(
    store: Store, storage_settings: Settings
) -> None:
    path = sqlite_file(storage_settings.database_url)
    assert path is not None
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    assert head_revision() != "0001"
    assert read_events(storage_settings.database_url) is None


def test_a_file_amends_has_not_set_up_goes_through_the_store(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    sqlite3.connect(path).close()
    assert read_events(f"sqlite:///{path}") is None
    path.write_bytes(b"not a database at all")
    assert read_events(f"sqlite:///{path}") is None


def test_the_coach_gets_the_same_review_with_or_without_the_quick_read(
    run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from amends.storage import sqlite_read

    started = run_cli(
        "start", "--yes", "--breakup-date", "2026-02-20", "--ended-by", "them", "--shared", "kids"
    )
    assert started.exit_code == 0, started.stderr
    drafts = ["thinking of you", "Can you pick up Mia from school at 3 on Friday?"]
    quick = [json.loads(run_cli("check", "--json", d).stdout) for d in drafts]
    monkeypatch.setattr(sqlite_read, "read_events", lambda url: None)
    stored = [json.loads(run_cli("check", "--json", d).stdout) for d in drafts]
    assert quick == stored and all(r["from_plan"] for r in quick)


def test_reading_the_plan_for_the_coach_does_not_import_sqlalchemy(run_cli, data_dir: Path) -> None:
    import subprocess

    started = run_cli("start", "--yes", "--breakup-date", "2026-02-20", "--ended-by", "me")
    assert started.exit_code == 0, started.stderr
    code = (
        "import sys\n"
        "from amends.config import load_settings\n"
        "from amends.services.plan import current_context\n"
        "from amends.clock import now\n"
        "s = load_settings({'AMENDS_DATA_DIR': sys.argv[1], 'AMENDS_NOW': sys.argv[2]})\n"
        "assert current_context(s, now(s)) is not None\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(data_dir), "2026-03-02T12:00:00+00:00"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


def test_settings_default_to_a_plain_sqlite_file(data_dir: Path) -> None:
    url = load_settings({"AMENDS_DATA_DIR": str(data_dir)}).database_url
    assert sqlite_file(url) == data_dir / "amends.sqlite"
