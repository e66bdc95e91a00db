"""The local sentence model: packing texts together never changes what a text means to it."""

from __future__ import annotations

import pytest

from amends.semantic import PACK_TOKENS, load_embedder


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
