"""`amends demo`: a sample plan from data the package ships, in its own database.

The demo never touches the user's data: it lives in <data dir>/demo/ and is rebuilt each run,
with event times relative to now so it always shows a plan in progress.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from amends.config import Settings
from amends.core.events import Event, EventKind
from amends.core.plan import PlanState


def demo_settings(settings: Settings) -> Settings:
    demo_dir = settings.data_dir / "demo"
    return replace(
        settings, data_dir=demo_dir, database_url=f"sqlite:///{demo_dir / 'demo.sqlite'}"
    )


def demo_plan(settings: Settings, now: datetime) -> tuple[PlanState, Path]:
    """Rebuild the demo database from the shipped sample and compute its plan."""
    from amends.services.plan import plan_status
    from amends.storage import repository
    from amends.storage.db import open_store

    demo = demo_settings(settings)
    (demo.data_dir / "demo.sqlite").unlink(missing_ok=True)
    with open_store(demo).transaction() as session:
        for event in sample_events(now):
            repository.save_event(session, event)
    return plan_status(demo, now), demo.data_dir


def sample_events(now: datetime) -> list[Event]:
    text = resources.files("amends").joinpath("samples", "demo_plan.toml").read_text("utf-8")
    return [_event(raw, now) for raw in tomllib.loads(text)["events"]]


def _event(raw: dict[str, Any], now: datetime) -> Event:
    day = now - timedelta(days=int(raw["days_ago"]))
    at = day.replace(hour=int(raw["hour"]), minute=0, second=0, microsecond=0)
    data = {key: _relative_date(value, now) for key, value in raw["data"].items()}
    return Event(EventKind(raw["kind"]), at, data)


def _relative_date(value: Any, now: datetime) -> Any:
    """'@14' in the sample means the date 14 days ago."""
    if isinstance(value, str) and value.startswith("@"):
        return (now - timedelta(days=int(value[1:]))).date().isoformat()
    return value
