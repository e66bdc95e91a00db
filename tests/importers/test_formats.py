"""Telegram, Messenger/Instagram, Signal, CSV and iMessage exports, and format detection."""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from amends.core.chat import ChatMessage, MessageKind, ReadOptions
from amends.core.errors import AmendsError
from amends.importers import csv, detect, imessage, messenger, open_export, signal, telegram

DATA = Path(__file__).resolve().parents[1] / "data" / "chats"


def read(path: Path, **options: object) -> tuple[str, list[ChatMessage]]:
    with open_export(path) as (importer, stream):
        found = list(importer.read(stream, ReadOptions(**options)))  # type: ignore[arg-type]
        return importer.NAME, found


def test_telegram_formatted_text_is_joined_exactly_and_media_is_kept() -> None:
    name, messages = read(DATA / "telegram" / "formatted.json")
    assert name == "telegram"
    assert [m.kind for m in messages] == [
        MessageKind.SYSTEM,
        MessageKind.TEXT,
        MessageKind.TEXT,
        MessageKind.MEDIA,
        MessageKind.MEDIA,
    ]
    assert messages[1].text == "Hallo ½ x²"
    assert messages[2].text == "see  this :https://example.org\nsecond line"


def test_telegram_times_keep_the_offset_of_the_exporting_machine() -> None:
    _, messages = read(DATA / "telegram" / "formatted.json")
    # date 21:01 local, date_unixtime 20:01 UTC: the export was made at UTC+1
    assert messages[1].at.utcoffset() == timedelta(hours=1)
    assert messages[1].at == datetime(2024, 1, 5, 20, 1, tzinfo=UTC)
    assert messages[1].at.hour == 21


def test_telegram_export_of_several_chats_asks_which_one() -> None:
    two = (
        b'{"chats": {"list": [{"name": "A", "messages": [{"type": "message", '
        b'"date_unixtime": "1", "from": "x", "text": "a"}]}, {"name": "B", "messages": '
        b'[{"type": "message", "date_unixtime": "2", "from": "y", "text": "b"}]}]}}'
    )
    with pytest.raises(AmendsError, match="several chats"):
        list(telegram.read(io.BytesIO(two)))
    only_b = list(telegram.read(io.BytesIO(two), ReadOptions(chat="B")))
    assert [m.text for m in only_b] == ["b"]


def test_messenger_text_is_repaired_and_media_only_messages_are_kept() -> None:
    name, messages = read(DATA / "messenger" / "message_1.json", tz=UTC)
    assert name == "messenger"
    by_text = {m.text: m for m in messages}
    assert by_text["ça va? 🙂"].sender == "Sam"
    assert by_text["Hallo ½ x²"].sender == "Jürgen"
    assert by_text["line one\nline two"].kind is MessageKind.TEXT
    assert by_text["photos"].kind is MessageKind.MEDIA
    assert by_text["oops"].kind is MessageKind.DELETED
    assert by_text["Sam called you."].kind is MessageKind.SYSTEM
    assert by_text["Hallo ½ x²"].at == datetime(2024, 1, 5, 20, 1, tzinfo=UTC)


def test_messenger_repair_leaves_undamaged_text_alone() -> None:
    assert messenger.repair("Jürgen") == "Jürgen"
    assert messenger.repair("J\u00c3\u00bcrgen") == "Jürgen"


def test_signal_markdown_reads_year_first_and_marks_attachments_as_media() -> None:
    name, messages = read(DATA / "signal" / "chat.md", tz=UTC)
    assert name == "signal"
    assert [m.kind for m in messages].count(MessageKind.MEDIA) == 1
    assert messages[1].text == "line one\nline two"
    assert messages[-1].at == datetime(2024, 1, 14, 9, 15, tzinfo=UTC)


def test_csv_reads_quoted_multi_line_fields_and_offsets() -> None:
    name, messages = read(DATA / "csv" / "chat.csv")
    assert name == "csv"
    assert messages[1].text == "line one\nline two, with a comma"
    assert messages[0].at.utcoffset() == timedelta(hours=1)


