"""WhatsApp exports straight to storage rows: the import's fast path.

`whatsapp.read` yields a ChatMessage per message and `RowMaker.batches` turns each into a row;
for a million-message export that hand-over is a third of the import. `read_rows` does both in
one loop over the header split (`whatsapp.message_lists`, with the pattern fixed to the
file's layout by `whatsapp_layout`): a stamp comes as a key (its hour) and a step (its
minutes), instants are (Unix second, offset) instead of datetimes, and the common message
(a sender seen before, plain text) becomes a row with no object in between. Anything
unusual (a new name, a notice, an iOS marker, an attachment) goes through the parser's own
`_Builder`, so both paths read a file the same way (tests/importers/test_rows.py and
test_layout.py hold them to it).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import BinaryIO

from amends.core.chat import DEFAULT_OPTIONS, DateOrder, MessageKind, ReadOptions
from amends.core.errors import AmendsError
from amends.importers.rows import Row, RowMaker, offset_minutes
from amends.importers.text_stream import read_byte_chunks
from amends.importers.whatsapp import (
    _STAMP,
    WHAT,
    _Builder,
    _LineCounter,
    _Stamps,
    message_lists,
    resolve_date_order,
)
from amends.importers.whatsapp_layout import Layout

_MINUTE_STEPS = {f"{n:02}".encode(): 60 * n for n in range(60)}
_SECOND_STEPS = {f"{n:02}".encode(): n for n in range(60)}
_SYSTEM = MessageKind.SYSTEM
Instant = tuple[int, int]  # (Unix second, UTC offset in minutes)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def read_rows(
    stream: BinaryIO, maker: RowMaker, options: ReadOptions = DEFAULT_OPTIONS
) -> Iterator[list[Row]]:
    order = options.date_order or resolve_date_order(stream, WHAT)
    stream.seek(0)
    return parse_rows(stream, order, options, maker)


def parse_rows(
    stream: BinaryIO, order: DateOrder, options: ReadOptions, maker: RowMaker
) -> Iterator[list[Row]]:
    """Rows of every message from a person, one list per chunk read (about 16,000). Works on
    the UTF-8 bytes: a row's text is bytes (or str when the parser's _Builder made it). Each
    header comes as a key and a step (see whatsapp_layout): the key's start is looked up
    when the key changes, the step's seconds are added."""
    lines = _LineCounter(WHAT)
    chunks = read_byte_chunks(stream, WHAT, lines_before=lambda: lines.next_line)
    first = next(chunks, b"")
    layout = Layout.of(first)
    starts = _Starts(_Instants(_Stamps(order, options.tz, WHAT, lines)), layout)
    unusual = _Unusual(maker)
    repeats, crc32, kinds_get, steps = maker.repeats, zlib.crc32, unusual.kinds.get, layout.steps
    repeats_get = repeats.get
    starts_get, ids_get = starts.get, unusual.ids.get
    second, last_key, start, offset = maker.second, None, 0, 0
    for parts in message_lists(chain((first,), chunks), lines, layout.split, 3):
        batch: list[Row] = []
        append = batch.append
        position = maker.position
        for key, step, text in zip(parts[0::3], parts[1::3], parts[2::3], strict=True):
            if key != last_key:
                last_key = key
                start, offset = starts_get(key) or starts.missing(key, step)
            try:
                at = start + steps[step]
            except KeyError:  # a minute or second above 59: the plain path's error
                raise starts.bad(key, step) from None
            name, sep, said = text.partition(b": ")
            sender = ids_get(name) if sep else None
            # b"\xe2": the first byte of U+200E (iOS markers) and of other signs: the slow path
            if sender is None or said[:1] == b"\xe2" or said[-1:] == b")":
                found = unusual.row_parts(text)
                if found is None:
                    continue
                sender, said, kind = found
            else:
                kind = kinds_get(said, "text")
            if at != second:
                second = at
                repeats.clear()
            fingerprint = crc32(said) << 16
            slot = fingerprint + sender
            repeat = repeats_get(slot, 0)
            repeats[slot] = repeat + 1
            position += 1
            append((at, sender, fingerprint | repeat, position, offset, kind, said))
        maker.position, maker.second = position, second
        yield batch


