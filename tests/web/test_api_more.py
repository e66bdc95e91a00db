"""The workbook, help-now and data parts of the JSON API, against the CLI's --json shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

START = {"breakup_date": "2026-02-20", "ended_by": "them", "no_contact_since": "2026-02-22"}
REFLECTION = {
    "my_part": ["I stopped listening"],
    "their_part": ["They went quiet"],
    "changes": ["a weekly call with my sister"],
    "root_causes": ["communication"],
}


def test_reflection_meets_the_gate_like_the_cli(client: Any, run_cli: Any) -> None:
    client.post("/api/start", json=START)
    saved = client.post("/api/reflection", json=REFLECTION).json()
    assert saved["gate_met"] and saved["saved"]
    from_cli = json.loads(run_cli("reflect", "--my-part", "x", "--json").stdout)
    assert from_cli["reflection"]["their_part"] == ["They went quiet"]
    assert client.get("/api/reflection").json()["reflection"] == from_cli["reflection"]


def test_an_unknown_root_cause_is_a_400_and_nothing_is_saved(client: Any) -> None:
    answer = client.post("/api/reflection", json={"root_causes": ["fate"]})
    assert answer.status_code == 400 and "Unknown root cause" in answer.json()["error"]
    assert client.get("/api/reflection").json()["reflection"] == {}


def test_decision_has_the_shape_of_amends_decide_json(client: Any, run_cli: Any) -> None:
    client.post("/api/start", json=START)
    body = {"choice": "reach_out", "go_signs": ["not_toxic"], "cycles": 0}
    from_api = client.post("/api/decision", json=body).json()
    from_cli = json.loads(
        run_cli("decide", "--go", "not_toxic", "--choice", "reach_out", "--json").stdout
    )
    assert from_api == from_cli


def test_help_now_lines_and_a_bad_country_code(client: Any) -> None:
    assert client.get("/api/help-now", params={"country": "GB"}).json()["fallback"]
    assert client.get("/api/help-now", params={"country": "G1"}).status_code == 400


def test_safe_says_whether_anything_was_paused(client: Any) -> None:
    assert client.post("/api/safe").json() == {"was_paused": False}


def test_export_forget_restore_round_trip(client: Any, run_cli: Any, tmp_path: Path) -> None:
    client.post("/api/start", json=START)
    exported = client.get("/api/export").content
    run_cli("export", str(tmp_path / "cli.json"))
    assert exported == (tmp_path / "cli.json").read_bytes()
    assert client.post("/api/forget", json={"confirm": False}).status_code == 400
    client.post("/api/forget", json={"confirm": True})
    assert client.get("/api/status").json()["started"] is False
    files = {"file": ("export.json", exported, "application/json")}
    assert client.post("/api/restore", files=files).status_code == 200
    assert client.get("/api/status").json()["started"] is True
