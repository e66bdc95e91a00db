"""The public sample exports (../shared/chat-samples, chat-miner's test files): amends reads the
same messages as chat-miner's targets, and is right where chat-miner is known to be wrong."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from amends.core.chat import ChatMessage, MessageKind, ReadOptions
from amends.importers import open_export

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "chat-samples"
WHATSAPP = sorted((SAMPLES / "whatsapp").glob("test_*.txt"))
pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir() and not os.environ.get("CI"),
    reason="../shared/chat-samples is missing (CI always runs these)",
)


def read(path: Path) -> tuple[str, list[ChatMessage]]:
    with open_export(path) as (importer, stream):
        return importer.NAME, list(importer.read(stream, ReadOptions(tz=UTC)))


def people(messages: list[ChatMessage]) -> list[ChatMessage]:
    return [m for m in messages if m.kind is not MessageKind.SYSTEM]


def target(folder: str) -> list[dict[str, str]]:
    return json.loads((SAMPLES / folder / "target.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", WHATSAPP, ids=lambda p: p.name)
def test_every_whatsapp_sample_reads_the_targets_messages(path: Path) -> None:
    name, messages = read(path)
    expected = sorted(target("whatsapp"), key=lambda m: m["timestamp"])
    found = people(messages)
    assert name == "whatsapp"
    assert len(found) == len(expected) == 6
    assert [m.sender for m in found] == [m["author"] for m in expected]
    assert [m.at.replace(tzinfo=None).isoformat() for m in found] == [
        m["timestamp"] for m in expected
    ]
    assert found[0].sender == "John Doe" and found[0].at == datetime(2019, 1, 1, 11, 25, tzinfo=UTC)
    assert found[-1].sender == "John Doe"
    assert found[-1].at == datetime(2021, 12, 30, 22, 1, tzinfo=UTC)


@pytest.mark.parametrize("path", WHATSAPP, ids=lambda p: p.name)
def test_whatsapp_samples_keep_the_line_break_that_chat_miner_flattens(path: Path) -> None:
    _, messages = read(path)
    last = people(messages)[-1]
    assert last.text == "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero."
    flattened = sorted(target("whatsapp"), key=lambda m: m["timestamp"])[-1]["message"]
    assert "\n" not in flattened  # chat-miner's reading, which amends does not copy


@pytest.mark.parametrize("path", WHATSAPP, ids=lambda p: p.name)
def test_whatsapp_notices_without_a_sender_are_system_lines(path: Path) -> None:
    _, messages = read(path)
    system = [m.text for m in messages if m.kind is MessageKind.SYSTEM]
    assert '+12 345 578 created group "Groupname"' in system
    assert "You were added" in system
    assert all(m.sender == "" for m in messages if m.kind is MessageKind.SYSTEM)


def test_signal_sample_keeps_its_multi_line_message() -> None:
    name, messages = read(SAMPLES / "signal" / "test_export.txt")
    assert name == "signal"
    assert [(m.sender, m.text) for m in messages] == [
        ("Jane Doe", "Hello John!"),
        ("John Doe", "Hello\nJane!"),
    ]
    assert messages[0].at == datetime(2019, 12, 24, 12, 23, tzinfo=UTC)
    assert messages[-1].at == datetime(2020, 1, 17, 21, 49, tzinfo=UTC)


@pytest.mark.parametrize("file", ["test_single_export.json", "test_batch_export.json"])
def test_telegram_samples_keep_exact_spacing_and_an_aware_time(file: str) -> None:
    name, messages = read(SAMPLES / "telegram" / file)
    assert name == "telegram"
    assert [m.sender for m in messages] == ["Author 1", "Author 2"]
    assert messages[0].at == datetime(2018, 12, 5, 10, 39, 10, tzinfo=UTC)
    assert messages[-1].at == datetime(2018, 12, 5, 10, 49, 24, tzinfo=UTC)
    assert messages[0].at.tzinfo is not None
    assert messages[-1].text == "Link:https://telegram.org/"  # chat-miner adds a space
    assert target("telegram")[1]["message"] == "Link: https://telegram.org/"


def test_instagram_sample_reads_both_messages_as_aware_instants() -> None:
    name, messages = read(SAMPLES / "instagram" / "test_export.json")
    assert name == "messenger"
    by_time = sorted(messages, key=lambda m: m.at)
    assert [(m.sender, m.text) for m in by_time] == [
        ("Jane Doe", "Hello John!"),
        ("John Doe", "Hello Jane!"),
    ]
    assert by_time[0].at == datetime(2019, 12, 24, 11, 23, tzinfo=UTC)
    assert by_time[-1].at == datetime(2020, 1, 17, 20, 49, tzinfo=UTC)
