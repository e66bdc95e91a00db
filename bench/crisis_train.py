"""Build content/crisis_exemplars.npz: the crisis detector's exemplar vectors.

    .venv/bin/python bench/crisis_train.py
    .venv/bin/python bench/crisis_train.py --static   # only add the static reading (see below)

Every text of tests/data/crisis_labelled.toml and tests/data/crisis_exemplars_extra.toml (both
written for this project), and as calm exemplars the coach catalogue's good sentences, logistics
exemplars and the exemplars of every family except harm and threat (content/families.toml), is
spelled out as the sentence model reads it (services.safety.model_text), embedded with the
coach's local all-MiniLM-L6-v2 and stored with its label, as float16. The held-out file and
bench/data are never read here. Re-run after changing any of them; tests/core/test_crisis.py
checks the shipped file still matches them.

Each exemplar's static reading (semantic `static`: the mean of its input token embeddings) is
stored too, as `static`, for the ranker that picks which sentences past the coach's budget the
crisis detector reads (services.coach.crisis_ranker): computing it on first use cost ~0.2 s.
`--static` adds it to the shipped file from the texts already there, changing nothing else.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "tests" / "data" / name for name in (
    "crisis_labelled.toml", "crisis_exemplars_extra.toml")]  # fmt: skip
OUT = ROOT / "src" / "amends" / "content" / "crisis_exemplars.npz"


def calm_catalogue_texts() -> list[str]:
    """The coach catalogue's texts that are not crisis language: good sentences, logistics, and
    the exemplars of the families other than harm and threat (a threat may be harm to others)."""
    from amends.catalogue.families import load_families
    from amends.core.coach import Family

    catalogue = load_families()
    texts = list(catalogue.neutral) + list(catalogue.logistics_exemplars)
    for family, spec in catalogue.families.items():
        if family not in (Family.HARM, Family.THREAT):
            texts += spec.exemplars
    return list(dict.fromkeys(texts))


def main() -> int:
    import numpy as np

    from amends.semantic import load_embedder
    from amends.services.safety import model_text

    embed = load_embedder()
    if embed is None:
        print("The MiniLM model is not installed; nothing built.")
        return 1
    entries = [e for path in SOURCES for e in tomllib.loads(path.read_text("utf-8"))["text"]]
    entries += [{"text": text, "crisis": False} for text in calm_catalogue_texts()]
    texts = [str(e["text"]) for e in entries]
    spelled = [model_text(t) for t in texts]
    vectors = np.concatenate([embed(spelled[i : i + 32]) for i in range(0, len(texts), 32)])
    np.savez_compressed(
        OUT,
        texts=np.array(texts),
        crisis=np.array([bool(e["crisis"]) for e in entries]),
        vectors=vectors.astype(np.float16),
        static=static_vectors(embed, spelled),
    )
    print(f"{OUT.relative_to(ROOT)}: {len(texts)} exemplars, {OUT.stat().st_size // 1024} KiB")
    return 0


def static_vectors(embed: object, spelled: list[str]) -> object:
    import numpy as np

    return np.asarray(embed.static(spelled)).astype(np.float16)  # type: ignore[attr-defined]


def add_static() -> int:
    """Add the static reading of the shipped file's own texts; the rest is kept as it is."""
    import numpy as np

    from amends.semantic import load_embedder
    from amends.services.safety import model_text

    embed = load_embedder()
    if embed is None:
        print("The MiniLM model is not installed; nothing built.")
        return 1
    with np.load(OUT) as shipped:
        arrays = {key: shipped[key] for key in shipped.files if key != "static"}
    spelled = [model_text(str(t)) for t in arrays["texts"]]
    np.savez_compressed(OUT, **arrays, static=static_vectors(embed, spelled))
    print(f"{OUT.relative_to(ROOT)}: static reading of {len(spelled)} exemplars added")
    return 0


if __name__ == "__main__":
    sys.exit(add_static() if "--static" in sys.argv[1:] else main())
