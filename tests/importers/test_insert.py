"""The SQLite insert sends many rows per statement: every row is stored once, however the
batches fall against the statement size, and an overlapping re-import adds only the new ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from amends.config import load_settings
from amends.services.chats import import_chat
from amends.storage import chats


def export(messages: int) -> str:
    """Two people, several messages a minute, with repeats ("ok", "ok") in the same minute."""
    lines = []
    for n in range(messages):
        hour, minute = divmod(n // 3, 60)
        who = "Sam" if n % 5 else "Jo Ann"
        text = "ok" if n % 7 < 2 else f"message {n}"
        lines.append(f"05/01/2024, {hour % 24:02}:{minute:02} - {who}: {text}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("rows_per_statement", [1, 3, chats.SQLITE_ROWS])
def test_an_overlapping_reimport_adds_only_the_new_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows_per_statement: int
) -> None:
    monkeypatch.setattr(chats, "SQLITE_ROWS", rows_per_statement)
    settings_ = load_settings({"AMENDS_DATA_DIR": str(tmp_path / "data")})
    whole = export(1000)
    first_part = tmp_path / "part.txt"
    first_part.write_text("".join(whole.splitlines(keepends=True)[:601]))
    everything = tmp_path / "chat.txt"
    everything.write_text(whole)

    first = import_chat(settings_, first_part, me="Sam")
    second = import_chat(settings_, everything, me="Sam")
    third = import_chat(settings_, everything, me="Sam")

    assert (first.added, second.added, third.added) == (601, 399, 0)
    assert third.messages == 1000
    with sqlite3.connect(tmp_path / "data" / "amends.sqlite") as db:
        texts = [row[0] for row in db.execute("SELECT text FROM chat_messages ORDER BY position")]
    assert texts == [line.partition(": ")[2] for line in whole.splitlines()]
