"""Chat import speed and memory: amends against whatstk and chat-miner on the same file.

    .venv/bin/python bench/import_speed.py                      # 1,000,000 messages, all tools
    .venv/bin/python bench/import_speed.py --messages 100000 --no-peers
    .venv/bin/python bench/import_speed.py --no-peers --big-mb 300   # memory flat in file size?

Generates a WhatsApp export (Android, day-month-year, 24 h; bursts, multi-line messages, media
markers, accents and emoji) under bench/out/, then runs each tool in its own child process and
prints messages per second (timed around the work, not interpreter start-up) by wall clock
and by the child's own CPU time (fairer on a busy machine), and the child's peak memory
(ru_maxrss). The peers run in their own venvs, created here on first use:
bench/out/venv-whatstk (whatstk==0.9.1) and bench/out/venv-chatminer (chat-miner==0.6.0).
The machine may be shared: run it twice and read the figures as rough.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
PEERS = {"whatstk": "whatstk==0.9.1", "chatminer": "chat-miner==0.6.0"}
HFORMAT = "%d/%m/%Y, %H:%M - %name:"
VOCABULARY = """hey how are you ok sure sounds good see you later love it haha what time
tomorrow Jürgen café x² ½ 🙂 really? can't wait the weekend was long"""
WORDS = VOCABULARY.split()

PRELUDE = """
import json, resource, sys, time
def children_cpu():
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime
path = sys.argv[1]
start, cpu, child_cpu = time.perf_counter(), time.process_time(), children_cpu()
"""
# CPU counts this process and the children it waited for (amends' parsing worker); peak memory
# is the larger of the two processes' peaks.
REPORT = """
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
child_cpu = children_cpu() - child_cpu
peak = max(
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
) / 1024
print(json.dumps({"messages": count, "seconds": seconds, "cpu": cpu + child_cpu,
                  "cpu_self": cpu, "cpu_children": child_cpu, "peak_mb": peak}))
"""
AMENDS_IMPORT = """
from pathlib import Path
from amends.config import load_settings
from amends.storage.db import open_store
from amends.services.chats import import_chat
settings = load_settings({"AMENDS_DATA_DIR": sys.argv[2]})
open_store(settings)
start, cpu = time.perf_counter(), time.process_time()
count = import_chat(settings, Path(path), me="Alex Morgan").added
"""
ONE_PROCESS = """
from amends.importers import pipeline
pipeline.WORKER_BYTES = 1 << 62  # never a worker process
"""

TOOLS = {
    "amends import (SQLite)": (None, AMENDS_IMPORT),
    "amends import, one process": (None, ONE_PROCESS + AMENDS_IMPORT),
    "amends parse only": (
        None,
        """
from amends.importers import whatsapp
count = 0
with open(path, "rb") as stream:
    for _ in whatsapp.read(stream):
        count += 1
""",
    ),
    "whatstk default": (
        "whatstk",
        """
from whatstk.whatsapp.parser import df_from_whatsapp
count = len(df_from_whatsapp(path, max_size=None))  # its 50 MB input guard lifted
""",
    ),
    "whatstk told the format": (
        "whatstk",
        f"""
from whatstk.whatsapp.parser import df_from_whatsapp
count = len(df_from_whatsapp(path, hformat={HFORMAT!r}, max_size=None))
""",
    ),
    "chat-miner": (
        "chatminer",
        """
from chatminer.chatparsers import WhatsAppParser
parser = WhatsAppParser(path)
if hasattr(parser, "parse_file"):
    parser.parse_file()
    count = len(parser.parsed_messages.get_df())
else:
    parser.parse_file_into_df()
    count = len(parser.df)
""",
    ),
}