class _Unusual:
    """The messages the fast path leaves to the parser's _Builder. Raw names of people who
    wrote a message are remembered with their id, so their next messages take the fast path."""

    def __init__(self, maker: RowMaker) -> None:
        self.maker = maker
        self.builder = _Builder()
        self.ids: dict[bytes, int] = {}  # the name as written -> sender id
        self.kinds = {text.encode(): kind.value for text, kind in self.builder.markers.items()}

    def row_parts(self, text: bytes) -> tuple[int, bytes, str] | None:
        sender, said, kind = self.builder.parts(text.decode())
        if kind is _SYSTEM:
            return None
        sender_id = self.maker.sender_id(sender)
        self.ids[text.partition(b": ")[0]] = sender_id
        return sender_id, said.encode(), kind.value


class _Starts(dict[bytes, Instant]):
    """A header key -> the instant its steps count from (its stamp's instant less the step):
    the start of an hour (or minute), or for a key that is a whole stamp, the stamp's own.
    A new key is read by _Instants (errors name the line), except on a day already read
    whose hours all have one offset (as _Stamps decides): then it is the day's start plus
    its hour (and minute), a regex and a dict instead of datetimes (the 1M-message bench
    export has ~21,000 hours on ~2,400 days)."""

    def __init__(self, instants: _Instants, layout: Layout) -> None:
        super().__init__()
        self.instants, self.steps, self.key_parts = instants, layout.steps, layout.key_parts
        self.days: dict[bytes, Instant] = {}  # the key up to its hour -> the day's start

    def missing(self, key: bytes, step: bytes) -> Instant:
        parts = self.key_parts.fullmatch(key) if self.key_parts is not None else None
        day = self.days.get(parts[1]) if parts is not None else None
        since_day = _since_day(parts) if parts is not None else None
        if day is not None and since_day is not None:
            value = (day[0] + since_day, day[1])
        else:
            at, offset = self.instants.get(key + step) or self.instants.missing(key + step)
            value = (at - self.steps[step], offset)
            if parts is not None and since_day is not None and self._one_offset(value):
                if len(self.days) > 20_000:
                    self.days.clear()
                self.days[parts[1]] = (value[0] - since_day, offset)
        if len(self) > 20_000:
            self.clear()
        self[key] = value
        return value

    def _one_offset(self, instant: Instant) -> bool:
        """Whether every hour of the instant's local day has its offset."""
        stamps = self.instants.stamps
        if stamps.tz is not None:
            return True
        local_day = (_EPOCH + timedelta(seconds=instant[0] + 60 * instant[1])).date()
        return isinstance(stamps.days.get(local_day), int)

    def bad(self, key: bytes, step: bytes) -> Exception:
        """The plain path's error for this stamp (it cannot be read: a step above 59)."""
        try:
            self.instants.missing(key + step)
        except AmendsError as error:
            return error
        return RuntimeError(f"{key + step!r} was read two ways.")  # pragma: no cover


def _since_day(parts: re.Match[bytes]) -> int | None:
    """Seconds from the day's start to a key's hour (and minute); None past 23:59."""
    hour, minute = int(parts[2]), int(parts[3] or 0)
    return hour * 3600 + minute * 60 if hour < 24 and minute < 60 else None


class _Instants(dict[bytes, Instant]):
    """Header stamps -> (Unix second, offset): the row path's twin of whatsapp._Stamps. A new
    hour (or minute, with seconds) is read by _Stamps, with its errors naming the line; later
    stamps of it add their minutes (or seconds) to its start."""

    def __init__(self, stamps: _Stamps) -> None:
        super().__init__()
        self.stamps = stamps
        self.starts: dict[bytes, tuple[int, int, dict[bytes, int]]] = {}

    def missing(self, stamp: bytes) -> Instant:
        prefix, _, last = stamp.rpartition(b":")
        start = self.starts.get(prefix)
        step = start[2].get(last) if start is not None else None
        if start is None or step is None:
            value = self._read(stamp, prefix)
        else:
            value = (start[0] + step, start[1])
        if len(self) > 20_000:
            self.clear()
        self[stamp] = value
        return value

    def _read(self, raw: bytes, prefix: bytes) -> Instant:
        stamp = raw.decode()
        at = self.stamps.get(stamp) or self.stamps.missing(stamp)
        value = (int(at.timestamp()), offset_minutes(at))
        groups = _STAMP.match(stamp).groups()  # type: ignore[union-attr]
        minute, second, ampm = groups[5:8]
        last = second or minute
        if not ampm and stamp.endswith(":" + last):  # e.g. 22:01 or 22:01:05, no AM/PM
            steps = _SECOND_STEPS if second else _MINUTE_STEPS
            if len(self.starts) > 20_000:
                self.starts.clear()
            self.starts[prefix] = (value[0] - steps[last.encode()], value[1], steps)
        return value
