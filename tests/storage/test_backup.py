"""export, restore and forget through the CLI: exact round trips; refusals change nothing."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amends.config import load_settings
from amends.core.events import Event, EventKind
from amends.services.data import export_data, forget_everything, restore_data
from amends.storage.db import head_revision

_payload_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
_events = st.builds(
    Event,
    kind=st.sampled_from(list(EventKind)),
    at=st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
    ),
    data=st.dictionaries(st.text(), _payload_values, max_size=4),
)


def test_export_forget_restore_export_gives_the_same_bytes(
    run_cli: Callable[..., Any],
    cli_env: dict[str, str],
    tmp_path: Path,
    sample: Any,
) -> None:
    sample.save(cli_env)
    first, second = tmp_path / "first.json", tmp_path / "second.json"

    assert run_cli("export", str(first)).exit_code == 0
    assert run_cli("forget", "--all", "--yes").exit_code == 0
    assert sample.stored(cli_env) == []
    restored = run_cli("restore", str(first))
    assert restored.exit_code == 0, restored.stderr
    assert run_cli("export", str(second)).exit_code == 0

    assert second.read_bytes() == first.read_bytes()
    assert len(json.loads(first.read_text())["tables"]["events"]["rows"]) == len(sample.events)


def test_restored_events_equal_the_ones_saved(
    run_cli: Callable[..., Any],
    cli_env: dict[str, str],
    tmp_path: Path,
    sample: Any,
) -> None:
    sample.save(cli_env)
    before = sample.stored(cli_env)
    run_cli("export", str(tmp_path / "x.json"))
    run_cli("forget", "--all", "--yes")
    run_cli("restore", str(tmp_path / "x.json"))

    assert sample.stored(cli_env) == before
    sample.save(cli_env, sample.events[:1])  # new events continue after the restored ids
    assert max(e.id or 0 for e in sample.stored(cli_env)) == len(sample.events) + 1


def test_the_export_file_is_private_and_documents_its_format(
    run_cli: Callable[..., Any],
    cli_env: dict[str, str],
    tmp_path: Path,
    sample: Any,
) -> None:
    sample.save(cli_env)
    target = tmp_path / "x.json"
    result = run_cli("export", str(target))

    assert "5 rows" in result.stdout
    assert target.stat().st_mode & 0o077 == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    assert (document["format"], document["version"], document["schema"]) == (
        "amends-export",
        1,
        head_revision(),
    )
    assert document["tables"]["events"]["columns"] == ["id", "kind", "at", "data", "recorded_at"]


def test_export_does_not_overwrite_a_file_without_force(
    run_cli: Callable[..., Any],
    cli_env: dict[str, str],
    tmp_path: Path,
    sample: Any,
) -> None:
    sample.save(cli_env)
    target = tmp_path / "keep.json"
    target.write_text("my notes")

    refused = run_cli("export", str(target))
    assert refused.exit_code == 2
    assert "--force" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert target.read_text() == "my notes"

    assert run_cli("export", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text())["format"] == "amends-export"


def test_restore_into_a_database_with_data_refuses_and_changes_nothing(
    run_cli: Callable[..., Any],
    cli_env: dict[str, str],
    tmp_path: Path,
    sample: Any,
) -> None:
    sample.save(cli_env)
    run_cli("export", str(tmp_path / "x.json"))
    before = sample.stored(cli_env)

    result = run_cli("restore", str(tmp_path / "x.json"))

    assert result.exit_code == 2
    assert "amends forget --all --yes" in result.stderr
    assert "AMENDS_DATA_DIR" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert sample.stored(cli_env) == before


def _valid_export(
    run_cli: Callable[..., Any], cli_env: dict[str, str], path: Path, sample: Any
) -> str:
    sample.save(cli_env)
    run_cli("export", str(path))
    run_cli("forget", "--all", "--yes")
    return path.read_text(encoding="utf-8")


def _edit(key: str, value: Any) -> Callable[[str], str]:
    def edit(text: str) -> str:
        document = json.loads(text)
        document[key] = value
        return json.dumps(document)

    return edit


def _edit_rows(change: Callable[[list[list[Any]]], None]) -> Callable[[str], str]:
    def edit(text: str) -> str:
        document = json.loads(text)
        change(document["tables"]["events"]["rows"])
        return json.dumps(document)

    return edit


CORRUPTIONS: dict[str, tuple[Callable[[str], str], str]] = {
    "bad JSON": (lambda text: text.replace('"version"', "version", 1), "line 3"),
    "truncated": (lambda text: text[: len(text) * 2 // 3], "cut short"),
    "empty file": (lambda text: "", "cut short"),
    "not an export": (lambda text: json.dumps({"hello": "world"}), "not an amends export"),
    "wrong version": (_edit("version", 2), "format version 2"),
    "unknown schema": (_edit("schema", "9999"), "schema '9999'"),
    "a row missing a column": (_edit_rows(lambda rows: rows[-1].pop()), "have the 5 columns"),
    "a value of the wrong type": (
        _edit_rows(lambda rows: rows[-1].__setitem__(0, "seven")),
        "should hold int",
    ),
    "an empty required value": (
        _edit_rows(lambda rows: rows[-1].__setitem__(1, None)),
        "Column 'kind' is empty",
    ),
    "the same id twice": (
        _edit_rows(lambda rows: rows[-1].__setitem__(0, rows[0][0])),
        "the same id twice",
    ),
    "payload that is not JSON": (
        _edit_rows(lambda rows: rows[-1].__setitem__(3, "{oops")),
        "cannot be read",
    ),
    "payload that is not an object": (
        _edit_rows(lambda rows: rows[-1].__setitem__(3, "[1, 2]")),
        "not a JSON object",
    ),
    "an unknown event kind": (
        _edit_rows(lambda rows: rows[-1].__setitem__(1, "séance")),
        "'séance'",
    ),
    "a time without offset": (
        _edit_rows(lambda rows: rows[-1].__setitem__(2, "2026-03-01T10:00")),
        "time-zone aware",
    ),
    "an unknown table": (
        lambda text: text.replace('"events"', '"secrets"', 1),
        "table 'secrets'",
    ),
}


@pytest.mark.parametrize(("damage", "reason"), CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_damaged_export_is_refused_in_one_line_and_nothing_is_restored(
    run_cli: Callable[..., Any],
    cli_env: dict[str, str],
    tmp_path: Path,
    damage: Callable[[str], str],
    reason: str,
    sample: Any,
) -> None:
    damaged = tmp_path / "damaged.json"
    damaged.write_text(damage(_valid_export(run_cli, cli_env, tmp_path / "x.json", sample)))

    result = run_cli("restore", str(damaged))

    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith("Error: ") and reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert sample.stored(cli_env) == []


def test_restore_of_a_missing_file_says_so(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    result = run_cli("restore", str(tmp_path / "nowhere.json"))

    assert result.exit_code == 2
    assert "no export file" in result.stderr


def test_forget_without_yes_asks_and_keeps_everything_on_no(
    run_cli: Callable[..., Any],
    cli_env: dict[str, str],
    sample: Any,
) -> None:
    sample.save(cli_env)

    declined = run_cli("forget", "--all", input="n\n")

    assert "Delete every" in declined.stdout
    assert "Nothing was deleted" in declined.stdout
    assert len(sample.stored(cli_env)) == len(sample.events)


def test_forget_deletes_everything_once_confirmed(
    run_cli: Callable[..., Any],
    cli_env: dict[str, str],
    sample: Any,
) -> None:
    sample.save(cli_env)

    confirmed = run_cli("forget", "--all", input="y\n")

    assert confirmed.exit_code == 0
    assert "Deleted 5 rows" in confirmed.stdout
    assert sample.stored(cli_env) == []


def test_forget_without_all_explains_what_to_type(run_cli: Callable[..., Any]) -> None:
    result = run_cli("forget", "--yes")

    assert result.exit_code == 2
    assert "amends forget --all" in result.stderr


def test_forgotten_text_does_not_linger_in_the_sqlite_file(
    run_cli: Callable[..., Any],
    cli_env: dict[str, str],
    data_dir: Path,
    sample: Any,
) -> None:
    sample.save(cli_env)
    run_cli("forget", "--all", "--yes")

    assert b"looked at photos" not in (data_dir / "amends.sqlite").read_bytes()


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("{tmp}", "is a folder"),
        ("{tmp}/no/such/x.json", "does not exist"),
        ("/proc/amends-export.json", "could not write"),
    ],
)
def test_export_to_a_place_it_cannot_write_is_a_one_line_error(
    run_cli: Callable[..., Any], tmp_path: Path, target: str, reason: str
) -> None:
    result = run_cli("export", target.format(tmp=tmp_path))

    assert result.exit_code == 2
    assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=st.lists(_events, max_size=8))
def test_any_events_survive_export_forget_restore_byte_for_byte(
    sample: Any, events: list[Event]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {"AMENDS_DATA_DIR": folder, "AMENDS_NOW": "2026-03-01T21:30:00+00:00"}
        settings_ = load_settings(env)
        sample.save(env, tuple(events))
        before = sample.stored(env)
        first, second = Path(folder) / "1.json", Path(folder) / "2.json"

        export_data(settings_, first)
        forget_everything(settings_)
        restore_data(settings_, first)
        export_data(settings_, second)

        assert second.read_bytes() == first.read_bytes()
        assert sample.stored(env) == before


def test_export_to_stdout_and_restore_from_stdin_round_trip(
    run_cli: Callable[..., Any], cli_env: dict[str, str], tmp_path: Path, sample: Any
) -> None:
    sample.save(cli_env)
    run_cli("export", str(tmp_path / "file.json"))

    piped = run_cli("export", "-")
    run_cli("forget", "--all", "--yes")
    restored = run_cli("restore", "-", input=piped.stdout)

    assert piped.stdout.encode() == (tmp_path / "file.json").read_bytes()
    assert "Exported 5 rows" in piped.stderr
    assert restored.exit_code == 0, restored.stderr
    assert len(sample.stored(cli_env)) == len(sample.events)


def test_an_export_saved_with_a_byte_order_mark_still_restores(
    run_cli: Callable[..., Any], cli_env: dict[str, str], tmp_path: Path, sample: Any
) -> None:
    text = _valid_export(run_cli, cli_env, tmp_path / "x.json", sample)
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + text.encode())

    assert run_cli("restore", str(tmp_path / "bom.json")).exit_code == 0
    assert len(sample.stored(cli_env)) == len(sample.events)


CHAT_SAMPLE = Path(__file__).resolve().parents[1] / "data" / "chats" / "csv" / "chat.csv"


def test_imported_chats_survive_export_forget_restore_byte_for_byte(
    run_cli: Callable[..., Any], cli_env: dict[str, str], tmp_path: Path, sample: Any
) -> None:
    sample.save(cli_env)
    imported = run_cli("chat", "import", str(CHAT_SAMPLE), "--me", "Sam")
    assert imported.exit_code == 0, imported.stderr
    first, second = tmp_path / "first.json", tmp_path / "second.json"

    run_cli("export", str(first))
    forgot = run_cli("forget", "--all", "--yes")
    assert "chat_messages" in forgot.stdout
    assert "No chats" in run_cli("chat", "list").stdout
    assert run_cli("restore", str(first)).exit_code == 0
    run_cli("export", str(second))

    assert second.read_bytes() == first.read_bytes()
    assert "Jürgen" in run_cli("chat", "list").stdout
