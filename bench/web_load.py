"""Load test of the web app: the Today page and the coach endpoint at 10 and 100 clients.

Starts `amends serve --demo` on 127.0.0.1 (a free port, a throwaway data dir), warms it up,
then fires requests from N concurrent httpx clients (at most --requests or --seconds per case)
and reports requests/s, p50/p95/max latency, errors and timeouts. Bounded: under 2 minutes.

    .venv/bin/python bench/web_load.py [--requests 1500] [--seconds 20] [--json FILE]

Targets (issue 6): at 10 clients >= 300 req/s with p95 < 50 ms; at 100, no errors or timeouts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

DRAFTS = (  # rotated, so no two requests in a row review the same text
    "please please come back to me, I'm begging you",
    "hey, hope your week is going well",
    "you never listened to me and you know it",
    "can we talk about us? I still love you",
    "saw a dog that looked just like Biscuit today, made me smile",
    "who were you with on Saturday night?",
    "I've changed, I promise, everything will be different now",
    "happy birthday, hope it's a good one",
)
TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(data_dir: str, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, AMENDS_DATA_DIR=data_dir, OMP_NUM_THREADS="1")
    env.pop("AMENDS_NOW", None)
    command = [sys.executable, "-m", "amends", "serve", "--demo", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"amends serve exited: {server.stderr.read().decode()}")  # type: ignore[union-attr]
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.1)
    server.terminate()
    raise SystemExit("amends serve did not start within 60 s")


async def one(client: httpx.AsyncClient, case: str, n: int) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        if case == "today":
            answer = await client.get("/")
        else:
            answer = await client.post("/coach/review", data={"draft": DRAFTS[n % len(DRAFTS)]})
        outcome = "ok" if answer.status_code == 200 else f"http {answer.status_code}"
    except httpx.TimeoutException:
        outcome = "timeout"
    except httpx.HTTPError as error:
        outcome = type(error).__name__
    return time.perf_counter() - started, outcome


async def run_case(
    base: str, case: str, clients: int, requests: int, seconds: float
) -> dict[str, object]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT, limits=limits) as client:
        for n in range(20):  # warm-up: model load, template compile, SQLite pages
            await one(client, case, n)
        counter = iter(range(requests))
        results: list[tuple[float, str]] = []

        async def worker() -> None:
            for n in counter:
                results.append(await one(client, case, n))
                if time.perf_counter() > deadline:
                    return

        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    latencies = sorted(t for t, outcome in results if outcome == "ok")
    problems = [outcome for _, outcome in results if outcome != "ok"]
    return {
        "case": case,
        "clients": clients,
        "client": "httpx",
        "requests": len(results),
        "seconds": round(elapsed, 2),
        "req_per_s": round(len(results) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1)
        if latencies
        else None,
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "errors": len([p for p in problems if p != "timeout"]),
        "timeouts": problems.count("timeout"),
        "error_kinds": sorted(set(problems) - {"timeout"}),
    }


WRK = shutil.which("wrk")
WRK_SCRIPT = """
local drafts = {%(drafts)s}
local n = 0
local coach = %(coach)s
request = function()
  if not coach then return wrk.format("GET", "/") end
  n = n + 1
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  return wrk.format("POST", "/coach/review", headers, "draft=" .. drafts[(n %% #drafts) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "us": %%d, "p50": %%d, "p95": %%d, "max": %%d, '
    .. '"errors": %%d, "timeouts": %%d, "status": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency.max, e.connect + e.read + e.write, e.timeout, e.status))
end
"""


def run_wrk(base: str, case: str, clients: int, seconds: float) -> dict[str, object]:
    """The same case driven by wrk (Debian's `wrk`): a C client leaves the CPU to the server."""
    from urllib.parse import quote_plus

    with httpx.Client(base_url=base, timeout=TIMEOUT) as client:  # warm-up, as run_case does
        for n in range(20):
            if case == "today":
                client.get("/")
            else:
                client.post("/coach/review", data={"draft": DRAFTS[n % len(DRAFTS)]})
    drafts = ", ".join(f'"{quote_plus(d)}"' for d in DRAFTS)
    script = WRK_SCRIPT % {"drafts": drafts, "coach": "true" if case == "coach" else "false"}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        command = [WRK or "wrk", "-t1", f"-c{clients}", f"-d{int(seconds)}s", "--timeout", "10s"]
        done = subprocess.run(
            [*command, "-s", handle.name, base + "/"], capture_output=True, text=True, check=True
        )
    finally:
        os.unlink(handle.name)
    found = json.loads(done.stdout.split("RESULT ", 1)[1].splitlines()[0])
    return {
        "case": case,
        "clients": clients,
        "client": "wrk",
        "requests": found["requests"],
        "seconds": round(found["us"] / 1e6, 2),
        "req_per_s": round(found["requests"] / (found["us"] / 1e6), 1),
        "p50_ms": round(found["p50"] / 1000, 1),
        "p95_ms": round(found["p95"] / 1000, 1),
        "max_ms": round(found["max"] / 1000, 1),
        "errors": found["errors"] + found["status"],
        "timeouts": found["timeouts"],
        "error_kinds": ["non-200"] if found["status"] else [],
    }


def verdict(row: dict[str, object]) -> str:
    if row["clients"] == 10:
        fast = row["req_per_s"] >= 300 and (row["p95_ms"] or 1e9) < 50  # type: ignore[operator]
        return "meets target" if fast and not row["errors"] else "below target"
    return "graceful" if not row["errors"] and not row["timeouts"] else "errors"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1500, help="requests per case, at most")
    parser.add_argument("--seconds", type=float, default=20, help="time per case, at most")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--only", choices=("today", "coach"), help="run one endpoint only")
    parser.add_argument(
        "--client",
        choices=("wrk", "httpx"),
        default="wrk" if WRK else "httpx",
        help="load generator (default: wrk when installed, apt-get install wrk)",
    )
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="amends-load-") as data_dir:
        server = start_server(data_dir, port)
        try:
            base = f"http://127.0.0.1:{port}"
            rows = [
                run_wrk(base, case, clients, args.seconds)
                if args.client == "wrk"
                else asyncio.run(run_case(base, case, clients, args.requests, args.seconds))
                for case in ((args.only,) if args.only else ("today", "coach"))
                for clients in (10, 100)
            ]
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(
        f"{'case':6} {'clients':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
        f"{'errors':>6} {'timeouts':>8}  result"
    )
    for row in rows:
        print(
            f"{row['case']:6} {row['clients']:>7} {row['req_per_s']:>7} {row['p50_ms']:>7} "
            f"{row['p95_ms']:>7} {row['max_ms']:>7} {row['errors']:>6} {row['timeouts']:>8}  "
            f"{verdict(row)} {' '.join(row['error_kinds'])}"  # type: ignore[arg-type]
        )
    print(
        f"client: {args.client}; cores: {os.cpu_count()}, load average: "
        f"{os.getloadavg()[0]:.1f} (a shared machine makes these figures noisy)"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
