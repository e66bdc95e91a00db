"""Model selection for the coach inside the *tune* half only: k-fold cross-validation.

    .venv/bin/python bench/coach_cv.py                      # the shipped settings
    .venv/bin/python bench/coach_cv.py --grid               # class weights x L2 x whole-draft read
    .venv/bin/python bench/coach_cv.py --sweep guilt --values 0.45 0.6   # one family's threshold
    .venv/bin/python bench/coach_cv.py --errors             # list the out-of-fold misses
    .venv/bin/python bench/coach_cv.py --writers [--heads …]  # leave-one-writer-out folds

Each fold: the classifier is trained on the catalogue + the other folds' tune drafts
(bench/coach_train.py's recipe), then the held-out drafts are reviewed in full (rules, crisis
detector, model). Out-of-fold reviews give send/not-send F1 and per-family recall; the eval half
is never read.

With --writers the folds are the writers instead (the id prefix: d = the session-1 writers, t =
one engineer, fa, fb, ga, gb, gc, ia, ib, ic, id = blind writers, u = later tune drafts): each
writer's drafts are reviewed by a classifier trained on the catalogue and the other writers, as a
blind round would review a new writer's.
Figures per held-out writer and pooled; the pooled figure is the one to choose by.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

import coach_train  # noqa: E402
from coach_eval import context_for, load_drafts, prf, send_scores  # noqa: E402

FOLDS = 5
BY_WRITER = False  # --writers: leave-one-writer-out folds instead of FOLDS interleaved ones
MLP_KEYS = ("hidden", "out_", "blend")
CACHE = Path(__file__).resolve().parent / "out" / "coach_vectors.npz"  # gitignored


def _setup():
    from amends.catalogue.families import load_families
    from amends.core.coach import CONTENT_FAMILIES
    from amends.semantic import load_embedder

    embed = load_embedder(tuned=False)  # the frozen recipe reads the published encoder
    if embed is None:
        sys.exit("Install the model first.")
    embed._size = 10**7  # remember every vector: each fold re-reads the same sentences
    if CACHE.exists():  # and across runs: the vectors depend only on the text and the model
        data = np.load(CACHE)
        for text, vector in zip(data["texts"], data["vectors"], strict=True):
            embed._recent[str(text)] = vector
    catalogue = load_families()
    content = {f.value for f in CONTENT_FAMILIES} - coach_train.SKIP
    return catalogue, content, embed


def _save_cache(embed) -> None:
    texts = list(embed._recent)
    if texts:
        CACHE.parent.mkdir(exist_ok=True)
        vectors = np.stack([embed._recent[t] for t in texts])
        np.savez(CACHE, texts=np.array(texts), vectors=vectors)


def _scorer(embed, head, labels):
    """The shipped reader (amends.semantic), or bench's own forward pass for the kNN vote."""
    from amends.semantic import _MLP_ARRAYS, _classifier_scorer

    if "memory" not in head:
        f32 = {k: coach_train._stored(k, np.asarray(v)).astype(np.float32) for k, v in head.items()}
        mlp = {k: f32[k] for k in _MLP_ARRAYS if k in f32}
        return _classifier_scorer(embed, f32["weights"], f32["bias"], labels, mlp)

    def score(sentences):
        if not sentences:
            return []
        probs = coach_train.probabilities(embed(list(sentences)).astype(np.float64), head)
        return [dict(zip(labels, map(float, row), strict=True)) for row in probs]

    return score


