"""Migrations: run on an empty database, skipped at head, and clear errors when they cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from amends.config import Settings, load_settings
from amends.core.errors import AmendsError
from amends.storage import db
from amends.storage.db import Store, current_revision, head_revision, open_store


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrating_an_empty_sqlite_file_creates_the_tables(storage_settings: Settings) -> None:
    store = open_store(storage_settings)

    assert {"events", "alembic_version"} <= _tables(storage_settings.database_url)
    assert current_revision(store.engine) == head_revision() == db.known_revisions()[-1]
    store.engine.dispose()


def test_the_data_folder_is_created_private(tmp_path: Path) -> None:
    folder = tmp_path / "not" / "yet"
    open_store(load_settings({"AMENDS_DATA_DIR": str(folder)})).engine.dispose()

    assert (folder / "amends.sqlite").is_file()
    assert folder.stat().st_mode & 0o077 == 0


def test_head_is_the_newest_revision_file_and_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config())

    assert script.get_heads() == [head_revision()]
    assert [rev.revision for rev in script.walk_revisions()][::-1] == db.known_revisions()


def test_opening_a_database_at_head_does_not_run_alembic(
    storage_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(storage_settings).engine.dispose()
    monkeypatch.setattr(db, "_upgrade", lambda engine: pytest.fail("migrated again"))

    open_store(storage_settings).engine.dispose()


def test_every_migration_downgrades_to_an_empty_database(storage_settings: Settings) -> None:
    from alembic import command

    store = open_store(storage_settings)
    with store.engine.begin() as connection:
        command.downgrade(db.alembic_config(connection), "base")

    assert _tables(storage_settings.database_url) <= {"alembic_version"}
    store.engine.dispose()


def test_a_database_from_a_newer_amends_is_a_clear_error(storage_settings: Settings) -> None:
    store = open_store(storage_settings)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.engine.dispose()

    with pytest.raises(AmendsError, match="newer amends"):
        open_store(storage_settings)


def test_a_data_dir_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    with pytest.raises(AmendsError, match="could not create its data folder") as raised:
        open_store(load_settings({"AMENDS_DATA_DIR": str(blocker / "data")}))
    assert "AMENDS_DATA_DIR" in raised.value.hint


def test_a_malformed_database_url_is_a_clear_error(tmp_path: Path) -> None:
    settings = load_settings({"AMENDS_DATA_DIR": str(tmp_path), "AMENDS_DATABASE_URL": "nope"})

    with pytest.raises(AmendsError, match="not a database URL"):
        open_store(settings)


@pytest.mark.parametrize("url", ["mysql://me@localhost/amends", "nosuchdb://x/y"])
def test_a_database_amends_has_no_driver_for_is_a_clear_error(tmp_path: Path, url: str) -> None:
    settings = load_settings({"AMENDS_DATA_DIR": str(tmp_path), "AMENDS_DATABASE_URL": url})

    with pytest.raises(AmendsError, match="no driver"):
        open_store(settings)


def test_an_unreachable_postgresql_server_is_a_clear_error(tmp_path: Path) -> None:
    url = "postgresql://nobody@127.0.0.1:1/amends?connect_timeout=2"
    settings = load_settings({"AMENDS_DATA_DIR": str(tmp_path), "AMENDS_DATABASE_URL": url})

    with pytest.raises(AmendsError, match="could not open its database"):
        open_store(settings)


@pytest.mark.postgres
def test_migrations_run_on_postgresql(postgres_database: str, tmp_path: Path) -> None:
    settings = load_settings(
        {"AMENDS_DATA_DIR": str(tmp_path), "AMENDS_DATABASE_URL": postgres_database}
    )
    store = open_store(settings)

    assert {"events", "alembic_version"} <= _tables(postgres_database)
    assert current_revision(store.engine) == head_revision()
    store.engine.dispose()
    open_store(settings).engine.dispose()  # second open: already at head


def test_the_tables_in_code_match_what_the_migrations_build(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from amends.storage.backup import user_tables
    from amends.storage.tables import Base

    user_tables()
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)

    assert differences == [], (
        "The ORM tables and the migrations disagree: list every table module in "
        "storage.backup.TABLE_MODULES and write a migration for each change (docs/storage.md)."
    )


def test_two_processes_migrating_at_once_both_open_the_store(storage_settings: Settings) -> None:
    from concurrent.futures import ThreadPoolExecutor

    db._ENGINES.clear()
    with ThreadPoolExecutor(max_workers=4) as pool:
        stores = list(pool.map(lambda _: open_store(storage_settings), range(4)))

    assert {current_revision(store.engine) for store in stores} == {head_revision()}


def test_processes_opening_a_new_database_together_all_succeed(storage_settings: Settings) -> None:
    import subprocess
    import sys

    code = (
        "import os; from amends.config import load_settings; "
        "from amends.storage.db import open_store; open_store(load_settings(os.environ))"
    )
    env = {"AMENDS_DATA_DIR": str(storage_settings.data_dir), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE)
        for _ in range(3)
    ]

    assert [(run.wait(timeout=60), run.stderr.read() if run.stderr else b"") for run in runs] == [
        (0, b"")
    ] * 3


def test_a_migration_that_fails_halfway_leaves_the_sqlite_file_as_it_was(
    storage_settings: Settings,
) -> None:
    from amends.storage.backup import user_tables

    blocker = user_tables()[-1].name  # a later migration will fail to create this table
    storage_settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(storage_settings.database_url)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE TABLE "{blocker}" (x INTEGER)'))
    engine.dispose()

    with pytest.raises(AmendsError, match="already exists"):
        open_store(storage_settings)

    assert _tables(storage_settings.database_url) == {blocker}
