"""Web fixtures: a TestClient on a private SQLite file, a started plan, and a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

FIXED_NOW = "2026-03-01T21:30:00+00:00"  # as tests/conftest.py


def pytest_configure(config: pytest.Config) -> None:
    # Starlette 1.10 nudges TestClient users towards httpx2; httpx 0.28 works as it is.
    config.addinivalue_line("filterwarnings", "ignore:.*httpx2")


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


def launch_server(data: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    """`amends serve ARGS` as a user starts it, on 127.0.0.1 and a free port, once listening."""
    port = free_port()
    env = dict(os.environ, AMENDS_DATA_DIR=str(data), AMENDS_NOW=FIXED_NOW, OMP_NUM_THREADS="1")
    command = [sys.executable, "-m", "amends", "serve", "--port", str(port), *args]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, server)
    except RuntimeError:
        stop_server(server)
        raise
    return server, f"http://127.0.0.1:{port}"


def stop_server(server: subprocess.Popen[bytes]) -> str:
    """Stops the server; returns what it printed."""
    server.terminate()
    out, _ = server.communicate(timeout=10)
    return out.decode()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `amends serve` on its own data dir for the module; yields its URL."""
    server, url = launch_server(tmp_path_factory.mktemp("live-data"))
    try:
        yield url
    finally:
        stop_server(server)


@pytest.fixture
def launch(data_dir: Path) -> Iterator[Callable[..., str]]:
    """launch("--demo") starts a server on this test's data dir; stopped after the test."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> str:
        server, url = launch_server(data_dir, *args)
        started.append(server)
        return url

    yield start
    for server in started:
        stop_server(server)


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
