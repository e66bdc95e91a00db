"""The header layout of one WhatsApp export, for splitting its bytes twice as fast.

whatsapp.HEADER_BYTES accepts every layout (brackets or not, 12 h or 24 h, seconds or not,
any date separator, words such as "à" before the time), and that generality is half the
cost of the split. A phone writes one layout, so `Layout.of(first_chunk)` builds a pattern
for the layout of the file's first header: the general pattern with its choices fixed as
that header made them. A 24 h stamp is cut into a key and a step, its last two digits:

    b"\\n05/01/2024, 21:07 - Sam: hi"   ->   [b"05/01/2024, 21:", b"07", b"Sam: hi"]

so the importer looks an instant up once per hour (or minute, with seconds) and adds the
step's seconds. Where the general pattern reads the file the same way (no line in a body
that it would take for a header), the layout's split is used; else that chunk is split with
the general pattern, each stamp whole as the key and b"" as its step. Both give the same
messages (tests/importers/test_layout.py).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from amends.importers.whatsapp import _STAMP, HEADER_BYTES

_STEP = b"([0-9]{2})"
_ANY_SPACE = "(?: |\u00a0|\u202f)"
# The general header with an empty group after the stamp: [key (the whole stamp), b"", body].
GENERAL = re.compile(HEADER_BYTES.pattern.replace(b")(?:\\]", b")()(?:\\]", 1))
assert GENERAL.groups == 2, "whatsapp.HEADER_BYTES changed shape"
_WHOLE = {b"": 0}


class Layout(NamedTuple):
    pattern: re.Pattern[bytes] | None  # None: every chunk is split with GENERAL
    steps: dict[bytes, int]  # a step's bytes -> its seconds (b"": a whole stamp, 0)
    # a key -> [the day's part (up to the hour), the hour, the minute (with seconds)]
    key_parts: re.Pattern[bytes] | None = None

    @classmethod
    def of(cls, first_chunk: bytes) -> Layout:
        """The layout of the first header in the chunk (12 h clocks: the general one, as
        their minutes are not the stamp's last digits)."""
        found = HEADER_BYTES.search(b"\n" + first_chunk)
        if found is None:
            return cls(None, _WHOLE)
        header, stamp = found.group(0).decode(), found.group(1).decode()
        parts = _STAMP.match(stamp)
        if parts is None or parts.group(8) or parts.end() != len(stamp):
            return cls(None, _WHOLE)
        with_seconds = parts.group(7) is not None
        pattern = (
            (
                "\n(?:\u200e|\u200f)?("
                + (r"\[" if stamp.startswith("[") else "")
                + "[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}"
                + re.escape(stamp[parts.end(1) : parts.start(5)])  # ", " or " à " as written
                + "[0-9]{1,2}[:.]"
                + ("[0-9]{2}[:.]" if with_seconds else "")
                + ")"
            ).encode()
            + _STEP
            + _separator(header[header.index(stamp) + len(stamp) :]).encode()
        )
        steps = {f"{n:02}".encode(): n * (1 if with_seconds else 60) for n in range(60)}
        minute = b"([0-9]{2})[:.]" if with_seconds else b"()"
        key_parts = re.compile(b"(.*[^0-9])([0-9]{1,2})[:.]" + minute, re.DOTALL)
        return cls(re.compile(pattern), steps | _WHOLE, key_parts)

    def split(self, data: bytes) -> list[bytes]:
        """[before, key, step, body, key, step, body, ...] for a chunk starting with b"\\n"."""
        if self.pattern is not None:
            parts = self.pattern.split(data)
            if not _general_header_in(parts[0::3]):
                return parts
        return GENERAL.split(data)


def _separator(written: str) -> str:
    """The text between the stamp and the name, as a pattern that takes exactly what the
    general one takes: after "]" that is one space if there is one, so a bare "]" must not
    be followed by a space."""
    if written == "]":
        return rf"\](?!{_ANY_SPACE})"
    return re.escape(written)


def _general_header_in(texts: list[bytes]) -> bool:
    """Whether the general pattern finds a header in any of the texts (the part before the
    first header and the bodies): one search, the texts joined by a NUL, which no header
    holds, so no match runs from one text into the next."""
    return HEADER_BYTES.search(b"\0".join(texts)) is not None
