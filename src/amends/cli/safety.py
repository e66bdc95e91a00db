"""`amends assess ...`, `amends help-now`, `amends do-not-contact`, `amends safe`.

Safety comes before coaching: results of the screens are shown as screens with their citation,
a crisis answer brings help lines first, and a positive HARK shows the safety pathway.
"""

from __future__ import annotations

from typing import Any

import typer

assess_app = typer.Typer(
    help="Validated screens (HARK, WHO-5, PHQ, GAD, Rosenberg): take one, see your history.",
    no_args_is_help=True,
)
COUNTRY_HELP = "Two-letter country code, e.g. US, GB, IE, FR, AU (default: AMENDS_COUNTRY)."


def register(app: typer.Typer) -> None:
    app.add_typer(assess_app, name="assess")
    app.command("help-now")(help_now)
    app.command("do-not-contact")(do_not_contact)
    app.command("safe")(safe)


def _context() -> tuple[Any, Any]:
    from amends import clock
    from amends.cli.render import settings_from_env

    settings = settings_from_env()
    return settings, clock.now(settings)


@assess_app.command("list")
def assess_list(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """The screens amends ships, and the reflection topics it asks about in its own words."""
    from amends.catalogue.instruments import load_instruments
    from amends.catalogue.safety import load_reflections
    from amends.cli import safety_render as show

    instruments, reflections = load_instruments(), load_reflections()
    if as_json:
        show.print_instrument_list(instruments, reflections)
        return
    for instrument in instruments:
        typer.echo(f"{instrument.id:<10} {instrument.name} ({len(instrument.items)} questions)")
    typer.echo("\nReflection questions (not scored): `amends assess reflect TOPIC`")
    for reflection in reflections:
        typer.echo(f"{reflection.topic:<10} {reflection.title}")


@assess_app.command("take")
def assess_take(
    instrument_id: str = typer.Argument(..., metavar="ID", help="e.g. hark, who5, phq2, gad2."),
    answers: str = typer.Option(
        "", "--answers", help="All answers at once, in order: '1,0,2' or 'yes no no no'."
    ),
    country: str = typer.Option("", "--country", help=COUNTRY_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Answer a screen (interactively unless --answers) and see what the result means."""
    from amends.catalogue.instruments import load_instrument
    from amends.cli import safety_render as show
    from amends.core.assessment import parse_answers
    from amends.services.safety import country_code, take_assessment

    settings, now = _context()
    instrument = load_instrument(instrument_id)
    if country:
        country_code(country)  # a typo here must not wait until after the answers are stored
    if answers:
        values = list(parse_answers(instrument, answers))
    else:
        values = show.ask_items(instrument, prefilled={})
    outcome = take_assessment(settings, now, instrument.id, values)
    if not answers and outcome.result.step_up and not as_json:
        outcome = show.offer_step_up(settings, now, outcome) or outcome
    show.print_outcome(settings, outcome, country or None, as_json)


@assess_app.command("history")
def assess_history(
    instrument_id: str = typer.Argument("", metavar="[ID]", help="Only this screen."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Your past results, oldest first, with a small chart per screen."""
    from amends.cli import safety_render as show
    from amends.services.safety import assessment_history

    settings, _ = _context()
    show.print_history(assessment_history(settings, instrument_id or None), as_json)


@assess_app.command("reflect")
def assess_reflect(
    topic: str = typer.Argument(..., help="satisfaction, commitment, distress or attachment."),
) -> None:
    """Our own questions for thinking and journaling (not a validated scale, not scored)."""
    from amends.catalogue.safety import load_reflections
    from amends.core.errors import AmendsError

    found = [r for r in load_reflections() if r.topic == topic.strip().lower()]
    if not found:
        topics = ", ".join(r.topic for r in load_reflections())
        raise AmendsError(f"There is no reflection topic {topic!r}.", f"Use one of: {topics}.")
    typer.echo(found[0].title)
    for n, question in enumerate(found[0].questions, 1):
        typer.echo(f"  {n}. {question}")
    typer.echo(
        "These are our own questions, not a scored scale; write your answers in the journal."
    )


def help_now(
    country: str = typer.Option("", "--country", help=COUNTRY_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Help lines for your country, the emergency number, and lines that work anywhere."""
    from amends.cli import safety_render as show
    from amends.services.safety import help_now as resources

    settings, _ = _context()
    found = resources(settings, country or None)
    if as_json:
        show.print_json_value({"resources": show.resources_json(found)})
        return
    show.print_resources(found, domestic_abuse=True)


def do_not_contact(
    reason: str = typer.Argument(..., help="asked, blocked or protective_order."),
    note: str = typer.Option("", "--note", help="Anything you want to remember about it."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Record that your ex asked for no contact, blocked you, or that a protective order exists."""
    from amends.catalogue.safety import safety_text
    from amends.cli import safety_render as show
    from amends.services.plan import plan_status
    from amends.services.safety import record_do_not_contact

    settings, now = _context()
    nickname = record_do_not_contact(settings, now, reason, note)
    key = reason.strip().lower().replace("-", "_").replace(" ", "_")
    if as_json:
        stage = plan_status(settings, now).stage.value
        show.print_json_value({"recorded": True, "reason": key, "stage": stage})
        return
    typer.echo(safety_text("do_not_contact", key))
    typer.echo(safety_text("do_not_contact", "recorded").format(nickname=nickname))


def safe(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Tell amends you are safe now, so the plan can carry on after a crisis check."""
    from amends.catalogue.safety import safety_text
    from amends.cli import safety_render as show
    from amends.services.safety import confirm_safe

    settings, now = _context()
    resumed = confirm_safe(settings, now)
    if as_json:
        show.print_json_value({"resumed": resumed})
        return
    typer.echo(safety_text("safe", "confirmed" if resumed else "not_flagged"))
