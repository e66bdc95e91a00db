"""The coach page: a draft reviewed as you type (htmx, debounced), spans highlighted with
their reasons, the verdict and a rewrite. One core: services.coach, as `amends check` uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from amends.config import Settings
from amends.core.errors import AmendsError
from amends.web.deps import NowDep, SettingsDep
from amends.web.forms import FormErrors, form_values, redirect, render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Segment:
    text: str
    reasons: tuple[str, ...]  # empty: plain text; else the findings that cover it


def coach_available() -> bool:
    from importlib.util import find_spec

    return find_spec("amends.services.coach") is not None


def highlight(draft: str, findings: Any) -> list[Segment]:
    """The draft cut at every finding's edges; each piece carries the reasons covering it."""
    spans = [(f.start, f.end, f.reason) for f in findings if 0 <= f.start < f.end <= len(draft)]
    cuts = sorted({0, len(draft), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        reasons = tuple(dict.fromkeys(r for s, e, r in spans if s <= start and end <= e))
        segments.append(Segment(draft[start:end], reasons))
    return segments


def check(settings: Settings, now: datetime, draft: str, drinking: bool, hold: bool = False) -> Any:
    from amends.services.coach import Preview, check_draft

    return check_draft(settings, now, draft, Preview(drinking=drinking), hold=hold)


async def check_in_turn(
    request: Request,
    settings: Settings,
    now: datetime,
    draft: str,
    drinking: bool,
    hold: bool = False,
) -> Any:
    """A review on the app's worker, first come first served (deps.in_turn)."""
    from amends.web.deps import in_turn

    return await in_turn(request, check, settings, now, draft, drinking, hold)


def review_context(settings: Settings, result: Any) -> dict[str, Any]:
    review = result.review
    context: dict[str, Any] = {"result": result, "review": review}
    # Context findings (no contact, late night) are about the whole message: listed, not marked.
    spans = [f for f in review.findings if getattr(f, "source", "") != "context"]
    context["segments"] = highlight(result.draft, spans)
    if review.crisis:
        from amends.services.safety import help_now

        context["help"] = help_now(settings)
    return context


@router.get("/coach")
def coach(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    context = _base({}, FormErrors())
    context["held"] = _held(settings, now)
    return render(request, "coach.html", context)


def _held(settings: Settings, now: datetime) -> list[Any]:
    from amends.services.coach import held_drafts

    return held_drafts(settings, now) if coach_available() else []


@router.post("/coach/held")
async def held_submit(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    """What became of a held draft: sent, rewritten, or let go (a win)."""
    from amends.services.coach import resolve_held

    values = await form_values(request)
    held_id = str(values.get("held_id", ""))
    if not held_id.isdigit():
        raise AmendsError("Which held draft? The form did not say.", "Go back to the coach.")
    resolve_held(settings, now, int(held_id), str(values.get("choice", "")))
    return redirect("/coach", notice=f"coach.resolved_{values.get('choice')}")


@router.post("/coach")
async def coach_submit(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    """Without JavaScript the form posts here; the review shows under the draft."""
    values = await form_values(request)
    context = _base(values, FormErrors())
    hold = values.get("action") == "hold"
    try:
        draft, drinking = str(values.get("draft", "")), bool(values.get("drinking"))
        result = await check_in_turn(request, settings, now, draft, drinking, hold)
    except AmendsError as error:
        context["errors"] = {"draft": error.one_line()}
        return render(request, "coach.html", context, status=400)
    if hold:
        return redirect("/coach", notice="coach.held")
    context.update(review_context(settings, result))
    return render(request, "coach.html", context)


@router.post("/coach/review")
async def coach_review(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    """The htmx partial: the review of what is in the box right now (empty box: a prompt)."""
    values = await form_values(request)
    draft = str(values.get("draft", ""))
    if not draft.strip():
        return render(request, "_review.html", {"empty": True})
    try:
        result = await check_in_turn(request, settings, now, draft, bool(values.get("drinking")))
    except AmendsError as error:
        return render(request, "_review.html", {"problem": error.one_line()})
    return render(request, "_review.html", review_context(settings, result))


def _base(values: dict[str, Any], errors: FormErrors) -> dict[str, Any]:
    return {"page": "coach", "values": values, "errors": errors.fields, "ready": coach_available()}