def test_csv_bad_time_is_an_error_naming_the_line() -> None:
    stream = io.BytesIO(b"time,sender,text\n2024-01-05T21:01:00,A,hi\nyesterday,B,hey\n")
    with pytest.raises(AmendsError, match="line 3 has no ISO time"):
        list(csv.read(stream))


def make_chat_db(path: Path, handles: list[str]) -> None:
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);"
        "CREATE TABLE message (ROWID INTEGER PRIMARY KEY, date INTEGER, is_from_me INTEGER,"
        " handle_id INTEGER, text TEXT, attributedBody BLOB, cache_has_attachments INTEGER,"
        " item_type INTEGER);"
    )
    for number, handle in enumerate(handles, 1):
        db.execute("INSERT INTO handle VALUES (?, ?)", (number, handle))
    seconds = int((datetime(2024, 1, 5, 20, 1, tzinfo=UTC) - imessage.APPLE_EPOCH).total_seconds())
    rows = [
        (seconds * 10**9, 0, 1, "Hallo ½ x²", None, 0, 0),
        (
            (seconds + 60) * 10**9,
            1,
            1,
            None,
            b"\x04\x0bstreamtyped\x81NSString\x01\x94\x84\x01+\x05hey\n!",
            0,
            0,
        ),
        ((seconds + 120) * 10**9, 0, 1, "\ufffc", None, 1, 0),
        ((seconds + 180) * 10**9, 0, 1, None, None, 0, 1),
    ]
    db.executemany(
        "INSERT INTO message (date, is_from_me, handle_id, text, attributedBody,"
        " cache_has_attachments, item_type) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.commit()
    db.close()


def test_imessage_reads_apple_times_the_users_own_side_and_attachments(tmp_path: Path) -> None:
    path = tmp_path / "chat.db"
    make_chat_db(path, ["+15550100"])
    name, messages = read(path, tz=UTC)
    assert name == "imessage"
    assert [(m.sender, m.kind) for m in messages] == [
        ("+15550100", MessageKind.TEXT),
        ("Me", MessageKind.TEXT),
        ("+15550100", MessageKind.MEDIA),
        ("", MessageKind.SYSTEM),
    ]
    assert messages[0].at == datetime(2024, 1, 5, 20, 1, tzinfo=UTC)
    assert messages[1].text == "hey\n!"
    assert messages[2].at == datetime(2024, 1, 5, 20, 3, tzinfo=UTC)


def test_imessage_with_several_conversations_asks_which_one(tmp_path: Path) -> None:
    path = tmp_path / "chat.db"
    make_chat_db(path, ["+15550100", "sam@example.org"])
    with pytest.raises(AmendsError, match="2 conversations"):
        read(path)
    _, messages = read(path, chat="+15550100")
    assert len(messages) == 4


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b"SQLite format 3\x00", "imessage"),
        (b'{"name": "Sam", "type": "personal_chat", "messages": [', "telegram"),
        (b'{"participants": [], "messages": [{"sender_name": "x"', "messenger"),
        (b"time,sender,text\n", "csv"),
        (b"[2024-01-05 21:01] Sam: hi\n", "signal"),
        (b"05/01/2024, 21:01 - Sam: hi\n", "whatsapp"),
        (b"\xef\xbb\xbf[05/01/2024, 21:01:00] Sam: hi\n", "whatsapp"),
    ],
)
def test_the_format_is_detected_from_the_start_of_the_file(head: bytes, name: str) -> None:
    assert name == detect(head).NAME


def test_an_unknown_file_is_a_one_line_error() -> None:
    with pytest.raises(AmendsError, match="Line 1 does not look like a chat export") as error:
        detect(b"hello\nworld")
    assert "\n" not in error.value.one_line()


def test_signal_and_whatsapp_do_not_claim_each_other() -> None:
    assert not signal.sniff(b"05/01/2024, 21:01 - Sam: hi\n")
    assert signal.sniff(b"[2024-01-05, 21:01] Sam: hi\n")
    assert UTC is UTC
