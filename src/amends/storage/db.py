"""The Store: an engine for settings.database_url, migrated to head, and transactions.

    store = open_store(settings)           # creates the data dir, migrates to head
    with store.transaction() as session:   # commit on success, rollback on any exception
        ...

Opening is fast when the database is already at head: one plain query reads
alembic_version and Alembic is not imported at all. Revision ids are the four-digit prefix of
the files in migrations/versions (0001_events.py is "0001") and history is linear, so the head
is the largest prefix (tests/storage/test_migrations.py checks this against Alembic).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from amends import clock
from amends.config import Settings
from amends.core.errors import AmendsError
from amends.storage.revisions import head_revision as head_revision
from amends.storage.revisions import known_revisions as known_revisions
from amends.storage.revisions import migrations_dir as _migrations_dir

_ENGINES: dict[str, Engine] = {}
_MIGRATING = threading.Lock()
# Engine key -> the SQLite file's data version (Store.data_version) when it was last seen at the
# head revision, so opening a store per request does not query alembic_version every time;
# any commit since (another amends migrating the file, say) makes it check again.
_AT_HEAD: dict[str, tuple[int, ...]] = {}
# Read-only connections that watch SQLite files for commits (see Store.data_version).
_WATCHERS: dict[tuple[str, tuple[int, ...]], sqlite3.Connection] = {}
_WATCHING = threading.Lock()


@dataclass(frozen=True)
class Store:
    engine: Engine
    settings: Settings

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any exception."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            session.info["now"] = partial(clock.now, self.settings)
            yield session

    def data_version(self) -> tuple[int, ...] | None:
        """A value that changes whenever anyone commits to this database, for safe caching.

        SQLite files only: PRAGMA data_version on a connection that never writes changes when
        any other connection commits, and the file's identity covers a file deleted and made
        anew (the demo). None elsewhere, meaning "don't cache".
        """
        identity = _file_identity(self.engine.url)
        if not identity:
            return None
        path = str(self.engine.url.database)
        with _WATCHING:
            watcher = _WATCHERS.get((path, identity))
            if watcher is None:
                for stale in [key for key in _WATCHERS if key[0] == path]:
                    _WATCHERS.pop(stale).close()  # that file was replaced
                watcher = sqlite3.connect(path, check_same_thread=False)
                _WATCHERS[(path, identity)] = watcher
            (version,) = watcher.execute("PRAGMA data_version").fetchone()
        return (*identity, int(version))


def open_store(settings: Settings) -> Store:
    """1. parse the URL, 2. create the SQLite file's folder, 3. connect, 4. migrate if behind."""
    url = database_url(settings)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        _create_folder(Path(url.database).expanduser().parent)
    engine = _engine(url)
    key = _shown(url, hide_password=False)
    store = Store(engine, settings)
    version = store.data_version()
    if version is not None and _AT_HEAD.get(key) == version:
        return store
    try:
        if current_revision(engine) != head_revision():
            with _MIGRATING:  # Alembic's context is process-global: one migration at a time
                if current_revision(engine) != head_revision():
                    _upgrade(engine)
        if (version := store.data_version()) is not None:
            _AT_HEAD[key] = version
    except DBAPIError as error:
        _ENGINES.pop(key, None)
        engine.dispose()
        raise AmendsError(
            f"amends could not open its database {_shown(url)} ({_first_line(error)}).",
            "Check AMENDS_DATABASE_URL, or that the database server is running.",
        ) from None
    return store


def _engine(url: URL) -> Engine:
    """One engine per URL and process (the web app opens a store per request). SQLite files
    use no pool: connecting is cheap and nothing stays open once a transaction ends."""
    key = _shown(url, hide_password=False)
    if key not in _ENGINES:
        try:
            engine = _create_engine(url)
        except (ImportError, NoSuchModuleError):
            raise AmendsError(
                f"amends has no driver for {url.drivername} databases.",
                "Use SQLite (the default) or PostgreSQL: postgresql+psycopg://... with "
                "`pip install 'amends[postgres]'`.",
            ) from None
        _ENGINES[key] = engine
    return _ENGINES[key]


def _file_identity(url: URL) -> tuple[int, ...] | None:
    """(device, inode) of a SQLite file; () for a database server; None if there is no file."""
    if url.get_backend_name() != "sqlite":
        return ()
    if url.database in (None, "", ":memory:"):
        return None
    try:
        found = os.stat(str(url.database))
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def _create_engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database in (None, "", ":memory:"):
        engine = create_engine(url)
    else:
        engine = create_engine(url, poolclass=NullPool)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def database_url(settings: Settings) -> URL:
    """The parsed URL; plain postgresql:// means psycopg 3 (the only driver amends ships)."""
    try:
        url = make_url(settings.database_url)
    except ArgumentError:
        raise AmendsError(
            f"AMENDS_DATABASE_URL {settings.database_url!r} is not a database URL.",
            "Use e.g. sqlite:////path/amends.sqlite or postgresql+psycopg://user@host/db.",
        ) from None
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def current_revision(engine: Engine) -> str | None:
    """The revision in alembic_version, or None for a database amends has not set up yet."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            connection.rollback()
            return None


def alembic_config(connection: Any = None) -> Any:
    """An Alembic Config for the shipped migrations; no alembic.ini needed."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_migrations_dir()))
    config.attributes["connection"] = connection
    return config


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.util import CommandError

    migrator = _sqlite_migrator(engine.url) if engine.dialect.name == "sqlite" else engine
    try:
        with migrator.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
    except CommandError:
        raise AmendsError(
            f"The database {_shown(engine.url)} was set up by a newer amends.",
            "Upgrade amends, or point AMENDS_DATABASE_URL at another database.",
        ) from None
    except DBAPIError:
        if current_revision(engine) != head_revision():
            raise
        # another amends process (the web app, say) migrated it at the same moment: fine


def _sqlite_migrator(url: URL) -> Engine:
    """An engine whose transactions really cover DDL (pysqlite commits before CREATE TABLE by
    default) and take the write lock up front: a migration is all or nothing, and processes
    migrating a new file at once queue up instead of colliding."""
    migrator = create_engine(url, poolclass=NullPool, connect_args={"timeout": 60})

    def connect(dbapi_connection: Any, record: Any) -> None:
        _sqlite_pragmas(dbapi_connection, record)
        dbapi_connection.isolation_level = None  # the driver stops managing transactions

    event.listen(migrator, "connect", connect)
    event.listen(
        migrator, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE")
    )
    return migrator


def _create_folder(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise AmendsError(
            f"amends could not create its data folder {folder} ({error.strerror}).",
            "Set AMENDS_DATA_DIR to a folder you can write to.",
        ) from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _shown(url: URL, hide_password: bool = True) -> str:
    return url.render_as_string(hide_password=hide_password)


def _first_line(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig else "unknown error"
