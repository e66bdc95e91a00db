"""Storage speed, bounded: `python tests/storage/bench_storage.py [EVENTS] [DATABASE_URL]`.

Saves EVENTS journal events (default 20,000) into a fresh database in a temporary folder (or
the PostgreSQL URL given), then times open_store, load_events, export, forget and restore, and
checks the round trip is byte-identical. Not collected by pytest (no test_ prefix).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from amends.config import load_settings
from amends.core.events import Event, EventKind
from amends.services.data import export_data, forget_everything, restore_data
from amends.storage import repository
from amends.storage.db import open_store


def _timed(label: str, started: float) -> None:
    sys.stdout.write(f"{label:<28} {time.perf_counter() - started:8.3f} s\n")


def main(count: int, url: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="amends-bench-"))
    env = {"AMENDS_DATA_DIR": str(folder), "AMENDS_NOW": "2026-03-01T21:30:00+00:00"}
    settings = load_settings(dict(env, AMENDS_DATABASE_URL=url) if url else env)
    started = time.perf_counter()
    store = open_store(settings)
    _timed("open_store (new, migrates)", started)
    started = time.perf_counter()
    open_store(settings)
    _timed("open_store (at head)", started)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    started = time.perf_counter()
    with store.transaction() as session:
        for i in range(count):
            payload = {"text": f"day {i}: slept badly, walked, called a friend", "mood": i % 10}
            repository.save_event(
                session, Event(EventKind.JOURNAL, at + timedelta(hours=i), payload)
            )
    _timed(f"save_event x {count}", started)
    started = time.perf_counter()
    with store.transaction() as session:
        repository.load_events(session)
    _timed("load_events", started)
    first, second = folder / "first.json", folder / "second.json"
    started = time.perf_counter()
    export_data(settings, first)
    _timed(f"export ({first.stat().st_size / 1e6:.1f} MB)", started)
    started = time.perf_counter()
    forget_everything(settings)
    _timed("forget --all", started)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    restore_data(settings, first)
    _timed("restore", started)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    export_data(settings, second)
    same = first.read_bytes() == second.read_bytes()
    sys.stdout.write(f"peak memory {before // 1024} -> {after // 1024} MB; identical: {same}\n")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 20_000,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )
