"""Telegram Desktop exports: `result.json` of one chat, or of all chats (pass --chat NAME).

Text is a string or a list of pieces (plain strings and entities such as bold or links);
the pieces are joined exactly as written, so formatted text keeps its spacing. Times keep
the offset of the exporting machine: `date` is its wall clock, `date_unixtime` the instant.
Service entries (joined, pinned, calls) are system lines; media without a caption is media.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, BinaryIO

from amends.core.chat import DEFAULT_OPTIONS, ChatMessage, MessageKind, ReadOptions, clean_name
from amends.core.errors import AmendsError
from amends.importers.json_stream import storable, stream_events

NAME = "telegram"
WHAT = "Telegram export"
HINT = "Export the chat from Telegram Desktop as JSON and import result.json (or its .zip)."
_MEDIA_KEYS = ("photo", "file", "media_type", "sticker_emoji", "location_information", "poll")


def sniff(head: bytes) -> bool:
    text = head.decode("utf-8", "ignore").lstrip("\ufeff \r\n\t")
    return text.startswith("{") and any(
        key in text for key in ('"date_unixtime"', '"from_id"', '"personal_chat"', '"chats"')
    )


def read(stream: BinaryIO, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[ChatMessage]:
    chat_name: str | None = None
    chats: list[str] = []
    for event in stream_events(stream, WHAT, HINT):
        if event.key == "name" and isinstance(event.value, str):
            chat_name = event.value
            chats.append(chat_name)
            continue
        if event.key != "message":
            continue
        if options.chat and chat_name is not None and chat_name != options.chat:
            continue
        if not options.chat and len(chats) > 1:
            raise AmendsError(
                f"{WHAT}: it holds several chats ({', '.join(chats[:5])}...).",
                "Pass --chat NAME with the one to import.",
            )
        message = _message(event.value, event.line, options)
        if message is not None:
            yield message


def _message(item: Any, line: int, options: ReadOptions) -> ChatMessage | None:
    if not isinstance(item, dict):
        raise AmendsError(f"{WHAT}: line {line} is not a message ({str(item)[:40]!r}).", HINT)
    at = _time(item, line, options)
    text = storable(_text(item.get("text", "")))
    if item.get("type") == "service":
        return ChatMessage(
            at, "", text or storable(str(item.get("action", ""))), MessageKind.SYSTEM
        )
    sender = clean_name(storable(str(item.get("from") or "Deleted Account")))
    if not text and any(key in item for key in _MEDIA_KEYS):
        kind_of_media = storable(str(item.get("media_type", "media")))
        return ChatMessage(at, sender, kind_of_media, MessageKind.MEDIA)
    return ChatMessage(at, sender, text, MessageKind.TEXT)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            piece if isinstance(piece, str) else str(piece.get("text", ""))
            for piece in value
            if isinstance(piece, str | dict)
        )
    return ""


def _time(item: dict[str, Any], line: int, options: ReadOptions) -> datetime:
    try:
        unix = item.get("date_unixtime")
        wall = datetime.fromisoformat(item["date"]) if item.get("date") else None
        if unix is None and wall is None:
            raise ValueError("no time")
        if unix is None:
            assert wall is not None
            return _aware(wall, options)
        instant = datetime.fromtimestamp(int(unix), UTC)
    except (ValueError, TypeError, OverflowError, KeyError):
        raise AmendsError(
            f"{WHAT}: line {line} has no readable time ({str(item.get('date'))[:30]!r}).",
            HINT,
        ) from None
    if options.tz is not None:
        return instant.astimezone(options.tz)
    if wall is None:
        return instant.astimezone()
    minutes = round((wall - instant.replace(tzinfo=None)).total_seconds() / 60)
    if abs(minutes) > 18 * 60:
        return instant.astimezone()
    return instant.astimezone(timezone(timedelta(minutes=minutes)))


def _aware(wall: datetime, options: ReadOptions) -> datetime:
    if wall.tzinfo is not None:
        return wall
    return wall.replace(tzinfo=options.tz) if options.tz else wall.astimezone()
