"""`amends start`, `amends status` and `amends demo`: the plan, thin over services.plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

START_HELP = "Start your plan: readiness, the breakup, and your no-contact dates."


def register(app: typer.Typer) -> None:
    app.command("start", help=START_HELP)(start)
    app.command("status", help="Where you are, what's next, and why.")(status)
    app.command("demo", help="Show a sample plan from data amends ships (your data is untouched).")(
        demo
    )


def start(
    breakup_date: str = typer.Option(None, help="The day it ended (YYYY-MM-DD)."),
    ended_by: str = typer.Option(None, help="Who ended it: me, them or mutual."),
    no_contact_since: str = typer.Option(
        None, help="No contact start (YYYY-MM-DD); default today."
    ),
    no_contact_days: int = typer.Option(None, help="Length of no contact, 21-45 days; default 30."),
    shared: str = typer.Option("", help="What you share, comma-separated: kids,work,home."),
    asked_no_contact: bool = typer.Option(False, help="They asked you not to contact them."),
    nickname: str = typer.Option(None, help="A nickname for them, only ever shown to you."),
    want: str = typer.Option(
        None, help="Readiness: this_person, a_relationship, not_alone, unsure."
    ),
    patient: bool = typer.Option(None, "--patient/--not-patient", help="Readiness: can you wait?"),
    can_accept_no: bool = typer.Option(
        None, "--can-accept-no/--cannot-accept-no", help="Readiness: could you live with a no?"
    ),
    answers: Path = typer.Option(None, help="A JSON file with these answers (keys as the flags)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Don't ask; use defaults."),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
) -> None:
    from amends import clock
    from amends.cli.render import settings_from_env
    from amends.services import plan as plan_service

    given = _answers_file(answers) if answers else {}
    flags = {
        "breakup_date": breakup_date,
        "ended_by": ended_by,
        "no_contact_since": no_contact_since,
        "no_contact_days": no_contact_days,
        "nickname": nickname,
        "want": want,
        "patient": patient,
        "can_accept_no": can_accept_no,
    }
    given.update({k: v for k, v in flags.items() if v is not None})
    if shared:
        given["shared"] = shared.split(",")
    given["asked_no_contact"] = asked_no_contact or bool(given.get("asked_no_contact"))
    settings = settings_from_env()
    now = clock.now(settings)
    from amends.cli.start_prompts import build_start_request

    if not yes:
        from amends.cli.safety_render import hark_first

        # The abuse screen comes before anything about getting back together (issue 5).
        hark_first(settings, now)
    request = build_start_request(given, now, interactive=not yes)
    state = plan_service.start_plan(settings, now, request)
    _show(state, as_json)


def status(as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON.")) -> None:
    from amends import clock
    from amends.cli.render import settings_from_env
    from amends.services.plan import plan_status

    settings = settings_from_env()
    _show(plan_status(settings, clock.now(settings)), as_json)


def demo(as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON.")) -> None:
    from amends import clock
    from amends.cli.render import settings_from_env
    from amends.services.demo import demo_plan

    settings = settings_from_env()
    state, where = demo_plan(settings, clock.now(settings))
    if not as_json:
        typer.echo(f"A sample plan (kept apart from your data, in {where}):\n")
    _show(state, as_json)


def _show(state: Any, as_json: bool) -> None:
    from amends.cli import render
    from amends.services.plan import plan_as_json

    if as_json:
        render.print_json(plan_as_json(state))
    else:
        render.show_plan(state)


def _answers_file(path: Path) -> dict[str, Any]:
    from amends.core.errors import AmendsError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AmendsError(
            f"Can't read answers from {path}: {error}.", "Give a JSON file."
        ) from None
    if not isinstance(data, dict):
        raise AmendsError(f"{path} must hold a JSON object.", 'e.g. {"ended_by": "them"}')
    readiness = data.pop("readiness", None)
    if isinstance(readiness, dict):
        data.update(readiness)
    return data
