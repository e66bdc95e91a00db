"""Reflect and decide: the two workbooks, over services.workbook (as `amends reflect|decide`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from amends.config import Settings
from amends.core.errors import AmendsError
from amends.web.deps import NowDep, SettingsDep
from amends.web.forms import FormErrors, as_list, form_values, redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/reflect")
def reflect(request: Request, settings: SettingsDep) -> Response:
    return _reflect_page(request, settings, {}, FormErrors())


@router.post("/reflect")
async def reflect_submit(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.workbook import save_reflection

    values = await form_values(request)
    errors = FormErrors()
    try:
        result = save_reflection(settings, now, reflection_update(values))
    except AmendsError as error:
        errors.add("form", error)
        return _reflect_page(request, settings, values, errors, status=400)
    return redirect("/help" if result.crisis else "/reflect", notice="settings.saved")


def reflection_update(values: dict[str, Any]) -> dict[str, Any]:
    """Form fields to the workbook's keys: answer.<id> texts, one list item per line."""
    answers = {
        key.removeprefix("answer."): str(value)
        for key, value in values.items()
        if key.startswith("answer.") and str(value).strip()
    }
    lines = {
        key: [line for line in str(values.get(key, "")).splitlines() if line.strip()]
        for key in ("my_part", "their_part", "changes")
    }
    return {"answers": answers, **lines, "root_causes": as_list(values.get("root_causes"))}


def _reflect_page(
    request: Request,
    settings: Settings,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
) -> Response:
    from amends.catalogue.workbook import load_workbook
    from amends.core.reflection import missing_for_gate
    from amends.services.workbook import current_reflection

    stored = dict(current_reflection(settings) or {})
    answers = dict(stored.get("answers") or {})
    answers.update({k.removeprefix("answer."): v for k, v in values.items() if "." in k})
    context = {"page": "reflect", "book": load_workbook(), "stored": stored, "answers": answers}
    context |= {"values": values, "errors": errors.fields, "missing": missing_for_gate(stored)}
    context["causes"] = as_list(values.get("root_causes")) or stored.get("root_causes") or []
    return render(request, "reflect.html", context, status)


@router.get("/decide")
def decide(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    """HARK first (once); after a positive screen, the safety pathway instead of the choice."""
    from amends.web.assess_pages import (
        hark_answered,
        hark_first_page,
        hark_was_positive,
        pathway_page,
    )

    if not hark_answered(settings):
        return hark_first_page(request, settings, "/decide")
    if hark_was_positive(settings):
        return pathway_page(request, settings, now, None, "/decide")
    return _decide_page(request, {}, FormErrors())


@router.post("/decide")
async def decide_submit(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.workbook import make_decision

    values = await form_values(request)
    errors = FormErrors()
    go, letgo = as_list(values.get("go_signs")), as_list(values.get("letgo_signs"))
    cycles = errors.check("cycles", _cycles, values.get("cycles", ""))
    if not values.get("choice"):
        errors.add("choice", AmendsError("Choose one: reach out once, or move on.", ""))
    if errors:
        return _decide_page(request, values, errors, status=400)
    try:
        result = make_decision(settings, now, go, letgo, str(values["choice"]), cycles or 0)
    except AmendsError as error:
        errors.add("form", error)
        return _decide_page(request, values, errors, status=400)
    return _decide_page(request, values, errors, result=result)


def _cycles(raw: Any) -> int:
    text = str(raw or "0").strip()
    if not text.isdigit() or int(text) > 100:
        raise AmendsError(f"{text!r} is not a number of times.", "Give a whole number, e.g. 0.")
    return int(text)


def _decide_page(
    request: Request,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
    result: Any = None,
) -> Response:
    from amends.catalogue.workbook import load_decide_texts

    texts = load_decide_texts()
    context = {"page": "decide", "texts": texts, "values": values, "errors": errors.fields}
    context["go"] = as_list(values.get("go_signs"))
    context["letgo"] = as_list(values.get("letgo_signs"))
    context["result"] = result
    context["explained"] = explain(texts, result) if result else []
    return render(request, "decide.html", context, status)


def explain(texts: Any, result: Any) -> list[str]:
    """The explanation, then the notes that apply (as `amends decide` prints them)."""
    from amends.core.decision import Choice

    decision, notes = result.decision, texts.notes
    paragraphs = [texts.explain(decision)]
    if decision.choice is Choice.REACH_OUT:
        if result.do_not_contact:
            paragraphs.append(notes["do_not_contact"])
        if result.reflection_missing:
            missing = ", ".join(result.reflection_missing)
            paragraphs.append(notes["reflection_missing"].format(missing=missing))
        if not result.do_not_contact:
            paragraphs.append(notes["gauge_openness"])
    cycles = int(result.data.get("cycles") or 0)
    if cycles:
        from amends.services.safety import evidence_for

        paragraphs.append(notes["cycles"].format(cycles=cycles))
        paragraphs += [f"{c.text} ({c.citation})" for c in evidence_for("cycling")]
    return paragraphs
