"""Precision and recall of the crisis detector on the labelled set (and the held-out set).

    .venv/bin/python bench/crisis_eval.py [--show-misses]

The labelled set (tests/data/crisis_labelled.toml) is what the lexicon was written against: the
acceptance bar is recall 100% on crisis texts and at most 5% false alarms on calm ones. The
held-out set (tests/data/crisis_heldout.toml) was written afterwards and never used for tuning;
its figures estimate how the lexicon does on phrasing it has not seen.
"""

from __future__ import annotations

import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

from amends.catalogue.crisis import load_crisis_lexicon
from amends.core.crisis import is_crisis

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def _load(name: str) -> list[dict[str, object]]:
    return tomllib.loads((DATA / name).read_text("utf-8"))["text"]


def evaluate(texts: list[dict[str, object]], show_misses: bool) -> dict[str, float]:
    lexicon = load_crisis_lexicon()
    counts: Counter[str] = Counter()
    for entry in texts:
        text, truth = str(entry["text"]), bool(entry["crisis"])
        guess = is_crisis(text, lexicon)
        counts[("t" if guess == truth else "f") + ("p" if guess else "n")] += 1
        if show_misses and guess != truth:
            print(f"    {'MISSED' if truth else 'FALSE ALARM'}: {text}")
    tp, fp, fn, tn = counts["tp"], counts["fp"], counts["fn"], counts["tn"]
    return {
        "texts": len(texts),
        "crisis": tp + fn,
        "calm": tn + fp,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "false_alarm_rate": fp / (fp + tn) if fp + tn else 0.0,
    }


def main(argv: list[str]) -> int:
    show = "--show-misses" in argv
    ok = True
    for name, bar in (("crisis_labelled.toml", True), ("crisis_heldout.toml", False)):
        texts = _load(name)
        started = time.perf_counter()
        m = evaluate(texts, show)
        per_text_ms = (time.perf_counter() - started) * 1000 / len(texts)
        print(
            f"{name}: {m['texts']} texts ({m['crisis']} crisis, {m['calm']} calm)  "
            f"recall {m['recall']:.1%}  precision {m['precision']:.1%}  "
            f"false alarms {m['false_alarm_rate']:.1%}  ({per_text_ms:.2f} ms/text)"
        )
        if bar and (m["recall"] < 1.0 or m["false_alarm_rate"] > 0.05):
            ok = False
    print("acceptance (labelled set: recall 100%, false alarms <= 5%):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
