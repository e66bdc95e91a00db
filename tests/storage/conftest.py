"""Storage fixtures: settings and a store on a SQLite file in tmp_path, and a fresh
PostgreSQL database per test on the session's throwaway cluster (`postgres_url`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from amends.config import Settings, load_settings
from amends.core.events import Event, EventKind
from amends.storage import repository
from amends.storage.db import Store, open_store

NOW = "2026-03-01T21:30:00+00:00"
AT = datetime(2026, 2, 1, 23, 45, 10, 123456, tzinfo=timezone(timedelta(hours=-5)))
SAMPLE_EVENTS = (
    Event(EventKind.PLAN_STARTED, AT, {"breakup_date": "2026-01-20", "ended_by": "them"}),
    Event(EventKind.URGE, AT + timedelta(hours=2), {"note": "Wanted to send “I miss you” 💔"}),
    Event(EventKind.SLIP, AT + timedelta(days=1), {"note": "looked at photos", "what": "other"}),
    Event(EventKind.JOURNAL, AT, {"text": "line one\nline two", "mood": 4, "crisis": False}),
    Event(EventKind.REFLECTION_ANSWERED, AT, {"answers": {"b": "x", "a": "y"}, "score": 0.5}),
)


@dataclass(frozen=True)
class Sample:
    """A few varied events (offsets, microseconds, Unicode, nested payloads) and helpers that
    save or read them through the repository for the database a CLI environment points at."""

    events: tuple[Event, ...] = SAMPLE_EVENTS

    def save(self, env: Mapping[str, str], events: tuple[Event, ...] | None = None) -> None:
        store = open_store(load_settings(env))
        with store.transaction() as session:
            for event in self.events if events is None else events:
                repository.save_event(session, event)
        store.engine.dispose()

    def stored(self, env: Mapping[str, str]) -> list[Event]:
        store = open_store(load_settings(env))
        with store.transaction() as session:
            events = repository.load_events(session)
        store.engine.dispose()
        return events


@pytest.fixture
def sample() -> Sample:
    return Sample()


@pytest.fixture
def storage_settings(data_dir: Path) -> Settings:
    return load_settings({"AMENDS_DATA_DIR": str(data_dir), "AMENDS_NOW": NOW})


@pytest.fixture
def store(storage_settings: Settings) -> Iterator[Store]:
    opened = open_store(storage_settings)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[str]:
    """URL of an empty database of its own on the session's PostgreSQL cluster."""
    import psycopg

    name = f"amends_{uuid.uuid4().hex[:12]}"
    server = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
