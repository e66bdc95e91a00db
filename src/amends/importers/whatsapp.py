"""WhatsApp chat exports (`.txt`, or the `.zip` they are shared as; importers/__init__ unzips).

Android writes `12/30/21, 10:01 PM - Name: text`, iOS `[30/12/21, 22:01:00] Name: text`; the
date order, separators, 12 h markers ("p. m." with no-break spaces) and media/deleted markers
change with the phone's language. One header pattern covers the layouts; the date order is
resolved from the whole file (a day above 12 settles it, else the order that keeps the dates
running forward) unless the user gives it. Markers per language are data:
content/whatsapp_locales.toml.

The parser splits whole chunks on the header pattern (C speed, constant memory) and yields a
ChatMessage per header; lines without a header belong to the message above (multi-line).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache
from itertools import chain
from typing import Any, BinaryIO

from amends.core.chat import (
    DEFAULT_OPTIONS,
    ChatMessage,
    DateOrder,
    MessageKind,
    ReadOptions,
    clean_name,
)
from amends.core.errors import AmendsError
from amends.importers.text_stream import read_chunks

NAME = "whatsapp"
WHAT = "WhatsApp export"
HINT = "Export the chat again (Chat > More > Export chat) and import the .txt or .zip as it is."

# Digits are ASCII ([0-9], not \d) and the characters outside ASCII stand outside character
# classes, so the same pattern encoded to UTF-8 splits the raw bytes the same way (HEADER_BYTES,
# used by whatsapp_rows for big imports).
_SPACE = "(?: |\u00a0|\u202f)"
_STAMP_TEXT = (
    r"\[?(([0-9]{1,4})[./-]([0-9]{1,2})[./-]([0-9]{1,4}))\.?"  # the date and its three numbers
    rf",?{_SPACE}(?:à |um |kl\. |klo |в )?"
    r"([0-9]{1,2})[:.]([0-9]{2})(?:[:.]([0-9]{2}))?"  # hour, minute, second
    rf"(?:{_SPACE}?([AaPp]\.?{_SPACE}?[Mm]\.?))?"  # AM/PM in any spelling
)
_STAMP = re.compile(_STAMP_TEXT)
# One capturing group (the whole stamp), so split() hands back [before, stamp, body, ...]; the
# newline before each header is consumed, so bodies come without their final newline.
_HEADER = re.compile(
    "\n(?:\u200e|\u200f)?("
    + re.sub(r"\((?!\?)", "(?:", _STAMP_TEXT)
    + rf")(?:\]{_SPACE}?|{_SPACE}(?:-|–){_SPACE})",
)
HEADER_BYTES = re.compile(_HEADER.pattern.encode())
_MINUTES = {f"{n:02}": timedelta(minutes=n) for n in range(60)}
_SECONDS = {f"{n:02}": timedelta(seconds=n) for n in range(60)}
_ZERO = timedelta(0)
_UNKNOWN = object()
_SYSTEM = MessageKind.SYSTEM
_TEXT = MessageKind.TEXT


def sniff(head: bytes) -> bool:
    text = head.decode("utf-8", "ignore").lstrip("\ufeff\n\r ")
    return bool(text) and _HEADER.match("\n" + text) is not None


def read(stream: BinaryIO, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[ChatMessage]:
    order = options.date_order or resolve_date_order(stream, WHAT)
    stream.seek(0)
    return parse_messages(stream, order, options.tz, WHAT)


def resolve_date_order(stream: BinaryIO, what: str) -> DateOrder:
    """The date order that fits the whole file: a first number of four digits is year-first, a
    number above 12 settles day or month, else the order whose dates never run backwards."""
    seen: list[tuple[int, int, int]] = []
    english_clock = False
    for chunk in read_chunks(stream, what):
        for stamp in _HEADER.findall("\n" + chunk):
            _day, a, b, c, _h, _m, _s, ampm = _STAMP.match(stamp).groups()  # type: ignore[union-attr]
            if len(a) > 2:
                return DateOrder.YMD
            first, second = int(a), int(b)
            if first > 12 >= second:
                return DateOrder.DMY
            if second > 12 >= first:
                return DateOrder.MDY
            english_clock = english_clock or ampm in ("AM", "PM", "am", "pm")
            if len(seen) < 100_000 and (not seen or seen[-1] != (first, second, int(c))):
                seen.append((first, second, int(c)))
    as_dmy = _backwards([(y, m, d) for d, m, y in seen])
    as_mdy = _backwards([(y, m, d) for m, d, y in seen])
    if as_dmy != as_mdy:
        return DateOrder.DMY if as_dmy < as_mdy else DateOrder.MDY
    return DateOrder.MDY if english_clock else DateOrder.DMY


def _backwards(dates: list[tuple[int, int, int]]) -> int:
    return sum(1 for before, after in zip(dates, dates[1:], strict=False) if after < before)


def parse_messages(
    stream: BinaryIO, order: DateOrder, tz: tzinfo | None, what: str
) -> Iterator[ChatMessage]:
    """Every message in the export, in file order (see the module docstring). The loop is
    written out flat on purpose: it runs once per message, a million times for a big export.
    Chunks are split with the header pattern fixed to the layout of the first header
    (whatsapp_layout.text_split: the same stamps and bodies; docs/importers.md has its cost)."""
    from amends.importers.whatsapp_layout import text_split  # it imports this module

    lines = _LineCounter(what)
    chunks = read_chunks(stream, what)
    first = next(chunks, "")
    stamps = _Stamps(order, tz, what, lines)
    builder = _Builder()
    build, names_get, markers_get, stamps_get = (
        builder.build,
        builder.names.get,
        builder.markers.get,
        stamps.get,
    )
    for pairs in message_lists(chain((first,), chunks), lines, text_split(first)):
        for stamp_text, text in zip(pairs[0::2], pairs[1::2], strict=True):
            at = stamps_get(stamp_text) or stamps.missing(stamp_text)
            name, sep, said = text.partition(": ")
            sender = names_get(name) if sep else None
            if sender is None or said[:1] == "\u200e" or said[-1:] == ")":
                yield build(at, text)  # the uncommon cases: see _Builder
            else:
                yield ChatMessage(at, sender, said, markers_get(said, _TEXT))


def message_lists(
    chunks: Iterator[Any],
    lines: _LineCounter,
    split: Callable[[Any], list[Any]] = _HEADER.split,
    width: int = 2,
) -> Iterator[list[Any]]:
    """Whole messages as lists [stamp, body, stamp, body, ...], one list per chunk: each chunk
    is split on the header pattern and its last message held back, as the next chunk may go
    on with more of its lines. Text chunks with _HEADER.split, or bytes with a split giving
    `width` - 1 parts per header (whatsapp_rows: [key, step, body, ...]). The line counter
    moves on once the caller is done with a list."""
    held: list[Any] | None = None  # the last message so far: its header's parts and body
    for chunk in chunks:
        newline = chunk[:0] + ("\n" if isinstance(chunk, str) else b"\n")
        data = newline + (chunk[:-1] if chunk[-1:] == newline else chunk)
        lines.start(data)
        parts = split(data)
        if held is not None:
            held[-1] += parts[0]
        elif not _blank(parts[0]):
            lines.raise_not_a_header(parts[0])
        if len(parts) > 1:
            whole = parts[1:-width]
            if held is not None:
                whole[0:0] = held
            held = parts[-width:]
            yield whole
        lines.finish(data)
    if held is None:
        raise AmendsError(f"{lines.what}: no messages found.", HINT)
    yield held


def _blank(text: str | bytes) -> bool:
    return not _text(text).strip()


def _text(text: str | bytes) -> str:
    return text.decode() if isinstance(text, bytes) else text


class _LineCounter:
    """Line numbers for error messages only: counted per chunk, and within a chunk only when
    something is wrong (counting per message would cost as much as the parse). The previous
    chunk is kept too: the last message of a chunk is finished in the next one."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.chunks: list[tuple[str | bytes, int]] = []  # (text, number of its first line)
        self.next_line = 0

    def start(self, data: str | bytes) -> None:
        self.chunks = [*self.chunks[-1:], (data, self.next_line)]

    def finish(self, data: str | bytes) -> None:
        self.next_line += data.count("\n" if isinstance(data, str) else b"\n")

    def line_of(self, text: str) -> int:
        for data, first_line in reversed(self.chunks):
            if isinstance(data, bytes):
                found = data.find(text.encode())
                newlines = data.count(b"\n", 0, max(found, 0))
            else:
                found = data.find(text)
                newlines = data.count("\n", 0, max(found, 0))
            if found >= 0:
                return first_line + newlines
        return self.next_line

    def raise_not_a_header(self, head: str | bytes) -> None:
        shown = next(line for line in _text(head).split("\n") if line.strip())
        raise AmendsError(
            f"{self.what}: line {self.line_of(shown)} does not start with a date and time "
            f"({shown.strip()[:40]!r}).",
            HINT,
        )


