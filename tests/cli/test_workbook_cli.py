"""`amends reflect`, `amends decide` and `amends guide` as a person uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from amends.core.events import EventKind

COMPLETE = {
    "answers": {"biggest_problem": "We stopped talking."},
    "my_part": ["I went quiet instead of saying I was hurt"],
    "their_part": ["They were hot and cold"],
    "root_causes": ["communication", "unmet_needs"],
    "changes": ["I say when I'm hurt"],
}


def write(tmp_path: Path, value: object, name: str = "answers.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


def test_a_complete_answers_file_meets_the_reflect_gate(run_cli, tmp_path) -> None:
    result = run_cli("reflect", "--answers", write(tmp_path, COMPLETE), "--json")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown["gate_met"] is True and shown["missing"] == []
    assert shown["reflection"] == COMPLETE


def test_reflection_grows_across_sittings_until_the_gate_is_met(run_cli) -> None:
    first = run_cli("reflect", "--my-part", "I pushed them away", "--change", "better")
    assert first.exit_code == 0
    assert "their part" in first.stdout and "concrete change" in first.stdout
    second = json.loads(
        run_cli(
            "reflect", "--their-part", "They shut down", "--change", "therapy every week", "--json"
        ).stdout
    )
    assert second["gate_met"] is True
    assert second["reflection"]["my_part"] == ["I pushed them away"]
    assert second["reflection"]["changes"] == ["better", "therapy every week"]


def test_reflect_asks_its_questions_when_given_no_answers(run_cli) -> None:
    typed = [
        "We stopped talking",  # biggest_problem
        "", "", "", "",  # the other questions, skipped
        "1,3",  # my part: two of the examples
        "I stopped asking about their day", "",
        "4", "",  # their part: hot and cold
        "1",  # root cause: communication
        "", "No phone at dinner, ever", "",  # changes in my own words
    ]  # fmt: skip
    result = run_cli("reflect", input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.stderr
    data = json.loads(run_cli("reflect", "--json", "--answer", "who_ended=They did").stdout)
    stored = data["reflection"]
    assert stored["answers"] == {"biggest_problem": "We stopped talking", "who_ended": "They did"}
    assert (
        stored["my_part"][2] == "I stopped asking about their day" and len(stored["my_part"]) == 3
    )
    assert stored["root_causes"] == ["communication"]
    assert data["gate_met"] is True


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--root-cause", "astrology"], "astrology"),
        (["--answer", "nosuchquestion=hi"], "nosuchquestion"),
        (["--answer", "no equals sign"], "="),
    ],
)
def test_bad_reflection_input_is_one_line_and_stores_nothing(run_cli, args, named) -> None:
    result = run_cli("reflect", "--my-part", "I was distant", *args)
    assert result.exit_code == 2 and named in result.stderr and result.stderr.count("\n") == 1
    after = json.loads(run_cli("reflect", "--json", "--answer", "red_flags=").stdout)
    assert after["saved"] is False and after["reflection"]["my_part"] == []


def test_a_broken_answers_file_is_a_one_line_error(run_cli, tmp_path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    assert run_cli("reflect", "--answers", str(path)).exit_code == 2
    assert "unknown keys" in run_cli("reflect", "--answers", write(tmp_path, {"mine": []})).stderr


def test_deciding_to_reach_out_records_the_choice_and_the_signs(run_cli) -> None:
    args = ["--go", "not_toxic", "--go", "real_connection", "--let-go", "lost_myself"]
    result = run_cli("decide", *args, "--choice", "reach_out", "--json")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown["choice"] == "reach_out" and shown["reason"] == "chosen"
    assert shown["go_signs"] == ["not_toxic", "real_connection"] and shown["cycles"] == 0
    assert any("reflection isn't finished" in text for text in shown["explanation"])


@pytest.mark.parametrize("stop", ["abuse", "repeated_cheating"])
def test_a_hard_stop_turns_reach_out_into_moving_on_and_says_why(run_cli, tmp_path, stop) -> None:
    answers = {"choice": "reach_out", "go_signs": ["not_toxic"], "letgo_signs": [stop]}
    result = run_cli("decide", "--answers", write(tmp_path, answers))
    assert result.exit_code == 0
    assert "moving-on track" in result.stdout
    shown = json.loads(run_cli("decide", "--answers", write(tmp_path, answers), "--json").stdout)
    assert (shown["choice"], shown["wanted"], shown["hard_stops"]) == (
        "move_on",
        "reach_out",
        [stop],
    )


def test_past_breakup_cycles_are_recorded_and_acknowledged(run_cli) -> None:
    result = run_cli("decide", "--choice", "move_on", "--cycles", "2")
    assert result.exit_code == 0 and "you counted 2 before" in result.stdout


def test_decide_asks_each_sign_when_given_no_answers(run_cli) -> None:
    typed = ["n"] * 4 + ["y", "y", "n", "n"] + ["n"] * 6 + ["0", "1"]  # HARK first: 4 x no
    result = run_cli("decide", "--json", input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout[result.stdout.index("{") :])
    assert shown["choice"] == "reach_out" and shown["go_signs"] == ["not_toxic", "real_connection"]


def test_naming_abuse_interactively_never_asks_for_a_choice(run_cli) -> None:
    typed = ["n"] * 4 + ["n"] * 4 + ["y"] + ["n"] * 5 + ["0"]  # HARK first: 4 x no
    result = run_cli("decide", "--json", input="\n".join(typed) + "\n")
    shown = json.loads(result.stdout[result.stdout.index("{") :])
    assert shown["choice"] == "move_on" and shown["hard_stops"] == ["abuse"]


@pytest.mark.parametrize(
    "args",
    [["--go", "abuse", "--choice", "reach_out"], ["--go", "not_toxic"], ["--choice", "maybe"]],
)
def test_bad_decisions_are_refused_and_store_nothing(run_cli, data_dir, args) -> None:
    result = run_cli("decide", *args)
    assert result.exit_code == 2 and result.stderr.startswith("Error: ")
    assert not _stored(data_dir, EventKind.DECISION_MADE)


def _stored(data_dir: Path, kind: EventKind) -> list[object]:
    from amends.config import load_settings
    from amends.storage import repository
    from amends.storage.db import open_store

    store = open_store(load_settings({"AMENDS_DATA_DIR": str(data_dir)}))
    with store.transaction() as session:
        return list(repository.load_events(session, [kind]))


def test_guide_lists_every_stage_and_prints_one_stage_in_full(run_cli) -> None:
    overview = run_cli("guide")
    assert (
        overview.exit_code == 0 and "moving_on" in overview.stdout and "rebuild" in overview.stdout
    )
    page = run_cli("guide", "no_contact")
    assert page.exit_code == 0 and "21 to 45" in page.stdout
    shown = json.loads(run_cli("guide", "reach_out", "--json").stdout)
    assert [t["id"] for t in shown["tasks"]] == ["first_message", "if_no_reply"]


def test_guide_for_an_unknown_stage_lists_the_stages(run_cli) -> None:
    result = run_cli("guide", "limbo")
    assert result.exit_code == 2 and "honest_talk" in result.stderr


def test_reaching_out_after_a_do_not_contact_stop_says_it_stays_closed(run_cli, data_dir) -> None:
    from datetime import datetime

    from amends.config import load_settings
    from amends.core.events import Event
    from amends.storage import repository
    from amends.storage.db import open_store

    store = open_store(load_settings({"AMENDS_DATA_DIR": str(data_dir)}))
    with store.transaction() as session:
        at = datetime.fromisoformat("2026-02-20T10:00:00+00:00")
        repository.save_event(session, Event(EventKind.DO_NOT_CONTACT, at, {"reason": "asked"}))
    shown = json.loads(run_cli("decide", "--choice", "reach_out", "--json").stdout)
    assert shown["do_not_contact"] is True
    assert any("asked not to be contacted" in text for text in shown["explanation"])
    assert not any("honest sense" in text for text in shown["explanation"])
