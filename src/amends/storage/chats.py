"""Imported chats: three tables and a fast, duplicate-free bulk insert.

    chats               one row per imported conversation (format, file label, who "me" is)
    chat_participants   the names as the export writes them: labels, nothing else
    chat_messages       one row per message a person sent (system lines are not stored)

A message's primary key is its dedup key: (chat, instant, sender, fingerprint), where the
fingerprint is the text's CRC-32 shifted left 16 bits, plus how many identical messages came
before it in the same second from the same sender (so "ok", "ok" stay two). Re-importing the
same or an overlapping export therefore adds nothing twice (INSERT ... ON CONFLICT DO
NOTHING). On SQLite the table is WITHOUT ROWID, so it is one B-tree kept in time order:
inserts append, reports read in order.

Inserting goes around the ORM on purpose: rows are plain tuples (built by the importers, see
importers/rows.py) sent in batches with the driver's executemany inside the caller's
transaction (ORM objects per row would be ~20x slower).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from itertools import chain

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from amends.core.chat import ChatMessage, MessageKind
from amends.importers.rows import Row
from amends.storage.tables import Base

_COLUMNS = "chat_id, at, sender_id, fingerprint, position, utc_offset, kind, text"
_ROW_VALUES = "?, ?, ?, ?, ?, ?, CAST(? AS TEXT)"  # a Row, after the chat's id


class ChatRow(Base):
    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    format: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(255))  # the file name it came from
    me: Mapped[str | None] = mapped_column(String(255), nullable=True)
    imported_at: Mapped[str] = mapped_column(String(64))  # ISO 8601 with offset


class ChatParticipantRow(Base):
    __tablename__ = "chat_participants"
    __table_args__ = (UniqueConstraint("chat_id", "name", name="uq_chat_participants_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))


class ChatMessageRow(Base):
    """`at` is Unix seconds (UTC); `utc_offset` the sender's offset in minutes at that time."""

    __tablename__ = "chat_messages"
    __table_args__ = {"sqlite_with_rowid": False}

    chat_id: Mapped[int] = mapped_column(
        ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    at: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sender_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger)  # order in the export, within an instant
    utc_offset: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)


class MessageWriter:
    """Stores an import's rows (importers.rows.Row) for one chat; `added` counts the new ones."""

    def __init__(self, session: Session, chat_id: int) -> None:
        self.session, self.chat_id = session, chat_id
        self.senders = participant_ids(session, chat_id)
        self.position = last_position(session, chat_id)
        self.added = self.seen = 0

    def new_sender(self, name: str) -> int:
        self.senders[name] = add_participant(self.session, self.chat_id, name)
        return self.senders[name]

    def insert(self, rows: list[Row]) -> None:
        if rows:
            self.seen += len(rows)
            self.added += insert_rows(self.session, self.chat_id, rows)


def insert_rows(session: Session, chat_id: int, rows: list[Row]) -> int:
    """Inserts rows, skipping ones already stored; returns how many were new. On SQLite the
    driver's own cursor, SQLITE_ROWS rows per statement: one multi-row VALUES bound from a flat
    list costs ~35 % less than executemany's step and reset per row. A text given as UTF-8
    bytes is bound as such and cast to TEXT by SQLite (same bytes stored, no decoding)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        return _insert_sqlite(cursor, int(chat_id), rows)
    statement = text(
        f"INSERT INTO chat_messages ({_COLUMNS}) VALUES "
        "(:c, :a, :s, :f, :p, :o, :k, :t) ON CONFLICT DO NOTHING"
    )
    keys = ("a", "s", "f", "p", "o", "k")
    result = connection.execute(
        statement,
        [dict(zip(keys, row, strict=False), c=chat_id, t=_decoded(row[6])) for row in rows],
    )
    return int(result.rowcount)


SQLITE_ROWS = 140  # rows per INSERT: 980 parameters, under the 999 of SQLite before 3.32


def _insert_sqlite(cursor: sqlite3.Cursor, chat_id: int, rows: list[Row]) -> int:
    _bind_bytes_as_they_are()
    whole = len(rows) - len(rows) % SQLITE_ROWS
    values = list(chain.from_iterable(rows[:whole]))
    step = SQLITE_ROWS * _ROW_VALUES.count("?")
    added = 0
    for start in range(0, len(values), step):
        cursor.execute(_sqlite_insert(chat_id, SQLITE_ROWS), values[start : start + step])
        added += cursor.rowcount
    if whole < len(rows):
        cursor.executemany(_sqlite_insert(chat_id, 1), rows[whole:])
        added += cursor.rowcount
    return added


@cache
def _bind_bytes_as_they_are() -> None:
    """pysqlite binds bytes as they are, but first looks for an adapter, and without one it
    fails two attribute lookups (__adapt__, __conform__): ~15 % of the insert's instructions.
    Registering the identity changes nothing stored, for any connection in the process."""
    sqlite3.register_adapter(bytes, bytes)


@cache
def _sqlite_insert(chat_id: int, rows: int) -> str:
    one = f"({chat_id}, {_ROW_VALUES})"
    return f"INSERT OR IGNORE INTO chat_messages ({_COLUMNS}) VALUES " + ", ".join([one] * rows)


def last_position(session: Session, chat_id: int) -> int:
    found = session.execute(
        text("SELECT max(position) FROM chat_messages WHERE chat_id = :c"), {"c": chat_id}
    ).scalar()
    return int(found or 0)


def participant_ids(session: Session, chat_id: int) -> dict[str, int]:
    rows = session.execute(
        text("SELECT name, id FROM chat_participants WHERE chat_id = :c"), {"c": chat_id}
    )
    return {str(row[0]): int(row[1]) for row in rows}


def add_participant(session: Session, chat_id: int, name: str) -> int:
    row = ChatParticipantRow(chat_id=chat_id, name=name)
    session.add(row)
    session.flush()
    return row.id


def read_messages(
    session: Session, chat_id: int, since: int | None = None
) -> Iterator[ChatMessage]:
    """The chat's messages (from Unix second `since` on), oldest first, streamed."""
    names = {id_: name for name, id_ in participant_ids(session, chat_id).items()}
    result = session.execute(
        text(
            "SELECT at, utc_offset, sender_id, kind, text FROM chat_messages "
            "WHERE chat_id = :c AND at >= :since ORDER BY at, position"
        ).execution_options(yield_per=10_000),
        {"c": chat_id, "since": since if since is not None else -(2**62)},
    )
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    kinds = {kind.value: kind for kind in MessageKind}
    last: tuple[int, int] | None = None
    when = epoch
    for at, offset, sender_id, kind, body in result:
        if (at, offset) != last:  # a chat repeats its minutes: one datetime per instant
            last, when = (at, offset), (epoch + timedelta(seconds=at)).astimezone(_zone(offset))
        yield ChatMessage(when, names.get(sender_id, ""), body, kinds.get(kind, MessageKind.TEXT))


def read_recent(session: Session, chat_id: int, limit: int) -> list[ChatMessage]:
    """The chat's latest `limit` messages, oldest first."""
    newest = session.execute(
        text("SELECT at FROM chat_messages WHERE chat_id = :c ORDER BY at DESC LIMIT 1 OFFSET :n"),
        {"c": chat_id, "n": max(limit - 1, 0)},
    ).scalar()
    return list(read_messages(session, chat_id, since=newest))


def _decoded(text_: str | bytes) -> str:
    return text_.decode() if isinstance(text_, bytes) else text_


@cache
def _zone(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))
