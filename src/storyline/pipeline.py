"""The story of an article, top to bottom: the one orchestrator of Storyline.

1. A reader (``ingest/``) turns a file line, a text file or an HTML page into an
   :class:`~storyline.model.Article` — or a :class:`~storyline.model.Rejected` saying where
   and why.
2. Per article, independently (so it runs in parallel worker processes):
   the date marker is split off (``dates.take_marker``), page chrome removed and the
   title found (``clean.clean_article``), an undated article dated by its dateline
   (``dates.date_article``), its language detected (``language.detect``) and its MinHash
   signature computed (``dedup.signature``).
3. In stream order, one at a time: the copy detector names the first earlier article the
   article copies (``dedup.CopyDetector``).
4. With the story engine: the features of every article that is not a copy
   (``features.extract_features``; in the worker that analysed it, which kept the article),
   then, in stream order, its event and story (``cluster.StoryEngine``); a copy joins its
   original's without features of its own.
5. The store writes the articles (and their events and stories) in batched transactions.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import multiprocessing
import multiprocessing.pool
import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from multiprocessing.pool import AsyncResult

from . import clean, dates, language
from .cluster import StoryEngine
from .dedup import CopyDetector, signature
from .dense import Embedder, document_text, load_embedder
from .digest.members import RecentBackground
from .digest.publish import publish
from .features import (
    Features,
    extract_features,
    learn_analyses,
    published_interval,
    take_new_analyses,
    warm_up,
)
from .ingest.ids import content_hash
from .ingest.limits import too_few_letters
from .model import Analyzed, Article, IngestReport, Rejected
from .options import Options
from .search import index_terms
from .store import Store

_WORKER_CHUNK = 128  # articles sent to a worker at a time: large enough to amortise pickling and
# the pool's per-task hand-offs (at 32, these cost the main process twice as much CPU)


#: A stream waits at least this many times as long as its last publish took before it publishes
#: again (at most a fifth of an ingest goes to publishing; a story touched again meanwhile is
#: published once).
PUBLISH_PAUSE = 4.0


def analyze(article: Article, options: Options, with_features: bool = False) -> Analyzed | Rejected:
    """Every per-article stage before copy detection; a pure function of the article and the options.

    ``with_features`` adds the story engine's features (lemmas, entities, time); ingest asks
    for them separately, for the articles that are not copies (:func:`add_features`).
    """
    read_as = input_hash(article)
    article = dates.take_marker(article)
    raw = article.text.strip()
    article = clean.clean_article(article)

    def too_short(text: str) -> str | None:  # too little left to be an article
        if len(text) < options.min_text_chars:
            return "empty article"
        return too_few_letters(text, options)

    if too_short(article.text) and not article.title and _snippet_like(raw):
        # one short line the cleaner took for chrome ("toyota recall mount reuters"): a snippet
        # or headline feed, whose one line is all the article there is
        article = dataclasses.replace(article, text=raw, meta={**article.meta, "headline_only": True})
    if too_short(article.text) and article.title and not too_short(article.title):
        # nothing but chrome ("OK" under a cookie notice) under a headline: the headline is the
        # article (as in headline feeds)
        article = dataclasses.replace(article, text=article.title, meta={**article.meta, "headline_only": True})
    if reason := too_short(article.text):
        return Rejected(_where(article), article.meta.get("line"), f"{reason} after removing page chrome", article.id)
    article = dates.date_article(article)
    article = language.detect(article, options)
    search = (index_terms(article.title or "", article.lang), index_terms(article.text, article.lang))
    result = Analyzed(article=article, signature=signature(article.text, options), search=search, input_hash=read_as)
    return add_features(result, options=options) if with_features else result


def input_hash(article: Article) -> str:
    """A hash of the article's title and text as read (whitespace aside): a record repeating a stored
    id is a re-run when this is the same, and another article under a taken id when it is not."""
    return content_hash(f"{article.title or ''}\n{article.text}")


def _snippet_like(text: str) -> bool:
    """One line of three to sixty words: a headline or a snippet, not a page's menu ("Home")."""
    return "\n" not in text and 3 <= len(text.split()) <= 60


