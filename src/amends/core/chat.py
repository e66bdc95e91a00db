"""ChatMessage: the one type every chat importer yields, whatever the source.

A message keeps exactly what the export says: an aware timestamp (the offset the export gives,
or the user's local offset when the export has none), the sender as written (invisible
direction marks removed, nothing else: no Unicode folding, "Jürgen" stays composed) and the
text with its own line breaks. System lines (the encryption notice, "changed their number",
missed calls) are yielded too, marked as such, so a parser never pins them on a person.

ChatMessage is a NamedTuple rather than a dataclass: importers build millions of them and a
tuple is several times cheaper to create, while staying immutable and typed.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from enum import StrEnum
from typing import NamedTuple


class MessageKind(StrEnum):
    TEXT = "text"
    MEDIA = "media"  # a photo, voice note, sticker... (media-only, or "<Media omitted>")
    DELETED = "deleted"  # "This message was deleted"
    SYSTEM = "system"  # notices from the app itself, never from a person


class ChatMessage(NamedTuple):
    at: datetime  # always aware
    sender: str  # "" for system lines without a name
    text: str
    kind: MessageKind = MessageKind.TEXT


# Characters that steer text direction or isolate it; exports wrap names and numbers in them.
DIRECTION_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_STRIP_MARKS = str.maketrans("", "", DIRECTION_MARKS)


def clean_name(raw: str) -> str:
    """A sender name without direction marks or surrounding blanks (and nothing else changed)."""
    return raw.translate(_STRIP_MARKS).strip()


def is_person(message: ChatMessage) -> bool:
    """A message a person sent (text, media or a deleted one), not an app notice."""
    return message.kind is not MessageKind.SYSTEM


class DateOrder(StrEnum):
    """How a numeric date reads when the export does not say: day-month-year and so on."""

    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


class ReadOptions(NamedTuple):
    """What the user may tell an importer: the date order (else resolved from the whole file),
    the time zone for exports that write wall-clock times (else the machine's own) and, for
    exports holding several chats (Telegram's all-chats export, iMessage's chat.db), which one."""

    date_order: DateOrder | None = None
    tz: tzinfo | None = None
    chat: str | None = None


DEFAULT_OPTIONS = ReadOptions()
