"""create_app(settings): the FastAPI app behind `amends serve`.

The one place where AmendsError becomes an HTTP answer: a 400 page for the browser, or
{"error", "hint", "detail"} JSON under /api/. A small ASGI guard accepts only loopback host
names (so another web site cannot reach the app through DNS rebinding) and refuses form posts
sent from another origin.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from amends import __version__
from amends.config import Settings
from amends.core.errors import AmendsError

HERE = Path(__file__).resolve().parent
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def create_app(settings: Settings, *, demo: bool = False) -> FastAPI:
    from amends.web import (
        api,
        api_assess,
        api_more,
        assess_pages,
        coach_pages,
        guide_pages,
        insights_pages,
        pages,
        rebuild_pages,
        safety_pages,
        settings_pages,
        workbook_pages,
    )
    from amends.web.forms import build_templates

    app = FastAPI(
        title="amends",
        version=__version__,
        summary="The local JSON API of amends. It listens on this computer only.",
        docs_url=None,  # Swagger UI would load from a CDN; the schema is at /openapi.json
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.demo = demo
    app.state.templates = build_templates(demo)
    # The busiest calls (Today's plan, coach reviews) run on one worker thread, first come
    # first served, while the event loop keeps reading requests (deps.in_turn).
    app.state.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="amends-work")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(AmendsError, _amends_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    page_modules = [pages, rebuild_pages, coach_pages, workbook_pages, insights_pages, guide_pages]
    page_modules += [settings_pages, safety_pages, assess_pages]
    for module in (*page_modules, api, api_more, api_assess):
        app.include_router(module.router)
    app.add_middleware(LoopbackGuard)
    return app


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "json" in request.headers.get("accept", "")


async def _amends_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, AmendsError)
    if wants_json(request):
        body = {"error": error.message, "hint": error.hint, "detail": error.one_line()}
        return JSONResponse(body, status_code=400)
    return _error_page(request, error.message, error.hint, 400)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    if wants_json(request) or error.status_code != 404:
        return JSONResponse({"detail": error.detail}, status_code=error.status_code)
    texts = request.app.state.templates.env.globals["t"]["errors"]
    return _error_page(request, texts["not_found"], texts["not_found_hint"], 404)


def _error_page(request: Request, message: str, hint: str, status: int) -> Response:
    from amends.web.forms import render

    context: dict[str, Any] = {"message": message, "hint": hint, "page": "error"}
    return render(request, "error.html", context, status)


class LoopbackGuard:
    """Only loopback Host headers, and no cross-site posts (pure ASGI: cheap per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            problem = _guard_problem(scope["method"], headers)
            if problem:
                await JSONResponse({"detail": problem}, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _guard_problem(method: str, headers: dict[str, Any]) -> str | None:
    host = headers.get("host", "")
    if _hostname(host) not in LOOPBACK_NAMES:
        return "amends answers only on this computer (127.0.0.1 or localhost)."
    origin = headers.get("origin")
    foreign_origin = bool(origin) and origin != "null" and urlsplit(origin).netloc != host
    cross_site = foreign_origin or headers.get("sec-fetch-site") == "cross-site"
    if method not in SAFE_METHODS and cross_site:
        return "This request came from another web site, so amends refused it."
    return None


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