def add_features(
    result: Analyzed, computed: tuple[Features, str] | None = None, options: Options | None = None
) -> Analyzed:
    """``result`` with the story engine's features of its article and their stored JSON
    (``computed`` by :func:`features_of` elsewhere, or now)."""
    features, features_json = computed or features_of(result.article, options)
    return dataclasses.replace(result, features=features, features_json=features_json)


def features_of(article: Article, options: Options | None = None) -> tuple[Features, str]:
    """The story engine's features of ``article`` and their JSON as the store keeps them; with an
    embedder in ``options``, its dense vector too (the optional ``[dense]`` extra)."""
    features = extract_features(article)
    if options is not None and options.embedder != "none":
        vector = _embedder(options.embedder).embed([document_text(article.title, article.text)])[0]
        features = dataclasses.replace(features, dense=tuple(float(x) for x in vector))
    return features, json.dumps(features.to_dict(), ensure_ascii=False)


@functools.lru_cache(maxsize=2)
def _embedder(name: str) -> Embedder:
    """One embedder per process (e5 loads its model on first use; in a forked worker it runs on one
    thread, see ``storyline.dense``)."""
    return load_embedder(name)


def _where(article: Article) -> str:
    return str(article.meta.get("path") or article.url or article.id)


_Analyses = dict[str, tuple[str, str]]
_KEPT: dict[int, tuple[Options, list[Analyzed | Rejected]]] = {}  # in a worker: chunks awaiting features
_KEPT_LIMIT = 32  # chunks (a worker is about 6 ahead); a chunk of nothing but copies is never asked for features


def _analyze_chunk(job: tuple[int, list[Article], Options]) -> list[Analyzed | Rejected]:
    """In a worker: analyse chunk number ``job[0]``; with the engine on, keep it for :func:`_features_chunk`."""
    number, articles, options = job
    results = [analyze(article, options) for article in articles]
    if options.events:
        _KEPT[number] = (options, results)
        while len(_KEPT) > _KEPT_LIMIT:
            del _KEPT[next(iter(_KEPT))]  # the oldest
    return results


_Featured = list[tuple[Features, str]]


def _features_chunk(job: tuple[int, list[int], _Analyses]) -> tuple[_Featured | None, _Analyses]:
    """In a worker: the features (and their JSON) of the articles at ``job[1]`` of kept chunk
    ``job[0]``, after taking in the word analyses the other workers made; ``None`` if the chunk
    is not kept.  Only the features travel back: the main process has the articles already."""
    number, indices, analyses = job
    learn_analyses(analyses)
    kept = _KEPT.pop(number, None)
    for older in [n for n in _KEPT if n < number]:  # chunks sent before this one need nothing more
        del _KEPT[older]
    if kept is None:
        return None, take_new_analyses()
    options, results = kept
    featured = [features_of(results[i].article, options) for i in indices]  # type: ignore[union-attr]
    return featured, take_new_analyses()


@dataclass(slots=True)
class _Chunk:
    """Analysed articles in stream order: chunk ``number``, analysed by ``worker`` (``None``: here)."""

    number: int
    worker: int | None
    results: list[Analyzed | Rejected]


