"""The local sentence model: packing texts together never changes what a text means to it."""

from __future__ import annotations

import pytest

from amends.semantic import PACK_TOKENS, _MiniLM, load_embedder, model_dir, tuned_layers


@pytest.fixture(scope="module")
def embed():
    loaded = load_embedder()
    if loaded is None:
        pytest.skip("the local MiniLM model is not installed")
    return loaded._embed  # the model itself, without the memory of recent vectors


def test_a_sentence_gets_the_same_vector_alone_or_read_with_others(embed) -> None:
    np = pytest.importorskip("numpy")
    texts = ["hope you are well", "i miss you", "can you take the dog on saturday? im away", "k"]
    together = embed(texts)
    alone = np.concatenate([embed([text]) for text in texts])
    assert np.abs(together - alone).max() < 1e-5
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_more_text_than_one_pack_holds_is_read_in_several(embed) -> None:
    np = pytest.importorskip("numpy")
    texts = [f"sentence number {i} about the weekend plans and the dog" for i in range(40)]
    vectors = embed(texts)
    assert vectors.shape == (40, 384)
    assert sum(len(t.split()) + 2 for t in texts) > PACK_TOKENS
    assert np.abs(vectors[3] - embed([texts[3]])[0]).max() < 1e-5
    assert embed([]).shape == (0, 384)


def test_the_coach_reads_with_the_encoder_fine_tuned_for_it(embed) -> None:
    """The shipped layers (content/coach/encoder.npz) replace the published ones, so drafts are
    read by the encoder the shipped classifier was trained with."""
    np = pytest.importorskip("numpy")
    published = load_embedder(tuned=False)
    assert embed.__self__.tuned and published is not None
    texts = ["must be nice having time for everyone but me", "hope the new job is going well"]
    tuned, plain = embed(texts), published._embed(texts)
    assert tuned.shape == plain.shape == (2, 384)
    assert np.abs(tuned - plain).max() > 0.05


def test_layers_tuned_from_another_model_file_are_not_used() -> None:
    """A different MiniLM file (another package version) keeps the published layers rather than
    mixing in layers tuned from other weights."""
    np = pytest.importorskip("numpy")
    path = model_dir()
    if path is None:
        pytest.skip("the local MiniLM model is not installed")
    size = (path / "model.safetensors").stat().st_size
    layers = tuned_layers(np, size)
    assert layers is not None and tuned_layers(np, size + 1) is None
    published = _MiniLM(path, tuned=False).w
    assert {k: v.shape for k, v in layers.items()} == {
        k: v.shape for k, v in published.items() if ".layer." in k
    }
