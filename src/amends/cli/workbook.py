"""`amends reflect`, `amends decide` and `amends guide [STAGE]`, thin over services.workbook.

reflect and decide ask their questions when run with no answers; with flags or `--answers FILE`
(JSON with the event payload's keys) they run without asking, so they can be scripted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

REFLECT_HELP = "The reflection workbook: why it ended, your part, their part, what you change."
DECIDE_HELP = "Go through the signs and decide: reach out once, or move on."
GUIDE_HELP = "Read the guidance for a stage (or 'rebuild'); without STAGE, list the stages."


def register(app: typer.Typer) -> None:
    app.command("reflect", help=REFLECT_HELP)(reflect)
    app.command("decide", help=DECIDE_HELP)(decide)
    app.command("guide", help=GUIDE_HELP)(guide)


def read_answers(path: Path, allowed: tuple[str, ...]) -> dict[str, Any]:
    """A JSON object from PATH whose keys are among `allowed`; anything else is an AmendsError."""
    from amends.core.errors import AmendsError

    try:
        given = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise AmendsError(f"Cannot read {path} ({error.strerror}).", "Check the path.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise AmendsError(f"{path} is not valid JSON ({error}).", "Fix the file.") from None
    if not isinstance(given, dict):
        raise AmendsError(f"{path} does not hold a JSON object.", 'Write {"key": value, ...}.')
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise AmendsError(f"{path} has unknown keys {unknown}.", f"Use: {', '.join(allowed)}.")
    return given


def _context() -> tuple[Any, Any]:
    from amends import clock
    from amends.cli.render import settings_from_env

    settings = settings_from_env()
    return settings, clock.now(settings)


def _parse_answer_flags(values: list[str]) -> dict[str, str]:
    from amends.core.errors import AmendsError

    answers = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep:
            raise AmendsError(f"--answer {value!r} has no '='.", "Write --answer QUESTION_ID=TEXT.")
        answers[key.strip()] = text
    return answers


def reflect(
    answer: list[str] = typer.Option(None, "--answer", help="QUESTION_ID=TEXT (repeatable)."),
    my_part: list[str] = typer.Option(None, "--my-part", help="Something that was your part."),
    their_part: list[str] = typer.Option(None, "--their-part", help="Something that was theirs."),
    root_cause: list[str] = typer.Option(None, "--root-cause", help="A root-cause family id."),
    change: list[str] = typer.Option(None, "--change", help="A concrete change you are making."),
    answers: Path = typer.Option(None, "--answers", help="JSON file with the workbook's keys."),
    as_json: bool = typer.Option(False, "--json", help="Print the workbook and its gate as JSON."),
) -> None:
    """Fill in the reflection workbook; what you add is kept and added to next time."""
    from amends.cli.render import print_json
    from amends.services import workbook as service

    settings, now = _context()
    update = read_answers(answers, service.REFLECTION_KEYS) if answers else {}
    flags = {"my_part": my_part, "their_part": their_part}
    flags |= {"root_causes": root_cause, "changes": change}
    for key, values in flags.items():
        if values:
            update[key] = [*(update.get(key) or []), *values]
    if answer:
        update["answers"] = {**(update.get("answers") or {}), **_parse_answer_flags(answer)}
    if not answers and not update:
        update = _ask_reflection(service.current_reflection(settings))
    result = service.save_reflection(settings, now, update)
    if as_json:
        print_json(
            {
                **_gate_json(result.missing),
                "reflection": result.data,
                "saved": result.saved,
                "crisis": result.crisis,
            }
        )
        return
    if result.crisis:
        from amends.cli.safety_render import print_crisis
        from amends.services.safety import help_now

        print_crisis(help_now(settings))
        typer.echo("")
    _show_gate(result.missing)


def _gate_json(missing: list[str]) -> dict[str, Any]:
    return {"gate_met": not missing, "missing": missing}


def _show_gate(missing: list[str]) -> None:
    from amends.catalogue.workbook import load_workbook

    book = load_workbook()
    if not missing:
        typer.echo(book.gate_met)
        return
    typer.echo(book.gate_missing)
    for item in missing:
        typer.echo(f"  - {item}")


def _ask_reflection(previous: Any) -> dict[str, Any]:
    """Ask every question in the terminal; Enter skips (earlier answers are kept)."""
    from amends.catalogue.workbook import load_workbook
    from amends.cli.render import console

    book, out = load_workbook(), console()
    before = previous or {}
    out.print(book.intro, markup=False)
    answers = {}
    for question in book.questions:
        out.print(f"\n[bold]{question.prompt}[/bold]")
        if question.hint:
            out.print(question.hint, style="dim", markup=False)
        if before.get("answers", {}).get(question.id):
            out.print(f"{book.prompts['kept']} {before['answers'][question.id]}", markup=False)
        answers[question.id] = typer.prompt(book.prompts["answer"], default="", show_default=False)
    return {
        "answers": answers,
        "my_part": _ask_list(book.my_part, before.get("my_part"), book.prompts),
        "their_part": _ask_list(book.their_part, before.get("their_part"), book.prompts),
        "root_causes": _ask_root_causes(book),
        "changes": _ask_list(book.changes, before.get("changes"), book.prompts),
    }


def _ask_list(prompt: Any, kept: list[str] | None, words: Any) -> list[str]:
    """Pick from the examples by number, then add lines in the person's own words."""
    from amends.cli.render import console

    out = console()
    out.print(f"\n[bold]{prompt.prompt}[/bold]")
    if kept:
        out.print(f"{words['kept']} {'; '.join(kept)}", markup=False)
    for number, example in enumerate(prompt.examples, start=1):
        out.print(f"  {number}. {example}", markup=False)
    chosen = _pick(list(prompt.examples), words) if prompt.examples else []
    while line := typer.prompt(words["own_words"], default="", show_default=False).strip():
        chosen.append(line)
    return chosen