class Pipeline:
    """Runs articles through every stage into a store.

    >>> from storyline.store import open_store
    >>> store = open_store("memory://")
    >>> text = "BERLIN – Der Bundestag hat am Freitag ein neues Gesetz zur Wasserversorgung beschlossen."
    >>> Pipeline(store).ingest([Article(id="a1", text=text)]).stored
    1
    """

    def __init__(self, store: Store, options: Options | None = None) -> None:
        self.store = store
        self.options = options or Options()
        self._detector: CopyDetector | None = None
        self._engine: StoryEngine | None = None
        self._written_redirects: dict[str, str] = {}
        self._groups_of: dict[str, tuple[str, str]] = {}  # event and story of recent articles that are not copies
        self._pools: list[multiprocessing.pool.Pool] = []  # one single-process pool per worker
        # Word analyses the workers made, in order, each with the worker that made it; every
        # worker is sent the ones it has not seen with its next chunk (HanTa's ~1 ms a word is
        # then paid once per stream, not once per worker).
        self._shared: list[tuple[int, str, tuple[str, str]]] = []
        self._shared_start = 0  # number of analyses dropped from the front (all workers have them)
        self._sent: list[int] = []  # per worker: analyses up to this number sent
        self._touched: set[str] = set()  # stories written since their digests were last published
        self._published_at = time.monotonic()
        self._publish_cost = 0.0  # seconds the last publish took
        self._common = RecentBackground()  # the store's background, shared by the publishes
        self._ids_seen: dict[str, int] = {}  # the store's id counters as this writer last moved them
        self._seen_seq: int | None = None  # the store's newest article when this pipeline last wrote

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(stop=kind is not None)

    def close(self, stop: bool = False) -> None:
        """End the worker processes: when their work is done, or at once with ``stop`` (Ctrl-C, an error)."""
        for pool in self._pools:
            pool.terminate() if stop else pool.close()
        for pool in self._pools:
            pool.join()
        self._pools = []

    @property
    def detector(self) -> CopyDetector:
        """The copy detector, primed with the store's most recent signatures."""
        if self._detector is None:
            self._detector = CopyDetector(self.options)
            self._detector.learn_many(self.store.recent_signatures(self.options.dedup_memory))
        return self._detector

    @property
    def engine(self) -> StoryEngine:
        """The story engine: the store's last snapshot, brought up to date by replaying what came after."""
        if self._engine is None:
            snapshot = self.store.engine_state()
            engine = _unpickle_engine(snapshot[1]) if snapshot else None
            if engine is None:  # no snapshot, or one an older Storyline wrote: replay everything stored
                engine, snapshot = StoryEngine(self.options), None
            engine.options = self.options
            for row in self.store.features_after(snapshot[0] if snapshot else 0):
                _, article_id, duplicate_of, data, published, precision = row
                original = self.store.groups_of(duplicate_of, as_assigned=True) if duplicate_of else None
                if data is not None:
                    engine.learn_one(article_id, Features.from_dict(data), original[0] if original else None)
                elif original is not None:  # a copy placed without features, as when it arrived
                    engine.learn_copy(article_id, published_interval(published, precision), *original)
            # the store hands out the ids: new groups are numbered after every id it has seen taken
            self._ids_seen = self.store.id_counters()
            for kind, groups in (("e", engine.events), ("s", engine.stories)):
                groups.skip_ids(self._ids_seen.get(kind, 0))
            self._engine = engine
        return self._engine

    def ingest(
        self,
        records: Iterable[Article | Rejected],
        report: IngestReport | None = None,
        on_progress: Callable[[IngestReport], None] | None = None,
    ) -> IngestReport:
        """Ingest ``records`` in order; returns the counts (and every rejection).

        Holds the store's writer lock throughout (waiting for another writer to finish first)."""
        report = report if report is not None else IngestReport()
        with self.store.writer():
            if self._seen_seq is not None and self.store.last_seq() != self._seen_seq:
                self._forget()  # another writer wrote since: start again from what the store holds
            try:
                return self._ingest(records, report, on_progress)
            finally:
                self._seen_seq = self.store.last_seq()

    def _forget(self) -> None:
        """Drop the copy detector and the engine; they are loaded again from the store when needed."""
        self._detector, self._engine = None, None
        self._groups_of.clear()
        self._written_redirects.clear()

    def _ingest(
        self,
        records: Iterable[Article | Rejected],
        report: IngestReport,
        on_progress: Callable[[IngestReport], None] | None,
    ) -> IngestReport:
        batch: list[Analyzed] = []
        assignments: dict[str, tuple[str, str, float, float]] = {}
        since_snapshot = 0
        chunks = self._copies_found(self._analyzed(self._fresh(records, report)), report)
        if self.options.events:
            chunks = self._featured(chunks)
        for chunk in chunks:
            for result in chunk.results:
                if isinstance(result, Rejected):
                    report.rejected.append(result)
                    continue
                if self.options.events:
                    result, assignments[result.article.id] = self._assign(result, assignments)
                batch.append(result)
            if len(batch) >= self.options.batch_size:
                since_snapshot += len(batch)
                snapshot = since_snapshot >= self.options.checkpoint_every
                report.stored += self._write(batch, assignments, snapshot)
                self._publish()
                since_snapshot = 0 if snapshot else since_snapshot
                batch, assignments = [], {}
                if on_progress is not None:
                    on_progress(report)
        report.stored += self._write(batch, assignments, snapshot=True)
        self._publish(force=True)
        if on_progress is not None:
            on_progress(report)
        return report

    def _publish(self, force: bool = False) -> None:
        """Bring the published digests of the stories written since the last time up to date: at most
        every ``options.publish_every`` seconds while a stream runs, and at its end."""
        if not self.options.publish or not self.options.events:
            return
        waited = time.monotonic() - self._published_at
        if not force and waited < max(self.options.publish_every, PUBLISH_PAUSE * self._publish_cost):
            return
        touched, self._touched = self._touched, set()
        if not touched:
            return
        started = time.monotonic()
        publish(self.store, sorted(touched), self._common.of(self.store))
        self._published_at = time.monotonic()
        self._publish_cost = self._published_at - started

    def _copies_found(self, chunks: Iterator[_Chunk], report: IngestReport) -> Iterator[_Chunk]:
        """The chunks with each copy's ``duplicate_of`` set, in stream order."""
        detector = self.detector
        for chunk in chunks:
            results = chunk.results
            for i, result in enumerate(results):
                if isinstance(result, Analyzed):
                    original = detector.predict_one(result.signature)
                    detector.learn_one(result.article.id, result.signature, original)
                    if original is not None:
                        report.duplicates += 1
                        results[i] = dataclasses.replace(result, duplicate_of=original)
            yield chunk

    def _featured(self, chunks: Iterator[_Chunk]) -> Iterator[_Chunk]:
        """The chunks with the features of every article that is not a copy, in stream order:
        computed by the worker that analysed the chunk (it kept the articles), else here."""
        pending: deque[tuple[_Chunk, list[int], AsyncResult[tuple[_Featured | None, _Analyses]] | None]]
        pending = deque()
        for chunk in chunks:
            wanted = [i for i, r in enumerate(chunk.results) if isinstance(r, Analyzed) and r.duplicate_of is None]
            if chunk.worker is None or not wanted:
                self._fill(chunk, wanted, None)
                pending.append((chunk, [], None))
            else:
                job = (chunk.number, wanted, self._unseen(chunk.worker))
                pending.append((chunk, wanted, self._pools[chunk.worker].apply_async(_features_chunk, (job,))))
            while len(pending) > 2 * max(1, len(self._pools)):
                yield self._with_features(*pending.popleft())
        while pending:
            yield self._with_features(*pending.popleft())

    def _with_features(
        self,
        chunk: _Chunk,
        wanted: list[int],
        result: AsyncResult[tuple[_Featured | None, _Analyses]] | None,
    ) -> _Chunk:
        if result is not None:
            featured, learned = result.get()
            self._shared.extend((chunk.worker, word, analysis) for word, analysis in learned.items())  # type: ignore[misc]
            self._fill(chunk, wanted, featured)
        return chunk

    def _fill(self, chunk: _Chunk, wanted: list[int], featured: _Featured | None) -> None:
        """Put the features in (computed here when the worker had none)."""
        options = self.options
        for n, i in enumerate(wanted):
            result = chunk.results[i]
            assert isinstance(result, Analyzed)
            chunk.results[i] = add_features(result, featured[n] if featured is not None else None, options)

    def _assign(
        self, result: Analyzed, pending: dict[str, tuple[str, str, float, float]]
    ) -> tuple[Analyzed, tuple[str, str, float, float]]:
        """The article's event and story; a copy goes to its original's.  (A copy of an article the
        engine never placed, stored before it ran, is placed like any other: the result gains features.)"""
        original = result.duplicate_of
        if original is not None:
            groups = self._groups_of.get(original)
            if groups is None:  # an original from before this run, or one remembered no longer
                groups = pending[original][:2] if original in pending else self.store.groups_of(original)
            if groups is not None:
                time = published_interval(result.article.published, result.article.published_precision)
                assignment = self.engine.learn_copy(result.article.id, time, *groups)
                return result, (assignment.event, assignment.story, 1.0, 1.0)
        if result.features is None:
            result = add_features(result, options=self.options)
        assignment = self.engine.learn_one(result.article.id, result.features)
        if original is None:  # copies name their first copy, so only firsts are looked up
            self._groups_of[result.article.id] = (assignment.event, assignment.story)
            if len(self._groups_of) > self.options.dedup_memory:
                del self._groups_of[next(iter(self._groups_of))]  # the oldest
        return result, (assignment.event, assignment.story, assignment.event_score, assignment.story_score)

    def _write(
        self, batch: list[Analyzed], assignments: dict[str, tuple[str, str, float, float]], snapshot: bool
    ) -> int:
        """One transaction: the batch, its events and stories, merges, and maybe the engine's snapshot."""
        if not self.options.events or self._engine is None:
            return self.store.add(batch)
        merges = {**self._engine.events.redirects_, **self._engine.stories.redirects_}
        redirects = {old: new for old, new in merges.items() if self._written_redirects.get(old) != new}
        self._written_redirects.update(redirects)  # each merge is written once, not with every batch
        self._touched.update(story for _, story, _, _ in assignments.values())
        self._touched.update(old for old in redirects if old in self._engine.stories.redirects_)
        state = pickle.dumps(self._engine, protocol=pickle.HIGHEST_PROTOCOL) if snapshot else None
        numbered = {"e": self._engine.events.numbered_, "s": self._engine.stories.numbered_}
        ids = {kind: (self._ids_seen.get(kind, 0), last) for kind, last in numbered.items()}
        stored = self.store.add(batch, assignments, redirects, state, ids)
        self._ids_seen = numbered
        return stored

    def _fresh(self, records: Iterable[Article | Rejected], report: IngestReport) -> Iterator[list[Article]]:
        """Chunks of the articles not stored yet; rejections and repeats are counted on the way.

        An id is stored once: a record repeating it with the same title and text is counted as already
        stored; one with another text is rejected (the first one stays)."""
        stream = iter(records)
        # id -> what it was first seen with: the hash (whitespace aside) of the stored article, or the
        # (cheaper) hash of the first record of this input
        first_of: dict[str, str | int] = {}
        while chunk := list(islice(stream, _WORKER_CHUNK)):
            articles = [record for record in chunk if isinstance(record, Article)]
            stored = self.store.input_hashes([a.id for a in articles if a.id not in first_of])
            fresh: list[Article] = []
            for record in chunk:
                report.read += 1
                if isinstance(record, Rejected):
                    report.rejected.append(record)
                    continue
                first = first_of.get(record.id)
                if first is None and record.id in stored:  # None: stored before hashes were kept
                    first = first_of[record.id] = stored[record.id] or hash((record.title, record.text))
                if first is None:
                    first_of[record.id] = hash((record.title, record.text))
                    fresh.append(record)
                elif first == (input_hash(record) if isinstance(first, str) else hash((record.title, record.text))):
                    report.already_stored += 1
                else:
                    where = "in the store" if record.id in stored else "by an earlier record of this input"
                    report.rejected.append(_taken(record, where))
            if fresh:
                yield fresh

    def _analyzed(self, chunks: Iterator[list[Article]]) -> Iterator[_Chunk]:
        """The analysed chunks, in order: in worker processes when the input is large enough."""
        workers = self.options.workers or (os.cpu_count() or 1)
        # Starting workers costs about a second; a small input is done before that pays off.
        wanted = -(-self.options.batch_size // _WORKER_CHUNK)  # chunks that hold a whole batch
        head = list(islice(chunks, wanted))
        large = len(head) == wanted
        if workers <= 1 or not large:
            for number, chunk in enumerate(chain(head, chunks)):
                yield _Chunk(number, None, [analyze(article, self.options) for article in chunk])
            return
        pools = self._start_pools(workers, head[0][0])
        # Keep a few chunks per worker in flight, so that reading, analysing and writing overlap
        # while memory stays bounded however long the stream is.  Chunks go round the workers in
        # turn and come back in the same order.
        in_flight: deque[tuple[int, int, AsyncResult[list[Analyzed | Rejected]]]] = deque()
        for number, chunk in enumerate(chain(head, chunks)):
            worker = number % len(pools)
            job = (number, chunk, self.options)
            in_flight.append((number, worker, pools[worker].apply_async(_analyze_chunk, (job,))))
            while len(in_flight) > 4 * len(pools):
                number, worker, result = in_flight.popleft()
                yield _Chunk(number, worker, result.get())
        while in_flight:
            number, worker, result = in_flight.popleft()
            yield _Chunk(number, worker, result.get())

    def _unseen(self, worker: int) -> _Analyses:
        """The analyses made by other workers that ``worker`` has not been sent yet."""
        end = self._shared_start + len(self._shared)
        start = self._sent[worker] - self._shared_start
        self._sent[worker] = end
        unseen = {word: analysis for maker, word, analysis in self._shared[start:] if maker != worker}
        everyone = min(self._sent) - self._shared_start
        if everyone > 0:  # every worker has these: forget them
            del self._shared[:everyone]
            self._shared_start += everyone
        return unseen

    def _start_pools(self, workers: int, sample: Article) -> list[multiprocessing.pool.Pool]:
        if not self._pools:
            # fork shares the already-imported libraries with the workers; elsewhere spawn is
            # the only safe start method (callers then need a __main__ guard).  Analysing one
            # article first loads lingua's models (about 1 s), and, when the stream starts with
            # an undated article, dateparser its languages (0.3 s), once, before the fork, so
            # the workers share them instead of each loading its own.  (lingua builds its models
            # with a thread pool: building a detector in a forked worker after the parent built
            # one hangs, so the detector is always built here, even when articles bring ``lang``.)
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            if method == "fork":
                language.warm_up(self.options)
                analyze(sample, self.options, with_features=self.options.events)
                if sample.published is None:  # undated articles are dated by their datelines
                    dates.warm_up()
                if self.options.events:
                    warm_up(self.options.languages)
            context = multiprocessing.get_context(method)
            self._pools = [context.Pool(1, initializer=_ignore_interrupts) for _ in range(workers)]
            self._sent = [self._shared_start + len(self._shared)] * workers
        return self._pools


def _taken(article: Article, where: str) -> Rejected:
    """The rejection of a record whose id is taken, ``where``, by an article with another text."""
    reason = (
        f"id {article.id!r} is taken {where} by an article with another title or text; the first one is"
        " kept (give this record an id of its own to store it too)"
    )
    return Rejected(_where(article), article.meta.get("line"), reason, article.id)


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is for the main process, which stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _unpickle_engine(data: bytes) -> StoryEngine | None:
    """The engine of a snapshot, or ``None`` when the snapshot no longer fits this version's classes."""
    try:
        engine = pickle.loads(data)
    except (pickle.UnpicklingError, AttributeError, TypeError, ImportError, EOFError, ValueError):
        return None
    fits = isinstance(engine, StoryEngine) and getattr(engine, "format_", 1) == StoryEngine.FORMAT
    return engine if fits else None


def ingest(records: Iterable[Article | Rejected], store: Store, options: Options | None = None) -> IngestReport:
    """Ingest ``records`` into ``store`` (convenience wrapper around :class:`Pipeline`)."""
    with Pipeline(store, options) as pipeline:
        return pipeline.ingest(records)
