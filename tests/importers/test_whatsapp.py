"""WhatsApp exports in every layout and language amends knows (tests/data/chats/whatsapp: one
conversation written the way each phone and language writes it)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from amends.core.chat import ChatMessage, DateOrder, MessageKind, ReadOptions
from amends.core.errors import AmendsError
from amends.importers import open_export, whatsapp

DATA = Path(__file__).resolve().parents[1] / "data" / "chats" / "whatsapp"
SAME_CHAT = sorted(p for p in DATA.iterdir() if not p.name.startswith("ambiguous"))


def read(path: Path, **options: object) -> list[ChatMessage]:
    with open_export(path) as (importer, stream):
        assert importer is whatsapp
        return list(importer.read(stream, ReadOptions(tz=UTC, **options)))  # type: ignore[arg-type]


def read_text(text: str, **options: object) -> list[ChatMessage]:
    stream = io.BytesIO(text.encode("utf-8"))
    return list(whatsapp.read(stream, ReadOptions(tz=UTC, **options)))  # type: ignore[arg-type]


@pytest.mark.parametrize("path", SAME_CHAT, ids=lambda p: p.name)
def test_every_layout_and_language_reads_the_same_conversation(path: Path) -> None:
    messages = read(path)
    people = [m for m in messages if m.kind is not MessageKind.SYSTEM]
    assert [m.sender for m in people] == [
        "Jürgen",
        "Sam",
        "Jürgen",
        "Sam",
        "Jürgen",
        "+49 151 2345678",
    ]
    assert people[0].at == datetime(2024, 1, 5, 21, 1, tzinfo=UTC)
    assert people[-1].at == datetime(2024, 2, 20, 13, 45, tzinfo=UTC)
    assert people[-1].text == "new number: same Sam"


@pytest.mark.parametrize("path", SAME_CHAT, ids=lambda p: p.name)
def test_text_is_never_unicode_folded_and_keeps_its_lines(path: Path) -> None:
    texts = [m.text for m in read(path)]
    assert "Hallo ½ x² – café" in texts
    assert "line one\nline two\n\nline four" in texts
    assert "still up? 🙂" in texts


@pytest.mark.parametrize("path", SAME_CHAT, ids=lambda p: p.name)
def test_media_deleted_and_notices_are_marked_never_pinned_on_the_contact(path: Path) -> None:
    messages = read(path)
    kinds = [m.kind for m in messages]
    assert kinds.count(MessageKind.MEDIA) == 1
    assert kinds.count(MessageKind.DELETED) == 1
    assert kinds.count(MessageKind.SYSTEM) == 2
    assert all(m.sender == "" for m in messages if m.kind is MessageKind.SYSTEM)
    media = next(m for m in messages if m.kind is MessageKind.MEDIA)
    assert media.sender == "Jürgen"


def test_ios_missed_calls_and_encryption_notice_are_system_lines() -> None:
    system = [m.text for m in read(DATA / "ios_en_gb.txt") if m.kind is MessageKind.SYSTEM]
    assert system[1] == "Missed voice call"
    assert system[0].startswith("Messages and calls are end-to-end encrypted")


def test_ambiguous_dates_are_resolved_from_the_whole_file() -> None:
    messages = read(DATA / "ambiguous_dmy.txt")
    assert [m.at.date().isoformat() for m in messages][:3] == [
        "2024-02-01",
        "2024-02-02",
        "2024-02-09",
    ]


def test_date_order_option_overrides_the_guess() -> None:
    messages = read(DATA / "ambiguous_dmy.txt", date_order=DateOrder.MDY)
    assert messages[0].at.date().isoformat() == "2024-01-02"


def test_a_day_above_twelve_settles_month_first() -> None:
    text = "01/02/24, 10:00 - A: one\n01/13/24, 10:00 - B: two\n"
    assert whatsapp.resolve_date_order(io.BytesIO(text.encode()), "x") is DateOrder.MDY
    assert read_text(text)[1].at == datetime(2024, 1, 13, 10, 0, tzinfo=UTC)


def test_twelve_hour_clock_reads_noon_and_midnight() -> None:
    text = "1/13/24, 12:05\u202fAM - A: after midnight\n1/13/24, 12:05\u202fPM - B: noon\n"
    assert [m.at.hour for m in read_text(text)] == [0, 12]


def test_a_name_keeps_its_letters_without_direction_marks() -> None:
    text = "13/01/2024, 10:00 - \u202a+44 7700 900123\u202c: hi\n"
    assert read_text(text)[0].sender == "+44 7700 900123"


def test_times_are_aware_in_the_given_zone() -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Berlin")
    text = "13/01/2024, 10:00 - A: winter\n13/07/2024, 10:00 - A: summer\n"
    messages = list(whatsapp.read(io.BytesIO(text.encode()), ReadOptions(tz=zone)))
    assert [m.at.utcoffset().total_seconds() / 3600 for m in messages] == [1, 2]  # type: ignore[union-attr]


def test_a_first_line_without_a_date_is_an_error_naming_the_line() -> None:
    with pytest.raises(AmendsError, match="line 2 does not start with a date"):
        read_text("\nhello there\n13/01/2024, 10:00 - A: hi\n")


def test_an_impossible_date_is_an_error_naming_the_line() -> None:
    text = "13/01/2024, 10:00 - A: hi\nmore\n32/01/2024, 10:00 - A: no such day\n"
    with pytest.raises(AmendsError, match="line 3 has an impossible date"):
        read_text(text, date_order=DateOrder.DMY)


def test_invalid_utf8_is_an_error_naming_the_line() -> None:
    stream = io.BytesIO(b"13/01/2024, 10:00 - A: hi\n13/01/2024, 10:01 - A: \xff\n")
    with pytest.raises(AmendsError, match="line 2 is not UTF-8"):
        list(whatsapp.read(stream))


def test_messages_spanning_chunks_stay_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    from amends.importers import text_stream

    monkeypatch.setattr(text_stream, "CHUNK_BYTES", 7)
    text = "13/01/2024, 10:00 - A: first\nsecond line\n13/01/2024, 10:01 - B: ok\n"
    stream = io.BytesIO(text.encode())
    found = list(whatsapp.parse_messages(stream, DateOrder.DMY, UTC, "x"))
    assert [(m.sender, m.text) for m in found] == [("A", "first\nsecond line"), ("B", "ok")]


def test_a_minute_after_a_stamp_with_seconds_is_still_a_minute() -> None:
    found = read_text(
        "05/01/2024, 21:02 - Sam: first\n[05/01/2024, 23:00:07] Sam: other phone\n"
        "05/01/2024, 21:01 - Sam: back\n",
        date_order=DateOrder.DMY,
    )
    assert [m.at.strftime("%H:%M:%S") for m in found] == ["21:02:00", "23:00:07", "21:01:00"]
