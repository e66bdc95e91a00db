"""Help now: support lines for the user's country, and "I'm safe now" when the plan is paused.

The words are content/safety.toml's (services.safety and catalogue.safety, as `amends help-now`
and `amends safe` use them).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from amends.web.deps import NowDep, SettingsDep
from amends.web.forms import redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/help")
def help_now_page(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    from amends.catalogue.safety import safety_texts
    from amends.services.plan import plan_status
    from amends.services.safety import help_now

    country = request.query_params.get("country") or None
    context: dict[str, Any] = {"page": "help", "texts": safety_texts(), "country": country or ""}
    context["help"] = help_now(settings, country)
    context["paused"] = plan_status(settings, now).safety_pause
    return render(request, "help.html", context)


@router.post("/help/safe")
def safe_submit(settings: SettingsDep, now: NowDep) -> Response:
    from amends.services.safety import confirm_safe

    confirm_safe(settings, now)
    return redirect("/", notice="help.safe")
