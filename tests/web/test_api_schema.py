"""Schemathesis against /openapi.json: whatever it sends, the API never answers with a 500.

Driven through Hypothesis directly (one test per operation): schemathesis' own pytest plugin
does not run under pytest 9 yet.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error


def _operation_labels() -> list[str]:
    from amends.config import load_settings
    from amends.web.app import create_app

    spec = create_app(load_settings({"AMENDS_DATA_DIR": "/nonexistent"})).openapi()
    return [f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item]


def _on_loopback(app: Any) -> Any:
    """Schemathesis' client says Host: testserver; the app answers loopback names only."""

    async def asgi(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k != b"host"]
            scope = dict(scope, headers=[*headers, (b"host", b"127.0.0.1")])
        await app(scope, receive, send)

    return asgi


@pytest.mark.parametrize("label", _operation_labels())
def test_the_api_never_answers_with_a_server_error(web_settings: Any, label: str) -> None:
    from amends.web.app import create_app

    schema = schemathesis.openapi.from_asgi("/openapi.json", _on_loopback(create_app(web_settings)))
    method, path = label.split(" ", 1)
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    def never_500(case: Any) -> None:
        case.call_and_validate(checks=[not_a_server_error])

    never_500()
