"""`amends check` and `amends held` through the real CLI, with a private SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def check_json(run_cli, *args: str, **kwargs) -> dict:
    result = run_cli("check", *args, "--json", **kwargs)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_exactly_the_contract_fields(run_cli) -> None:
    out = check_json(run_cli, "pls pls answer me")
    assert out["verdict"] == "rewrite"
    assert {"verdict", "findings", "rewrite"} <= set(out)
    finding = next(f for f in out["findings"] if f["family"] == "begging")
    assert set(finding) >= {"family", "start", "end", "severity", "reason"}
    assert "pls pls answer me"[finding["start"] : finding["end"]].startswith("pls")
    assert out["rewrite"]


def test_a_kind_message_is_fine_to_send(run_cli) -> None:
    out = check_json(run_cli, "Good luck with the exam tomorrow!")
    assert (out["verdict"], out["findings"], out["rewrite"]) == ("send", [], None)


def test_the_check_works_from_flags_without_a_stored_plan(run_cli) -> None:
    out = check_json(run_cli, "Happy birthday!", "--stage", "no_contact")
    assert out["verdict"] == "wait"
    assert out["from_plan"] is False
    assert [f["family"] for f in out["findings"]] == ["no_contact_active"]


@pytest.mark.parametrize(
    ("flags", "family"),
    [
        (["--at", "02:30"], "late_night"),
        (["--drinking"], "drinking"),
        (["--unanswered", "3"], "unanswered_streak"),
        (["--stage", "no_contact", "--limited-contact"], "not_logistics"),
    ],
)
def test_preview_flags_change_the_moment(run_cli, flags: list[str], family: str) -> None:
    out = check_json(run_cli, "thinking of you, hope your week is good", *flags)
    assert out["verdict"] == "wait"
    assert family in [f["family"] for f in out["findings"]]


def test_do_not_contact_means_stop(run_cli) -> None:
    out = check_json(run_cli, "Happy birthday!", "--do-not-contact", "--stage", "moving_on")
    assert out["verdict"] == "stop"


def test_harm_language_shows_crisis_resources_instead_of_advice(run_cli) -> None:
    out = check_json(run_cli, "i dont want to be alive anymore")
    assert out["verdict"] == "stop"
    assert out["crisis"] is True
    assert out["crisis_resources"]
    human = run_cli("check", "everyone would be better off without me")
    assert human.exit_code == 0
    assert "findahelpline.com" in human.stdout
    assert "STOP" in human.stdout


def test_human_output_names_each_finding_and_offers_a_calmer_version(run_cli) -> None:
    result = run_cli("check", "Congrats on the job! you never listen to me")
    assert result.exit_code == 0
    assert "REWRITE" in result.stdout
    assert "blame" in result.stdout
    assert "Congrats on the job!" in result.stdout.split("calmer version")[-1]


def test_a_draft_can_be_read_from_a_file(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("can we talk about us?", encoding="utf-8")
    assert check_json(run_cli, "--file", str(path))["verdict"] == "rewrite"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\xfa not utf8 \xc3\x28", "not valid UTF-8"),
        (b"\x00\x01\x02binary\x00junk", "binary"),
        (b"   \n  ", "empty"),
    ],
)
def test_unreadable_files_are_a_clear_error(run_cli, tmp_path: Path, content, message) -> None:
    path = tmp_path / "draft.bin"
    path.write_bytes(content)
    result = run_cli("check", "--file", str(path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("",),
        ("--at", "25:99", "hey"),
        ("--stage", "the_moon", "hey"),
        ("--file", "/no/such/file"),
        ("hey", "--file", "x.txt"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_two(run_cli, args) -> None:
    result = run_cli("check", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:")


def test_a_one_megabyte_file_gets_a_sane_review(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("i miss you so much. " * 50_000, encoding="utf-8")
    out = check_json(run_cli, "--file", str(path))
    assert out["verdict"] == "rewrite"
    assert "emotional_essay" in [f["family"] for f in out["findings"]]


def test_harm_language_deep_inside_a_one_megabyte_draft_is_still_found(
    run_cli, tmp_path: Path
) -> None:
    path = tmp_path / "long.txt"
    calm = "walked the dog, made soup, thought about you a bit. " * 9_500
    path.write_text(calm + "honestly i want to kill myself. " + calm, encoding="utf-8")
    out = check_json(run_cli, "--file", str(path))
    assert (out["verdict"], out["crisis"]) == ("stop", True)
    harm = [f for f in out["findings"] if f["family"] == "harm"]
    assert harm and all(f["start"] >= len(calm) for f in harm)


def test_held_draft_comes_back_next_morning_and_letting_go_is_a_win(run_cli) -> None:
    night = "2026-03-01T23:40:00+00:00"
    held = run_cli("check", "i miss u", "--drinking", "--hold", "--json", now=night)
    held_id = json.loads(held.stdout)["held_id"]
    assert isinstance(held_id, int)

    same_night = json.loads(run_cli("held", "--json", now=night).stdout)
    assert [(h["id"], h["due"]) for h in same_night["held"]] == [(held_id, False)]

    morning = "2026-03-02T08:00:00+00:00"
    listed = json.loads(run_cli("held", "--json", now=morning).stdout)
    assert listed["held"][0]["due"] is True
    assert listed["held"][0]["review"]["verdict"] == "rewrite"  # sober now, words still pressing

    answered = run_cli("held", input="let-go\n", now=morning)
    assert answered.exit_code == 0
    assert "win" in answered.stdout
    summary = json.loads(run_cli("held", "--json", now=morning).stdout)["summary"]
    assert (summary["let_go"], summary["wins"], summary["waiting"]) == (1, 1, 0)


def test_held_choice_can_be_scripted_and_is_checked(run_cli) -> None:
    held = run_cli("check", "hey you", "--at", "02:00", "--hold", "--json")
    held_id = json.loads(held.stdout)["held_id"]
    bad = run_cli("held", "--id", str(held_id), "--choice", "maybe")
    assert bad.exit_code == 2
    ok = run_cli("held", "--id", str(held_id), "--choice", "send", "--json")
    assert json.loads(ok.stdout)["choice"] == "send"
    again = run_cli("held", "--id", str(held_id), "--choice", "send")
    assert again.exit_code == 2


def test_a_draft_fine_to_send_cannot_be_held(run_cli) -> None:
    result = run_cli("check", "Good luck today!", "--hold")
    assert result.exit_code == 2
    assert "nothing to hold" in result.stderr


class _FakeModel:
    """A local OpenAI-compatible endpoint on 127.0.0.1 that records what it was sent."""

    def __enter__(self):
        import http.server
        import threading

        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                length = int(self.headers["Content-Length"])
                received.append((self.path, json.loads(self.rfile.read(length))))
                body = json.dumps(
                    {"choices": [{"message": {"content": "Hope work is going well."}}]}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_a_second_opinion_comes_from_the_users_own_local_model(run_cli) -> None:
    with _FakeModel() as model:
        out = check_json(
            run_cli, "pls answer me", "--second-opinion", env={"AMENDS_LLM_URL": model.url}
        )
    assert out["second_opinion"] == "Hope work is going well."
    path, body = model.received[0]
    assert path == "/v1/chat/completions"
    assert "pls answer me" in body["messages"][1]["content"]


def test_a_second_opinion_needs_a_local_endpoint(run_cli) -> None:
    missing = run_cli("check", "pls answer me", "--second-opinion")
    assert missing.exit_code == 2
    assert "AMENDS_LLM_URL" in missing.stderr
    remote = run_cli(
        "check",
        "pls answer me",
        "--second-opinion",
        env={"AMENDS_LLM_URL": "https://api.example.com/v1"},
    )
    assert remote.exit_code == 2
    assert "not on this machine" in remote.stderr


def test_without_the_flag_no_model_is_ever_asked(run_cli) -> None:
    with _FakeModel() as model:
        out = check_json(run_cli, "pls answer me", env={"AMENDS_LLM_URL": model.url})
    assert "second_opinion" not in out
    assert model.received == []


def _start_plan(run_cli, *extra: str) -> None:
    started = run_cli(
        "start",
        "--breakup-date",
        "2026-02-20",
        "--ended-by",
        "them",
        "--no-contact-since",
        "2026-02-25",
        "--want",
        "this_person",
        "--patient",
        "--can-accept-no",
        "--yes",
        *extra,
    )
    assert started.exit_code == 0, started.stderr


def test_the_stored_plan_supplies_the_stage_and_limited_contact(run_cli) -> None:
    _start_plan(run_cli, "--shared", "kids")
    logistics = check_json(run_cli, "Can you pick up Mia from school at 3 on Friday?")
    assert (logistics["from_plan"], logistics["stage"]) == (True, "no_contact")
    assert logistics["verdict"] == "send"
    feelings = check_json(run_cli, "thinking of you")
    assert feelings["verdict"] == "wait"
    assert "not_logistics" in [f["family"] for f in feelings["findings"]]
    assert check_json(run_cli, "Good luck with the exam!")["verdict"] == "wait"
    preview = check_json(run_cli, "Good luck with the exam!", "--stage", "reconnect")
    assert preview["verdict"] == "send"


def test_after_harm_language_the_plan_pauses_and_the_coach_waits(run_cli) -> None:
    _start_plan(run_cli)
    assert check_json(run_cli, "i dont want to be alive anymore")["verdict"] == "stop"
    after = check_json(run_cli, "Good luck today!", "--stage", "reconnect")
    assert (after["verdict"], after["crisis"]) == ("wait", True)
    assert after["crisis_resources"]
    assert run_cli("safe").exit_code == 0
    assert check_json(run_cli, "Good luck today!", "--stage", "reconnect")["verdict"] == "send"


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000))
def test_any_bytes_in_a_draft_file_are_text_or_one_clear_error(data: bytes) -> None:
    from amends.core.errors import AmendsError
    from amends.services.coach import read_draft_file, validate_draft

    try:
        validate_draft(read_draft_file(data))
    except AmendsError as error:
        assert error.message and error.hint


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=12))
def test_any_at_value_is_a_time_or_one_clear_error(value: str) -> None:
    from amends.cli.coach import _parse_hhmm
    from amends.core.errors import AmendsError

    try:
        parsed = _parse_hhmm(value)
    except AmendsError as error:
        assert "HH:MM" in error.hint
    else:
        assert 0 <= parsed.hour < 24


def test_status_counts_held_drafts_and_the_ones_let_go(run_cli) -> None:
    _start_plan(run_cli)
    ids = []
    for draft in ("i miss u so much", "are you seeing someone", "call me pls"):
        held = run_cli("check", draft, "--at", "02:00", "--hold", "--json")
        ids.append(json.loads(held.stdout)["held_id"])
    for held_id in ids[:2]:
        assert run_cli("held", "--id", str(held_id), "--choice", "let-go").exit_code == 0

    status = json.loads(run_cli("status", "--json").stdout)
    counts = status["held_drafts"]
    assert (counts["held"], counts["let_go"], counts["waiting"], counts["wins"]) == (3, 2, 1, 2)
    assert "You held back 3 drafts and let 2 go" in run_cli("status").stdout


def test_status_says_nothing_about_held_drafts_when_there_are_none(run_cli) -> None:
    _start_plan(run_cli)
    assert json.loads(run_cli("status", "--json").stdout)["held_drafts"]["held"] == 0
    assert "held back" not in run_cli("status").stdout
