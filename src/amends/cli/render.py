"""Rich output and the stable --json shapes. Rich is imported only when something is shown."""

from __future__ import annotations

import json
from typing import Any


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def print_json(value: Any) -> None:
    """Stable JSON: sorted keys, two-space indent, non-ASCII kept as is."""
    import typer

    typer.echo(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str))


def settings_from_env() -> Any:
    import os

    from amends.config import load_settings

    return load_settings(os.environ)
