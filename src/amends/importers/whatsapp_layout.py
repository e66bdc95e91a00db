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
messages (tests/importers/test_layout.py). `text_split` is the same split for the parser's
decoded text (whatsapp.parse_messages), the stamp whole: [before, stamp, body, ...].
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import AnyStr, NamedTuple

from amends.importers.whatsapp import _HEADER, _STAMP, HEADER_BYTES

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
        fixed = _fixed(HEADER_BYTES.search(b"\n" + first_chunk))
        if fixed is None:
            return cls(None, _WHOLE)
        key, separator, with_seconds = fixed
        pattern = (key + ")").encode() + _STEP + separator.encode()
        steps = {f"{n:02}".encode(): n * (1 if with_seconds else 60) for n in range(60)}
        minute = b"([0-9]{2})[:.]" if with_seconds else b"()"
        key_parts = re.compile(b"(.*[^0-9])([0-9]{1,2})[:.]" + minute, re.DOTALL)
        return cls(re.compile(pattern), steps | _WHOLE, key_parts)

    def split(self, data: bytes) -> list[bytes]:
        """[before, key, step, body, key, step, body, ...] for a chunk starting with b"\\n"."""
        if self.pattern is None:
            return GENERAL.split(data)
        return _split(data, self.pattern, GENERAL, 3, b"\0")


def text_split(first_chunk: str) -> Callable[[str], list[str]]:
    """The split of whatsapp._HEADER ([before, stamp, body, ...] for a chunk starting with
    "\\n"), with the layout of the first header in the chunk where it reads the same."""
    fixed = _fixed(_HEADER.search("\n" + first_chunk))
    if fixed is None:
        return _HEADER.split
    key, separator, _with_seconds = fixed
    pattern = re.compile(key + "[0-9]{2})" + separator)
    return partial(_split, fixed=pattern, general=_HEADER, width=2, nul="\0")


def _fixed(found: re.Match[bytes] | re.Match[str] | None) -> tuple[str, str, bool] | None:
    """For a header of a 24 h clock: the pattern of its stamp up to the minute (or second)
    as an open group, of the text between the stamp and the name, and whether it has seconds."""
    if found is None:
        return None
    header, stamp = (_decoded(found.group(0)), _decoded(found.group(1)))
    parts = _STAMP.match(stamp)
    if parts is None or parts.group(8) or parts.end() != len(stamp):
        return None
    with_seconds = parts.group(7) is not None
    key = (
        "\n(?:\u200e|\u200f)?("
        + (r"\[" if stamp.startswith("[") else "")
        + "[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}"
        + re.escape(stamp[parts.end(1) : parts.start(5)])  # ", " or " à " as written
        + "[0-9]{1,2}[:.]"
        + ("[0-9]{2}[:.]" if with_seconds else "")
    )
    return key, _separator(header[header.index(stamp) + len(stamp) :]), with_seconds


def _decoded(text: str | bytes) -> str:
    return text.decode() if isinstance(text, bytes) else text


def _split(
    data: AnyStr, fixed: re.Pattern[AnyStr], general: re.Pattern[AnyStr], width: int, nul: AnyStr
) -> list[AnyStr]:
    """The fixed pattern's split, unless the general pattern finds a header in the part
    before the first header or in a body (`width` parts a header): then the general one's.
    One search over the texts joined by a NUL, which no header holds, so no match runs from
    one text into the next."""
    parts = fixed.split(data)
    if general.search(nul.join(parts[0::width])) is None:
        return parts
    return general.split(data)


def _separator(written: str) -> str:
    """The text between the stamp and the name, as a pattern that takes exactly what the
    general one takes: after "]" that is one space if there is one, so a bare "]" must not
    be followed by a space."""
    if written == "]":
        return rf"\](?!{_ANY_SPACE})"
    return re.escape(written)
