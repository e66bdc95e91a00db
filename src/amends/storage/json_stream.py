"""Reads an export one row at a time, so restoring millions of chat rows needs little memory.

The standard library parses whole documents only; this walks the export's fixed shape

    {"format": ..., "version": ..., "schema": ..., "tables": {NAME: {"columns": [...],
     "rows": [ROW, ROW, ...]}, ...}}

with json.JSONDecoder.raw_decode for each small value (header fields, column lists, rows),
refilling a buffer from the stream as it goes. Keys before "tables" form the header; keys after
it, and unknown keys inside the header, are read and ignored. Any other shape is a ValueError
whose message says what was expected and on which line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NoReturn, TextIO

_WHITESPACE = " \t\r\n"
_CHUNK = 1 << 16
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Header:
    fields: dict[str, Any]


@dataclass(frozen=True)
class TableStart:
    name: str
    columns: Any  # validated by the caller


@dataclass(frozen=True)
class Row:
    values: Any  # validated by the caller


Item = Header | TableStart | Row


class _Cursor:
    """A window on the stream: `text[pos:]` is unread; `line` counts newlines already dropped."""

    def __init__(self, stream: TextIO, chunk: int) -> None:
        self.stream, self.chunk = stream, chunk
        self.text, self.pos, self.line, self.done = "", 0, 1, False

    def fill(self) -> bool:
        """Reads more of the stream; False at the end (and then nothing has moved)."""
        chunk = "" if self.done else self.stream.read(max(self.chunk, len(self.text) - self.pos))
        if not chunk:
            self.done = True
            return False
        if self.pos > self.chunk:  # drop what has been read
            self.line += self.text.count("\n", 0, self.pos)
            self.text, self.pos = self.text[self.pos :], 0
        self.text += chunk
        return True

    def peek(self) -> str:
        """The next character that is not whitespace ('' at the end)."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text) or not self.fill():
                return self.text[self.pos : self.pos + 1]

    def take(self, expected: str, what: str) -> None:
        if self.peek() != expected:
            self.fail(f"expected {what}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                if self.fill():
                    continue
                self.fail(error.msg.lower(), at=error.pos)
            if end < len(self.text) or not self.fill():  # a number may go on in the next chunk
                self.pos = end
                return value

    def key(self) -> str:
        key = self.value()
        if not isinstance(key, str):
            self.fail("expected a quoted key")
        self.take(":", "':' after a key")
        return key

    def fail(self, problem: str, at: int | None = None) -> NoReturn:
        where = self.pos if at is None else at
        raise ValueError(f"{problem} on line {self.line + self.text.count(chr(10), 0, where)}")


def read_items(stream: TextIO, chunk: int = _CHUNK) -> Iterator[Item]:
    """Header, then for each table a TableStart followed by its Rows; raises ValueError."""
    cursor = _Cursor(stream, chunk)
    cursor.take("{", "a JSON object")
    header: dict[str, Any] = {}
    seen_tables = False
    for key in _members(cursor):
        if key == "tables" and not seen_tables:
            seen_tables = True
            yield Header(header)
            yield from _tables(cursor)
        elif seen_tables:
            cursor.value()
        else:
            header[key] = cursor.value()
    if not seen_tables:
        yield Header(header)
        cursor.fail('the export has no "tables"')
    if cursor.peek():
        cursor.fail("unexpected text after the end of the export")


def _members(cursor: _Cursor) -> Iterator[str]:
    """The keys of an object whose '{' is already read; the caller reads each value."""
    if cursor.peek() == "}":
        cursor.pos += 1
        return
    while True:
        yield cursor.key()
        if cursor.peek() == "}":
            cursor.pos += 1
            return
        cursor.take(",", "',' or '}'")


def _tables(cursor: _Cursor) -> Iterator[Item]:
    cursor.take("{", "an object of tables")
    for name in _members(cursor):
        cursor.take("{", f"an object for table {name!r}")
        columns: Any = None
        has_rows = False
        for key in _members(cursor):
            if key == "columns" and not has_rows:
                columns = cursor.value()
            elif key == "rows" and not has_rows:
                has_rows = True
                yield TableStart(name, columns)
                yield from _rows(cursor)
            else:
                cursor.fail(f"unexpected key {key!r} in table {name!r}")
        if not has_rows:
            cursor.fail(f"table {name!r} has no rows")


def _rows(cursor: _Cursor) -> Iterator[Row]:
    cursor.take("[", "a list of rows")
    if cursor.peek() == "]":
        cursor.pos += 1
        return
    while True:
        yield Row(cursor.value())
        if cursor.peek() == "]":
            cursor.pos += 1
            return
        cursor.take(",", "',' or ']' between rows")
