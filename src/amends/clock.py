"""The only reader of the real clock. Core functions take `now` as an argument."""

from __future__ import annotations

from datetime import date, datetime

from amends.config import Settings
from amends.core.errors import AmendsError


def now(settings: Settings) -> datetime:
    """Aware local time: AMENDS_NOW if set (local time when it has no offset), else the system."""
    if settings.now:
        return parse_datetime(settings.now, what="AMENDS_NOW")
    return datetime.now().astimezone()


def parse_datetime(text: str, what: str = "time") -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise AmendsError(
            f"{what} {text!r} is not a date and time.", "Use ISO 8601, e.g. 2026-03-01T21:30:00."
        ) from None
    return value if value.tzinfo else value.astimezone()


def parse_date(text: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise AmendsError(
            f"{what} {text!r} is not a date.", "Use YYYY-MM-DD, e.g. 2026-03-01."
        ) from None
