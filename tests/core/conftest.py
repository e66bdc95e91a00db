from __future__ import annotations

import io
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest


@pytest.fixture
def shipped_crisis_exemplars() -> tuple[Any, dict[str, Any]]:
    """The installed sentence model and the arrays of the shipped crisis_exemplars.npz (texts,
    vectors, static); skips when numpy or the model is missing."""
    np = pytest.importorskip("numpy")
    from amends.semantic import load_embedder

    embed: Callable[..., Any] | None = load_embedder()
    if embed is None:
        pytest.skip("the local MiniLM model is not installed")
    ref = resources.files("amends").joinpath("content", "crisis_exemplars.npz")
    with np.load(io.BytesIO(ref.read_bytes())) as shipped:
        return embed, {name: shipped[name] for name in shipped.files}