def generate(path: Path, messages: int, seed: int = 7) -> Path:
    """A deterministic export of `messages` messages between two people."""
    count = path.with_suffix(".count")
    if path.exists() and count.exists() and count.read_text() == str(messages):
        return path
    rng = random.Random(seed)
    at = datetime(2021, 1, 1, 8, 0)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for _ in range(messages):
            quick = rng.random() < 0.99
            at += timedelta(seconds=rng.expovariate(1 / 40) if quick else rng.randint(3600, 28800))
            who = "Alex Morgan" if rng.random() < 0.5 else "Sam Rivera"
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))
            roll = rng.random()
            if roll < 0.03:
                text += "\n" + " ".join(rng.choice(WORDS) for _ in range(5))
            elif roll < 0.05:
                text = "<Media omitted>"
            out.write(f"{at:%d/%m/%Y, %H:%M} - {who}: {text}\n")
    path.with_suffix(".count").write_text(str(messages))
    return path


def peer_python(name: str) -> Path:
    venv = OUT / f"venv-{name}"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", PEERS[name]], check=True)
    return python


def run(tool: str, path: Path) -> dict[str, float] | None:
    venv, body = TOOLS[tool]
    python = str(peer_python(venv)) if venv else sys.executable
    data_dir = OUT / f"data-{int(time.time() * 1000)}"
    code = PRELUDE + body + REPORT
    try:
        done = subprocess.run(
            [python, "-c", code, str(path), str(data_dir)], capture_output=True, text=True
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    if done.returncode != 0:
        print(f"  {tool}: failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(tool: str, found: dict[str, float] | None) -> None:
    if found is None:
        return
    rate, cpu_rate = found["messages"] / found["seconds"], found["messages"] / found["cpu"]
    split = (
        f" ({found['cpu_self']:.2f} + worker {found['cpu_children']:.2f})"
        if found.get("cpu_children")
        else ""
    )
    print(
        f"  {tool:<26} {int(found['messages']):>9} msgs {found['seconds']:7.2f} s wall "
        f"{rate:>9,.0f}/s | {found['cpu']:6.2f} s CPU{split} {cpu_rate:>9,.0f}/s | "
        f"peak {found['peak_mb']:5.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--no-peers", action="store_true", help="Only amends.")
    parser.add_argument("--big-mb", type=int, default=0, help="Also import an export this big.")
    parser.add_argument("--only", default="", help="Run only tools whose name contains this.")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = generate(OUT / f"whatsapp_{args.messages}.txt", args.messages)
    size = path.stat().st_size / 2**20
    print(f"{args.messages:,} messages, {size:.0f} MB: {path}")
    results = {}
    tools = [t for t in TOOLS if not (args.no_peers and TOOLS[t][0]) and args.only in t]
    for tool in tools:
        results[tool] = run(tool, path)
        show(tool, results[tool])
    _goals(results)
    if args.big_mb:
        big_messages = int(args.messages * args.big_mb / size)
        big = generate(OUT / f"whatsapp_{big_messages}.txt", big_messages)
        print(f"{big_messages:,} messages, {big.stat().st_size / 2**20:.0f} MB: {big}")
        for tool in ("amends import (SQLite)", "amends parse only"):
            show(tool, run(tool, big))


def _goals(results: dict[str, dict[str, float] | None]) -> None:
    def rate(tool: str) -> float | None:
        found = results.get(tool)
        return found["messages"] / found["cpu"] if found else None

    amends_import, amends_parse = rate("amends import (SQLite)"), rate("amends parse only")
    default, told = rate("whatstk default"), rate("whatstk told the format")
    if amends_import and default:
        print(f"  by CPU time: import vs whatstk default {amends_import / default:.1f}x (goal 5x)")
    if amends_parse and told:
        print(
            f"  by CPU time: parse vs whatstk told the format {amends_parse / told:.1f}x (goal 3x)"
        )
    peers = [r["peak_mb"] for t, r in results.items() if r and TOOLS[t][0]]
    mine = results.get("amends import (SQLite)")
    if peers and mine:
        print(
            f"  amends peak / lowest peer peak: {mine['peak_mb'] / min(peers):.2f} (goal <= 0.33)"
        )


if __name__ == "__main__":
    main()
