"""The plan cache is safe: any commit, from anywhere, or a replaced file makes it reload."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from amends.config import load_settings
from amends.core.events import Event, EventKind
from amends.services.plan import load_all_events
from amends.storage import repository
from amends.storage.db import open_store

NOW = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)


def settings_for(path: Path):
    return replace(load_settings({"AMENDS_DATA_DIR": str(path.parent)}),
                   database_url=f"sqlite:///{path}")  # fmt: skip


def save(settings, note: str) -> None:
    with open_store(settings).transaction() as session:
        repository.save_event(session, Event(EventKind.URGE, NOW, {"note": note}))


def test_a_commit_through_amends_is_seen_by_the_next_load(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "a.sqlite")
    save(settings, "one")
    assert len(load_all_events(settings)) == 1
    save(settings, "two")
    assert [e.data["note"] for e in load_all_events(settings)] == ["one", "two"]


def test_a_commit_by_another_program_is_seen_by_the_next_load(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite"
    settings = settings_for(path)
    save(settings, "one")
    assert len(load_all_events(settings)) == 1
    with sqlite3.connect(path) as other:  # e.g. the CLI while the web app runs
        other.execute("DELETE FROM events")
    assert load_all_events(settings) == []


def test_a_database_file_replaced_on_disk_is_read_afresh(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    settings = settings_for(path)
    save(settings, "old")
    assert len(load_all_events(settings)) == 1
    path.unlink()
    save(settings, "new")
    assert [e.data["note"] for e in load_all_events(settings)] == ["new"]


def test_the_data_version_changes_only_when_something_is_committed(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "d.sqlite")
    store = open_store(settings)
    before = store.data_version()
    assert before is not None and store.data_version() == before
    load_all_events(settings)
    assert store.data_version() == before
    save(settings, "x")
    assert store.data_version() != before
