"""Templates and form handling shared by the page modules.

A rejected form is rendered again with status 400, a message next to each field that was wrong,
and every value as the user typed it; nothing is stored unless every field parsed and the
service call succeeded (services own the transaction).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from amends.core.errors import AmendsError

T = TypeVar("T")
TEMPLATES = Path(__file__).resolve().parent / "templates"


def build_templates(demo: bool) -> Jinja2Templates:
    from amends import __version__
    from amends.catalogue import load_toml
    from amends.catalogue.stages import load_guide

    templates = Jinja2Templates(directory=TEMPLATES)
    templates.env.auto_reload = False  # shipped templates never change under a running server
    guide = load_guide()
    templates.env.globals.update(
        t=load_toml("web.toml"),
        demo=demo,
        version=__version__,
        stage_title=lambda stage_id: guide.stage(str(stage_id)).title,
        guide=guide,
        has_safety=True,
    )
    templates.env.filters["day"] = _day
    templates.env.filters["commands"] = commands_as_links
    templates.env.filters["when"] = _when
    templates.env.filters["tel"] = tel_href
    return templates


# The plan's words name CLI commands in backticks; in the browser they become links to the page
# that does the same thing (the longest matching command wins).
COMMAND_PAGES = (
    ("amends log urge", "/#log-title", "log it on Today"),
    ("amends log checkin", "/plan#log-more", "log it on your plan"),
    ("amends habit check", "/habits", "habits"),
    ("amends habit add", "/habits", "add a habit"),
    ("amends journal add", "/journal", "the journal"),
    ("amends help-now", "/help", "Help now"),
    ("amends assess take who5", "/assess/who5", "the well-being check"),
    ("amends assess", "/assess", "Screens"),
    ("amends forget", "/settings#data-heading", "Settings: your data"),
    ("amends safe", "/help", "I'm safe now"),
    ("amends start", "/start", "start your plan"),
    ("amends reflect", "/reflect", "the reflection workbook"),
    ("amends decide", "/decide", "Decide"),
    ("amends check", "/coach", "the coach"),
    ("amends coach", "/coach", "the coach"),
    ("amends chat report", "/insights", "Insights"),
    ("amends status", "/", "Today"),
)
_BACKTICKS = re.compile(r"`([^`]+)`")


def commands_as_links(text: str) -> Markup:
    """Escapes the text; each `amends ...` command becomes a link to its page (else <code>)."""

    def link(match: re.Match[str]) -> str:
        command = match.group(1)  # already escaped with the rest of the text
        for prefix, href, label in COMMAND_PAGES:
            if command.startswith(prefix):
                return f'<a href="{href}">{escape(label)}</a>'
        return f"<code>{command}</code>"

    return Markup(_BACKTICKS.sub(link, str(escape(text))))


def _day(value: Any) -> str:
    return f"{value:%a %d %b %Y}" if value else ""


def _when(value: datetime | None) -> str:
    return f"{value:%a %d %b, %H:%M}" if value else ""


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    context.setdefault("notice", notice_text(templates, request.query_params.get("notice", "")))
    response: HTMLResponse = templates.TemplateResponse(request, name, context, status_code=status)
    return response


def notice_text(templates: Jinja2Templates, key: str) -> str:
    """A confirmation named in the query (?notice=journal.saved), looked up in web.toml only,
    so a link can never put words of its own on the page."""
    section, _, name = key.partition(".")
    texts: dict[str, Any] = templates.env.globals["t"]  # type: ignore[assignment]
    found = texts.get(section, {}).get(name, "")
    return found if isinstance(found, str) else ""


def redirect(path: str, notice: str = "") -> RedirectResponse:
    """After a successful post: see the result (303, so a reload does not post again)."""
    from urllib.parse import urlencode

    joiner = "&" if "?" in path else "?"
    target = f"{path}{joiner}{urlencode({'notice': notice})}" if notice else path
    return RedirectResponse(target, status_code=303)


class FormErrors:
    """Collects one message per field; `check` returns None for a field that failed."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def check(self, field: str, parse: Callable[..., T], *args: Any) -> T | None:
        try:
            return parse(*args)
        except AmendsError as error:
            self.fields.setdefault(field, error.one_line())
            return None

    def add(self, field: str, error: AmendsError) -> None:
        self.fields.setdefault(field, error.one_line())

    def __bool__(self) -> bool:
        return bool(self.fields)


async def form_values(request: Request) -> dict[str, Any]:
    """The posted fields: a single value as a string, a repeated field (checkboxes) as a list."""
    form = await request.form()
    values: dict[str, Any] = {}
    for key in form:
        items = [v for v in form.getlist(key) if isinstance(v, str)]
        values[key] = items if len(items) > 1 else (items[0] if items else "")
    return values


def as_list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def tel_href(phone: str) -> str:
    """A dialable tel: target from a directory entry such as "999 (or 112)": its first number."""
    found = re.search(r"\+?\d[\d\s-]*", phone)
    return "tel:" + re.sub(r"[\s-]", "", found.group()) if found else ""
