"""The events of a SQLite file read with the standard library's sqlite3, without SQLAlchemy.

A one-shot command that only reads (`amends check` reading the plan) spends more on importing
SQLAlchemy (~0.4 s) than on the read. This serves a plain `sqlite:///path` URL whose schema is
at the head revision, opened read-only; for anything else (PostgreSQL, a URL with options, a
database behind or ahead of this amends, any sqlite3 error) it returns None and the caller
takes the usual path through the Store, which migrates, reports errors and so on.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from amends.core.events import Event
from amends.storage.repository import row_to_event
from amends.storage.revisions import head_revision

PREFIX = "sqlite:///"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL, or None (another database, options, or in memory)."""
    if not url.startswith(PREFIX) or any(c in url for c in "?%#"):
        return None
    path = url[len(PREFIX) :]
    return Path(path) if path and path != ":memory:" else None


def read_events(url: str) -> list[Event] | None:
    """Every event, as repository.load_events returns them; [] when the file does not exist
    yet (nothing is stored, and nothing is created); None when the Store must be used."""
    path = sqlite_file(url)
    if path is None:
        return None
    if not path.exists():
        return []
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision != head_revision():
            return None
        rows = connection.execute("SELECT id, kind, at, data FROM events ORDER BY id")
        events = [row_to_event(_Row(*row)) for row in rows]
    except (sqlite3.Error, TypeError, ValueError):
        return None
    finally:
        connection.close()
    return sorted(events, key=lambda e: e.at)  # as load_events: stable on equal instants


class _Row:
    __slots__ = ("id", "kind", "at", "data")

    def __init__(self, id: int, kind: str, at: str, data: str) -> None:
        self.id, self.kind, self.at, self.data = id, kind, at, data
