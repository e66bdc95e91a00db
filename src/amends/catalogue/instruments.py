"""Loads content/instruments/*.toml into validated core Instrument values."""

from __future__ import annotations

from functools import cache
from typing import Any

from amends.catalogue import load_toml
from amends.core.assessment import Band, Instrument, Item, Option, validate_instrument
from amends.core.errors import AmendsError

# Shipped instruments in the order `amends assess list` shows them.
INSTRUMENT_IDS: tuple[str, ...] = ("hark", "who5", "phq2", "phq9", "gad2", "gad7", "rosenberg")


@cache
def load_instrument(instrument_id: str) -> Instrument:
    key = instrument_id.strip().lower().replace("-", "")
    if key not in INSTRUMENT_IDS:
        raise AmendsError(
            f"There is no instrument {instrument_id!r}.",
            f"Use one of: {', '.join(INSTRUMENT_IDS)} (see `amends assess list`).",
        )
    path = f"instruments/{key}.toml"
    try:
        return validate_instrument(_instrument(load_toml(path)))
    except (KeyError, TypeError, ValueError) as error:
        raise AmendsError(
            f"The shipped file {path} is not valid ({error}).", "Reinstall amends."
        ) from error


def load_instruments() -> list[Instrument]:
    return [load_instrument(i) for i in INSTRUMENT_IDS]


def _instrument(raw: dict[str, Any]) -> Instrument:
    return Instrument(
        id=raw["id"],
        name=raw["name"],
        stem=raw["stem"],
        items=tuple(Item(i["id"], i["text"], bool(i.get("reverse", False))) for i in raw["items"]),
        options=tuple(Option(o["label"], int(o["value"])) for o in raw["options"]),
        bands=tuple(
            Band(int(b["min"]), int(b["max"]), b["id"], b["label"], bool(b["positive"]))
            for b in raw["bands"]
        ),
        citation=raw["citation"],
        licence=raw["licence"],
        multiplier=int(raw.get("multiplier", 1)),
        copyright=raw.get("copyright", ""),
        about=raw.get("about", ""),
        step_up=raw.get("step_up"),
        crisis_item=raw.get("crisis_item"),
        crisis_above=int(raw.get("crisis_above", 0)),
    )
