"""The questions `amends start` asks, or takes from flags and a JSON answers file.

Every answer can come from a flag, so the command is scriptable; what is missing is asked for
when a person is typing, or takes its default under --yes (and the breakup date, which has no
honest default, is then an error that says which flag to use).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import typer

from amends.clock import parse_date
from amends.core import no_contact
from amends.core.errors import AmendsError
from amends.services.plan import ENDED_BY, READINESS_WANTS, StartRequest


def build_start_request(given: dict[str, Any], now: datetime, interactive: bool) -> StartRequest:
    ask = _Asker(given, interactive)
    if interactive:
        _intro()
    readiness = _readiness(ask)
    breakup = parse_date(
        ask.text("breakup_date", "When did it end? (YYYY-MM-DD)"), "--breakup-date"
    )
    ended_by = ask.choice("ended_by", "Who ended it?", ENDED_BY)
    today = now.date().isoformat()
    since = parse_date(
        ask.text("no_contact_since", "No contact starts (or started) on", default=today),
        "--no-contact-since",
    )
    days = _days(
        ask.text(
            "no_contact_days",
            "How many days of no contact? (21-45)",
            default=str(no_contact.DEFAULT_DAYS),
        )
    )
    shared_raw = given.get("shared", [])
    if interactive and "shared" not in given:
        answer = typer.prompt(
            "Do you share kids, work or home? (comma-separated, or none)", default="none"
        )
        shared_raw = [] if answer.strip().lower() == "none" else answer.split(",")
    return StartRequest(
        breakup_date=breakup,
        ended_by=ended_by,
        no_contact_since=since,
        no_contact_days=days,
        shared=no_contact.parse_shared(
            shared_raw if isinstance(shared_raw, list) else [shared_raw]
        ),
        asked_no_contact=bool(given.get("asked_no_contact")),
        nickname=str(ask.text("nickname", "A nickname for them (only you see it)", default="them")),
        readiness=readiness,
    )


class _Asker:
    """Reads an answer from what was given, else prompts, else uses the default or fails."""

    def __init__(self, given: dict[str, Any], interactive: bool) -> None:
        self.given = given
        self.interactive = interactive

    def text(self, key: str, question: str, default: str | None = None) -> str:
        if self.given.get(key) is not None:
            return str(self.given[key])
        if self.interactive:
            return str(typer.prompt(question, default=default))
        if default is not None:
            return default
        flag = "--" + key.replace("_", "-")
        raise AmendsError(
            f"{flag} is needed with --yes.", f"Add {flag} (or drop --yes to be asked)."
        )

    def choice(self, key: str, question: str, options: tuple[str, ...]) -> str:
        value = self.text(key, f"{question} ({'/'.join(options)})").strip().lower()
        if value not in options:
            flag = "--" + key.replace("_", "-")
            raise AmendsError(
                f"{flag} {value!r} is not an option.", f"Use one of: {', '.join(options)}."
            )
        return value

    def yes_no(self, key: str, question: str) -> bool | None:
        if self.given.get(key) is not None:
            return bool(self.given[key])
        return bool(typer.confirm(question, default=True)) if self.interactive else None


def _readiness(ask: _Asker) -> dict[str, Any]:
    """The readiness check (stage 0). Under --yes, unanswered parts are recorded as unsure."""
    from amends.catalogue.plan import load_readiness

    questions = load_readiness()["questions"]
    want = ask.given.get("want")
    if want is None and ask.interactive:
        choices = questions["want"]["choices"]
        for key, label in choices.items():
            typer.echo(f"  {key:15} {label}")
        want = typer.prompt(questions["want"]["text"], default="unsure")
    want = str(want or "unsure").strip().lower()
    if want not in READINESS_WANTS:
        raise AmendsError(
            f"--want {want!r} is not an option.", f"Use one of: {', '.join(READINESS_WANTS)}."
        )
    answers = {
        "want": want,
        "patient": ask.yes_no("patient", questions["patient"]["text"]),
        "can_accept_no": ask.yes_no("can_accept_no", questions["can_accept_no"]["text"]),
    }
    if ask.interactive:
        _readiness_notes(answers)
    return answers


def _readiness_notes(answers: dict[str, Any]) -> None:
    from amends.catalogue.plan import load_readiness

    notes = load_readiness()["notes"]
    keys = [answers["want"]]
    keys += ["not_patient"] if answers["patient"] is False else []
    keys += ["cannot_accept_no"] if answers["can_accept_no"] is False else []
    for key in keys:
        if key in notes:
            typer.echo(f"\n{notes[key]}")


def _days(raw: str) -> int:
    try:
        days = int(raw)
    except ValueError:
        raise AmendsError(
            f"--no-contact-days {raw!r} is not a number.", "Give whole days, 21-45."
        ) from None
    return no_contact.validate_days(days)


def _intro() -> None:
    from amends.catalogue.plan import load_readiness

    typer.echo(load_readiness()["intro"] + "\n")
