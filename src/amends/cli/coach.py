"""`amends check "draft"` and `amends held`: the message coach, before anything is sent."""

from __future__ import annotations

from typing import Any

import typer

FILE_HELP = "Read the draft from a UTF-8 text file ('-' for standard input)."
STAGE_HELP = "Preview as if in this stage (e.g. no_contact, reach_out, reconnect, honest_talk)."


def register(app: typer.Typer) -> None:
    app.command("check", help="Review a draft to your ex before you send it.")(check)
    app.command("held", help="Held drafts come back the next morning: send, rewrite or let go.")(
        held
    )


def check(
    draft: str = typer.Argument(None, help="The message you are about to send."),
    as_json: bool = typer.Option(False, "--json", help="Print the review as JSON."),
    drinking: bool = typer.Option(False, "--drinking", help="You have been drinking."),
    file: str = typer.Option(None, "--file", help=FILE_HELP),
    hold: bool = typer.Option(False, "--hold", help="Hold the draft until tomorrow morning."),
    stage: str = typer.Option(None, "--stage", help=STAGE_HELP),
    at: str = typer.Option(None, "--at", help="Preview at this local time, HH:MM."),
    limited_contact: bool = typer.Option(
        False, "--limited-contact", help="Limited contact (children, work, logistics only)."
    ),
    unanswered: int = typer.Option(
        None, "--unanswered", min=0, help="How many of your messages in a row are unanswered."
    ),
    do_not_contact: bool = typer.Option(
        False, "--do-not-contact", help="They asked not to be contacted."
    ),
    second: bool = typer.Option(
        False, "--second-opinion", help="Also ask your own local model (AMENDS_LLM_URL)."
    ),
) -> None:
    from amends import clock
    from amends.cli.render import settings_from_env
    from amends.core.stages import parse_stage
    from amends.services.coach import Preview, check_draft

    settings = settings_from_env()
    text = _draft_text(draft, file)
    preview = Preview(
        stage=parse_stage(stage) if stage else None,
        at=_parse_hhmm(at) if at else None,
        drinking=drinking,
        limited_contact=True if limited_contact else None,
        unanswered=unanswered,
        do_not_contact=True if do_not_contact else None,
    )
    result = check_draft(settings, clock.now(settings), text, preview, hold=hold)
    resources = _resources(settings) if result.review.crisis else None
    opinion = _second_opinion(settings, result) if second else None
    if as_json:
        from amends.cli.render import print_json

        out = check_json(result, resources)
        if second:
            out["second_opinion"] = opinion
        print_json(out)
    else:
        show_check(result, resources)
        if opinion:
            from amends.catalogue.families import coach_texts

            typer.echo(f"{coach_texts()['llm']['heading']}\n  {opinion}")


def _second_opinion(settings: Any, result: Any) -> str | None:
    from amends.services.coach_llm import second_opinion

    if result.review.crisis:
        return None
    return second_opinion(settings, result.draft, result.review)


def _draft_text(draft: str | None, file: str | None) -> str:
    from amends.core.errors import AmendsError
    from amends.services.coach import read_draft_file

    if draft is not None and file:
        raise AmendsError("Give the draft or --file, not both.", "Pick one.")
    if file:
        if file == "-":
            return read_draft_file(typer.get_binary_stream("stdin").read())
        from pathlib import Path

        try:
            return read_draft_file(Path(file).read_bytes())
        except OSError as error:
            raise AmendsError(
                f"Can't read {file} ({error.strerror or error}).", "Check the path."
            ) from None
    if draft is None:
        raise AmendsError("There is no draft to check.", 'Run amends check "your message".')
    return draft


def _parse_hhmm(value: str) -> Any:
    from datetime import time

    from amends.core.errors import AmendsError

    try:
        hours, minutes = value.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise AmendsError(f"--at {value!r} is not a time.", "Use HH:MM, e.g. --at 23:30.") from None


def _resources(settings: Any) -> Any:
    try:
        from amends.services.safety import help_now

        return help_now(settings)
    except Exception:  # the fallback text below still shows help; never fail here
        return None


def check_json(result: Any, resources: Any) -> dict[str, Any]:
    out = result.review.as_json()
    out["stage"] = result.context.stage.value
    out["from_plan"] = result.from_plan
    out["model"] = result.review.model_used
    out["held_id"] = result.held.id if result.held else None
    if result.review.crisis:
        out["crisis_resources"] = _resources_json(resources)
    return out


def _resources_json(resources: Any) -> Any:
    if resources is None:
        return {"fallback": ["https://findahelpline.com", "https://befrienders.org"]}
    from amends.cli.safety_render import resources_json

    return resources_json(resources)


def show_check(result: Any, resources: Any) -> None:
    from amends.catalogue.families import coach_texts
    from amends.cli.coach_render import show_review

    texts = coach_texts()
    show_review(result.draft, result.review, texts, resources)
    if not result.from_plan:
        typer.echo(texts["check"]["no_plan"])
    if result.held is not None:
        typer.echo(texts["held"]["saved"].format(id=result.held.id))
    elif result.review.verdict.value == "wait":
        typer.echo(texts["check"]["hold_hint"])


def held(
    as_json: bool = typer.Option(False, "--json", help="Print held drafts as JSON; ask nothing."),
    held_id: int = typer.Option(None, "--id", help="The held draft to decide on (scripting)."),
    choice: str = typer.Option(None, "--choice", help="send, rewrite or let-go (with --id)."),
) -> None:
    from amends import clock
    from amends.cli.render import settings_from_env
    from amends.core.errors import AmendsError
    from amends.services.coach import held_drafts, resolve_held, summary_of

    settings = settings_from_env()
    now = clock.now(settings)
    if (held_id is None) != (choice is None):
        raise AmendsError(
            "--id and --choice go together.", "e.g. amends held --id 3 --choice let-go"
        )
    if held_id is not None:
        event = resolve_held(settings, now, held_id, choice)
        _say_choice(str(event.data["choice"]), as_json, event)
        return
    drafts = held_drafts(settings, now)
    if as_json:
        from amends.cli.coach_render import held_json
        from amends.cli.render import print_json

        print_json(held_json(drafts, summary_of(settings)))
        return
    _ask_each(settings, now, drafts)


def _ask_each(settings: Any, now: Any, drafts: list[Any]) -> None:
    from amends.catalogue.families import coach_texts
    from amends.cli.coach_render import show_held
    from amends.services.coach import morning_after, resolve_held, summary_of

    texts = coach_texts()["held"]
    if not drafts:
        typer.echo(texts["none"])
    for item in drafts:
        show_held(item)
        if not item.due:
            when = morning_after(item.event.at).strftime("%a %H:%M")
            typer.echo(texts["not_yet"].format(when=when))
            continue
        answer = _prompt(texts["question"])
        if answer in ("send", "rewrite", "let-go", "let_go", "let go"):
            event = resolve_held(settings, now, item.event.id, answer)
            _say_choice(str(event.data["choice"]), False, event)
    wins = summary_of(settings).wins
    if wins:
        typer.echo(texts["wins"].format(n=wins))


def _prompt(question: str) -> str:
    import click

    try:
        return str(typer.prompt(question, default="skip")).strip().lower()
    except click.exceptions.Abort:
        return "skip"


def _say_choice(choice: str, as_json: bool, event: Any) -> None:
    from amends.catalogue.families import coach_texts

    if as_json:
        from amends.cli.render import print_json

        print_json({"id": event.id, "held_id": event.data["held_id"], "choice": choice})
        return
    typer.echo(coach_texts()["held"][choice])
