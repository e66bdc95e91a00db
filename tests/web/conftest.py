"""Web fixtures: a TestClient on a private SQLite file, a started plan, and a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

FIXED_NOW = "2026-03-01T21:30:00+00:00"  # as tests/conftest.py


def pytest_configure(config: pytest.Config) -> None:
    # Starlette 1.10 nudges TestClient users towards httpx2; httpx 0.28 works as it is.
    config.addinivalue_line("filterwarnings", "ignore:.*httpx2.*:DeprecationWarning")

START_FORM = {
    "want": "this_person",
    "patient": "yes",
    "can_accept_no": "yes",
    "breakup_date": "2026-02-20",
    "ended_by": "them",
    "no_contact_since": "2026-02-22",
    "no_contact_days": "30",
    "nickname": "Sam",
}


@pytest.fixture
def start_form() -> dict[str, str]:
    return dict(START_FORM)


@pytest.fixture
def web_settings(cli_env: dict[str, str]) -> Any:
    """The same data dir and clock the run_cli fixture uses, so CLI and web see one store."""
    from amends.config import load_settings

    return load_settings(cli_env)


@pytest.fixture
def client(web_settings: Any) -> Any:
    from fastapi.testclient import TestClient

    from amends.web.app import create_app

    with TestClient(create_app(web_settings), base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


@pytest.fixture
def started(client: Any) -> Any:
    """A client whose plan is started: no contact since 22 Feb, 30 days."""
    response = client.post("/start", data=START_FORM, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def stored_events(web_settings: Any) -> Callable[[], list[Any]]:
    from amends.services.plan import load_all_events

    return lambda: load_all_events(web_settings)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`amends serve` as a user starts it, on 127.0.0.1 and a free port; yields its URL."""
    data = tmp_path_factory.mktemp("live-data")
    port = free_port()
    env = dict(os.environ, AMENDS_DATA_DIR=str(data), AMENDS_NOW=FIXED_NOW, OMP_NUM_THREADS="1")
    command = [sys.executable, "-m", "amends", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_for_port(port: int, server: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"amends serve exited: {server.stderr.read().decode()}")  # type: ignore[union-attr]
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"amends serve did not listen on {port} within {timeout} s")
