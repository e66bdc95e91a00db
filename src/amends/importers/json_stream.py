"""Streaming the objects of a JSON export's message arrays, one at a time, with the stdlib.

Telegram, Messenger and Instagram exports are one JSON document holding a `"messages": [...]`
array (Telegram's all-chats export holds several). `json.load` would hold the whole file in
memory; this reads chunks, finds each `"messages"` array and decodes its objects one by one
with `JSONDecoder.raw_decode`, so memory stays at one chunk plus one message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from amends.core.errors import AmendsError
from amends.importers.text_stream import read_chunks

_KEY = re.compile(r'"(messages|name|participants)"\s*:\s*')
_DECODER = json.JSONDecoder()
_SKIP = re.compile(r"[\s,]*")


def storable(text: str) -> str:
    """JSON may carry lone surrogates ("\\ud83d" cut from its pair); no database takes them,
    so each becomes U+FFFD. Everything else is kept exactly."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


class JsonEvent:
    """What the stream found: a top-level-ish `name`/`participants` value, or a message."""

    __slots__ = ("key", "value", "line")

    def __init__(self, key: str, value: Any, line: int) -> None:
        self.key, self.value, self.line = key, value, line


def stream_events(stream: BinaryIO, what: str, hint: str) -> Iterator[JsonEvent]:
    """`name` and `participants` values as met, then each object of every `messages` array."""
    buffer = _Buffer(read_chunks(stream, what, chunk_bytes=1 << 18), what, hint)
    found_any = False
    while True:
        match = buffer.search(_KEY)
        if match is None:
            break
        key = match.group(1)
        if key != "messages":
            line = buffer.line_here()
            value = buffer.decode_value()
            if value is not None:
                yield JsonEvent(key, value, line)
            continue
        if not buffer.expect("["):
            continue
        found_any = True
        for line, item in buffer.array_items():
            yield JsonEvent("message", item, line)
    if not found_any:
        raise AmendsError(f"{what}: no message list found.", hint)


class _Buffer:
    """Decoded text with a read position; pulls more chunks when a value runs past the end."""

    def __init__(self, chunks: Iterator[str], what: str, hint: str) -> None:
        self.chunks, self.what, self.hint = chunks, what, hint
        self.text, self.pos, self.done = "", 0, False
        self.lines, self.counted = 1, 0  # line number at text[counted]

    def line_here(self) -> int:
        self.lines += self.text.count("\n", self.counted, self.pos)
        self.counted = self.pos
        return self.lines

    def _more(self) -> bool:
        chunk = next(self.chunks, None)
        if chunk is None:
            self.done = True
            return False
        self.line_here()
        self.text, self.pos, self.counted = self.text[self.pos :] + chunk, 0, 0
        return True

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        while True:
            match = pattern.search(self.text, self.pos)
            if match and match.end() < len(self.text):
                self.pos = match.end()
                return match
            self.pos = max(self.pos, len(self.text) - 64)
            if not self._more():
                return None

    def expect(self, char: str) -> bool:
        self._skip_blanks()
        if self.text[self.pos : self.pos + 1] == char:
            self.pos += 1
            return True
        return False

    def _skip_blanks(self) -> None:
        while True:
            self.pos = _SKIP.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text) or not self._more():
                return

    def decode_value(self) -> Any:
        self._skip_blanks()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                cut_off = error.msg.startswith("Unterminated") or error.pos >= len(self.text) - 1
                if cut_off and self._more():
                    continue
                self._fail(error)
            if end < len(self.text) or self.done or not self._more():
                self.pos = end
                return value

    def array_items(self) -> Iterator[tuple[int, Any]]:
        while True:
            self._skip_blanks()
            if self.pos >= len(self.text):
                self._fail(None)
            if self.text[self.pos] == "]":
                self.pos += 1
                return
            line = self.line_here()
            yield line, self.decode_value()

    def _fail(self, error: json.JSONDecodeError | None) -> None:
        where = self.pos if error is None else error.pos
        line = self.line_here() + self.text.count("\n", self.pos, max(where, self.pos))
        raise AmendsError(f"{self.what}: line {line} is not valid JSON.", self.hint)
