"""Loads the shipped content (TOML and Markdown under amends/content) into core types.

One module per kind of content; each validates once and returns frozen core dataclasses, so the
core receives catalogues as arguments and never opens a file.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from amends.core.errors import AmendsError


@cache
def read_text(relative_path: str) -> str:
    """A shipped content file, e.g. 'guidance/no_contact.md'."""
    ref = resources.files("amends").joinpath("content", *relative_path.split("/"))
    return ref.read_text(encoding="utf-8")


@cache
def load_toml(relative_path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(read_text(relative_path))
    except (FileNotFoundError, tomllib.TOMLDecodeError) as error:
        raise AmendsError(
            f"The shipped content file {relative_path} is unreadable ({error}).",
            "Reinstall amends.",
        ) from error
