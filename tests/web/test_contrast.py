"""The stylesheet's palettes meet WCAG contrast: text 7:1 (AAA), links, muted text, verdict
badges and field errors at least 4.5:1 (AA), in the light and the dark palette alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "src/amends/web/static/amends.css").read_text()
# (foreground, background, minimum ratio)
PAIRS = [
    ("ink", "bg", 7.0),
    ("ink", "card", 7.0),
    ("muted", "card", 4.5),
    ("muted", "bg", 4.5),
    ("accent", "card", 4.5),
    ("accent-ink", "accent", 4.5),
    ("bad", "card", 4.5),
    ("card", "ok", 4.5),
    ("card", "warn", 4.5),
    ("card", "bad", 4.5),
    ("ink", "mark", 4.5),
]


def _palettes() -> dict[str, dict[str, str]]:
    blocks = re.findall(r":root\s*{([^}]*)}", CSS)
    return {
        name: dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))
        for name, block in zip(("light", "dark"), blocks, strict=True)
    }


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize(("fore", "back", "minimum"), PAIRS)
def test_text_colours_contrast_enough(palette: str, fore: str, back: str, minimum: float) -> None:
    colours = _palettes()[palette]
    ratio = contrast(colours[fore], colours[back])
    assert ratio >= minimum, f"{palette}: --{fore} on --{back} is {ratio:.2f}:1"


def test_the_contrast_formula_matches_wcag_black_on_white() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
