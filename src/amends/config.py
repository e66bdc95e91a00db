"""Settings, built once from the environment by the entry points and passed down.

Every environment variable amends reads is listed in ENVIRONMENT (name, default, help);
tests/test_docs.py checks each one is documented in the README.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENVIRONMENT: tuple[tuple[str, str, str], ...] = (
    (
        "AMENDS_DATABASE_URL",
        "sqlite:///<data dir>/amends.sqlite",
        "Any SQLAlchemy URL; "
        "PostgreSQL works with the 'postgres' extra (postgresql+psycopg://...).",
    ),
    ("AMENDS_DATA_DIR", "the platform's user-data dir", "Where the SQLite file and exports live."),
    ("AMENDS_NOW", "the system clock", "Fix the clock, ISO 8601 (local time if no offset)."),
    ("AMENDS_COUNTRY", "unset", "Two-letter country code for crisis helplines (e.g. GB, US)."),
    (
        "AMENDS_LLM_URL",
        "unset",
        "Optional OpenAI-compatible local endpoint for a second opinion "
        "on rewrites. Off unless set; nothing else ever makes a network call.",
    ),
)


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    now: str | None = None  # raw AMENDS_NOW, parsed by clock.now()
    country: str | None = None
    llm_url: str | None = None


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("amends", appauthor=False))


def load_settings(environ: Mapping[str, str]) -> Settings:
    data_dir = Path(environ.get("AMENDS_DATA_DIR") or default_data_dir())
    url = environ.get("AMENDS_DATABASE_URL") or f"sqlite:///{data_dir / 'amends.sqlite'}"
    return Settings(
        database_url=url,
        data_dir=data_dir,
        now=environ.get("AMENDS_NOW") or None,
        country=(environ.get("AMENDS_COUNTRY") or "").upper() or None,
        llm_url=environ.get("AMENDS_LLM_URL") or None,
    )
