"""`amends log urge|slip|contact|talk|checkin`: what happened, logged honestly."""

from __future__ import annotations

from typing import Any

import typer

log_app = typer.Typer(
    help="Log an urge, a slip, a contact, the honest talk or a check-in.", no_args_is_help=True
)

AT_HELP = "When it happened (ISO 8601); default now."
NOTE_HELP = "A few words for yourself."


def register(app: typer.Typer) -> None:
    app.add_typer(log_app, name="log")


@log_app.command("urge", help="You wanted to reach out and didn't: log it and let it pass.")
def urge(
    note: str = typer.Option("", help=NOTE_HELP),
    at: str = typer.Option(None, help=AT_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    _log("urge", {"note": note}, at, as_json)


@log_app.command("slip", help="Any contact or checking during no contact. Logged, not hidden.")
def slip(
    note: str = typer.Option("", help=NOTE_HELP),
    what: str = typer.Option("contact", help="contact, checked_profile or other."),
    at: str = typer.Option(None, help=AT_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    _log("slip", {"note": note, "what": what}, at, as_json)
    if what == "checked_profile" and not as_json:
        from amends.services.safety import evidence_for

        for claim in evidence_for("checked_profile"):
            typer.echo(f"\n{claim.text}\n  ({claim.citation})")


@log_app.command("contact", help="A message, call or meeting between you.")
def contact(
    from_me: bool = typer.Option(False, "--from-me", help="You wrote or called."),
    from_them: bool = typer.Option(False, "--from-them", help="They wrote or called."),
    channel: str = typer.Option("text", help="text, call or meeting."),
    logistics: bool = typer.Option(False, help="Only children, work or logistics."),
    note: str = typer.Option("", help=NOTE_HELP),
    at: str = typer.Option(None, help=AT_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    direction = "out" if from_me and not from_them else "in" if from_them and not from_me else None
    data = {"direction": direction, "channel": channel, "logistics": logistics, "note": note}
    _log("contact", data, at, as_json)


@log_app.command("talk", help="The honest talk happened: how did it go?")
def talk(
    outcome: str = typer.Option(..., help="both_want, not_yet or they_said_no."),
    note: str = typer.Option("", help=NOTE_HELP),
    at: str = typer.Option(None, help=AT_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    _log("talk_held", {"outcome": outcome, "note": note}, at, as_json)


@log_app.command("checkin", help="A relationship 2.0 check-in you held together.")
def checkin(
    note: str = typer.Option("", help=NOTE_HELP),
    at: str = typer.Option(None, help=AT_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    _log("checkin", {"note": note}, at, as_json)


def _log(kind: str, data: dict[str, Any], at: str | None, as_json: bool) -> None:
    from amends import clock
    from amends.cli import render
    from amends.core.events import EventKind
    from amends.services.plan import log_event, plan_as_json

    settings = render.settings_from_env()
    when = clock.parse_datetime(at, "--at") if at else None
    event, state = log_event(settings, clock.now(settings), EventKind(kind), data, when)
    if as_json:
        render.print_json(
            {
                "logged": {"id": event.id, "kind": kind, "at": event.at.isoformat(), **data},
                "plan": plan_as_json(state),
            }
        )
        return
    typer.echo(f"Logged {kind.replace('_', ' ')} at {event.at:%a %d %b %H:%M}.")
    if state.next_actions:
        typer.echo(f"Next: {state.next_actions[0].text}")
