"""Screens in the browser: the HARK abuse screen before Start and Decide, and /assess.

Over services.safety, as `amends assess` and the CLI's hark_first use it: a result is stored as
an ASSESSMENT_TAKEN event; a positive HARK shows the safety pathway (reconnection closes for
good), a PHQ-9 item 9 above 0 shows the crisis flow first, a positive short screen offers the
full scale with the answers already given. Results are screens, not diagnoses.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from amends.config import Settings
from amends.core.errors import AmendsError
from amends.web.deps import NowDep, SettingsDep
from amends.web.forms import FormErrors, form_values, redirect, render

router = APIRouter(include_in_schema=False)
# Where a negative HARK goes on to (a fixed list: a posted `next` can never send anyone away).
HARK_NEXT = {"/start": "start", "/decide": "decide"}


def hark_answered(settings: Settings) -> bool:
    from amends.services.safety import assessment_history

    return bool(assessment_history(settings, "hark"))


def hark_was_positive(settings: Settings) -> bool:
    from amends.services.safety import assessment_history

    return any(taken.positive for taken in assessment_history(settings, "hark"))


def hark_first_page(request: Request, settings: Settings, next_path: str) -> Response:
    """The four HARK questions, asked before the Start or Decide form (once)."""
    return take_page(request, settings, "hark", {"next": next_path}, FormErrors())


@router.get("/assess")
def assess_list(request: Request, settings: SettingsDep) -> Response:
    from amends.catalogue.instruments import load_instrument, load_instruments
    from amends.services.safety import assessment_history
    from amends.web.charts import who5_svg

    taken = assessment_history(settings)
    history = [
        {"name": load_instrument(t.instrument).name, "taken": t}
        for t in reversed(taken)  # newest first
    ]
    who5 = [t for t in taken if t.instrument == "who5"]
    context: dict[str, Any] = {"page": "assess", "instruments": load_instruments()}
    context["history"] = history
    context["chart"] = who5_svg(who5)
    context["who5"] = who5
    return render(request, "assess.html", context)


@router.get("/pathway")
def pathway(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    """The safety pathway again, for another country (the pages' country select)."""
    country = request.query_params.get("country") or None
    return pathway_page(request, settings, now, country, next_path="")


@router.get("/assess/{instrument_id}")
def assess_form(request: Request, instrument_id: str, settings: SettingsDep) -> Response:
    return take_page(request, settings, instrument_id, {}, FormErrors())


@router.post("/assess/{instrument_id}")
async def assess_submit(
    request: Request, instrument_id: str, settings: SettingsDep, now: NowDep
) -> Response:
    """1. parse every answer and the country (a message per field; nothing stored on a miss);
    2. score and store; 3. the pathway, the next form, or the result with its citation."""
    from amends.catalogue.instruments import load_instrument
    from amends.services.safety import take_assessment

    instrument = load_instrument(instrument_id)
    values = await form_values(request)
    errors = FormErrors()
    answers = [
        errors.check(item.id, _answer, instrument, values.get(item.id)) for item in instrument.items
    ]
    country = errors.check("country", _country, values.get("country"))
    next_path = _next_path(values.get("next"))
    if errors:
        return take_page(request, settings, instrument.id, values, errors, status=400)
    outcome = take_assessment(settings, now, instrument.id, [int(a or 0) for a in answers])
    if outcome.pathway:
        label = outcome.result.band.label
        return pathway_page(request, settings, now, country, next_path, label)
    if instrument.id == "hark" and next_path:
        return redirect(next_path, notice="assess.hark_clear")
    return result_page(request, settings, outcome, country)


def _answer(instrument: Any, raw: Any) -> int:
    from amends.core.assessment import parse_answer

    if raw in (None, "") or isinstance(raw, list):
        raise AmendsError("Please choose one answer to this question.", "")
    return parse_answer(instrument, str(raw))


def _country(raw: Any) -> str | None:
    from amends.services.safety import country_code

    if raw in (None, ""):
        return None
    if isinstance(raw, list):
        raise AmendsError("Choose one country.", "")
    return country_code(str(raw))


def _next_path(raw: Any) -> str:
    return str(raw) if isinstance(raw, str) and raw in HARK_NEXT else ""


def take_page(
    request: Request,
    settings: Settings,
    instrument_id: str,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
) -> Response:
    from amends.catalogue.instruments import load_instrument
    from amends.catalogue.safety import safety_texts

    instrument = load_instrument(instrument_id)
    next_path = _next_path(values.get("next"))
    context: dict[str, Any] = {"page": HARK_NEXT.get(next_path, "assess")}
    context["instrument"] = instrument
    context |= {"values": values, "errors": errors.fields, "next": next_path}
    context |= {"texts": safety_texts(), "countries": country_choices(settings)}
    return render(request, "assess_take.html", context, status)


def country_choices(settings: Settings) -> dict[str, Any]:
    """The directory's countries for a select, and the one AMENDS_COUNTRY names (if any)."""
    from amends.catalogue.crisis import load_helplines
    from amends.services.safety import help_now

    _, names = load_helplines()
    return {"names": names, "default": help_now(settings).country or ""}


def pathway_page(
    request: Request,
    settings: Settings,
    now: Any,
    country: str | None,
    next_path: str,
    answered: str = "",
) -> Response:
    """Why reconnection is closed, and the lines for the country; `answered` is the HARK
    result's own words when the screen was just taken."""
    from amends.catalogue.safety import safety_texts
    from amends.services.plan import plan_status
    from amends.services.safety import help_now

    found = help_now(settings, country)
    context: dict[str, Any] = {"page": HARK_NEXT.get(next_path, "assess")}
    context["texts"] = safety_texts()
    context |= {"help": found, "countries": country_choices(settings), "next": next_path}
    context["started"] = plan_status(settings, now).started
    context["answered"] = answered
    return render(request, "pathway.html", context)


def result_page(
    request: Request, settings: Settings, outcome: Any, country: str | None
) -> Response:
    from amends.catalogue.instruments import load_instrument
    from amends.catalogue.safety import safety_texts
    from amends.core.assessment import prefill
    from amends.services.safety import help_now

    result = outcome.result
    context: dict[str, Any] = {"page": "assess", "result": result, "texts": safety_texts()}
    context["help"] = help_now(settings, country) if outcome.crisis else None
    context["crisis"] = outcome.crisis
    context["step_up"] = None
    if result.step_up:
        target = load_instrument(result.step_up)
        what = "low mood" if target.id == "phq9" else "anxiety"
        context["step_up"] = {"instrument": target, "values": prefill(target, result), "what": what}
    context["countries"] = country_choices(settings)
    return render(request, "assess_result.html", context)
