"""The import's fast paths store exactly what the plain path would: WhatsApp rows built
straight from the text equal rows built from its ChatMessages, and an import parsed in a
worker process stores the same rows, fails with the same one-line error and changes nothing."""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amends.config import load_settings
from amends.core.chat import DateOrder, ReadOptions
from amends.core.errors import AmendsError
from amends.importers import pipeline, whatsapp, whatsapp_rows
from amends.importers.rows import Row, RowMaker
from amends.services.chats import import_chat

DATA = Path(__file__).resolve().parents[1] / "data" / "chats"
WHATSAPP = sorted((DATA / "whatsapp").glob("*.txt"))
OPTIONS = ReadOptions(DateOrder.DMY, UTC)


def both_paths(data: bytes, options: ReadOptions = OPTIONS) -> tuple[object, object]:
    """(rows or error) from the fast path and from ChatMessages, each with fresh sender ids."""

    def outcome(fast: bool) -> object:
        names: dict[str, int] = {}
        maker = RowMaker({}, 0, lambda name: names.setdefault(name, len(names) + 1))
        stream = io.BytesIO(data)
        try:
            if fast:
                batches = list(whatsapp_rows.read_rows(stream, maker, options))
            else:
                batches = list(maker.batches(whatsapp.read(stream, options)))
        except AmendsError as error:
            return error.one_line()
        rows: list[Row] = [row for batch in batches for row in batch]
        return [(*row[:6], _text(row[6])) for row in rows], names

    return outcome(fast=True), outcome(fast=False)


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


@pytest.mark.parametrize("path", WHATSAPP, ids=lambda p: p.name)
def test_whatsapp_rows_straight_from_the_text_equal_rows_from_messages(path: Path) -> None:
    fast, plain = both_paths(path.read_bytes(), ReadOptions(tz=UTC))
    assert fast == plain
    assert fast[0]  # type: ignore[index]


LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "05/01/2024, 21:01 - Sam: hi",
                "05/01/2024, 21:01 - Sam: hi",
                "05/01/2024, 21:02 - Jo Ann: <Media omitted>",
                "05/01/2024, 22:59 - Jo Ann: see (photo.jpg (file attached)",
                "[05/01/2024, 23:00:07] Sam: \u200eimage omitted",
                "[05/01/2024, 23:00:59] \u202aSam\u202c: ok",
                "06/01/2024, 9:05\u202fp.\u00a0m. - Sam: late",
                "06/01/2024, 00:00 - Messages are end-to-end encrypted.",
                "31/02/2024, 10:00 - Sam: no such day",
                "07/01/2024, 10:60 - Sam: no such minute",
                "second line: of a message",
            ]
        ),
        st.text(alphabet="0123456789/,: -[]ampPM\u202fSamé🙂\u200e", max_size=30),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=LINES, crlf=st.booleans())
def test_any_whatsapp_text_gives_the_same_rows_or_the_same_error_on_both_paths(
    lines: list[str], crlf: bool
) -> None:
    text = ("\r\n" if crlf else "\n").join(lines)
    fast, plain = both_paths(text.encode())
    assert fast == plain


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, 2000), junk=st.binary(min_size=1, max_size=12))
def test_damaged_bytes_give_the_same_rows_or_the_same_error_on_both_paths(
    cut: int, junk: bytes
) -> None:
    original = (DATA / "whatsapp" / "ios_de.txt").read_bytes()
    fast, plain = both_paths(original[:cut] + junk + original[cut:], ReadOptions(tz=UTC))
    assert fast == plain


def test_hours_around_a_clock_change_keep_their_own_offset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        text = (
            "30/03/2024, 12:00 - Sam: before\n31/03/2024, 01:30 - Sam: winter\n"
            "31/03/2024, 03:30 - Sam: summer\n27/10/2024, 04:00 - Sam: winter again\n"
        )
        found = list(whatsapp.read(io.BytesIO(text.encode()), ReadOptions(DateOrder.DMY)))
        fast, plain = both_paths(text.encode(), ReadOptions(DateOrder.DMY))
    finally:
        monkeypatch.undo()
        time.tzset()
    hours = [m.at.utcoffset().total_seconds() / 3600 for m in found]  # type: ignore[union-attr]
    assert hours == [1, 1, 2, 1]
    assert fast == plain
    assert [row[4] for row in fast[0]] == [60, 60, 120, 60]  # type: ignore[index]


def stored(data_dir: Path) -> list[object]:
    with sqlite3.connect(data_dir / "amends.sqlite") as db:
        return [
            db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
            for table in ("chat_participants", "chat_messages")
        ]


@pytest.fixture
def in_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "WORKER_BYTES", 0)


@pytest.mark.parametrize(
    "path",
    [DATA / "whatsapp" / "ios_en_gb.txt", DATA / "whatsapp" / "android_en_gb_24h.zip"]
    + sorted((DATA / "telegram").glob("*.json"))[:1],
    ids=lambda p: p.name,
)
def test_an_import_parsed_in_a_worker_stores_the_same_rows(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    first = import_chat(load_settings({"AMENDS_DATA_DIR": str(here)}), path)
    monkeypatch.setattr(pipeline, "WORKER_BYTES", 0)
    second = import_chat(load_settings({"AMENDS_DATA_DIR": str(there)}), path)
    again = import_chat(load_settings({"AMENDS_DATA_DIR": str(there)}), path)

    assert stored(here) == stored(there)
    assert (first.messages, first.added) == (second.messages, second.added)
    assert (again.messages, again.added) == (first.messages, 0)


def test_a_bad_line_in_the_worker_is_the_same_error_and_changes_nothing(
    tmp_path: Path, in_worker: None
) -> None:
    data_dir = tmp_path / "data"
    settings_ = load_settings({"AMENDS_DATA_DIR": str(data_dir)})
    good = DATA / "whatsapp" / "android_en_gb_24h.txt"
    import_chat(settings_, good, me="Sam")
    before = stored(data_dir)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(good.read_bytes() + b"31/02/2024, 10:00 - Sam: no such day\n")
    lines = bad.read_text().count("\n")

    with pytest.raises(AmendsError) as raised:
        import_chat(settings_, bad, me="Sam")

    assert f"line {lines}" in raised.value.one_line()
    assert "\n" not in raised.value.one_line()
    assert stored(data_dir) == before


def test_a_worker_reports_progress_up_to_the_whole_file(tmp_path: Path, in_worker: None) -> None:
    seen: list[tuple[int, int]] = []
    path = DATA / "whatsapp" / "android_de.txt"
    settings_ = load_settings({"AMENDS_DATA_DIR": str(tmp_path)})
    import_chat(settings_, path, me="Sam", progress=lambda done, all_: seen.append((done, all_)))
    size = path.stat().st_size
    assert seen[-1] == (size, size)
    assert all(0 <= done <= total == size for done, total in seen)


def test_a_missing_file_fails_in_one_line_without_a_worker(tmp_path: Path, in_worker: None) -> None:
    with pytest.raises(AmendsError, match="is not a file"):
        import_chat(load_settings({"AMENDS_DATA_DIR": str(tmp_path)}), tmp_path / "nope.txt")
