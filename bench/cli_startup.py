"""How fast `amends --help` and `amends status` start: the median of N runs, in a subprocess.

.venv/bin/python bench/cli_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AMENDS = Path(sys.executable).with_name("amends")


def time_command(args: list[str], runs: int, env: dict[str, str]) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(AMENDS), *args], env=env, check=True, capture_output=True)
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as data_dir:
        env = dict(os.environ, AMENDS_DATA_DIR=data_dir, OMP_NUM_THREADS="1")
        for args in (["--help"], ["--version"], ["status"]):
            timings = time_command(args, runs, env)
            print(
                f"amends {' '.join(args):10} median {statistics.median(timings) * 1000:6.0f} ms"
                f"   min {min(timings) * 1000:6.0f} ms   max {max(timings) * 1000:6.0f} ms"
            )


if __name__ == "__main__":
    main()
