"""`amends serve`: loopback only, a clear error for a busy port, and a real server that answers."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "example.com", "::"])
def test_serve_refuses_a_host_other_than_this_computer(run_cli: Any, host: str) -> None:
    result = run_cli("serve", "--host", host)
    assert result.exit_code == 2
    assert "Hosted mode is a later feature" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_says_so_when_the_port_is_taken(run_cli: Any) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port))
    assert result.exit_code == 2 and "already in use" in result.stderr


def test_a_real_server_serves_today_and_the_api_on_loopback(live_server: str) -> None:
    page = httpx.get(live_server + "/", timeout=10)
    assert page.status_code == 200 and "Start my plan" in page.text
    assert httpx.get(live_server + "/api/status", timeout=10).json()["started"] is False


def test_the_demo_flag_serves_the_sample_plan(launch: Any) -> None:
    url = launch("--demo")
    page = httpx.get(url + "/", timeout=10).text
    assert "sample plan" in page and 'id="no-contact-counter"' in page
    insights = httpx.get(url + "/insights", timeout=10).text
    assert 'id="chat-chart"' in insights and "Alex and Sam" in insights


def test_serve_prints_the_address_to_open(data_dir: Any) -> None:
    import os
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, AMENDS_DATA_DIR=str(data_dir))
    command = [sys.executable, "-m", "amends", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()  # type: ignore[union-attr]
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert first.startswith(f"amends is running at http://127.0.0.1:{port}/")
