"""Storage fixtures: settings and a store on a SQLite file in tmp_path, and a fresh
PostgreSQL database per test on the session's throwaway cluster (`postgres_url`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from amends.config import Settings, load_settings
from amends.storage.db import Store, open_store

NOW = "2026-03-01T21:30:00+00:00"


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
