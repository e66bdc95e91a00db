"""Reading a text export in large decoded chunks that always end on a line boundary.

Parsers run their regular expressions over whole chunks (C speed) instead of line by line,
and memory stays constant in the file size: one chunk plus one unfinished line at a time.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from typing import BinaryIO

from amends.core.errors import AmendsError

CHUNK_BYTES = 1 << 20


def read_chunks(stream: BinaryIO, what: str, chunk_bytes: int = CHUNK_BYTES) -> Iterator[str]:
    """Decoded UTF-8 text (BOM dropped, CRLF and CR turned into LF) in chunks ending with a
    newline, except possibly the last. Undecodable bytes raise an AmendsError naming the line."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    pending = ""
    lines_before = 0
    while True:
        raw = stream.read(chunk_bytes)
        final = not raw
        try:
            text = decoder.decode(raw, final)
        except UnicodeDecodeError as error:
            line = lines_before + raw[: max(error.start, 0)].count(b"\n") + 1
            raise AmendsError(
                f"{what}: line {line} is not UTF-8 text.",
                "Import the export file exactly as the app wrote it.",
            ) from None
        lines_before += raw.count(b"\n")
        text = pending + text
        cut = len(text) if final else text.rfind("\n") + 1
        out, pending = text[:cut], text[cut:]
        if "\r" in out:
            out = out.replace("\r\n", "\n").replace("\r", "\n")
        if out:
            yield out
        if final:
            return


def read_byte_chunks(
    stream: BinaryIO,
    what: str,
    chunk_bytes: int = CHUNK_BYTES,
    lines_before: Callable[[], int] | None = None,
) -> Iterator[bytes]:
    """read_chunks() without decoding: the same chunks as UTF-8 bytes (checked to be UTF-8,
    BOM dropped, CRLF and CR turned into LF). Regular expressions run faster over bytes than
    over text holding an emoji (stored 4 bytes a character), and SQLite takes UTF-8 as is.
    A caller that counts the lines of the chunks it was given passes `lines_before` (asked
    only to name the line of an error), so they are not counted twice."""
    pending = b""
    counted = lone_crs = 0  # lines counted here; lone CRs, which the caller counted as lines
    first = True
    while True:
        raw = stream.read(chunk_bytes)
        final = not raw
        data = pending + raw
        if first:  # a BOM only counts at the very start
            if len(data) < 3 and not final:
                pending = data
                continue
            data, first = data.removeprefix(b"\xef\xbb\xbf"), False
        cut = len(data) if final else data.rfind(b"\n") + 1
        out, pending = data[:cut], data[cut:]
        try:
            out.decode()
        except UnicodeDecodeError as error:
            before = lines_before() - lone_crs if lines_before is not None else counted
            line = before + out[: error.start].count(b"\n") + 1
            raise AmendsError(
                f"{what}: line {line} is not UTF-8 text.",
                "Import the export file exactly as the app wrote it.",
            ) from None
        if lines_before is None:
            counted += out.count(b"\n")
        if b"\r" in out:
            lone_crs += out.count(b"\r") - out.count(b"\r\n")
            out = out.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if out:
            yield out
        if final:
            return
