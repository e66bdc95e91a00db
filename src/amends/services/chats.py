"""Use cases for imported chats: import, list, forget, report, and the pace the coach reads.

An import streams the export into the database in one transaction: a failure anywhere (a bad
line, a wrong --me, in this process or in the worker that parses a big export) leaves the
database as it was. The first messages are read ahead to learn
the participants, so a re-import of the same chat (or a newer, overlapping export of it) joins
the chat already stored and adds only messages it does not hold yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from amends import clock
from amends.config import Settings
from amends.core.chat import ChatMessage, DateOrder, ReadOptions
from amends.core.errors import AmendsError
from amends.core.metrics import ChatMetrics, Pace, compute_metrics, compute_pace
from amends.importers import pipeline
from amends.importers.rows import Row
from amends.storage.chats import ChatRow, MessageWriter, read_messages, read_recent
from amends.storage.db import open_store

Progress = Callable[[int, int], None]  # (bytes read, bytes in all)
ChooseMe = Callable[[Sequence[str]], str]


@dataclass(frozen=True)
class ChatSummary:
    chat_id: int
    format: str
    label: str
    me: str | None
    participants: tuple[str, ...]
    messages: int
    first: datetime | None
    last: datetime | None
    added: int = 0  # new messages in the import that produced this summary

    def as_json(self) -> dict[str, object]:
        return {
            "chat_id": self.chat_id,
            "format": self.format,
            "label": self.label,
            "me": self.me,
            "participants": list(self.participants),
            "messages": self.messages,
            "added": self.added,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
        }


def import_chat(
    settings: Settings,
    path: Path,
    me: str | None = None,
    date_order: DateOrder | None = None,
    chat: str | None = None,
    choose_me: ChooseMe | None = None,
    progress: Progress | None = None,
) -> ChatSummary:
    """1. read ahead for the participants (importers.pipeline; a big export is parsed in a
    worker process), 2. find or create the chat, 3. settle who "me" is, 4. stream the rows in,
    5. summarise. One transaction."""
    store = open_store(settings)
    options = ReadOptions(date_order=date_order, chat=chat)
    with store.transaction() as session:
        host = _ImportHost(session, settings, path, me, choose_me, progress)
        pipeline.run(path, options, host)
        summary = _summary(session, host.chat, added=host.writer.added)
        _check_me(summary)
    return summary


class _ImportHost:
    """The storage side of an import (importers.pipeline.Host)."""

    def __init__(
        self,
        session: Session,
        settings: Settings,
        path: Path,
        me: str | None,
        choose_me: ChooseMe | None,
        progress: Progress | None,
    ) -> None:
        self.session, self.settings, self.path = session, settings, path
        self.me, self.choose_me, self.progress = me, choose_me, progress
        self.size = 0

    def ahead(self, found: pipeline.Ahead) -> pipeline.Start:
        names = found.names
        if not names:
            raise AmendsError(
                f"{self.path.name} holds no messages from people.", "Export it again."
            )
        self.size = found.size
        row = _find_chat(self.session, found.format, names) or _new_chat(
            self.session, found.format, self.path, self.settings
        )
        row.me = _settle_me(self.me or row.me, names, self.choose_me)
        if row.me is not None and row.me not in names and found.complete:
            _check_me(_summary_of_names(row, names))  # the whole chat was read ahead: fail now
        self.chat, self.writer = row, MessageWriter(self.session, row.id)
        return pipeline.Start(self.writer.senders, self.writer.position)

    def new_sender(self, name: str) -> int:
        return self.writer.new_sender(name)

    def rows(self, batch: list[Row], done: int) -> None:
        self.writer.insert(batch)
        if self.progress is not None:
            self.progress(min(done, self.size), self.size)


def list_chats(settings: Settings) -> list[ChatSummary]:
    store = open_store(settings)
    with store.transaction() as session:
        rows = session.query(ChatRow).order_by(ChatRow.id).all()
        return [_summary(session, row) for row in rows]


def forget_chat(settings: Settings, chat_id: int) -> ChatSummary:
    """Deletes one imported chat and everything in it."""
    store = open_store(settings)
    with store.transaction() as session:
        row = _chat(session, chat_id)
        summary = _summary(session, row)
        for table in ("chat_messages", "chat_participants"):
            session.execute(text(f"DELETE FROM {table} WHERE chat_id = :c"), {"c": chat_id})
        session.delete(row)
    return summary


def chat_messages(session: Session, chat_id: int) -> Iterator[ChatMessage]:
    return read_messages(session, chat_id)


def _chat(session: Session, chat_id: int | None) -> ChatRow:
    if chat_id is None:
        row = session.query(ChatRow).order_by(ChatRow.id.desc()).first()
        if row is None:
            raise AmendsError("No chat has been imported yet.", "Run `amends chat import PATH`.")
        return row
    found = session.get(ChatRow, chat_id)
    if found is None:
        raise AmendsError(f"There is no chat {chat_id}.", "See `amends chat list` for the ids.")
    return found


def _find_chat(session: Session, format_: str, names: list[str]) -> ChatRow | None:
    """The stored chat of the same format sharing the most names with the ones read ahead:
    two at least (so one side's monologue never joins the wrong chat), or all of them."""
    best, best_shared = None, 0
    rows = session.query(ChatRow).filter(ChatRow.format == format_).order_by(ChatRow.id.desc())
    for row in rows:
        shared = len(set(names) & set(_participants(session, row.id)))
        if shared >= min(2, len(names)) and shared > best_shared:
            best, best_shared = row, shared
    return best


def _new_chat(session: Session, format_: str, path: Path, settings: Settings) -> ChatRow:
    row = ChatRow(
        format=format_,
        label=path.name[:255],
        me=None,
        imported_at=clock.now(settings).isoformat(),
    )
    session.add(row)
    session.flush()
    return row


def _settle_me(me: str | None, names: list[str], choose_me: ChooseMe | None) -> str | None:
    if me is not None:
        return me
    if "Me" in names:  # iMessage marks the user's own messages so
        return "Me"
    return choose_me(names) if choose_me is not None else None


def _check_me(summary: ChatSummary) -> None:
    if summary.me is not None and summary.me not in summary.participants:
        raise AmendsError(
            f"{summary.me!r} is not one of the people in this chat "
            f"({', '.join(summary.participants)}).",
            "Pass --me with one of those names, exactly as written.",
        )


def _summary_of_names(row: ChatRow, names: list[str]) -> ChatSummary:
    return ChatSummary(row.id, row.format, row.label, row.me, tuple(names), 0, None, None)


def _participants(session: Session, chat_id: int) -> list[str]:
    rows = session.execute(
        text("SELECT name FROM chat_participants WHERE chat_id = :c ORDER BY id"), {"c": chat_id}
    )
    return [name for (name,) in rows]


def _summary(session: Session, row: ChatRow, added: int = 0) -> ChatSummary:
    count = session.execute(
        text("SELECT count(*) FROM chat_messages WHERE chat_id = :c"), {"c": row.id}
    ).scalar_one()
    return ChatSummary(
        row.id,
        row.format,
        row.label,
        row.me,
        tuple(_participants(session, row.id)),
        int(count),
        _edge(session, row.id, "ASC"),
        _edge(session, row.id, "DESC"),
        added,
    )


def _edge(session: Session, chat_id: int, direction: str) -> datetime | None:
    found = session.execute(
        text(
            "SELECT at, utc_offset FROM chat_messages WHERE chat_id = :c "
            f"ORDER BY at {direction} LIMIT 1"
        ),
        {"c": chat_id},
    ).first()
    if found is None:
        return None
    at, offset = found
    zone = timezone(timedelta(minutes=int(offset)))
    return datetime.fromtimestamp(int(at), UTC).astimezone(zone)


@dataclass(frozen=True)
class ChatReport:
    chat: ChatSummary
    metrics: ChatMetrics
    framing: dict[str, object]  # content/chat_report.toml: what the numbers can and cannot say

    def as_json(self) -> dict[str, Any]:
        """The shape of `amends chat report --json` and GET /api/chats/{id}/report."""
        metrics = self.metrics
        return {
            "chat": self.chat.as_json(),
            "overall": _period_json(metrics.overall),
            "weeks": [_period_json(week) for week in metrics.weeks],
            "trends": [asdict(trend) for trend in metrics.trends],
            "unanswered_streak": metrics.current_unanswered,
            "can_say": self.framing.get("can_say", []),
            "cannot_say": self.framing.get("cannot_say", []),
        }


def _period_json(period: Any) -> dict[str, Any]:
    return asdict(period) | {"week": period.week.isoformat() if period.week else None}


def chat_report(settings: Settings, chat_id: int | None = None) -> ChatReport:
    """The metrics of one chat (the latest import by default) with their honest framing."""
    from amends.catalogue import load_toml

    store = open_store(settings)
    with store.transaction() as session:
        row = _chat(session, chat_id)
        summary = _summary(session, row)
        me = _require_me(summary)
        metrics = compute_metrics(read_messages(session, row.id), me)
    return ChatReport(summary, metrics, load_toml("chat_report.toml"))


def write_chart(report: ChatReport, path: Path) -> Path:
    """The report's weekly chart as an SVG file."""
    from amends.charts import weekly_chart

    try:
        path.write_text(weekly_chart(report.metrics), encoding="utf-8")
    except OSError as error:
        raise AmendsError(
            f"The chart could not be written to {path} ({error.strerror}).",
            "Choose a folder you can write to.",
        ) from None
    return path


def latest_pace(settings: Settings, recent: int = 500) -> Pace | None:
    """For the coach: the ex's recent lengths and reply gaps and the user's current unanswered
    streak, from the most recently imported chat whose "me" is known (None without one)."""
    store = open_store(settings)
    with store.transaction() as session:
        row = (
            session.query(ChatRow)
            .filter(ChatRow.me.is_not(None))
            .order_by(ChatRow.id.desc())
            .first()
        )
        if row is None or row.me is None:
            return None
        return compute_pace(read_recent(session, row.id, recent), row.me)


def _require_me(summary: ChatSummary) -> str:
    if summary.me is None:
        raise AmendsError(
            f"amends does not know which participant you are in chat {summary.chat_id}.",
            f"Import it again with --me NAME ({', '.join(summary.participants)}); "
            "nothing is added twice.",
        )
    return summary.me