def out_of_fold(catalogue, content, embed, thresholds=None, whole=True, variants=None):
    """(draft, review) for every tune draft, each reviewed by a model that never saw it.

    variants: name -> a function that edits the fold's fitted head (one fit, several reads);
    with variants the answer is a dict name -> reviews."""
    from amends.core import coach_rules
    from amends.core.coach import review
    from amends.services.coach import harm_finder

    coach_rules.WHOLE_DRAFT = whole
    drafts = load_drafts(split="tune")
    base = coach_train.training_pairs(with_drafts=False)
    labels = sorted({label for label, _ in base} | {"neutral"})
    cat = _with_thresholds(catalogue, thresholds or {})
    harm = harm_finder()
    out: dict = {name: [] for name in variants or {"": None}}
    keys = [writer(d.id) if BY_WRITER else str(i % FOLDS) for i, d in enumerate(drafts)]
    for fold in sorted(set(keys)):
        train = [d for d, k in zip(drafts, keys, strict=True) if k != fold]
        pairs = base + [p for d in train for p in coach_train._draft_pairs(d, content)]
        x = coach_train.embed_all([t for _, t in pairs]).astype(np.float64)
        y = np.array([labels.index(label) for label, _ in pairs])
        multi = coach_train.multi_drafts(train, content)
        extra = coach_train.carrying_sentences(x, y, labels, multi)
        if extra:
            x = np.concatenate([x, coach_train.embed_all([t for _, t in extra])])
            y = np.concatenate([y, [labels.index(label) for label, _ in extra]])
        head = coach_train.fit(x, y, len(labels))
        held = [d for d, k in zip(drafts, keys, strict=True) if k == fold]
        for name, edit in (variants or {"": (lambda h: h, {})}).items():
            score = _scorer(embed, edit[0](dict(head)), labels)
            at = _with_thresholds(cat, edit[1])
            out[name] += [(d, review(d.text, context_for(d), at, score, harm)) for d in held]
    return out if variants else out[""]


def writer(draft_id: str) -> str:
    """Who wrote a draft: fa, fb, ga, ..., rd (one blind writer each), else the id's first letter
    (d, t, u)."""
    return draft_id[:2] if draft_id[0] in "fghijklmnopqr" else draft_id[:1]


def _with_thresholds(catalogue, thresholds):
    """The catalogue with some model thresholds changed ("margin": the bar over neutral)."""
    from amends.core.coach import Family

    if not thresholds:
        return catalogue
    thresholds = dict(thresholds)
    if "margin" in thresholds:
        catalogue = replace(catalogue, margin=thresholds.pop("margin"))
    families = dict(catalogue.families)
    for family, value in thresholds.items():
        families[Family(family)] = replace(families[Family(family)], threshold=value)
    return replace(catalogue, families=families)


def summary(reviewed, content):
    f1 = send_scores([(not d.should_send, r.verdict != "send") for d, r in reviewed])[2]
    recall = {}
    for family in sorted(content | {"emotional_essay"}):
        truth = [family in d.families for d, _ in reviewed]
        found = [family in {f.value for f in r.families} for _, r in reviewed]
        tp = sum(t and f for t, f in zip(truth, found, strict=True))
        fp = sum(f and not t for t, f in zip(truth, found, strict=True))
        fn = sum(t and not f for t, f in zip(truth, found, strict=True))
        recall[family] = prf(tp, fp, fn)[:2]
    good = [r.verdict == "send" for d, r in reviewed if d.should_send]
    return f1, recall, sum(good) / len(good)


def show(title, reviewed, content):
    f1, recall, good = summary(reviewed, content)
    low = min(recall.items(), key=lambda kv: kv[1][1])
    print(
        f"{title}: send F1 {f1:.3f}, good drafts sent {good:.3f}, lowest {low[0]} {low[1][1]:.2f}"
    )
    print("   " + ", ".join(f"{k} {r:.2f}/{p:.2f}" for k, (p, r) in recall.items()))
    if BY_WRITER:
        show_writers(reviewed, content)


def show_writers(reviewed, content) -> None:
    """Per held-out writer: send F1, good drafts sent, recall per family (n)."""
    for who in sorted({writer(d.id) for d, _ in reviewed}):
        rows = [(d, r) for d, r in reviewed if writer(d.id) == who]
        f1, recall, good = summary(rows, content)
        counts = {k: sum(k in d.families for d, _ in rows) for k in recall}
        parts = [f"{k[:12]} {r:.2f}({counts[k]})" for k, (_, r) in recall.items() if counts[k]]
        print(
            f"   [{who}] n {len(rows)}: send F1 {f1:.3f}, good sent {good:.3f}; " + ", ".join(parts)
        )


