"""`amends chat ...` end to end on real SQLite files: import, re-import, list, forget, report."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from amends.config import load_settings

DATA = Path(__file__).resolve().parents[1] / "data" / "chats"
CHAT = DATA / "whatsapp" / "android_en_gb_24h.txt"
Run = Callable[..., object]


def imported(run_cli: Run, path: Path, *extra: str) -> dict[str, object]:
    result = run_cli("chat", "import", str(path), "--json", *extra)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    return json.loads(result.stdout)  # type: ignore[attr-defined]


def chats(run_cli: Run) -> list[dict[str, object]]:
    return json.loads(run_cli("chat", "list", "--json").stdout)  # type: ignore[attr-defined]


def test_import_prints_the_chat_as_json(run_cli: Run) -> None:
    found = imported(run_cli, CHAT, "--me", "Jürgen")
    assert found["chat_id"] == 1 and found["format"] == "whatsapp"
    assert found["messages"] == 6 and found["added"] == 6
    assert found["participants"] == ["Jürgen", "Sam", "+49 151 2345678"]
    first = datetime.fromisoformat(str(found["first"]))
    last = datetime.fromisoformat(str(found["last"]))
    assert first.tzinfo is not None
    assert (first.replace(tzinfo=None), last.replace(tzinfo=None)) == (
        datetime(2024, 1, 5, 21, 1),
        datetime(2024, 2, 20, 13, 45),
    )


def test_importing_again_adds_nothing(run_cli: Run) -> None:
    imported(run_cli, CHAT, "--me", "Jürgen")
    again = imported(run_cli, DATA / "whatsapp" / "android_en_gb_24h.zip")
    assert (again["chat_id"], again["messages"], again["added"], again["me"]) == (1, 6, 0, "Jürgen")
    assert len(chats(run_cli)) == 1


def test_an_overlapping_export_adds_only_the_new_messages(run_cli: Run, tmp_path: Path) -> None:
    lines = CHAT.read_text(encoding="utf-8").splitlines(keepends=True)
    early = tmp_path / "early.txt"
    early.write_text("".join(lines[:8]), encoding="utf-8")
    assert imported(run_cli, early, "--me", "Sam")["messages"] == 4
    later = imported(run_cli, CHAT)
    assert (later["messages"], later["added"]) == (6, 2)


def test_identical_messages_in_the_same_minute_are_both_kept(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "ok.txt"
    path.write_text(
        "13/01/2024, 10:00 - A: ok\n13/01/2024, 10:00 - B: ok\n13/01/2024, 10:00 - A: ok\n",
        encoding="utf-8",
    )
    assert imported(run_cli, path, "--me", "A")["messages"] == 3
    assert imported(run_cli, path)["added"] == 0


def test_a_failed_import_names_the_line_and_leaves_the_database_as_it_was(
    run_cli: Run, tmp_path: Path
) -> None:
    imported(run_cli, CHAT, "--me", "Jürgen")
    broken = tmp_path / "broken.txt"
    broken.write_text(
        CHAT.read_text(encoding="utf-8") + "31/02/2024, 10:00 - Sam: no such day\n",
        encoding="utf-8",
    )
    before = chats(run_cli)
    result = run_cli("chat", "import", str(broken), "--json")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "line 12 has an impossible date" in result.stderr  # type: ignore[attr-defined]
    assert len(result.stderr.strip().splitlines()) == 1  # type: ignore[attr-defined]
    assert chats(run_cli) == before


def test_a_me_that_is_not_in_the_chat_is_refused_and_nothing_is_stored(run_cli: Run) -> None:
    result = run_cli("chat", "import", str(CHAT), "--me", "Jurgen")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "'Jurgen' is not one of the people" in result.stderr  # type: ignore[attr-defined]
    assert chats(run_cli) == []


def test_without_me_the_import_asks_which_name_is_yours(run_cli: Run) -> None:
    result = run_cli("chat", "import", str(CHAT), input="2\n")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "You are Sam." in result.stdout  # type: ignore[attr-defined]
    assert chats(run_cli)[0]["me"] == "Sam"


def test_forget_deletes_one_chat(run_cli: Run) -> None:
    imported(run_cli, CHAT, "--me", "Jürgen")
    result = run_cli("chat", "forget", "1", "--yes")
    assert "6 messages deleted" in result.stdout  # type: ignore[attr-defined]
    assert chats(run_cli) == []
    assert run_cli("chat", "forget", "1", "--yes").exit_code == 2  # type: ignore[attr-defined]


def test_report_json_states_what_the_numbers_can_and_cannot_say(
    run_cli: Run, tmp_path: Path
) -> None:
    imported(run_cli, CHAT, "--me", "Jürgen")
    chart = tmp_path / "pace.svg"
    result = run_cli("chat", "report", "--json", "--chart", str(chart))
    report = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert report["overall"]["me"]["messages"] == 3
    assert report["overall"]["them"]["messages"] == 3
    assert report["unanswered_streak"] == 0
    assert report["cannot_say"] and report["can_say"]
    assert not [key for key in json.dumps(report).lower().split('"') if "love" in key]
    assert chart.read_text(encoding="utf-8").startswith("<svg")


def test_report_in_text_shows_the_table_and_the_limits(run_cli: Run) -> None:
    imported(run_cli, CHAT, "--me", "Jürgen")
    out = run_cli("chat", "report").stdout  # type: ignore[attr-defined]
    assert "Typical reply time" in out
    assert "What they cannot say" in out


def test_report_without_knowing_me_says_how_to_fix_it(run_cli: Run) -> None:
    imported(run_cli, CHAT)
    result = run_cli("chat", "report")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "--me NAME" in result.stderr  # type: ignore[attr-defined]


def test_latest_pace_is_none_without_chats_and_reads_the_latest_chat(
    run_cli: Run, cli_env: dict[str, str]
) -> None:
    from amends.services.chats import latest_pace

    settings = load_settings(cli_env)
    assert latest_pace(settings) is None
    imported(run_cli, CHAT, "--me", "Sam")
    pace = latest_pace(settings)
    assert pace is not None
    assert pace.unanswered_streak == 0
    assert pace.their_lengths == (len("Hallo ½ x² – café"), len("still up? 🙂"), 20)


@pytest.mark.parametrize("order", ["dmy", "mdy"])
def test_date_order_flag_is_honoured(run_cli: Run, order: str) -> None:
    found = imported(
        run_cli, DATA / "whatsapp" / "ambiguous_dmy.txt", "--date-order", order, "--me", "Sam"
    )
    first = datetime.fromisoformat(str(found["first"])).date().isoformat()
    assert first == ("2024-02-01" if order == "dmy" else "2024-01-02")


def test_an_unknown_date_order_is_a_one_line_error(run_cli: Run) -> None:
    result = run_cli("chat", "import", str(CHAT), "--date-order", "dym")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "Use dmy, mdy or ymd." in result.stderr  # type: ignore[attr-defined]


SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "chat-samples"


@pytest.mark.skipif(
    not SAMPLES.is_dir() and not os.environ.get("CI"),
    reason="../shared/chat-samples is missing (CI always runs these)",
)
@pytest.mark.parametrize(
    ("sample", "messages", "first", "last"),
    [
        ("whatsapp/test_ddmmyy_24hrs.txt", 6, "2019-01-01T11:25", "2021-12-30T22:01"),
        ("whatsapp/test_mmddyyyy_12hrs.txt", 6, "2019-01-01T11:25", "2021-12-30T22:01"),
        ("signal/test_export.txt", 2, "2019-12-24T12:23", "2020-01-17T21:49"),
        ("telegram/test_batch_export.json", 2, "2018-12-05T10:39", "2018-12-05T10:49"),
        ("instagram/test_export.json", 2, "2019-12-24T11:23", "2020-01-17T20:49"),
    ],
)
def test_every_sample_export_is_stored_with_its_count_and_first_and_last_time(
    run_cli: Run, sample: str, messages: int, first: str, last: str
) -> None:
    found = imported(run_cli, SAMPLES / sample)
    assert found["messages"] == messages
    # WhatsApp and Signal write wall-clock times; Telegram and Instagram instants (UTC here)
    first_at = datetime.fromisoformat(str(found["first"]))
    last_at = datetime.fromisoformat(str(found["last"]))
    wall = sample.startswith(("whatsapp", "signal"))
    shown = (
        (first_at.replace(tzinfo=None), last_at.replace(tzinfo=None))
        if wall
        else (_utc_naive(first_at), _utc_naive(last_at))
    )
    assert [t.isoformat(timespec="minutes") for t in shown] == [first, last]


def _utc_naive(at: datetime) -> datetime:
    from datetime import UTC

    return at.astimezone(UTC).replace(tzinfo=None)
