"""The story of an article, top to bottom: the one orchestrator of Storyline.

1. A reader (``ingest/``) turns a file line, a text file or an HTML page into an
   :class:`~storyline.model.Article` — or a :class:`~storyline.model.Rejected` saying where
   and why.  Articles whose id is stored already are counted and left out (:meth:`Pipeline._fresh`).
2. Per article, independently (pure: an executor runs it, see ``storyline.executors``): the date
   marker is split off (``dates.take_marker``), page chrome removed and the title found
   (``clean.clean_article``), an undated article dated by its dateline (``dates.date_article``),
   its language detected (``language.detect``) and its MinHash signature computed
   (``dedup.signature``): :func:`analyze`.
3. In stream order, one at a time: the copy detector names the first earlier article the
   article copies (``dedup.CopyDetector``).
4. With the story engine: the features of every article that is not a copy, pure again, through
   the executor (``features.extract_features``, and the optional dense vector: :func:`features_of`);
   then, in stream order, its event and story (``cluster.StoryEngine``); a copy joins its
   original's without features of its own.
5. The store writes the articles (and their events and stories) in batched transactions.

Stages 2 and 4 run wherever the executor runs them (this process, a process pool, Dask) and
give the same results; stages 3 and 5 and the engine are one writer, here, in stream order.

Several ingests, one writer: the process that holds the store's writer lock runs stages 3–5.
With a store that takes hand-offs (PostgreSQL), an ingest that finds the lock held runs stages 2
and 4 and hands its analysed articles to the store's queue (:meth:`Pipeline.hand_off`); the
holder takes them after its own input, in the order handed, and removes each in the transaction
that stores it.  When the holder dies (the server releases its lock), the next process to take
the lock stores what is left: nothing is lost, nothing stored twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import logging
import os
import pickle
import socket
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice

from . import clean, dates, language
from .cluster import StoryEngine
from .dedup import CopyDetector, signature
from .dense import Embedder, document_text, load_embedder
from .digest.members import RecentBackground
from .digest.publish import Digested, DigestJob, publish
from .errors import StoreBusyError
from .executors import Executor, Future, InProcess, executor_for
from .features import Features, extract_features, published_interval, warm_up
from .ingest.ids import content_hash
from .ingest.limits import too_few_letters
from .model import Analyzed, Article, IngestReport, Rejected
from .options import Options
from .search import index_terms
from .store import HandoffStore, Store

log = logging.getLogger("storyline.pipeline")

_CHUNK = 128  # articles sent to a worker at a time: large enough to amortise pickling and
# the pool's per-task hand-offs (at 32, these cost the main process twice as much CPU)


#: A stream waits at least this many times as long as its last publish took before it publishes
#: again (at most a fifth of an ingest goes to publishing; a story touched again meanwhile is
#: published once).
PUBLISH_PAUSE = 4.0

#: While a stream runs, a story of at least ``REPUBLISH_FROM`` articles is published again only once
#: it has grown by ``REPUBLISH_GROWTH`` (a share of its articles) since; every story touched is
#: published at the input's end.  Publishing reads all of a story's articles: republished with every
#: batch, a story that grows with the stream would make each article cost more than the one before;
#: republished on growth, a story of n articles costs about n / REPUBLISH_GROWTH article reads in
#: all, a constant per article.
REPUBLISH_FROM = 100
REPUBLISH_GROWTH = 0.05

#: Stories per digest task when an executor's workers build the digests: at the input's end, and
#: while a stream runs (fewer: a task queued before the next articles' features delays them).
DIGEST_CHUNK = 8
STREAM_DIGEST_CHUNK = 2
#: Stories of more articles than this are digested by the writer, not by the workers: a worker then
#: never holds a large story's members, and its memory stays that of a small story's digest.
WORKER_DIGEST_LIMIT = 1000

#: Seconds between two looks of an ingest that handed its articles off: are they stored yet, or has
#: the writer lock come free (its holder gone) so that this process stores them itself?
HANDOFF_POLL = 0.5


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


_Results = list[Analyzed | Rejected]  # a chunk of analysed articles (or rejections), in stream order


def _analyze_chunk(articles: list[Article], options: Options) -> _Results:
    """Stage 2 of a chunk (pure; in a worker)."""
    return [analyze(article, options) for article in articles]


def _hand_off_chunk(articles: list[Article], options: Options) -> _Results:
    """Stages 2 and 4 of a chunk, for an ingest that hands its articles to the writer (pure; in a
    worker): the features of every article, since which are copies is decided by the writer."""
    return [analyze(article, options, with_features=options.events) for article in articles]


def _features_chunk(articles: list[Article], options: Options) -> list[tuple[Features, str]]:
    """Stage 4's features of a chunk's articles (pure; in a worker)."""
    return [features_of(article, options) for article in articles]


def _warm_up(options: Options, sample: Article) -> None:
    """Load what every worker needs (the language detector, dateparser's languages, the lemma
    dictionaries and HanTa): before a fork, the workers then share it.  (lingua builds its models
    with a thread pool: building a detector in a forked worker after the parent built one hangs,
    so with fork it is always built before, even when articles bring ``lang``.)"""
    language.warm_up(options)
    analyze(sample, options, with_features=options.events)
    if sample.published is None:  # undated articles are dated by their datelines
        dates.warm_up()
    if options.events:
        warm_up(options.languages)


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
        self._executor: Executor | None = None  # started for the first input that needs it, kept until close
        self._touched: Counter[str] = Counter()  # stories written since last published: articles added
        self._sizes: dict[str, int] = {}  # articles of the stories of REPUBLISH_FROM or more, as last published
        self._published_at = time.monotonic()
        self._publish_cost = 0.0  # seconds the last publish took (the workers' rounds: until written)
        self._round_at = 0.0  # when the last publish began (monotonic)
        self._digesting: deque[tuple[Future[Digested], list[str]]] = deque()  # digests the workers are building
        self._declined: dict[str, None] = {}  # stories the workers left to the writer (too large)
        self._common = RecentBackground()  # the store's background, shared by the publishes
        self._ids_seen: dict[str, int] = {}  # the store's id counters as this writer last moved them
        self._seen_seq: int | None = None  # the store's newest article when this pipeline last wrote
        self._since_snapshot = 0  # articles learned since the engine's last snapshot
        self._snapshot_at: float | None = None  # when this pipeline last wrote one (monotonic)
        self._ingests = 0  # ingests this pipeline finished
        self._handoff_of: dict[str, int] = {}  # article id -> the hand-off it came in, until stored
        self._handoffs_dropped: list[int] = []  # hand-offs of articles stored already: removed with the next write

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(stop=kind is not None)

    def close(self, stop: bool = False) -> None:
        """End the executor's workers: when their work is done, or at once with ``stop`` (Ctrl-C, an error)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.close(stop=stop)

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

        Holds the store's writer lock throughout, waiting for another writer to finish first — or,
        when the store takes hand-offs and ``options.hand_off``, handing the analysed articles to
        that writer instead (:meth:`hand_off`)."""
        report = report if report is not None else IngestReport()
        lock = self._writer_now() if self._hands_off() else self.store.writer()
        if lock is None:
            return self.hand_off(records, report, on_progress)
        with lock, self._as_writer():
            return self._ingest(records, report, on_progress)

    def _hands_off(self) -> bool:
        return self.options.hand_off and isinstance(self.store, HandoffStore)

    def _writer_now(self) -> contextlib.ExitStack | None:
        """The store's writer lock, held (exit the stack to release it), or ``None`` when another
        process holds it."""
        stack = contextlib.ExitStack()
        try:
            stack.enter_context(self.store.writer(wait=False))
        except StoreBusyError:
            stack.close()
            return None
        return stack

    @contextlib.contextmanager
    def _as_writer(self) -> Iterator[None]:
        """An ingest's block as the store's writer (its lock held): what another writer wrote since
        this pipeline last did is taken in first, and the store's newest article noted at the end."""
        if self._seen_seq is not None and self.store.last_seq() != self._seen_seq:
            self._forget()  # another writer wrote since: start again from what the store holds
        try:
            yield
        finally:
            self._seen_seq = self.store.last_seq()
            self._ingests += 1

    def hand_off(
        self,
        records: Iterable[Article | Rejected],
        report: IngestReport | None = None,
        on_progress: Callable[[IngestReport], None] | None = None,
    ) -> IngestReport:
        """Analyse ``records`` (stages 2 and 4) and queue them in the store for the process holding its
        writer lock, one transaction per chunk; then wait until that process has stored them, or —
        when the lock comes free first (its holder ended or died) — take it and store what is left
        of the queue here.  The report counts what was handed off (and what this process stored)."""
        report = report if report is not None else IngestReport()
        store = self.store
        assert isinstance(store, HandoffStore)
        sender = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        executor, chunks = self._started(self._fresh(records, report, {}))
        for chunk in executor.map(functools.partial(_hand_off_chunk, options=self.options), chunks):
            items = []
            for result in chunk:
                if isinstance(result, Rejected):
                    report.rejected.append(result)
                else:
                    items.append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            store.hand_off(sender, items)
            report.handed_off += len(items)
            if on_progress is not None:
                on_progress(report)
        while store.handoffs_waiting(sender):
            lock = self._writer_now()
            if lock is None:
                time.sleep(HANDOFF_POLL)
                continue
            with lock, self._as_writer():  # the holder is gone: this process is the writer now, and stores the queue
                self._ingest((), report, on_progress)
        return report

    def _forget(self) -> None:
        """Drop the copy detector and the engine; they are loaded again from the store when needed."""
        self._detector, self._engine = None, None
        self._since_snapshot, self._snapshot_at = 0, None
        self._groups_of.clear()
        self._written_redirects.clear()

    def _ingest(
        self,
        records: Iterable[Article | Rejected],
        report: IngestReport,
        on_progress: Callable[[IngestReport], None] | None,
    ) -> IngestReport:
        seen: dict[str, str | int] = {}
        executor, chunks = self._started(self._fresh(records, report, seen))  # 1. chunks of articles not stored yet
        analysed = executor.map(functools.partial(_analyze_chunk, options=self.options), chunks)  # 2.
        if self._hands_off():  # then what other ingests handed to this writer
            analysed = chain(analysed, self._handed_off(seen, report))
        results = self._copies_found(analysed, report)  # 3.
        if self.options.events:
            results = self._featured(results, executor)  # 4. features
        batch: list[Analyzed] = []
        assignments: dict[str, tuple[str, str, float, float]] = {}
        for chunk in results:
            for result in chunk:
                if isinstance(result, Rejected):
                    report.rejected.append(result)
                    continue
                if self.options.events:  # 4. event and story
                    result, assignments[result.article.id] = self._assign(result, assignments)
                batch.append(result)
            if len(batch) >= self.options.batch_size:  # 5.
                report.stored += self._write(batch, assignments, self._snapshot_due(len(batch)))
                self._publish(executor)
                batch, assignments = [], {}
                if on_progress is not None:
                    on_progress(report)
        if self.options.events and self._engine is not None:
            self._engine.flush()  # the input's end: events still waiting for reports decide their stories
        report.stored += self._write(batch, assignments, self._snapshot_due(len(batch), end=True))
        self._publish(executor, force=True)
        if on_progress is not None:
            on_progress(report)
        return report

    def _handed_off(self, seen: dict[str, str | int], report: IngestReport) -> Iterator[_Results]:
        """The queued hand-offs, chunk by chunk, oldest first, as analysed results (stage 2 and the
        features done by the process that handed them); an article stored already, or met earlier in
        this input, is counted as already stored.  Each hand-off is removed from the queue by the
        transaction that stores its article (:meth:`_write`)."""
        store = self.store
        assert isinstance(store, HandoffStore)
        after = 0
        while rows := store.handoffs(after, _CHUNK):
            after = rows[-1][0]
            items: list[tuple[int, Analyzed]] = [(seq, pickle.loads(data)) for seq, data in rows]
            stored = store.existing([item.article.id for _, item in items if item.article.id not in seen])
            results: _Results = []
            for seq, item in items:
                article_id = item.article.id
                if article_id in seen or article_id in stored or article_id in self._handoff_of:
                    report.already_stored += 1
                    self._handoffs_dropped.append(seq)
                    continue
                seen[article_id] = item.input_hash or 0
                self._handoff_of[article_id] = seq
                results.append(item)
            yield results

    def _started(self, fresh: Iterator[list[Article]]) -> tuple[Executor, Iterator[list[Article]]]:
        """The executor for an input, chosen on its first batch's worth of chunks, and all its chunks."""
        head = list(islice(fresh, -(-self.options.batch_size // _CHUNK)))  # chunks that hold a whole batch
        return self._executor_for(head), chain(head, fresh)

    def _executor_for(self, head: list[list[Article]]) -> Executor:
        """The executor of ``options.executor``; ``auto`` runs an input too small to fill a batch here
        (starting workers costs about a second, and is done before that pays off), the rest in a
        process pool, started once and kept for the next inputs."""
        wanted = -(-self.options.batch_size // _CHUNK)
        if self._executor is None:
            large = len(head) == wanted
            if self.options.executor == "auto" and not large:
                return InProcess()
            warm = functools.partial(_warm_up, self.options, head[0][0]) if head else None
            self._executor = executor_for(self.options.executor, self.options, large, warm)
        return self._executor

    def _publish(self, executor: Executor, force: bool = False) -> None:
        """Bring the published digests of the stories written since the last time up to date: at most
        every ``options.publish_every`` seconds while a stream runs (waiting :data:`PUBLISH_PAUSE`
        times as long as the writer's part of the last publish took), and at its end (``force``).

        With ``options.publish_in_workers``, when the executor's workers share this machine and can
        open the store, they build the digests of the stories of at most :data:`WORKER_DIGEST_LIMIT`
        articles (:class:`DigestJob`) beside the articles' features, and the writer only writes them
        as they come; it builds the larger ones itself meanwhile.  A new round starts once the last
        one is written: a story is never digested twice at once, and its rows are written in order."""
        if not self.options.publish or not self.options.events:
            return
        if self._digesting:
            self._take_digests(wait=force)
            if self._digesting:  # the workers are still on the last round
                return
        waited = time.monotonic() - self._published_at
        if not force and waited < max(self.options.publish_every, PUBLISH_PAUSE * self._publish_cost):
            return
        due = self._due(force)
        if not due:
            return
        self._round_at = time.monotonic()
        url = self.store.url
        mine = [story for story, _ in due]
        if self.options.publish_in_workers and executor.local and executor.workers > 1 and url:
            sizes: dict[str, int] = {}  # live story -> articles, as far as this writer knows
            gone = []
            for story, added in due:
                live = self.store.live_group(story)
                if live != story:
                    gone.append(story)
                sizes[live] = sizes.get(live, self._sizes.get(live, 0)) + added
            if gone:
                self.store.publish([], gone)
            mine = [story for story, size in sizes.items() if size > WORKER_DIGEST_LIMIT]
            theirs = [story for story, size in sizes.items() if size <= WORKER_DIGEST_LIMIT]
            job, chunk = DigestJob(url, WORKER_DIGEST_LIMIT), DIGEST_CHUNK if force else STREAM_DIGEST_CHUNK
            for start in range(0, len(theirs), chunk):
                stories = theirs[start : start + chunk]
                self._digesting.append((executor.submit(job, stories), stories))
        if mine:
            publish(self.store, mine, self._common.of(self.store), on_published=self._published)
        self._published_at = time.monotonic()
        self._publish_cost = self._published_at - self._round_at
        if force:
            self._take_digests(wait=True)

    def _due(self, force: bool) -> list[tuple[str, int]]:
        """The touched stories to publish now (all of them when ``force``), no longer touched, with the
        articles added to each since it was last published."""
        touched = self._touched
        due = sorted(
            (story, added)
            for story, added in touched.items()
            if force or added >= REPUBLISH_GROWTH * self._sizes.get(story, 0)
        )
        for story, _ in due:
            del touched[story]
        return due

    def _take_digests(self, wait: bool) -> None:
        """Write the digests the workers have built (all of them, waiting, with ``wait``), in the order
        asked for; once the round is written, the stories a worker declined as too large (grown, or
        merged, since they were sent), or failed to digest, are digested here: a digest is derived data,
        and a worker's failure costs the writer time, never the ingest."""
        while self._digesting and (wait or self._digesting[0][0].done()):
            future, stories = self._digesting.popleft()
            try:
                digested = future.result()
            except Exception as error:  # (a worker that failed or died): the writer digests them itself
                log.warning("a worker could not digest stories %s (%s); the writer digests them", stories, error)
                self._declined.update(dict.fromkeys(stories))
                continue
            self.store.publish(digested.rows, digested.gone)
            for row in digested.rows:
                self._published(row["story"], row["article_count"])
            self._declined.update(dict.fromkeys(digested.declined))
        if not self._digesting:  # the round is written: it cost the stream what it took (not less)
            if self._declined:
                declined, self._declined = list(self._declined), {}
                publish(self.store, declined, self._common.of(self.store), on_published=self._published)
            self._published_at = time.monotonic()
            self._publish_cost = max(self._publish_cost, self._published_at - self._round_at)

    def _published(self, story: str, articles: int) -> None:
        if articles >= REPUBLISH_FROM:
            self._sizes[story] = articles
        else:
            self._sizes.pop(story, None)

    def _copies_found(self, chunks: Iterator[_Results], report: IngestReport) -> Iterator[_Results]:
        """The chunks with each copy's ``duplicate_of`` set, in stream order."""
        detector = self.detector
        for results in chunks:
            for i, result in enumerate(results):
                if isinstance(result, Analyzed):
                    original = detector.predict_one(result.signature)
                    detector.learn_one(result.article.id, result.signature, original)
                    if original is not None:  # (a hand-off's features go: a copy is placed without)
                        report.duplicates += 1
                        results[i] = dataclasses.replace(
                            result, duplicate_of=original, features=None, features_json=None
                        )
            yield results

    def _featured(self, chunks: Iterator[_Results], executor: Executor) -> Iterator[_Results]:
        """The chunks with the features of every article that is not a copy, in stream order: the
        articles go to the executor (again: a worker keeps nothing between tasks)."""
        waiting: deque[tuple[_Results, list[int]]] = deque()

        def jobs() -> Iterator[list[Article]]:
            for results in chunks:
                wanted = [
                    i
                    for i, r in enumerate(results)
                    if isinstance(r, Analyzed) and r.duplicate_of is None and r.features is None
                ]
                waiting.append((results, wanted))
                yield [results[i].article for i in wanted]  # type: ignore[union-attr]

        for featured in executor.map(functools.partial(_features_chunk, options=self.options), jobs()):
            results, wanted = waiting.popleft()
            for i, computed in zip(wanted, featured, strict=True):
                results[i] = add_features(results[i], computed)  # type: ignore[arg-type]
            yield results

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

    def _snapshot_due(self, learned: int, end: bool = False) -> bool:
        """Whether the batch about to be written carries the engine's snapshot: every
        ``checkpoint_every`` articles or ``checkpoint_seconds``, and at the end of this pipeline's first
        ingest (a later ingest's end only when one is due: a watch's polls do not each pickle the engine)."""
        self._since_snapshot += learned
        if not self.options.events or self._engine is None or not self._since_snapshot:
            return False
        due = self._since_snapshot >= self.options.checkpoint_every or (
            self._snapshot_at is not None and time.monotonic() - self._snapshot_at >= self.options.checkpoint_seconds
        )
        if due or (end and self._ingests == 0):
            self._since_snapshot, self._snapshot_at = 0, time.monotonic()
            return True
        return False

    def _write(
        self, batch: list[Analyzed], assignments: dict[str, tuple[str, str, float, float]], snapshot: bool
    ) -> int:
        """One transaction: the batch, its events and stories, merges, and maybe the engine's snapshot."""
        taken = self._taken(batch)
        if not self.options.events or self._engine is None:
            return self.store.add(batch, taken=taken)
        merges = {**self._engine.events.redirects_, **self._engine.stories.redirects_}
        redirects = {old: new for old, new in merges.items() if self._written_redirects.get(old) != new}
        self._written_redirects.update(redirects)  # each merge is written once, not with every batch
        self._touched.update(story for _, story, _, _ in assignments.values())
        for old in redirects:  # a story merged into another: published (as the other) with the next publish
            if old in self._engine.stories.redirects_:
                self._touched[old] += 1
                self._sizes.pop(old, None)
        state = pickle.dumps(self._engine, protocol=pickle.HIGHEST_PROTOCOL) if snapshot else None
        numbered = {"e": self._engine.events.numbered_, "s": self._engine.stories.numbered_}
        ids = {kind: (self._ids_seen.get(kind, 0), last) for kind, last in numbered.items()}
        stored = self.store.add(batch, assignments, redirects, state, ids, taken)
        self._ids_seen = numbered
        return stored

    def _taken(self, batch: list[Analyzed]) -> list[int]:
        """The hand-offs a batch about to be written stores (and those of articles stored before)."""
        if not self._handoff_of and not self._handoffs_dropped:
            return []
        taken, self._handoffs_dropped = self._handoffs_dropped, []
        for item in batch:
            seq = self._handoff_of.pop(item.article.id, None)
            if seq is not None:
                taken.append(seq)
        return taken

    def _fresh(
        self, records: Iterable[Article | Rejected], report: IngestReport, first_of: dict[str, str | int]
    ) -> Iterator[list[Article]]:
        """Chunks of the articles not stored yet; rejections and repeats are counted on the way.

        An id is stored once: a record repeating it with the same title and text is counted as already
        stored; one with another text is rejected (the first one stays).  ``first_of`` (filled here):
        id -> what it was first seen with: the hash (whitespace aside) of the stored article, or the
        (cheaper) hash of the first record of this input."""
        stream = iter(records)
        while chunk := list(islice(stream, _CHUNK)):
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


def _taken(article: Article, where: str) -> Rejected:
    """The rejection of a record whose id is taken, ``where``, by an article with another text."""
    reason = (
        f"id {article.id!r} is taken {where} by an article with another title or text; the first one is"
        " kept (give this record an id of its own to store it too)"
    )
    return Rejected(_where(article), article.meta.get("line"), reason, article.id)


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
