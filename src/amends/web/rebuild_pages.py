"""Rebuild yourself: the journal with its mood and urges chart, and habits with check-ins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from amends.config import Settings
from amends.core.errors import AmendsError
from amends.web.deps import NowDep, SettingsDep
from amends.web.forms import FormErrors, form_values, redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/journal")
def journal(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    return _journal_page(request, settings, now, {}, FormErrors())


@router.post("/journal")
async def journal_submit(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.rebuild import add_journal_entry

    values = await form_values(request)
    errors = FormErrors()
    try:
        entry = add_journal_entry(
            settings, now, str(values.get("text", "")), values.get("mood") or None
        )
    except AmendsError as error:
        errors.add("mood" if error.message.startswith("Mood") else "text", error)
        return _journal_page(request, settings, now, values, errors, status=400)
    if entry.crisis:  # saved, and safety comes first: the help lines, then the journal
        return redirect("/help", notice="journal.saved")
    return redirect("/journal", notice="journal.saved")


def _journal_page(
    request: Request,
    settings: Settings,
    now: datetime,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
) -> Response:
    from amends.core.events import EventKind
    from amends.services.plan import load_all_events
    from amends.services.rebuild import list_journal
    from amends.web.charts import mood_and_urges_svg

    entries = list_journal(settings)
    urges = [e.at for e in load_all_events(settings) if e.kind is EventKind.URGE and e.at <= now]
    moods = [(e.at, e.mood) for e in entries if e.mood is not None and e.at <= now]
    context: dict[str, Any] = {"page": "journal", "values": values, "errors": errors.fields}
    context["entries"] = list(reversed(entries[-30:]))
    context["chart"] = mood_and_urges_svg(moods, urges, now.date())
    return render(request, "journal.html", context, status)


@router.get("/habits")
def habits(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    return _habits_page(request, settings, now, {}, FormErrors())


@router.post("/habits")
async def habit_submit(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.rebuild import add_habit

    values = await form_values(request)
    errors = FormErrors()
    try:
        add_habit(
            settings,
            now,
            str(values.get("name", "")),
            str(values.get("area", "")),
            str(values.get("goal", "")),
        )
    except AmendsError as error:
        errors.add("area" if error.message.startswith("Unknown area") else "name", error)
        return _habits_page(request, settings, now, values, errors, status=400)
    return redirect("/habits", notice="habits.added")


@router.post("/habits/check")
async def habit_check(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.rebuild import check_habit

    values = await form_values(request)
    check_habit(settings, now, str(values.get("name", "")), str(values.get("note", "")))
    return redirect("/habits", notice="habits.checked")


def _habits_page(
    request: Request,
    settings: Settings,
    now: datetime,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
) -> Response:
    from amends.core.habits import HabitArea
    from amends.services.rebuild import list_habits

    context: dict[str, Any] = {"page": "habits", "values": values, "errors": errors.fields}
    context["habits"] = list_habits(settings, now)
    context["areas"] = [a.value for a in HabitArea]
    return render(request, "habits.html", context, status)
