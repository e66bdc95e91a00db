"""How fast `amends` starts: the median of N runs of each command, each in a new process.

.venv/bin/python bench/cli_startup.py [--runs 15] [--check-only]

`amends check --json` is timed cold (a new process: Python, catalogue, crisis lexicon, model,
plan) twice: with no database yet, and with a stored plan. Wall time and the process's CPU
time (user + system) are printed: on a shared machine the CPU time is the honest cost.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AMENDS = Path(sys.executable).with_name("amends")
DRAFT = "hope the new job is going well"
START = [
    "start", "--yes", "--breakup-date", "2026-02-01", "--ended-by", "them",
    "--no-contact-since", "2026-02-02", "--nickname", "sam",
]  # fmt: skip


def time_command(
    args: list[str], runs: int, env: dict[str, str]
) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each run."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([str(AMENDS), *args], env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def report(label: str, walls: list[float], cpus: list[float]) -> None:
    print(
        f"amends {label:<22} wall median {statistics.median(walls) * 1000:5.0f} ms"
        f"  min {min(walls) * 1000:5.0f}  max {max(walls) * 1000:5.0f}"
        f"   cpu median {statistics.median(cpus) * 1000:5.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--check-only", action="store_true")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as planned:
        base = dict(os.environ, OMP_NUM_THREADS="1", AMENDS_NOW="2026-03-01T14:00:00+00:00")
        env = dict(base, AMENDS_DATA_DIR=empty)
        if not args.check_only:
            for command in (["--help"], ["--version"], ["status"]):
                report(" ".join(command), *time_command(command, args.runs, env))
            env = dict(base, AMENDS_DATA_DIR=tempfile.mkdtemp(dir=empty))
        report("check (no plan)", *time_command(["check", "--json", DRAFT], args.runs, env))
        env = dict(base, AMENDS_DATA_DIR=planned)
        subprocess.run([str(AMENDS), *START], env=env, check=True, capture_output=True)
        report("check (stored plan)", *time_command(["check", "--json", DRAFT], args.runs, env))


if __name__ == "__main__":
    main()
