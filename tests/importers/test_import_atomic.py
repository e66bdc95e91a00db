"""An import is all or nothing: whatever a second file holds, a failure leaves the database
exactly as it was (property test over damaged copies of a real export)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amends.config import load_settings
from amends.core.errors import AmendsError
from amends.services.chats import import_chat

CHAT = Path(__file__).resolve().parents[1] / "data" / "chats" / "whatsapp" / "android_de.txt"


def snapshot(data_dir: Path) -> list[object]:
    with sqlite3.connect(data_dir / "amends.sqlite") as db:
        return [
            db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("chats", "chat_participants", "chat_messages")
        ]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("atomic")
    import_chat(load_settings({"AMENDS_DATA_DIR": str(data_dir)}), CHAT, me="Sam")
    return data_dir


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(0, 700), junk=st.binary(min_size=1, max_size=40))
def test_a_failed_import_changes_nothing(
    store: Path, cut: int, junk: bytes, tmp_path: Path
) -> None:
    original = CHAT.read_bytes()
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(original[:cut] + junk + original[cut:])
    before = snapshot(store)
    try:
        import_chat(load_settings({"AMENDS_DATA_DIR": str(store)}), damaged, me="Sam")
    except AmendsError as error:
        assert "\n" not in error.one_line()
        assert snapshot(store) == before


def test_progress_is_reported_up_to_the_whole_file(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    settings_ = load_settings({"AMENDS_DATA_DIR": str(tmp_path)})
    import_chat(settings_, CHAT, me="Sam", progress=lambda done, total: seen.append((done, total)))
    size = CHAT.stat().st_size
    assert seen[-1] == (size, size)
    assert all(0 <= done <= total == size for done, total in seen)
