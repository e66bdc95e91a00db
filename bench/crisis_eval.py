"""Precision and recall of the crisis detector on the labelled set and the held-out set.

    .venv/bin/python bench/crisis_eval.py [--show-misses] [--no-buried]

Two detectors are measured: the lexicon's patterns alone (what runs without the model) and
patterns + meaning (the shipped default: the local MiniLM model compares each sentence with the
exemplars in content/crisis_exemplars.npz). The labelled set (tests/data/crisis_labelled.toml)
is what the patterns were written against and what the exemplars are built from; the acceptance
bar is recall 100% on crisis texts and at most 5% false alarms on calm ones, for the patterns
alone. Because the exemplars *are* the labelled texts, meaning is also scored leave-one-out
there (each text judged against all the others). The held-out set was written after the last
tuning and never used for it: its figures are the honest estimate for unseen phrasing.
"Buried" lines put every text after about 200 words of an ordinary draft, where the meaning
rule of `amends check` reads only the few sentences that look most like crisis (docs/safety.md).
"""

from __future__ import annotations

import os
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def _load(name: str) -> list[dict[str, Any]]:
    return tomllib.loads((DATA / name).read_text("utf-8"))["text"]


def _metrics(truth: list[bool], guess: list[bool]) -> dict[str, float]:
    tp = sum(t and g for t, g in zip(truth, guess, strict=True))
    fp = sum(g and not t for t, g in zip(truth, guess, strict=True))
    crisis, calm = sum(truth), len(truth) - sum(truth)
    return {
        "recall": tp / crisis if crisis else 1.0,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "false_alarms": fp / calm if calm else 0.0,
    }


def _line(label: str, m: dict[str, float], ms: float) -> str:
    return (
        f"  {label:<22} recall {m['recall']:6.1%}  precision {m['precision']:6.1%}  "
        f"false alarms {m['false_alarms']:5.1%}  ({ms:.1f} ms/text)"
    )


def _run(texts: list[dict[str, Any]], detect: Any, show: bool) -> tuple[list[bool], float]:
    started = time.perf_counter()
    guesses = [detect(str(t["text"])) for t in texts]
    ms = (time.perf_counter() - started) * 1000 / len(texts)
    if show:
        for t, g in zip(texts, guesses, strict=True):
            if g != t["crisis"]:
                print(f"    {'MISSED' if t['crisis'] else 'FALSE ALARM'}: {t['text']}")
    return guesses, ms


def _leave_one_out(texts: list[dict[str, Any]]) -> dict[str, float] | None:
    """Meaning alone on the labelled set, each text judged against all the other exemplars."""
    import numpy as np

    from amends.catalogue.crisis import load_crisis_lexicon
    from amends.semantic import load_embedder
    from amends.services.safety import model_text

    embed, rule = load_embedder(), load_crisis_lexicon().model
    if embed is None or rule is None:
        return None
    vectors = embed([model_text(str(t["text"])) for t in texts])
    truth = np.array([bool(t["crisis"]) for t in texts])
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1.0)
    k = rule.neighbours
    crisis = np.sort(sims[:, truth], 1)[:, -k:].mean(1)
    calm = np.sort(sims[:, ~truth], 1)[:, -k:].mean(1)
    guess = (crisis >= rule.threshold) & (crisis - calm >= rule.margin)
    return _metrics(truth.tolist(), guess.tolist())


# about 200 words of an ordinary long draft to an ex (shared with tests/core/test_crisis_budget.py)
ORDINARY = (DATA / "long_ordinary_draft.txt").read_text(encoding="utf-8")


def _buried(texts: list[dict[str, Any]], detectors: list[tuple[str, Any]], show: bool) -> None:
    """Every text placed after ORDINARY, then "Anyway, take care.": past the coach's budget,
    where `amends check` reads only the sentences that look most like crisis."""
    late = [
        {**t, "text": f"{ORDINARY}{str(t['text']).rstrip('.')}. Anyway, take care."} for t in texts
    ]
    truth = [bool(t["crisis"]) for t in texts]
    for label, detect in detectors:
        guesses, ms = _run(late, detect, show)
        print(_line(label, _metrics(truth, guesses), ms))


def _coach_detector() -> tuple[str, Any] | None:
    from amends.services.coach import harm_finder

    find = harm_finder()
    return ("buried, amends check", lambda text: bool(find(text))) if find is not None else None


def main(argv: list[str]) -> int:
    from amends.catalogue.crisis import load_crisis_lexicon
    from amends.core.crisis import is_crisis
    from amends.services.safety import is_crisis as shipped
    from amends.services.safety import sentence_scorer

    show, lexicon = "--show-misses" in argv, load_crisis_lexicon()
    detectors = [("patterns", lambda text: is_crisis(text, lexicon))]
    if sentence_scorer() is not None:
        detectors.append(("patterns + meaning", shipped))
    ok = True
    for name in ("crisis_labelled.toml", "crisis_heldout.toml"):
        texts = _load(name)
        crisis = sum(bool(t["crisis"]) for t in texts)
        print(f"{name}: {len(texts)} texts ({crisis} crisis, {len(texts) - crisis} calm)")
        truth = [bool(t["crisis"]) for t in texts]
        for label, detect in detectors:
            guesses, ms = _run(texts, detect, show and name.endswith("heldout.toml"))
            m = _metrics(truth, guesses)
            print(_line(label, m, ms))
            if name == "crisis_labelled.toml" and label == "patterns":
                ok = m["recall"] == 1.0 and m["false_alarms"] <= 0.05
        if name == "crisis_labelled.toml" and (loo := _leave_one_out(texts)):
            print(_line("meaning, leave-one-out", loo, 0.0))
        if "--no-buried" not in argv:
            coach = _coach_detector()
            full = [("buried, journal", shipped)] if len(detectors) > 1 else []
            _buried(texts, [*full, *([coach] if coach else [])], False)
    print("acceptance (labelled set, patterns: recall 100%, false alarms <= 5%):",
          "met" if ok else "NOT met")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
