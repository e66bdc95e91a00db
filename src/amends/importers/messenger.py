"""Facebook Messenger and Instagram exports (`message_1.json`, from "Download your information").

Both write `{"participants": [...], "messages": [{"sender_name", "timestamp_ms", "content"}]}`,
newest first, with text mis-encoded: each UTF-8 byte escaped as its own character ("Ã¼" for
"ü"). The text is repaired byte-exactly (never re-normalised). Times are instants, shown in the
user's zone with its offset. Photos, videos, audio, stickers and shares without text are kept
as media; calls and joins are system lines; unsent messages are deleted ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from amends.core.chat import DEFAULT_OPTIONS, ChatMessage, MessageKind, ReadOptions, clean_name
from amends.core.errors import AmendsError
from amends.importers.json_stream import storable, stream_events

NAME = "messenger"
WHAT = "Messenger/Instagram export"
HINT = "Download your information as JSON and import the chat's message_1.json (or the .zip)."
_MEDIA_KEYS = ("photos", "videos", "audio_files", "gifs", "sticker", "files", "share")
_SYSTEM_TYPES = ("Call", "Subscribe", "Unsubscribe")


def sniff(head: bytes) -> bool:
    text = head.decode("utf-8", "ignore").lstrip("\ufeff \r\n\t")
    return text.startswith("{") and ('"sender_name"' in text or '"timestamp_ms"' in text)


def read(stream: BinaryIO, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[ChatMessage]:
    for event in stream_events(stream, WHAT, HINT):
        if event.key == "message":
            yield _message(event.value, event.line, options)


def repair(text: str) -> str:
    """Undo the exports' UTF-8-read-as-Latin-1 damage; text that was not damaged stays as is."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return storable(text)


def _message(item: Any, line: int, options: ReadOptions) -> ChatMessage:
    if not isinstance(item, dict):
        raise AmendsError(f"{WHAT}: line {line} is not a message ({str(item)[:40]!r}).", HINT)
    try:
        instant = datetime.fromtimestamp(int(item["timestamp_ms"]) / 1000, UTC)
    except (KeyError, ValueError, TypeError, OverflowError, OSError):
        shown = str(item.get("timestamp_ms"))[:30]
        raise AmendsError(f"{WHAT}: line {line} has no readable time ({shown!r}).", HINT) from None
    at = instant.astimezone(options.tz) if options.tz else instant.astimezone()
    sender = clean_name(repair(str(item.get("sender_name") or "")))
    text = repair(str(item.get("content") or ""))
    if item.get("is_unsent"):
        return ChatMessage(at, sender, text, MessageKind.DELETED)
    if item.get("type") in _SYSTEM_TYPES:
        return ChatMessage(at, "", text, MessageKind.SYSTEM)
    if not text and any(key in item for key in _MEDIA_KEYS):
        kind = next(key for key in _MEDIA_KEYS if key in item)
        return ChatMessage(at, sender, kind, MessageKind.MEDIA)
    return ChatMessage(at, sender, text, MessageKind.TEXT)