def _pick(options: list[Any], words: Any) -> list[Any]:
    raw = typer.prompt(words["pick"], default="", show_default=False)
    picked = []
    for part in raw.replace(" ", ",").split(","):
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(options):
            picked.append(options[int(part) - 1])
        else:
            typer.echo(words["bad_pick"].format(value=part))
    return picked


def _ask_root_causes(book: Any) -> list[str]:
    from amends.cli.render import console

    out = console()
    out.print(f"\n[bold]{book.root_cause_prompt}[/bold]")
    families = list(book.root_cause_labels.items())
    for number, (_family, label) in enumerate(families, start=1):
        out.print(f"  {number}. {label}", markup=False)
    return [family.value for family, _label in _pick(families, book.prompts)]


def decide(
    go: list[str] = typer.Option(None, "--go", help="A sign for trying again (repeatable)."),
    let_go: list[str] = typer.Option(None, "--let-go", help="A sign for letting go (repeatable)."),
    choice: str = typer.Option(None, "--choice", help="reach_out or move_on."),
    cycles: int = typer.Option(None, "--cycles", help="Times you split up and got back before."),
    answers: Path = typer.Option(None, "--answers", help="JSON file with the decision's keys."),
    as_json: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
) -> None:
    """Decide whether to reach out once or move on; abuse or repeated cheating means moving on."""
    from amends.cli.render import print_json
    from amends.services.workbook import make_decision

    given = (
        read_answers(answers, ("choice", "go_signs", "letgo_signs", "cycles")) if answers else {}
    )
    if go or let_go or choice or cycles is not None:
        given["go_signs"] = [*(given.get("go_signs") or []), *(go or [])]
        given["letgo_signs"] = [*(given.get("letgo_signs") or []), *(let_go or [])]
        given |= {k: v for k, v in (("choice", choice), ("cycles", cycles)) if v is not None}
    if not given:
        from amends.cli.safety_render import hark_first

        if hark_first(*_context()):  # a positive abuse screen ends the decision here
            return
        given = _ask_decision()
    settings, now = _context()
    result = make_decision(
        settings,
        now,
        _strings(given.get("go_signs"), "go_signs"),
        _strings(given.get("letgo_signs"), "letgo_signs"),
        _required_choice(given.get("choice")),
        given.get("cycles") or 0,
    )
    if as_json:
        print_json(_decision_json(result))
        return
    for paragraph in _decision_texts(result):
        typer.echo(paragraph + "\n")


def _strings(value: Any, key: str) -> list[str]:
    from amends.core.errors import AmendsError

    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AmendsError(f"{key} must be a list of sign ids.", f'Write "{key}": ["id", ...].')
    return value


