"""The one options object passed down the pipeline (no stage reads the environment)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from .errors import ConfigError
from .executors import check_spec

SUPPORTED_LANGUAGES = ("de", "en", "fr", "es", "it", "nl", "pl", "pt", "sv", "da", "no", "fi", "cs", "ru", "uk", "tr")


@dataclass(frozen=True)
class Options:
    """Tunable behaviour of an ingest; every constant with a reason lives here.

    >>> Options(duplicate_threshold=0.7).duplicate_threshold
    0.7
    """

    #: Languages lingua may answer with (ISO 639-1). Restricting the set makes detection
    #: faster and keeps short texts from being labelled with an exotic language.
    languages: tuple[str, ...] = ("de", "en", "fr", "es", "it", "nl", "pl", "pt")
    #: Characters of title + text given to the language detector: on the 1,524 German and
    #: English texts of ../shared/data, 200 characters gave as many right answers as 400
    #: (120 one fewer) at 0.23 ms instead of 0.38 ms an article.
    language_prefix_chars: int = 200
    #: Articles larger than this (bytes of text) are rejected, not truncated.
    max_article_bytes: int = 2_000_000
    #: Articles with fewer characters of text after cleaning are rejected as empty.
    min_text_chars: int = 1
    #: Records whose text holds fewer letters (``str.isalpha``) are rejected, as read and again
    #: after cleaning: a file of random bytes must not become an article of two characters with
    #: a story of its own.  3 is the shortest labelled text of ../shared/data (MStream snippets
    #: such as "era"; ECB+ 36, SemEval 6 after cleaning, the demo and test streams hundreds).
    min_letters: int = 3
    #: JSON records nested deeper than this (objects and arrays) are rejected: news records
    #: are flat, and deep nesting only costs time and stack (at most 500).
    max_nesting_depth: int = 64
    #: Record ids longer than this (characters) are rejected: an id is a key and part of urls.
    max_id_chars: int = 512
    #: Estimated Jaccard similarity of word shingles above which an article is a copy.
    #: Wire copies with a changed title, teaser and one dropped sentence stay above 0.6;
    #: two different reports of one event stay far below (< 0.2 on ECB+).
    duplicate_threshold: float = 0.6
    #: Words per shingle for MinHash.
    shingle_words: int = 4
    #: MinHash permutations (datasketch); 128 keeps the Jaccard estimate within ±0.05.
    num_perm: int = 128
    #: How many of the most recent articles the copy detector remembers: wire copies
    #: appear within days, and a bound keeps memory flat on an endless stream.
    dedup_memory: int = 200_000
    #: Articles written per transaction.
    batch_size: int = 500
    #: Worker processes for the per-article stages; 0 = one per core when the input is
    #: large enough to pay for starting them.
    workers: int = 0
    #: What runs the per-article stages (``storyline.executors``): ``auto`` (this process for a small
    #: input, else a pool of ``workers`` processes), ``inprocess``, ``pool``, ``pool:N``,
    #: ``dask://local`` (a local Dask cluster) or ``dask://HOST:PORT`` (the ``[dask]`` extra).
    #: The stored results are the same whichever runs them.
    executor: str = "auto"
    #: When another process holds the store's writer lock: hand this ingest's analysed articles to it
    #: (a store that takes hand-offs: PostgreSQL) instead of waiting for it; they are stored in the
    #: order handed, and by this process itself when the holder is gone before taking them all.
    hand_off: bool = True
    #: Group articles into events and stories while ingesting.
    events: bool = True
    #: Publish the digests of the stories an ingest touched (what ``serve`` and ``show`` read).
    publish: bool = True
    #: Seconds between two publishes while a stream runs (each costs a digest of every story
    #: touched since the last); an ingest always publishes when it ends.
    publish_every: float = 2.0
    #: Let the executor's workers build the digests of the stories of up to 1,000 articles, while a
    #: stream runs and at its end, when they run on this machine and the store is a file or a server
    #: (the writer builds the larger ones meanwhile, and writes them all). Off: the writer builds
    #: every digest itself, and the workers never open the store.
    publish_in_workers: bool = True
    #: Articles between two saved snapshots of the story engine; after a crash the engine
    #: replays the articles stored since the last snapshot from their stored features.
    checkpoint_every: int = 20_000
    #: Seconds between two saved snapshots while articles trickle in (``watch``: each poll is a short
    #: ingest). A pipeline's first ingest always ends with a snapshot; a later one ends with one only
    #: when this much time has passed since the last (or ``checkpoint_every`` articles came), so a
    #: long watch does not pickle a large engine after every poll. What a snapshot lacks is replayed.
    checkpoint_seconds: float = 300.0
    #: Probability (event model) above which an article joins an event; ``None``: the threshold
    #: fitted with the model (``similarity_weights.json``).
    event_threshold: float | None = None
    #: Two events merge when an article fits both and the events, compared with each other,
    #: reach this probability (a bar above ``event_threshold``: merging is hard to undo).
    event_merge_threshold: float = 0.95
    #: The same for two stories that a new event fits both (``None``: stories never merge).
    story_merge_threshold: float | None = None
    #: An event stays open this many days after its last report.
    event_window_days: float = 10.0
    #: Reports of one happening come out on its day or the next two (the demo's and the written
    #: streams' reports, as wire services work); the next happening of a story is often three or
    #: four days later.  Within ``grace`` days of the event's first report the time does not count;
    #: beyond, the score decays with ``scale`` days.
    event_time_grace: float = 2.0
    event_time_scale: float = 2.0
    #: Probability (story model) above which a new event joins an existing story; ``None``: the
    #: fitted one.
    story_threshold: float | None = None
    #: A story stays open this long after its last report (developments span weeks to months).
    story_window_days: float = 120.0
    story_time_grace: float = 45.0
    story_time_scale: float = 30.0
    #: A group (event, story) still holding at most ``second_look_size`` reports this many reports
    #: after it began is scored once more against the groups formed since, as a report would be,
    #: and merged into the best one that passes the bar (0: never).  A story's first report is often
    #: worded unlike those that follow; the group they form later tells what it was about.
    event_second_look: int = 50
    story_second_look: int = 200
    second_look_size: int = 2
    #: An event begun by a short text (a headline, a snippet) decides its story once it holds this
    #: many reports, from all of them (1: from its first report, like any other event).
    story_decision_size: int = 3
    #: ... or once this many reports have arrived since it began, whichever comes first.
    story_decision_wait: int = 100
    #: Heaviest body terms kept per article profile.
    profile_terms: int = 60
    #: Heaviest terms a story keeps (it keeps up to twice as many between two prunings): a story
    #: of hundreds of snippets uses a wide vocabulary, and a word it forgot cannot link a new one.
    story_terms: int = 60
    #: Candidate events (and stories) scored per article: those sharing most heavy terms and
    #: entities with it in the inverted index (scoring is the engine's main cost).
    max_candidates: int = 3
    #: Groups sharing most index keys with an article, among which the ``max_candidates`` with the
    #: closest text vectors are scored.
    candidate_pool: int = 30
    #: A JSON file of pair-model weights to use instead of the packaged ones (as written by
    #: ``scripts/fit_similarity.py``; cross-validation uses it to score held-out data).
    similarity_weights: str | None = None
    #: Dense multilingual vectors as one more signal (``"e5"`` or ``"static"``; the optional
    #: ``[dense]`` extra, ``storyline.dense``), computed in the workers for every article that is
    #: not a copy; ``"none"``: the light default.
    embedder: str = "none"
    #: Terms (and entities) whose document frequencies are remembered; past this the rarest
    #: half is forgotten, which only makes those words count as new again.
    max_vocabulary: int = 400_000
    # --- fetching feeds and pages over HTTP (storyline.fetch) ---
    #: Seconds to wait for a connection, and for each read of a response: news sites answer in well
    #: under a second; a server silent for longer is down or tarpitting.
    fetch_connect_timeout: float = 10.0
    fetch_read_timeout: float = 20.0
    #: Seconds a whole response may take, however steadily a slow server drips it.
    fetch_total_timeout: float = 60.0
    #: Responses larger than this (bytes) are refused, not cut: a news page is 0.1–2 MB, a feed less.
    max_fetch_bytes: int = 5_000_000
    #: Redirects followed per request, each hop's address checked again.
    max_redirects: int = 5
    #: Seconds between two requests to one host (politeness; robots.txt asks 1–10 s of crawlers).
    host_delay: float = 1.0
    #: Fetch urls that resolve to private, loopback, link-local, multicast or reserved addresses
    #: (off: a feed must not make Storyline read the local network, SSRF).
    allow_private_urls: bool = False
    #: Fetch an entry's page only where the site's robots.txt lets Storyline (RFC 9309: a missing
    #: robots.txt allows all, an unreachable one allows nothing); the feed the user named is always read.
    respect_robots: bool = True
    #: A feed entry whose own content has at least this many characters of text is taken as the
    #: article and its page is not fetched; shorter content is a teaser (news teasers run 150–400).
    feed_full_text_chars: int = 800
    #: A feed that fails is polled again after ``every`` × 2^(failures − 1), at most this many seconds.
    feed_max_backoff: float = 6 * 3600.0
    #: Entry pages fetched at most per poll of one feed (a first poll of a feed with hundreds of
    #: entries must not take an hour); the entries past it are left for the next poll, and counted.
    feed_max_pages: int = 100

    def __post_init__(self) -> None:
        for name in (
            "duplicate_threshold",
            "event_threshold",
            "event_merge_threshold",
            "story_threshold",
            "story_merge_threshold",
        ):
            if getattr(self, name) is not None or name in ("duplicate_threshold", "event_merge_threshold"):
                _check_range(self, name, 0.0, 1.0)
        for name in (
            "event_window_days",
            "event_time_grace",
            "event_time_scale",
            "story_window_days",
            "story_time_grace",
            "story_time_scale",
        ):
            _check_range(self, name, 0.0, None)
        for name in (
            "language_prefix_chars",
            "max_article_bytes",
            "min_text_chars",
            "max_id_chars",
            "shingle_words",
            "num_perm",
            "dedup_memory",
            "batch_size",
            "max_candidates",
            "candidate_pool",
            "profile_terms",
            "story_terms",
        ):
            _check_range(self, name, 1, None)
        for name in ("fetch_connect_timeout", "fetch_read_timeout", "fetch_total_timeout", "feed_max_backoff"):
            _check_range(self, name, 0.001, None)
        for name in ("max_fetch_bytes", "feed_full_text_chars", "feed_max_pages"):
            _check_range(self, name, 1, None)
        _check_range(self, "max_redirects", 0, 30)
        second_looks = ("event_second_look", "story_second_look", "second_look_size")
        for name in (*second_looks, "story_decision_size", "story_decision_wait"):
            _check_range(self, name, 0, None)
        _check_range(self, "host_delay", 0.0, 3600.0)
        _check_range(self, "publish_every", 0.0, None)
        _check_range(self, "workers", 0, 256)
        check_spec(self.executor)
        _check_range(self, "min_letters", 0, None)
        _check_range(self, "max_nesting_depth", 1, 500)  # deeper than 500 the parser runs out of stack first
        if self.embedder not in ("none", "e5", "static"):
            raise ConfigError(f"The 'embedder' parameter of Options must be none, e5 or static; got {self.embedder!r}.")
        unknown = [code for code in self.languages if code not in SUPPORTED_LANGUAGES]
        if unknown or not self.languages:
            raise ConfigError(
                f"The 'languages' parameter of Options must be a non-empty subset of "
                f"{', '.join(SUPPORTED_LANGUAGES)}; got {', '.join(self.languages) or 'nothing'}."
            )

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def _check_range(options: Options, name: str, low: float, high: float | None) -> None:
    value = getattr(options, name)
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= low
    ok = ok and (high is None or value <= high)
    if not ok:
        bounds = f"[{low}, {high}]" if high is not None else f">= {low}"
        raise ConfigError(f"The '{name}' parameter of Options must be in {bounds}; got {value!r}.")