class _Stamps(dict[str, datetime]):
    """Header time stamps -> aware datetimes: `stamps.get(text) or stamps.missing(text)`.
    A chat repeats its minutes, days and hours, so stamps are cached (bounded) and the local
    offset is looked up once per hour."""

    def __init__(self, order: DateOrder, tz: tzinfo | None, what: str, lines: _LineCounter):
        super().__init__()
        self.order, self.tz, self.what, self.lines = order, tz, what, lines
        self.hours: dict[str, datetime] = {}  # the start of each hour seen
        # stamp text before its last colon -> its start, and the unit of what follows
        self.starts: dict[str, tuple[datetime, dict[str, timedelta]]] = {}
        self.days: dict[date, int | None | object] = {}  # day -> its one offset (None: varies)

    def missing(self, stamp: str) -> datetime:
        """A stamp not seen lately. Fast path: the part before the last colon (the hour, or
        the minute when the layout has seconds) was seen, and the rest is two digits."""
        prefix, _, last = stamp.rpartition(":")
        known = self.starts.get(prefix)
        step = known[1].get(last) if known is not None else None
        if known is None or step is None:
            return self._parse(stamp)
        value = known[0] + step
        if len(self) > 20_000:
            self.clear()
        self[stamp] = value
        return value

    def _parse(self, stamp: str) -> datetime:
        match = _STAMP.match(stamp)
        day, a, b, c, hour, minute, second, ampm = match.groups()  # type: ignore[union-attr]
        key = stamp[: match.start(6)] + (ampm or "")  # type: ignore[union-attr]
        start = self.hours.get(key)
        if start is None:
            if len(self.hours) > 20_000:
                self.hours.clear()
            start = self.hours[key] = self._hour(a, b, c, hour, ampm, stamp)
        try:
            value = start + _MINUTES[minute] + (_SECONDS[second] if second else _ZERO)
        except KeyError:
            raise self._bad(stamp) from None
        if not ampm:  # remember where this hour (or minute) starts, for the fast path
            if len(self.starts) > 20_000:
                self.starts.clear()
            units = _SECONDS if second else _MINUTES  # per prefix: a file may mix layouts
            self.starts[stamp.rpartition(":")[0]] = (value - units[second or minute], units)
        if len(self) > 20_000:
            self.clear()
        self[stamp] = value
        return value

    def _hour(self, a: str, b: str, c: str, hour: str, ampm: str | None, stamp: str) -> datetime:
        if self.order is DateOrder.YMD:
            y, mo, d = int(a), int(b), int(c)
        elif self.order is DateOrder.MDY:
            mo, d, y = int(a), int(b), int(c)
        else:
            d, mo, y = int(a), int(b), int(c)
        y = y + 2000 if y < 100 else y
        h = int(hour)
        if ampm:
            if h > 12:
                raise self._bad(stamp)
            h = h % 12 + (12 if ampm[0] in "Pp" else 0)
        try:
            naive = datetime(y, mo, d, h)
        except ValueError:
            raise self._bad(stamp) from None
        return naive.replace(tzinfo=self.tz or self._local_zone(naive))

    def _local_zone(self, naive: datetime) -> tzinfo:
        """The machine's offset at a wall-clock time. Asking the system costs ~20 µs, so it is
        asked at 00:00 and 23:00 of each day: the same answer means no clock change that
        day, and every hour of it has that offset; else each hour of that day is asked."""
        day = naive.date()
        seconds = self.days.get(day, _UNKNOWN)
        if seconds is _UNKNOWN:
            first, last = _offset(naive.replace(hour=0)), _offset(naive.replace(hour=23))
            seconds = first if first == last else None
            if len(self.days) > 20_000:
                self.days.clear()
            self.days[day] = seconds
        return _fixed_zone(_offset(naive) if seconds is None else seconds)  # type: ignore[arg-type]

    def _bad(self, shown: str) -> AmendsError:
        return AmendsError(
            f"{self.what}: line {self.lines.line_of(shown)} has an impossible date or time "
            f"({shown!r}, read as {self.order.value}).",
            "If the date order is wrong, pass --date-order dmy, mdy or ymd.",
        )


