"""A header pattern fixed to the file's layout reads every export exactly as the general
pattern does: the same stamps and bodies chunk by chunk, the same rows or the same error."""

from __future__ import annotations

import io
from datetime import UTC
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amends.core.chat import DateOrder, ReadOptions
from amends.core.errors import AmendsError
from amends.importers import text_stream, whatsapp, whatsapp_layout, whatsapp_rows
from amends.importers.rows import Row, RowMaker
from amends.importers.whatsapp import HEADER_BYTES
from amends.importers.whatsapp_layout import Layout

DATA = Path(__file__).resolve().parents[1] / "data" / "chats" / "whatsapp"
FIXTURES = sorted(DATA.glob("*.txt"))


def general_parts(data: bytes) -> list[bytes]:
    return HEADER_BYTES.split(data)


def layout_parts(layout: Layout, data: bytes) -> list[bytes]:
    """The layout's split as the general one gives it: [before, stamp, body, ...]."""
    parts = layout.split(data)
    stamps = [key + step for key, step in zip(parts[1::3], parts[2::3], strict=True)]
    return [parts[0], *(x for pair in zip(stamps, parts[3::3], strict=True) for x in pair)]


def rows_or_error(data: bytes, general: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        if general:
            patch.setattr(whatsapp_rows.Layout, "of", lambda _chunk: Layout(None, {b"": 0}))
        names: dict[str, int] = {}
        maker = RowMaker({}, 0, lambda name: names.setdefault(name, len(names) + 1))
        options = ReadOptions(DateOrder.DMY, UTC)
        try:
            batches = list(whatsapp_rows.read_rows(io.BytesIO(data), maker, options))
        except AmendsError as error:
            return error.one_line()
    rows: list[Row] = [row for batch in batches for row in batch]
    return rows, names


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_splits_the_same_with_its_layout(path: Path) -> None:
    data = b"\n" + path.read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    assert layout_parts(Layout.of(data[1:]), data) == general_parts(data)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_gives_the_same_rows_with_its_layout(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    fast = rows_or_error(data, general=False, monkeypatch=monkeypatch)
    assert fast == rows_or_error(data, general=True, monkeypatch=monkeypatch)


@pytest.mark.parametrize(
    ("header", "fixed"),
    [
        ("05/01/2024, 21:07 - Sam: hi", True),
        ("[05.01.24, 21:07:33] Sam: hi", True),
        ("05/01/2024 à 21:07 - Sam: hi", True),
        ("\u200e[2024-01-05, 21:07]Sam: hi", True),
        ("1/5/24, 9:07\u202fPM - Sam: hi", False),
        ("05/01/2024, 9:07 p.\u00a0m. - Sam: hi", False),
        ("no header here", False),
    ],
)
def test_a_layout_is_fixed_for_24_hour_clocks_only(header: str, fixed: bool) -> None:
    layout = Layout.of(header.encode() + b"\n")
    assert (layout.pattern is not None) is fixed


def test_a_body_line_in_another_layout_splits_the_chunk_with_the_general_pattern() -> None:
    data = b"\n05/01/2024, 21:07 - Sam: hi\n[05/01/2024, 21:08:00] Jo: other phone\n"
    layout = Layout.of(data[1:])
    assert layout.split(data) == whatsapp_layout.GENERAL.split(data)
    assert layout_parts(layout, data) == general_parts(data)


FIRST = [
    "05/01/2024, 21:07 - Sam: hi",
    "[05/01/2024, 21:07:59] Sam: hi",
    "05.01.24 um 21.07 - Sam: hi",
    "[2024-01-05 21:07]Sam: hi",
]
LINE = st.one_of(
    st.builds(
        "{:02}/{:02}/2024, {:02}:{:02}{} Sam: {}".format,
        st.integers(0, 40),
        st.integers(0, 13),
        st.integers(0, 25),
        st.integers(0, 99),
        st.sampled_from([" -", "\u00a0-", " –", ":"]),
        st.sampled_from(["ok", "<Media omitted>", "x²", ""]),
    ),
    st.sampled_from(
        [
            *FIRST,
            "[05/01/2024, 21:07] Sam: hi",
            "[05/01/2024, 21:07:05]  Sam: two spaces",
            "[05/01/2024, 21:07:05]Sam: none",
            "05/01/2024, 9:07 PM - Sam: evening",
            "05/01/2024, 21:07:05 - Sam: seconds",
            "\u200e05/01/2024, 21:08 - Sam: marked",
            "05/01/2024, 21:08 - Messages are end-to-end encrypted.",
        ]
    ),
    st.text(alphabet="0123456789/.,:- []amPM\u202f\u00a0Samé🙂\u200e", max_size=30),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.sampled_from(FIRST), lines=st.lists(LINE, max_size=30))
def test_any_export_splits_the_same_with_its_first_header_s_layout(
    first: str, lines: list[str]
) -> None:
    data = ("\n" + "\n".join([first, *lines])).encode()
    assert layout_parts(Layout.of(data[1:]), data) == general_parts(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.sampled_from(FIRST), lines=st.lists(LINE, max_size=30))
def test_any_export_gives_the_same_rows_or_error_with_its_layout(
    first: str, lines: list[str]
) -> None:
    data = "\n".join([first, *lines]).encode()
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast = rows_or_error(data, general=False, monkeypatch=monkeypatch)
        assert fast == rows_or_error(data, general=True, monkeypatch=monkeypatch)


@pytest.mark.parametrize("chunk_bytes", [16, 100, 1000])
def test_small_chunks_give_the_same_rows(chunk_bytes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"".join(
        path.read_bytes() for path in FIXTURES if "24h" in path.name or "de" in path.name
    )
    whole = rows_or_error(data, general=True, monkeypatch=monkeypatch)
    chunked = partial(text_stream.read_byte_chunks, chunk_bytes=chunk_bytes)
    monkeypatch.setattr(whatsapp_rows, "read_byte_chunks", chunked)
    assert rows_or_error(data, general=False, monkeypatch=monkeypatch) == whole


@pytest.mark.parametrize("days", [("2024-03-30", "2024-04-01"), ("2024-10-26", "2024-10-28")])
def test_hours_across_a_clock_change_day_match_the_plain_path(
    days: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time
    from datetime import datetime, timedelta

    first, last = (datetime.fromisoformat(day) for day in days)
    stamps = [first + timedelta(minutes=25 * n) for n in range(int((last - first).days * 58))]
    data = "".join(f"{at:%d/%m/%Y, %H:%M} - Sam: {n}\n" for n, at in enumerate(stamps)).encode()
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        options = ReadOptions(DateOrder.DMY)
        names: dict[str, int] = {}
        maker = RowMaker({}, 0, lambda name: names.setdefault(name, len(names) + 1))
        plain = [
            row
            for batch in maker.batches(whatsapp.read(io.BytesIO(data), options))
            for row in batch
        ]
        maker = RowMaker({}, 0, lambda name: names.setdefault(name, len(names) + 1))
        fast = [
            row
            for batch in whatsapp_rows.read_rows(io.BytesIO(data), maker, options)
            for row in batch
        ]
    finally:
        monkeypatch.undo()
        time.tzset()
    assert [row[:5] for row in fast] == [row[:5] for row in plain]
    assert {row[4] for row in fast} == {60, 120}


@pytest.mark.parametrize("chunk_bytes", [8, 64, 1 << 20])
def test_a_bad_byte_after_lone_carriage_returns_names_the_same_line_on_both_paths(
    chunk_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (
        b"05/01/2024, 21:07 - Sam: hi\r05/01/2024, 21:08 - Sam: old mac\r\n"
        b"05/01/2024, 21:09 - Sam: more\nsecond line\r05/01/2024, 21:10 - Sam: \xff\n"
    )
    monkeypatch.setattr(
        whatsapp_rows,
        "read_byte_chunks",
        partial(text_stream.read_byte_chunks, chunk_bytes=chunk_bytes),
    )
    monkeypatch.setattr(
        whatsapp, "read_chunks", partial(text_stream.read_chunks, chunk_bytes=chunk_bytes)
    )
    with pytest.raises(AmendsError) as fast:
        maker = RowMaker({}, 0, lambda _name: 1)
        list(whatsapp_rows.read_rows(io.BytesIO(data), maker, ReadOptions(DateOrder.DMY)))
    with pytest.raises(AmendsError) as plain:
        list(whatsapp.read(io.BytesIO(data), ReadOptions(DateOrder.DMY)))
    assert "line 3 is not UTF-8" in plain.value.one_line()  # counted in LF, as read
    assert fast.value.one_line() == plain.value.one_line()


# The parse path (whatsapp.read -> ChatMessage) splits decoded text with the same layout.


def messages_or_error(
    data: bytes, general: bool, monkeypatch: pytest.MonkeyPatch, order: DateOrder | None
) -> object:
    """Each message with its offset (aware datetimes compare equal across offsets)."""
    with monkeypatch.context() as patch:
        if general:
            patch.setattr(whatsapp_layout, "text_split", lambda _first: whatsapp._HEADER.split)
        try:
            messages = list(whatsapp.read(io.BytesIO(data), ReadOptions(order, UTC)))
        except AmendsError as error:
            return error.one_line()
    return [(message, message.at.utcoffset()) for message in messages]


def text_parts(data: str) -> list[str]:
    return whatsapp_layout.text_split(data[1:])(data)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_splits_its_text_the_same_with_its_layout(path: Path) -> None:
    data = "\n" + path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    assert text_parts(data) == whatsapp._HEADER.split(data)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_gives_the_same_messages_with_its_layout(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    fast = messages_or_error(data, general=False, monkeypatch=monkeypatch, order=None)
    assert isinstance(fast, list) and fast
    assert fast == messages_or_error(data, general=True, monkeypatch=monkeypatch, order=None)


@pytest.mark.parametrize(
    ("header", "fixed"),
    [
        ("05/01/2024, 21:07 - Sam: hi", True),
        ("[05.01.24, 21:07:33] Sam: hi", True),
        ("\u200e[2024-01-05, 21:07]Sam: hi", True),
        ("1/5/24, 9:07\u202fPM - Sam: hi", False),
        ("no header here", False),
    ],
)
def test_the_text_split_is_fixed_for_24_hour_clocks_only(header: str, fixed: bool) -> None:
    split = whatsapp_layout.text_split(header + "\n")
    assert (split != whatsapp._HEADER.split) is fixed


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.sampled_from(FIRST), lines=st.lists(LINE, max_size=30))
def test_any_export_splits_its_text_the_same_with_its_first_header_s_layout(
    first: str, lines: list[str]
) -> None:
    data = "\n" + "\n".join([first, *lines])
    assert text_parts(data) == whatsapp._HEADER.split(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.sampled_from(FIRST), lines=st.lists(LINE, max_size=30))
def test_any_export_gives_the_same_messages_or_error_with_its_layout(
    first: str, lines: list[str]
) -> None:
    data = "\n".join([first, *lines]).encode()
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast = messages_or_error(data, False, monkeypatch, DateOrder.DMY)
        assert fast == messages_or_error(data, True, monkeypatch, DateOrder.DMY)


@pytest.mark.parametrize("chunk_bytes", [16, 100, 1000])
def test_small_chunks_give_the_same_messages(
    chunk_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"".join(
        path.read_bytes() for path in FIXTURES if "24h" in path.name or "de" in path.name
    )
    whole = messages_or_error(data, True, monkeypatch, DateOrder.DMY)
    chunked = partial(text_stream.read_chunks, chunk_bytes=chunk_bytes)
    monkeypatch.setattr(whatsapp, "read_chunks", chunked)
    assert messages_or_error(data, False, monkeypatch, DateOrder.DMY) == whole
