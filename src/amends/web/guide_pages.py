"""The guide in the browser: each stage's guidance (content/guidance/*.md), as `amends guide`.

The Markdown is rendered with raw HTML switched off, so only the shipped words and their
formatting reach the page; `amends ...` commands in it become links to their pages.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from amends.web.forms import COMMAND_PAGES, render

router = APIRouter(include_in_schema=False)
_CODE = re.compile(r"<code>(amends [^<]*)</code>")


@router.get("/guide")
def guide_index(request: Request) -> Response:
    return render(request, "guide.html", {"page": "guide", "info": None})


@router.get("/guide/{stage_id}")
def guide_stage(request: Request, stage_id: str) -> Response:
    from amends.catalogue.stages import load_guide

    info = load_guide().stage(stage_id)
    return render(request, "guide.html", {"page": "guide", "info": info, "body": stage_html(info)})


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def stage_html(info: Any) -> Markup:
    from amends.core.guide import render_markdown

    html = _markdown().render(render_markdown(info))
    return Markup(_CODE.sub(_command_link, html))


def _command_link(match: re.Match[str]) -> str:
    command = match.group(1)
    for prefix, href, label in COMMAND_PAGES:
        if command.startswith(prefix):
            return f'<a href="{href}">{label}</a>'
    return match.group(0)
