"""A plain CSV with a header row `time,sender,text` (an optional `kind` column is honoured).

`time` is ISO 8601; without an offset it is read in the user's zone. Quoted fields may span
lines (the csv module handles them), so multi-line messages survive a round trip.
"""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO

from amends.core.chat import DEFAULT_OPTIONS, ChatMessage, MessageKind, ReadOptions, clean_name
from amends.core.errors import AmendsError

NAME = "csv"
WHAT = "CSV file"
HINT = "Use a header row time,sender,text and ISO 8601 times (2026-03-01T21:30:00)."
_COLUMNS = ("time", "sender", "text")


def sniff(head: bytes) -> bool:
    first = head.decode("utf-8", "ignore").lstrip("\ufeff").split("\n", 1)[0]
    return [c.strip().lower() for c in first.strip().split(",")][:3] == list(_COLUMNS)


def read(stream: BinaryIO, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[ChatMessage]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = _csv.reader(text)
    try:
        yield from _rows(reader, options)
    except UnicodeDecodeError:
        raise AmendsError(f"{WHAT}: line {reader.line_num + 1} is not UTF-8 text.", HINT) from None
    except _csv.Error as error:
        raise AmendsError(
            f"{WHAT}: line {reader.line_num} is not valid CSV ({error}).", HINT
        ) from None
    finally:
        text.detach()


def _rows(reader: Iterator[list[str]], options: ReadOptions) -> Iterator[ChatMessage]:
    header = [c.strip().lower() for c in next(reader, [])]
    if header[:3] != list(_COLUMNS):
        raise AmendsError(f"{WHAT}: line 1 is not the header time,sender,text.", HINT)
    has_kind = len(header) > 3 and header[3] == "kind"
    for row in reader:
        if not row:
            continue
        line = reader.line_num  # type: ignore[attr-defined]
        if len(row) < 3:
            raise AmendsError(f"{WHAT}: line {line} has {len(row)} of 3 columns.", HINT)
        at = _time(row[0], line, options)
        kind = _kind(row[3] if has_kind and len(row) > 3 else "text", line)
        yield ChatMessage(at, clean_name(row[1]), row[2], kind)


def _time(value: str, line: int, options: ReadOptions) -> datetime:
    try:
        at = datetime.fromisoformat(value.strip())
        if at.tzinfo is None:
            at = at.replace(tzinfo=options.tz) if options.tz else at.astimezone()
        at.utcoffset()
    except (ValueError, OverflowError, OSError):
        raise AmendsError(f"{WHAT}: line {line} has no ISO time ({value[:30]!r}).", HINT) from None
    return at


def _kind(value: str, line: int) -> MessageKind:
    try:
        return MessageKind(value.strip().lower() or "text")
    except ValueError:
        kinds = ", ".join(k.value for k in MessageKind)
        raise AmendsError(
            f"{WHAT}: line {line} has an unknown kind {value[:20]!r}.", kinds
        ) from None
