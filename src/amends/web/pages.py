"""The pages of the plan: Today, starting a plan, logging urges and slips, the timeline.

Routes parse the request, make one service call and render a template. Each page
module has its own router; app.py includes them all.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from amends.core.errors import AmendsError
from amends.web.deps import NowDep, SettingsDep, in_turn
from amends.web.forms import FormErrors, as_list, form_values, redirect, render

router = APIRouter(include_in_schema=False)

# Which field a start_plan error belongs to, by the start of its message.
START_ERROR_FIELDS = (
    ("The breakup date", "breakup_date"),
    ("--ended-by", "ended_by"),
    ("No contact can't start", "no_contact_since"),
    ("A no-contact start", "no_contact_since"),
    ("A no-contact period", "no_contact_days"),
    ("Readiness answer", "want"),
)


@router.get("/")
async def today(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    """The first screen; the plan is computed on the app's worker, in turn (deps.in_turn)."""
    from amends.services.plan import plan_status

    state = await in_turn(request, plan_status, settings, now)
    context = {"page": "today", "state": state, "now": now}
    context["readiness_notes"] = readiness_notes(request.query_params.get("readiness", ""))
    return render(request, "today.html", context)


@router.get("/start")
def start_form(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.plan import plan_status
    from amends.web.assess_pages import hark_answered, hark_first_page

    if plan_status(settings, now).started:
        return redirect("/")
    if not hark_answered(settings):  # the abuse screen comes first (issue 5), once
        return hark_first_page(request, settings, "/start")
    values = {"no_contact_since": now.date().isoformat(), "no_contact_days": "30"}
    return _start_page(request, values, FormErrors())


@router.post("/start")
async def start_submit(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.plan import start_plan

    values = await form_values(request)
    errors = FormErrors()
    start = _start_request(values, errors)
    if start is not None and not errors:
        try:
            start_plan(settings, now, start)
        except AmendsError as error:
            errors.add(_start_error_field(error), error)
    if errors:
        return _start_page(request, values, errors, status=400)
    notes = readiness_note_keys(dict(start.readiness or {}) if start is not None else {})
    return redirect(f"/?readiness={','.join(notes)}" if notes else "/")


def readiness_note_keys(answers: dict[str, Any]) -> list[str]:
    """Which [readiness.notes] of plan.toml apply to the answers (as `amends start` shows them)."""
    keys = [str(answers.get("want"))]
    keys += ["not_patient"] if answers.get("patient") is False else []
    keys += ["cannot_accept_no"] if answers.get("can_accept_no") is False else []
    return keys


def readiness_notes(raw: str) -> list[str]:
    """The notes named in Today's ?readiness=..., looked up in plan.toml only (a link can never
    put words of its own on the page)."""
    from amends.catalogue.plan import load_readiness

    if not raw:
        return []
    notes = load_readiness()["notes"]
    return [str(notes[key]) for key in dict.fromkeys(raw.split(",")) if key in notes]


def _start_page(
    request: Request, values: dict[str, Any], errors: FormErrors, status: int = 200
) -> Response:
    from amends.catalogue.plan import load_readiness

    context = {"page": "start", "values": values, "errors": errors.fields}
    context["readiness"] = load_readiness()
    context["shared"] = as_list(values.get("shared"))
    return render(request, "start.html", context, status)


def _start_request(values: dict[str, Any], errors: FormErrors) -> Any:
    from amends.clock import parse_date
    from amends.core import no_contact
    from amends.services.plan import ENDED_BY, READINESS_WANTS, StartRequest

    get = values.get
    breakup = errors.check("breakup_date", parse_date, str(get("breakup_date", "")), "Breakup date")
    since = errors.check(
        "no_contact_since", parse_date, str(get("no_contact_since", "")), "No-contact start"
    )
    days = errors.check("no_contact_days", _whole_days, get("no_contact_days", ""))
    shared = errors.check("shared", no_contact.parse_shared, as_list(get("shared")))
    ended_by = errors.check("ended_by", _one_of, get("ended_by"), ENDED_BY, "Who ended it")
    want = errors.check("want", _one_of, get("want"), READINESS_WANTS, "Your answer")
    if errors or breakup is None or since is None or days is None or shared is None:
        return None
    return StartRequest(
        breakup_date=breakup,
        ended_by=str(ended_by),
        no_contact_since=since,
        no_contact_days=days,
        shared=shared,
        asked_no_contact=bool(get("asked_no_contact")),
        nickname=str(get("nickname", "")).strip()[:40] or "them",
        readiness={
            "want": want,
            "patient": _yes_no(get("patient")),
            "can_accept_no": _yes_no(get("can_accept_no")),
        },
    )


def _whole_days(raw: Any) -> int:
    from amends.core import no_contact

    try:
        days = int(str(raw).strip())
    except ValueError:
        raise AmendsError(
            f"{raw!r} is not a number of days." if raw else "The number of days is missing.",
            f"Give whole days, {no_contact.MIN_DAYS}-{no_contact.MAX_DAYS}.",
        ) from None
    return no_contact.validate_days(days)


def _one_of(value: Any, options: tuple[str, ...], what: str) -> str:
    if value not in options:
        raise AmendsError(f"{what}: please choose one of the options.", "")
    return str(value)


def _yes_no(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(str(value or ""))


def _start_error_field(error: AmendsError) -> str:
    for prefix, field in START_ERROR_FIELDS:
        if error.message.startswith(prefix):
            return field
    return "form"


# What each form on Today (urge, slip) and the plan page (contact, talk, check-in) may log.
LOG_FIELDS = {
    "urge": ("note",),
    "slip": ("note", "what"),
    "contact": ("direction", "channel", "logistics", "note"),
    "talk": ("outcome", "note"),
    "checkin": ("note",),
}


@router.post("/log/{kind}")
async def log_submit(request: Request, kind: str, settings: SettingsDep, now: NowDep) -> Response:
    """The quick forms: an urge or slip from Today, a contact, talk or check-in from the plan."""
    from amends.core.events import EventKind
    from amends.services.plan import log_event

    if kind not in LOG_FIELDS:
        raise AmendsError(f"{kind!r} can't be logged here.", "Log an urge, slip or contact.")
    values = await form_values(request)
    data = {key: str(values.get(key, "")).strip() for key in LOG_FIELDS[kind]}
    if "logistics" in data:
        data["logistics"] = bool(data["logistics"])  # type: ignore[assignment]
    event_kind = EventKind.TALK_HELD if kind == "talk" else EventKind(kind)
    try:
        log_event(settings, now, event_kind, data)
    except AmendsError as error:
        return await _log_rejected(request, kind, values, error, settings, now)
    if kind in ("urge", "slip"):
        return redirect("/", notice=f"today.{kind}_logged")
    return redirect("/plan", notice="plan.logged")


async def _log_rejected(
    request: Request, kind: str, values: dict[str, Any], error: AmendsError, settings: Any, now: Any
) -> Response:
    """The form again, with the message next to it and what was typed; nothing was stored."""
    from amends.services.plan import plan_status

    shown = {"values": values, "errors": {kind: error.one_line()}}
    if kind in ("urge", "slip"):
        context = {"page": "today", "state": plan_status(settings, now), "now": now} | shown
        return render(request, "today.html", context, status=400)
    return render(request, "plan.html", _timeline_context(settings, now) | shown, status=400)


@router.get("/plan")
def timeline(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    return render(request, "plan.html", _timeline_context(settings, now))


def _timeline_context(settings: Any, now: Any) -> dict[str, Any]:
    from amends.core.stages import RECONCILIATION_ORDER
    from amends.services.plan import load_all_events, plan_status

    state = plan_status(settings, now)
    events = [e for e in load_all_events(settings) if e.at <= now]
    context = {"page": "plan", "state": state, "order": RECONCILIATION_ORDER, "now": now}
    context["history"] = [_history_line(e) for e in reversed(events[-50:])]
    context["values"], context["errors"] = {}, {}
    return context


def _history_line(event: Any) -> dict[str, Any]:
    """What the timeline shows of an event: when, what kind, and the user's own note."""
    note = event.data.get("note") or event.data.get("text") or ""
    label = str(event.kind.value).replace("_", " ")
    return {"at": event.at, "kind": label, "note": str(note)[:140]}