def coach_rules_whole() -> bool:
    from amends.core import coach_rules

    return coach_rules.WHOLE_DRAFT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list out-of-fold misses")
    parser.add_argument("--sweep", metavar="FAMILY", help="try model thresholds for one family")
    parser.add_argument("--values", type=float, nargs="+", default=[0.15, 0.25, 0.35, 0.45, 0.55])
    parser.add_argument("--heads", action="store_true", help="regression vs MLP vs kNN blends")
    parser.add_argument("--hidden", type=int, default=coach_train.HIDDEN)
    parser.add_argument("--seeds", type=int, default=coach_train.SEEDS)
    parser.add_argument("--decay", type=float, default=coach_train.DECAY)
    parser.add_argument("--knn", type=int, default=0)
    parser.add_argument("--seed0", type=int, default=0)
    parser.add_argument("--balance", type=float, default=coach_train.MLP_BALANCE)
    parser.add_argument("--linear-balance", type=float, default=coach_train.BALANCE)
    parser.add_argument("--blends", type=float, nargs="+", default=[0.0, 0.5, 1.0])
    parser.add_argument("--knn-blends", type=float, nargs="+", default=[0.0, 0.3])
    parser.add_argument("--settings", nargs="+", help='thresholds to try: "guilt=0.1,margin=0.05"')
    parser.add_argument("--writers", action="store_true", help="leave-one-writer-out folds")
    parser.add_argument("--no-multi", action="store_true", help="leave multi-sentence drafts out")
    args = parser.parse_args()
    global BY_WRITER
    BY_WRITER = args.writers
    coach_train.MULTI = not args.no_multi
    catalogue, content, embed = _setup()
    try:
        _run(args, catalogue, content, embed)
    finally:
        _save_cache(embed)


def _head_variants(blends, knn_blends, settings):
    """Edits of one fitted head: the regression alone, blended with the MLP, plus a kNN vote."""

    def edit(blend, knn_blend):
        def apply(head):
            head["blend"] = np.array(blend)
            if blend == 0:
                head = {k: v for k, v in head.items() if not k.startswith(MLP_KEYS)}
            if knn_blend == 0:
                return {k: v for k, v in head.items() if not k.startswith(("memory", "knn"))}
            head["knn_blend"] = np.array(knn_blend)
            return head

        return apply

    return {
        f"mlp {a} knn {c} {t or ''}": (edit(a, c), _parse(t))
        for a in blends
        for c in knn_blends
        for t in settings
    }


def _parse(setting: str) -> dict[str, float]:
    """Model thresholds from "guilt=0.1,threat=0.2"."""
    pairs = [item.split("=") for item in setting.split(",") if item]
    return {family: float(value) for family, value in pairs}


def _heads(args, catalogue, content, embed) -> None:
    coach_train.HIDDEN, coach_train.SEEDS = args.hidden, args.seeds
    coach_train.DECAY, coach_train.KNN = args.decay, args.knn
    coach_train.SEED0, coach_train.MLP_BALANCE = args.seed0, args.balance
    coach_train.BALANCE = args.linear_balance
    knn_blends = args.knn_blends if args.knn else [0.0]
    variants = _head_variants(args.blends, knn_blends, args.settings or [""])
    reviewed = out_of_fold(catalogue, content, embed, None, False, variants)
    head = f"hidden {args.hidden}x{args.seeds} decay {args.decay} k {args.knn} b {args.balance}"
    head += f" lb {args.linear_balance}"
    for name, rows in reviewed.items():
        show(f"{head} | {name}", rows, content)


def _run(args, catalogue, content, embed) -> None:
    if args.heads:
        _heads(args, catalogue, content, embed)
        return
    if args.sweep:
        for value in args.values:
            reviewed = out_of_fold(catalogue, content, embed, {args.sweep: value}, False)
            show(f"{args.sweep} threshold {value}", reviewed, content)
        return
    if not args.grid:
        reviewed = out_of_fold(catalogue, content, embed, whole=coach_rules_whole())
        show("shipped", reviewed, content)
        if args.errors:
            for d, r in reviewed:
                got = {f.value for f in r.families}
                if d.families - got or d.should_send != (r.verdict == "send"):
                    print(
                        f"  {d.id} {r.verdict:<7} missing={sorted(d.families - got)} "
                        f"got={sorted(got & content)} :: {d.text[:90]}"
                    )
        return
    for whole in (True, False):
        for balance in (0.5, 1.0):
            for l2 in (1e-3, 1e-4):
                coach_train.BALANCE, coach_train.L2 = balance, l2
                reviewed = out_of_fold(catalogue, content, embed, whole=whole)
                show(f"whole={whole} balance={balance} l2={l2}", reviewed, content)


if __name__ == "__main__":
    main()
