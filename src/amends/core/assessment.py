"""Validated screening instruments, administered and scored from data.

Each instrument (content/instruments/*.toml) has items, response options, optional reverse-keyed
items, a multiplier (WHO-5 reports raw x 4), bands that cover every possible score, and maybe a
step-up (PHQ-2 -> PHQ-9, GAD-2 -> GAD-7) or a crisis item (PHQ-9 item 9 above 0). Results are
screens, not diagnoses; the CLI shows the citation with every result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from amends.core.errors import AmendsError
from amends.core.events import Event, EventKind, of_kind


@dataclass(frozen=True)
class Option:
    label: str
    value: int


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    reverse: bool = False


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    id: str
    label: str
    positive: bool


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    stem: str  # the question every item answers, e.g. "Over the last 2 weeks, how often..."
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    bands: tuple[Band, ...]
    citation: str
    licence: str
    multiplier: int = 1
    copyright: str = ""
    about: str = ""
    step_up: str | None = None  # instrument to continue with when this one is positive
    crisis_item: str | None = None  # item id whose answer above crisis_above means crisis
    crisis_above: int = 0

    @property
    def min_score(self) -> int:
        return sum(_low(self) for _ in self.items) * self.multiplier

    @property
    def max_score(self) -> int:
        return sum(_high(self) for _ in self.items) * self.multiplier


@dataclass(frozen=True)
class Result:
    instrument: Instrument
    answers: tuple[int, ...]  # the option values chosen, in item order, before reverse keying
    score: int
    band: Band
    crisis: bool

    @property
    def positive(self) -> bool:
        return self.band.positive

    @property
    def step_up(self) -> str | None:
        return self.instrument.step_up if self.positive else None


def _low(instrument: Instrument) -> int:
    return min(o.value for o in instrument.options)


def _high(instrument: Instrument) -> int:
    return max(o.value for o in instrument.options)


def validate_instrument(instrument: Instrument) -> Instrument:
    """Raise ValueError unless the data is coherent: items, options, bands covering every score."""
    where = instrument.id
    if not instrument.items or not instrument.options:
        raise ValueError(f"{where}: needs items and options")
    if len({i.id for i in instrument.items}) != len(instrument.items):
        raise ValueError(f"{where}: item ids must be unique")
    if len({o.value for o in instrument.options}) != len(instrument.options):
        raise ValueError(f"{where}: option values must be unique")
    expected = instrument.min_score
    for band in sorted(instrument.bands, key=lambda b: b.min):
        if band.min != expected or band.max < band.min:
            raise ValueError(f"{where}: bands must cover scores without gaps ({band.id})")
        expected = band.max + 1
    if expected != instrument.max_score + 1:
        raise ValueError(f"{where}: bands must reach the top score {instrument.max_score}")
    if instrument.crisis_item and instrument.crisis_item not in {i.id for i in instrument.items}:
        raise ValueError(f"{where}: crisis_item {instrument.crisis_item} is not an item")
    return instrument


def score(instrument: Instrument, answers: Sequence[int]) -> Result:
    """Score one completed instrument; wrong counts or values are the user's to fix."""
    _check_answers(instrument, answers)
    total = sum(
        _keyed(instrument, item, value)
        for item, value in zip(instrument.items, answers, strict=True)
    )
    value = total * instrument.multiplier
    band = band_for(instrument, value)
    return Result(instrument, tuple(answers), value, band, _crisis(instrument, answers))


def _keyed(instrument: Instrument, item: Item, value: int) -> int:
    return _low(instrument) + _high(instrument) - value if item.reverse else value


def _crisis(instrument: Instrument, answers: Sequence[int]) -> bool:
    if instrument.crisis_item is None:
        return False
    index = [i.id for i in instrument.items].index(instrument.crisis_item)
    return answers[index] > instrument.crisis_above


def band_for(instrument: Instrument, value: int) -> Band:
    for band in instrument.bands:
        if band.min <= value <= band.max:
            return band
    raise ValueError(f"{instrument.id}: no band holds the score {value}")


def _check_answers(instrument: Instrument, answers: Sequence[int]) -> None:
    if len(answers) != len(instrument.items):
        raise AmendsError(
            f"{instrument.name} has {len(instrument.items)} questions; got {len(answers)} answers.",
            "Give one answer per question, in order.",
        )
    allowed = {o.value for o in instrument.options}
    wrong = [a for a in answers if a not in allowed]
    if wrong:
        raise AmendsError(
            f"{wrong[0]} is not an answer to {instrument.name}.",
            f"Use one of: {', '.join(option_hint(instrument))}.",
        )


def option_hint(instrument: Instrument) -> list[str]:
    return [f"{o.value} = {o.label}" for o in instrument.options]


_SEPARATORS = re.compile(r"[,;/\n]+")


def parse_answers(instrument: Instrument, text: str) -> tuple[int, ...]:
    """'1,2,0 3', 'yes no no no' or 'Not at all, Several days': option values or labels."""
    values: list[int] = []
    for part in (p.strip() for p in _SEPARATORS.split(text)):
        if not part:
            continue
        if _option_for(instrument, part) is not None or " " not in part:
            values.append(parse_answer(instrument, part))
        else:
            values.extend(parse_answer(instrument, word) for word in part.split())
    return tuple(values)


def parse_answer(instrument: Instrument, text: str) -> int:
    option = _option_for(instrument, text)
    if option is None:
        raise AmendsError(
            f"{text.strip()!r} is not an answer to {instrument.name}.",
            f"Use one of: {', '.join(option_hint(instrument))}.",
        )
    return option.value


def _option_for(instrument: Instrument, text: str) -> Option | None:
    word = " ".join(text.lower().split())
    for option in instrument.options:
        if word in (str(option.value), option.label.lower()) or _is_yes_no(word, option):
            return option
    return None


def _is_yes_no(word: str, option: Option) -> bool:
    label = option.label.lower()
    return label in ("yes", "no") and word in (label[0], label)


def prefill(target: Instrument, earlier: Result) -> dict[str, int]:
    """Answers a step-up instrument can reuse: items with the same id (PHQ-2 items open PHQ-9)."""
    shared = {i.id for i in target.items}
    return {
        item.id: value
        for item, value in zip(earlier.instrument.items, earlier.answers, strict=True)
        if item.id in shared
    }


def assessment_data(result: Result) -> dict[str, Any]:
    """The ASSESSMENT_TAKEN payload (docs/json.md)."""
    return {
        "instrument": result.instrument.id,
        "answers": list(result.answers),
        "score": result.score,
        "band": result.band.id,
        "positive": result.positive,
        "crisis": result.crisis,
    }


@dataclass(frozen=True)
class Taken:
    """One past result, read back from the event log."""

    instrument: str
    at: datetime
    score: int
    band: str
    positive: bool


def history(events: Iterable[Event], instrument: str | None = None) -> list[Taken]:
    """Past results, oldest first; only one instrument's when named."""
    out = []
    for event in of_kind(events, EventKind.ASSESSMENT_TAKEN):
        data: Mapping[str, Any] = event.data
        if instrument is None or data.get("instrument") == instrument:
            out.append(
                Taken(
                    str(data.get("instrument")),
                    event.at,
                    int(data.get("score", 0)),
                    str(data.get("band", "")),
                    bool(data.get("positive")),
                )
            )
    return out


def next_due(events: Iterable[Event], instrument: str, now: datetime, every: timedelta) -> datetime:
    """When the instrument is next due (now if never taken), e.g. WHO-5 every 7 days."""
    taken = history(events, instrument)
    return taken[-1].at + every if taken else now
