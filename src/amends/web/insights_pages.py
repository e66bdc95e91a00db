"""Insights: import a chat export and see its rhythm (services.chats, as `amends chat`).

The upload is written to a private temporary folder under its own file name (the importers
detect the format from the bytes, a .zip by its members), imported in one transaction, and
deleted. The chart is the same SVG `amends chat report --chart` writes (amends.charts).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from amends.config import Settings
from amends.core.errors import AmendsError
from amends.web.deps import SettingsDep
from amends.web.forms import FormErrors, redirect, render

router = APIRouter(include_in_schema=False)
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
ROWS = (
    "messages",
    "start_share",
    "reply_median_s",
    "reply_p90_s",
    "longest_unanswered",
    "question_ratio",
    "average_length",
    "late_night_share",
)


@router.get("/insights")
def insights(request: Request, settings: SettingsDep) -> Response:
    chat = request.query_params.get("chat")
    chat_id = int(chat) if chat and chat.isdigit() else None
    return _page(request, settings, chat_id, {}, FormErrors())


@router.post("/insights/import")
async def import_submit(request: Request, settings: SettingsDep) -> Response:
    form = await request.form()
    upload, me = form.get("file"), str(form.get("me") or "").strip() or None
    values = {"me": me or ""}
    errors = FormErrors()
    if upload is None or isinstance(upload, str) or not upload.filename:
        errors.add("file", AmendsError("Choose the exported chat file first.", ""))
        return _page(request, settings, None, values, errors, status=400)
    try:
        summary = await import_upload(settings, upload, me)
    except AmendsError as error:
        errors.add(
            "me" if "--me" in error.hint or "participant" in error.message else "file", error
        )
        return _page(request, settings, None, values, errors, status=400)
    return redirect(f"/insights?chat={summary.chat_id}", notice="insights.imported")


async def import_upload(settings: Settings, upload: Any, me: str | None) -> Any:
    from starlette.concurrency import run_in_threadpool

    from amends.services.chats import import_chat

    name = Path(str(upload.filename)).name or "chat.txt"
    with tempfile.TemporaryDirectory(prefix="amends-chat-") as folder:
        path = Path(folder) / name
        path.write_bytes(await upload.read(MAX_UPLOAD_BYTES))
        # A large export takes seconds: off the event loop, so other pages keep answering.
        return await run_in_threadpool(import_chat, settings, path, me)


def _page(
    request: Request,
    settings: Settings,
    chat_id: int | None,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
) -> Response:
    from amends.services.chats import list_chats

    chats = list_chats(settings)
    context: dict[str, Any] = {"page": "insights", "chats": chats, "values": values}
    context |= {"errors": errors.fields, "rows": ROWS, "show": show_value}
    if chats and not errors:
        context.update(report_context(settings, chat_id))
    return render(request, "insights.html", context, status)


def report_context(settings: Settings, chat_id: int | None) -> dict[str, Any]:
    """The report of one chat (the latest by default), or why there is none yet."""
    from amends.charts import weekly_chart
    from amends.services.chats import chat_report

    try:
        report = chat_report(settings, chat_id)
    except AmendsError as error:
        return {"report_problem": error.one_line()}
    moving = [t for t in report.metrics.trends if t.direction in ("up", "down")]
    return {"report": report, "chart": Markup(weekly_chart(report.metrics)), "moving": moving}


def show_value(name: str, value: Any) -> str:
    """A metric as people read it: durations in s/min/h, shares in %, counts as they are."""
    if value is None:
        return "–"
    if name.endswith("_s"):
        seconds = float(value)
        if seconds < 90:
            return f"{seconds:.0f} s"
        return f"{seconds / 60:.0f} min" if seconds < 5400 else f"{seconds / 3600:.1f} h"
    if name.endswith(("share", "ratio")):
        return f"{value:.0%}"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


@router.post("/insights/forget")
async def forget_submit(request: Request, settings: SettingsDep) -> Response:
    from amends.services.chats import forget_chat

    form = await request.form()
    chat = str(form.get("chat") or "")
    if not chat.isdigit():
        raise AmendsError("Which chat? The form did not say.", "Go back to Insights.")
    forget_chat(settings, int(chat))
    return redirect("/insights", notice="insights.forgotten")
