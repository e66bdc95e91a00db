"""Output for the safety commands: results, help lines, the crisis flow and the safety pathway.

Plain text (it must read well in any terminal and in tests) and the stable --json shapes.
"""

from __future__ import annotations

from typing import Any

import typer

BAR_WIDTH = 25


def print_json_value(value: Any) -> None:
    from amends.cli.render import print_json

    print_json(value)


def resources_json(found: Any) -> dict[str, Any]:
    from amends.services.safety import resources_as_json

    return resources_as_json(found)


def _line_text(line: Any) -> str:
    ways = []
    if line.phone:
        ways.append(f"call {line.phone}")
    if line.text:
        ways.append(f"text {line.text}")
    if line.web:
        ways.append(line.web)
    text = f"  {line.service}" + (": " + ", ".join(ways) if ways else "")
    return f"{text} ({line.hours})" if line.hours else text


def print_resources(found: Any, domestic_abuse: bool) -> None:
    if found.country and found.country_name is None:
        typer.echo(f"amends has no lines stored for {found.country} yet; these work anywhere:")
    elif found.country is None:
        typer.echo("Set your country (--country GB, or AMENDS_COUNTRY) to see local lines.")
    if found.emergency:
        typer.echo(f"In danger now ({found.country_name}):")
        for line in found.emergency:
            typer.echo(_line_text(line))
    if found.crisis:
        typer.echo("Someone to talk to, now:")
        for line in found.crisis:
            typer.echo(_line_text(line))
    if domestic_abuse and found.domestic_abuse:
        typer.echo("If a partner or ex has hurt or frightened you:")
        for line in found.domestic_abuse:
            typer.echo(_line_text(line))
    typer.echo("Anywhere in the world:")
    for line in found.fallback:
        typer.echo(_line_text(line))


def print_crisis(found: Any) -> None:
    from amends.catalogue.safety import safety_text

    typer.echo(safety_text("crisis", "title"))
    typer.echo(safety_text("crisis", "message"))
    print_resources(found, domestic_abuse=False)
    typer.echo(safety_text("crisis", "paused"))


def print_pathway(found: Any) -> None:
    from amends.catalogue.safety import safety_text

    typer.echo(safety_text("pathway", "title"))
    typer.echo(safety_text("pathway", "body"))
    print_resources(found, domestic_abuse=True)
    typer.echo(safety_text("pathway", "device_note"))


def ask_items(instrument: Any, prefilled: dict[str, int]) -> list[int]:
    """Ask each question not already answered; re-ask until the answer is one of the options."""
    from amends.core.assessment import parse_answer
    from amends.core.errors import AmendsError

    typer.echo(f"{instrument.name}. {instrument.about}")
    typer.echo(instrument.stem)
    typer.echo("  " + "   ".join(f"{o.value} = {o.label}" for o in instrument.options))
    values = []
    for n, item in enumerate(instrument.items, 1):
        if item.id in prefilled:
            values.append(prefilled[item.id])
            continue
        while True:
            reply = typer.prompt(f"{n}. {item.text}")
            try:
                values.append(parse_answer(instrument, reply))
                break
            except AmendsError as error:
                typer.echo(error.one_line())
    return values


def offer_step_up(settings: Any, now: Any, outcome: Any) -> Any:
    """After a positive short screen, offer the full scale, reusing the answers given."""
    from amends.catalogue.instruments import load_instrument
    from amends.catalogue.safety import safety_text
    from amends.core.assessment import prefill
    from amends.services.safety import take_assessment

    typer.echo(outcome.result.band.label)
    target = load_instrument(outcome.result.step_up)
    what = "low mood" if target.id == "phq9" else "anxiety"
    typer.echo(safety_text("screens", "step_up").format(what=what))
    if not typer.confirm(f"Go on to the {target.name}?", default=True):
        return None
    values = ask_items(target, prefill(target, outcome.result))
    return take_assessment(settings, now, target.id, values)


def print_outcome(settings: Any, outcome: Any, country: str | None, as_json: bool) -> None:
    from amends.catalogue.safety import safety_text
    from amends.services.safety import help_now

    result = outcome.result
    needs_help = outcome.crisis or outcome.pathway
    found = help_now(settings, country) if needs_help else None
    if as_json:
        print_json_value(outcome_json(outcome, found))
        return
    if outcome.crisis and found is not None:
        print_crisis(found)
        typer.echo("")
    typer.echo(f"{result.instrument.name}: {result.score} of {result.instrument.max_score}")
    typer.echo(result.band.label)
    if result.step_up:
        typer.echo(f"Next: `amends assess take {result.step_up}` for the full picture.")
    typer.echo(safety_text("screens", "not_a_diagnosis"))
    typer.echo(f"Source: {result.instrument.citation}")
    typer.echo(result.instrument.copyright or result.instrument.licence)
    if outcome.pathway and found is not None:
        typer.echo("")
        print_pathway(found)


def outcome_json(outcome: Any, found: Any) -> dict[str, Any]:
    from amends.services.safety import outcome_as_json

    return outcome_as_json(outcome, found)


def print_history(taken: list[Any], as_json: bool) -> None:
    from amends.catalogue.instruments import load_instrument

    if as_json:
        print_json_value(
            [
                {
                    "instrument": t.instrument,
                    "at": t.at.isoformat(),
                    "score": t.score,
                    "band": t.band,
                    "positive": t.positive,
                }
                for t in taken
            ]
        )
        return
    if not taken:
        typer.echo("No screens taken yet. `amends assess list` shows what there is.")
        return
    for instrument_id in dict.fromkeys(t.instrument for t in taken):
        instrument = load_instrument(instrument_id)
        typer.echo(instrument.name)
        for t in (t for t in taken if t.instrument == instrument_id):
            filled = round(BAR_WIDTH * t.score / max(instrument.max_score, 1))
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            typer.echo(f"  {t.at:%Y-%m-%d}  {bar}  {t.score:>3}  {t.band}")


def print_instrument_list(instruments: list[Any], reflections: Any) -> None:
    print_json_value(
        {
            "instruments": [
                {
                    "id": i.id,
                    "name": i.name,
                    "questions": len(i.items),
                    "about": i.about,
                    "citation": i.citation,
                    "licence": i.licence,
                }
                for i in instruments
            ],
            "reflections": [
                {"topic": r.topic, "title": r.title, "instead_of": r.instead_of}
                for r in reflections
            ],
        }
    )


def hark_first(settings: Any, now: Any, country: str | None = None) -> bool:
    """Readiness and decide ask the HARK screen first (once). True when it was positive and
    the safety pathway was shown: the caller should stop, reconnection is closed."""
    from amends.catalogue.instruments import load_instrument
    from amends.catalogue.safety import safety_text
    from amends.services.safety import assessment_history, help_now, take_assessment

    if assessment_history(settings, "hark"):
        return False
    typer.echo(safety_text("screens", "hark_first"))
    hark = load_instrument("hark")
    outcome = take_assessment(settings, now, hark.id, ask_items(hark, prefilled={}))
    if not outcome.pathway:
        typer.echo(hark.bands[0].label + "\n")
        return False
    typer.echo(outcome.result.band.label + "\n")
    print_pathway(help_now(settings, country))
    return True
