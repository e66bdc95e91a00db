"""Settings: the no-contact length and limited contact, reminders, export, restore, forget;
and the plan's reminders as /calendar.ics."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from amends.config import Settings
from amends.core.errors import AmendsError
from amends.web.deps import NowDep, SettingsDep
from amends.web.forms import FormErrors, as_list, form_values, redirect, render

router = APIRouter(include_in_schema=False)
MAX_RESTORE_BYTES = 200 * 1024 * 1024


@router.get("/settings")
def settings_page(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    return _page(request, settings, now, {}, FormErrors())


@router.post("/settings/no-contact")
async def no_contact_submit(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    values = await form_values(request)
    errors = FormErrors()
    try:
        change_no_contact(settings, now, values.get("days"), as_list(values.get("shared")))
    except AmendsError as error:
        errors.add("shared" if "shared" in error.message else "days", error)
        return _page(request, settings, now, values, errors, status=400)
    return redirect("/settings", notice="settings.saved")


def change_no_contact(settings: Settings, now: datetime, days: Any, shared: list[str]) -> Any:
    """A new commitment with the same start day: the plan reads the latest one."""
    from amends.core import no_contact
    from amends.core.events import EventKind
    from amends.services.plan import log_event, plan_status
    from amends.web.pages import _whole_days

    checked_days = _whole_days(days)
    parts = no_contact.parse_shared(shared)
    state = plan_status(settings, now)
    if state.no_contact is None:
        raise AmendsError("There is no plan yet.", "Start a plan first.")
    data = {
        "since": state.no_contact.since.isoformat(),
        "days": checked_days,
        "shared": sorted(p.value for p in parts),
    }
    return log_event(settings, now, EventKind.NO_CONTACT_COMMITTED, data)[1]


@router.post("/settings/export")
def export_submit(settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.data import export_data

    with tempfile.TemporaryDirectory(prefix="amends-web-") as folder:
        path = Path(folder) / "amends-export.json"
        export_data(settings, path)
        body = path.read_bytes()
    name = f"amends-export-{now:%Y-%m-%d}.json"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type="application/json", headers=headers)


@router.post("/settings/restore")
async def restore_submit(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.data import restore_data

    form = await request.form()
    upload = form.get("file")
    errors = FormErrors()
    if upload is None or isinstance(upload, str) or not upload.filename:
        errors.add("file", AmendsError("Choose an export file first.", ""))
        return _page(request, settings, now, {}, errors, status=400)
    with tempfile.TemporaryDirectory(prefix="amends-web-") as folder:
        path = Path(folder) / "restore.json"
        path.write_bytes(await upload.read(MAX_RESTORE_BYTES))
        try:
            restore_data(settings, path)
        except AmendsError as error:
            errors.add("file", error)
            return _page(request, settings, now, {}, errors, status=400)
    return redirect("/settings", notice="settings.restored")


@router.post("/settings/forget")
async def forget_submit(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.data import forget_everything

    values = await form_values(request)
    if values.get("confirm") != "yes":
        errors = FormErrors()
        errors.add("confirm", AmendsError("Tick the box to confirm.", "Nothing was deleted."))
        return _page(request, settings, now, values, errors, status=400)
    forget_everything(settings)
    return redirect("/settings", notice="settings.forgotten")


@router.get("/calendar.ics")
def calendar_file(settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.calendar import calendar_bytes

    headers = {"Content-Disposition": 'attachment; filename="check-ins.ics"'}
    return Response(calendar_bytes(settings, now), media_type="text/calendar", headers=headers)


def _page(
    request: Request,
    settings: Settings,
    now: datetime,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
) -> Response:
    from amends.services.plan import plan_status

    state = plan_status(settings, now)
    nc = state.no_contact
    if not values and nc is not None:
        values = {"days": str(nc.period_days)}
    shared = as_list(values.get("shared")) if "shared" in values else _current_shared(settings)
    context = {"page": "settings", "state": state, "values": values, "errors": errors.fields}
    context["shared"] = shared
    return render(request, "settings.html", context, status)


def _current_shared(settings: Settings) -> list[str]:
    """What the latest no-contact commitment says the user shares with them."""
    from amends.core.events import EventKind, latest
    from amends.services.plan import load_all_events

    committed = latest(load_all_events(settings), EventKind.NO_CONTACT_COMMITTED)
    return as_list(committed.data.get("shared")) if committed else []