def _required_choice(value: Any) -> str:
    from amends.core.errors import AmendsError

    if not isinstance(value, str) or not value.strip():
        raise AmendsError("The decision needs a choice.", "Add --choice reach_out or move_on.")
    return value


def _ask_decision() -> dict[str, Any]:
    """Each sign as a yes/no question, then past breakups, then the choice (unless stopped)."""
    from amends.catalogue.workbook import load_decide_texts
    from amends.cli.render import console
    from amends.core.decision import HARD_STOPS

    texts, out = load_decide_texts(), console()
    out.print(texts.intro + "\n", markup=False)
    out.print(f"[bold]{texts.go_heading}[/bold]")
    go = [
        sign.value for sign, label in texts.go_labels.items() if typer.confirm(label, default=False)
    ]
    out.print(f"\n[bold]{texts.letgo_heading}[/bold]")
    letgo = [s for s, label in texts.letgo_labels.items() if typer.confirm(label, default=False)]
    cycles = typer.prompt(texts.notes["cycles_question"], default=0, type=int)
    if HARD_STOPS & set(letgo):
        return {
            "go_signs": go,
            "letgo_signs": [s.value for s in letgo],
            "choice": "move_on",
            "cycles": cycles,
        }
    options = list(texts.choice_labels.items())
    for number, (_choice, label) in enumerate(options, start=1):
        out.print(f"  {number}. {label}", markup=False)
    picked = ""
    while picked not in {"1", "2"}:
        picked = typer.prompt(texts.choice_prompt, default="", show_default=False).strip()
    choice = options[int(picked) - 1][0].value
    return {
        "go_signs": go,
        "letgo_signs": [s.value for s in letgo],
        "choice": choice,
        "cycles": cycles,
    }


def _decision_texts(result: Any) -> list[str]:
    """The explanation, then the notes that apply (reflection gaps, stops, cycling, openness)."""
    from amends.catalogue.workbook import load_decide_texts
    from amends.core.decision import Choice

    texts = load_decide_texts()
    decision, notes = result.decision, texts.notes
    paragraphs = [texts.explain(decision)]
    if decision.choice is Choice.REACH_OUT:
        if result.do_not_contact:
            paragraphs.append(notes["do_not_contact"])
        if result.reflection_missing:
            paragraphs.append(
                notes["reflection_missing"].format(missing=", ".join(result.reflection_missing))
            )
        if not result.do_not_contact:
            paragraphs.append(notes["gauge_openness"])
    if result.data["cycles"] > 0:  # what research says about on-off cycles, with citations
        from amends.services.safety import evidence_for

        paragraphs.append(notes["cycles"].format(cycles=result.data["cycles"]))
        paragraphs += [f"{c.text} ({c.citation})" for c in evidence_for("cycling")]
    return paragraphs


def _decision_json(result: Any) -> dict[str, Any]:
    decision = result.decision
    return {
        **result.data,
        "wanted": decision.wanted.value,
        "reason": decision.reason.value,
        "hard_stops": [s.value for s in decision.hard_stops],
        "reflection_missing": result.reflection_missing,
        "do_not_contact": result.do_not_contact,
        "explanation": _decision_texts(result),
    }


def guide(
    stage: str = typer.Argument(None, help="A stage id such as no_contact, or 'rebuild'."),
    as_json: bool = typer.Option(False, "--json", help="Print the guide as JSON."),
) -> None:
    """Read the guidance for a stage; without STAGE, list the stages and what each is about."""
    from amends.catalogue.stages import load_guide
    from amends.cli.render import console, print_json
    from amends.core.guide import render_markdown

    book = load_guide()
    infos = [book.stage(stage)] if stage else list(book.stages)
    if as_json:
        shown = [_stage_json(info) for info in infos]
        print_json(shown[0] if stage else shown)
    elif stage:
        from rich.markdown import Markdown

        console().print(Markdown(render_markdown(infos[0])))
    else:
        for info in infos:
            typer.echo(f"{info.id:<15} {info.title}: {info.summary}")
        typer.echo("\nRead one with: amends guide STAGE")


def _stage_json(info: Any) -> dict[str, Any]:
    tasks = [{"id": t.id, "line": t.line, "guidance": t.guidance} for t in info.tasks]
    return {
        "id": info.id,
        "title": info.title,
        "summary": info.summary,
        "gate": info.gate,
        "intro": info.intro,
        "tasks": tasks,
    }
