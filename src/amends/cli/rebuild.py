"""Commands: placeholder until its owner lands it."""

from __future__ import annotations

from typing import Any


def register(app: Any) -> None:
    """Adds no commands yet."""