def _offset(naive: datetime) -> int:
    offset = naive.astimezone().utcoffset()
    return int(offset.total_seconds()) if offset else 0


@cache
def _fixed_zone(seconds: int) -> tzinfo:
    return timezone(timedelta(seconds=seconds))


class _Builder:
    """Stamp + body -> ChatMessage: sender, text and kind (markers from the catalogue)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.markers = _markers()

    def build(self, at: datetime, body: str) -> ChatMessage:
        return ChatMessage(at, *self.parts(body))

    def parts(self, body: str) -> tuple[str, str, MessageKind]:
        """Sender, text and kind of a message body ("Name: text", or a notice)."""
        name, sep, text = body.partition(": ")
        if not sep or "\n" in name:
            return "", body.lstrip("\u200e"), _SYSTEM
        sender = self.names.get(name) or self._name(name)
        kind = self.markers.get(text, _TEXT)
        if text[:1] == "\u200e":  # iOS marks media, deletions and app notices this way
            text = text.lstrip("\u200e")
            kind = self.markers.get(text) or _attached(text) or _SYSTEM
            return "" if kind is _SYSTEM else sender, text, kind
        if text[-1:] == ")":
            kind = _attached(text) or kind
        return sender, text, kind

    def _name(self, raw: str) -> str:
        self.names[raw] = clean_name(raw)
        return self.names[raw]


def _attached(text: str) -> MessageKind | None:
    prefixes, suffixes = _attachment_markers()
    if text.endswith(suffixes) or (text.startswith(prefixes) and text.endswith(">")):
        return MessageKind.MEDIA
    return None


@cache
def _markers() -> dict[str, MessageKind]:
    from amends.catalogue import load_toml

    found: dict[str, MessageKind] = {}
    for language in load_toml("whatsapp_locales.toml").values():
        found.update(dict.fromkeys(language["media"], MessageKind.MEDIA))
        found.update(dict.fromkeys(language["deleted"], MessageKind.DELETED))
    return found


@cache
def _attachment_markers() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from amends.catalogue import load_toml

    markers = [m for lang in load_toml("whatsapp_locales.toml").values() for m in lang["attached"]]
    return tuple(m for m in markers if m.startswith("<")), tuple(
        m for m in markers if not m.startswith("<")
    )
