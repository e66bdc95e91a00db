"""Bounded fuzzing of every parser: whatever the bytes, the result is messages or one clear
AmendsError naming the line, never a traceback; and WhatsApp text round-trips."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amends.core.chat import ChatMessage, DateOrder, MessageKind, ReadOptions, clean_name
from amends.core.errors import AmendsError
from amends.importers import IMPORTERS, csv, messenger, signal, telegram, whatsapp

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OPTIONS = ReadOptions(tz=UTC)

# Bytes that look like the start of each format, so the fuzzer gets past the first line.
PREFIXES = {
    "whatsapp": b"05/01/2024, 21:01 - Sam: hi\n",
    "signal": b"[2024-01-05 21:01] Sam: hi\n",
    "telegram": b'{"name": "Sam", "messages": [',
    "messenger": b'{"messages": [{"sender_name": "Sam", "timestamp_ms": ',
    "csv": b"time,sender,text\n",
    "imessage": b"SQLite format 3\x00",
}
HEADERISH = st.text(
    alphabet=st.sampled_from(list("0123456789/.,:- []APMapm\u202f\u200e\nSam:{}\"'\\é🙂")),
    max_size=300,
)


def outcome(importer: ModuleType, data: bytes) -> list[ChatMessage] | AmendsError:
    try:
        return list(importer.read(io.BytesIO(data), OPTIONS))
    except AmendsError as error:
        return error


def check(importer: ModuleType, data: bytes) -> None:
    result = outcome(importer, data)
    if isinstance(result, AmendsError):
        text = result.one_line()
        assert "\n" not in text and "\r" not in text
        assert "line" in text.lower()
    else:
        for message in result:
            assert message.at.tzinfo is not None
            assert isinstance(message.text, str) and isinstance(message.sender, str)


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda m: m.NAME)
@FUZZ
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_never_raise_a_traceback(importer: ModuleType, data: bytes) -> None:
    check(importer, PREFIXES[importer.NAME] + data)


@pytest.mark.parametrize("importer", [whatsapp, signal, csv, telegram, messenger])
@FUZZ
@given(text=HEADERISH)
def test_header_like_text_never_raises_a_traceback(importer: ModuleType, text: str) -> None:
    check(importer, PREFIXES[importer.NAME] + text.encode("utf-8", "surrogatepass"))


NAMES = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters=":"
        ),
        min_size=1,
        max_size=12,
    )
    .map(clean_name)  # what amends keeps of a name: see test_whatsapp for the marks
    .filter(lambda s: s and not s[0].isdigit())
)
TEXTS = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s[:1] not in "\u200e[" and "\n" not in s[:1])


@FUZZ
@given(
    rows=st.lists(st.tuples(st.integers(0, 60 * 24 * 400), NAMES, TEXTS), min_size=1, max_size=30)
)
def test_a_whatsapp_chat_written_out_reads_back_the_same(rows: list[tuple[int, str, str]]) -> None:
    start = datetime(2024, 1, 13, tzinfo=UTC)  # day 13: the date order is never in doubt
    minutes = sorted(r[0] for r in rows)
    written = [
        ChatMessage(start + timedelta(minutes=m), name, text)
        for m, (_, name, text) in zip(minutes, rows, strict=True)
    ]
    lines = "".join(
        f"{m.at:%d/%m/%Y, %H:%M} - {m.sender}: {m.text}\n"
        for m in written
        if not any(line[:2].isdigit() for line in m.text.split("\n")[1:])
    )
    expected = [
        m for m in written if not any(line[:2].isdigit() for line in m.text.split("\n")[1:])
    ]
    if not expected:
        return
    found = list(whatsapp.read(io.BytesIO(lines.encode()), ReadOptions(DateOrder.DMY, UTC)))
    assert [(m.at, m.sender, m.text) for m in found] == [(m.at, m.sender, m.text) for m in expected]
    assert all(m.kind in (MessageKind.TEXT, MessageKind.MEDIA, MessageKind.DELETED) for m in found)


@FUZZ
@given(text=st.text(max_size=30), cut=st.booleans())
def test_json_text_is_always_storable(text: str, cut: bool) -> None:
    import json

    value = json.dumps(text + ("\ud83d" if cut else ""))
    data = f'{{"messages": [{{"sender_name": {value}, "timestamp_ms": 1, "content": {value}}}]}}'
    for importer in (messenger, telegram):
        raw = (
            data
            if importer is messenger
            else data.replace('"sender_name"', '"from"')
            .replace('"timestamp_ms": 1', '"date_unixtime": "1"')
            .replace('"content"', '"text"')
        )
        for message in importer.read(io.BytesIO(raw.encode()), OPTIONS):
            message.text.encode("utf-8")
            message.sender.encode("utf-8")
