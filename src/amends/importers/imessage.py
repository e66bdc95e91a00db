"""iMessage: the Messages app's own database, `~/Library/Messages/chat.db` (copy it first).

Times count from 2001-01-01 UTC (seconds, or nanoseconds on newer macOS) and are shown in the
user's zone. Newer macOS keeps some texts only in `attributedBody` (a serialised NSString); the
text is taken from there when `text` is empty. The user's own messages are sent by "Me". The
database holds every conversation: one with a single contact is imported, or the one named
with --chat HANDLE (the phone number or e-mail as stored).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from amends.core.chat import DEFAULT_OPTIONS, ChatMessage, MessageKind, ReadOptions, clean_name
from amends.core.errors import AmendsError

NAME = "imessage"
WHAT = "iMessage chat.db"
HINT = "Copy ~/Library/Messages/chat.db while Messages is closed and import the copy."
ME = "Me"
APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)
_QUERY = """
SELECT m.date, m.is_from_me, h.id, m.text, m.attributedBody, m.cache_has_attachments, m.item_type
FROM message m JOIN handle h ON h.ROWID = m.handle_id
WHERE h.id = ? ORDER BY m.date, m.ROWID
"""


def sniff(head: bytes) -> bool:
    return head.startswith(b"SQLite format 3\x00")


def read(stream: BinaryIO, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[ChatMessage]:
    with tempfile.TemporaryDirectory(prefix="amends-imessage-") as folder:
        path = Path(folder) / "chat.db"
        with path.open("wb") as copy:
            shutil.copyfileobj(stream, copy, 1 << 20)
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error as error:
            raise AmendsError(f"{WHAT}: line 1: not readable ({error}).", HINT) from None
        try:
            yield from _messages(connection, options)
        except sqlite3.Error as error:
            raise AmendsError(f"{WHAT}: line 1: not a Messages database ({error}).", HINT) from None
        finally:
            connection.close()


def _messages(connection: sqlite3.Connection, options: ReadOptions) -> Iterator[ChatMessage]:
    handle = _pick_handle(connection, options.chat)
    for date, from_me, contact, text, body, attachments, item_type in connection.execute(
        _QUERY, (handle,)
    ):
        at = (
            apple_time(date).astimezone(options.tz) if options.tz else apple_time(date).astimezone()
        )
        sender = ME if from_me else clean_name(contact)
        words = text or _attributed_text(body) or ""
        if item_type:
            yield ChatMessage(at, "", words, MessageKind.SYSTEM)
        elif attachments and not words.replace("\ufffc", "").strip():
            yield ChatMessage(at, sender, "attachment", MessageKind.MEDIA)
        else:
            yield ChatMessage(at, sender, words, MessageKind.TEXT)


def _pick_handle(connection: sqlite3.Connection, wanted: str | None) -> str:
    handles = [row[0] for row in connection.execute("SELECT DISTINCT id FROM handle ORDER BY id")]
    if wanted is not None:
        if wanted in handles:
            return wanted
        raise AmendsError(f"{WHAT}: no conversation with {wanted!r}.", "Check --chat.")
    if len(handles) == 1:
        return str(handles[0])
    shown = ", ".join(handles[:5]) + (" ..." if len(handles) > 5 else "")
    raise AmendsError(
        f"{WHAT}: it holds {len(handles)} conversations ({shown}).",
        "Pass --chat HANDLE with the one to import.",
    )


def apple_time(value: int | float | None) -> datetime:
    """Seconds (older macOS) or nanoseconds (newer) since 2001-01-01 UTC -> aware UTC."""
    number = float(value or 0)
    seconds = number / 1e9 if abs(number) > 1e11 else number
    try:
        return APPLE_EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        raise AmendsError(f"{WHAT}: a message has an impossible date ({value!r}).", HINT) from None


def _attributed_text(body: bytes | None) -> str | None:
    """The plain text inside a typedstream `attributedBody` (after 'NSString', length-prefixed)."""
    if not body or b"NSString" not in body:
        return None
    rest = body.split(b"NSString", 1)[1][5:]
    if not rest:
        return None
    if rest[0] == 0x81:
        length, start = int.from_bytes(rest[1:3], "little"), 3
    else:
        length, start = rest[0], 1
    return rest[start : start + length].decode("utf-8", "replace")
