"""The labelled corpora the story engine is fitted and judged on, as plain records.

Third-party sets are read from ``../shared/data`` at run time (never copied into the project);
the demo corpus and the event/story streams in ``tests/data/streams`` were written for it.

* pair sets (:class:`PairCorpus`): SemEval-2022 Task 8 German dev pairs (``semeval_de``) and the
  multilingual training pairs (``semeval_multi``: en, es, fr, it, pl and three cross-lingual
  pairings; "headline  body" texts cut at about 1,000 characters), graded 1 (same) … 4 (unrelated);
* cluster sets (:class:`ClusterCorpus`): ECB+ train+dev (``ecb``: events, two of the same kind
  per topic, no dates), MStream Tweets-T (``mstream``: 30k short stemmed snippets in stream
  order), the demo corpus (``demo``) and the written streams (``streams_en``,
  ``streams_multi``: several dated events inside each story, stories that share actors).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest import read
from ..ingest.jsonl import record_to_article
from ..model import Article
from .shapes import SHAPES, reshape

REPO = Path(__file__).resolve().parents[3]
DEMO = Path(__file__).resolve().parents[1] / "demo"
STREAMS = REPO / "tests" / "data" / "streams"
SHARED_DATA = REPO.parent / "shared" / "data"

ECB_ORDER_SEED = 13  # ECB+ has no dates: it is streamed in one fixed shuffled order


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """Two articles and how similar people judged their stories (1 same … 4 unrelated)."""

    id: str
    a: Article
    b: Article
    overall: float

    @property
    def cross_lingual(self) -> bool:
        return bool(self.a.lang and self.b.lang and self.a.lang != self.b.lang)


@dataclass(frozen=True, slots=True)
class PairCorpus:
    name: str
    pairs: list[LabelledPair]
    shapes: tuple[str, ...]

    def reshaped(self, shape: str) -> PairCorpus:
        pairs = [LabelledPair(p.id, reshape(p.a, shape), reshape(p.b, shape), p.overall) for p in self.pairs]
        return PairCorpus(self.name, pairs, (shape,))


@dataclass(frozen=True, slots=True)
class ClusterCorpus:
    """Articles in stream order with their gold event and story; ``folds`` groups articles that
    must stay together when the corpus is split (ECB+: a topic, with both its events)."""

    name: str
    articles: list[Article]
    event: dict[str, str]
    story: dict[str, str]
    shapes: tuple[str, ...]
    folds: dict[str, str] = field(default_factory=dict)
    #: the gold levels it has: MStream's labels are topics (stories); its events are unknown, so
    #: each snippet counts as an event of its own and no event-model rows come from it; ECB+'s
    #: labels are events, and no story-model rows come from it
    levels: tuple[str, ...] = ("event", "story")

    def reshaped(self, shape: str) -> ClusterCorpus:
        articles = [reshape(a, shape) for a in self.articles]
        return ClusterCorpus(self.name, articles, self.event, self.story, (shape,), self.folds, self.levels)


Corpus = PairCorpus | ClusterCorpus

_ALL_BUT_UNDATED = tuple(s for s in SHAPES if s != "undated")


def semeval_de(data: Path = SHARED_DATA) -> PairCorpus:
    pairs = []
    for row in _rows(data / "semeval_de_dev.jsonl"):
        sides = [_pair_side(row, s, "de") for s in ("a", "b")]
        pairs.append(LabelledPair(str(row["id"]), sides[0], sides[1], float(row["overall"])))
    return PairCorpus("semeval_de", pairs, _ALL_BUT_UNDATED)


def semeval_multi(data: Path = SHARED_DATA) -> PairCorpus:
    pairs = []
    for row in _rows(data / "semeval_multi_train.jsonl"):
        sides = [_pair_side(row, s, None) for s in ("a", "b")]
        pairs.append(LabelledPair(str(row["id"]), sides[0], sides[1], float(row["overall"])))
    # no title field and already cut at ~1,000 characters: no_title and truncated change nothing
    return PairCorpus("semeval_multi", pairs, ("as_is", "lower", "headline", "snippet"))


def _pair_side(row: dict, side: str, lang: str | None) -> Article:  # type: ignore[type-arg]
    fields = row[side]
    return Article(
        id=f"{row['id']}/{side}",
        title=fields.get("title") or None,
        text=fields.get("text") or fields.get("title") or "",
        lang=fields.get("lang") or lang,
    )


def ecb(data: Path = SHARED_DATA) -> ClusterCorpus:
    rows = list(_rows(data / "ecbplus_train_dev.jsonl"))
    random.Random(ECB_ORDER_SEED).shuffle(rows)
    articles = [Article(id=r["id"], title=r["title"], text=r["text"] or r["title"], lang=r.get("lang")) for r in rows]
    labels = {r["id"]: str(r["label"]) for r in rows}
    folds = {r["id"]: str(r["topic"]) for r in rows}
    # ECB+ labels happenings; its "stories" would only be those events again (two check-ins into
    # rehab by two people years apart are two stories, but so are two reports of one trial a year
    # apart): its story level is unknown, and its stories are scored against its events for a view
    return ClusterCorpus("ecb", articles, labels, labels, _ALL_BUT_UNDATED, folds, levels=("event",))


def mstream(data: Path = SHARED_DATA) -> ClusterCorpus:
    rows = list(_rows(data / "mstream_tweets_t.jsonl"))
    articles = [Article(id=str(r["id"]), text=r["text"], lang=r.get("lang")) for r in rows]
    labels = {str(r["id"]): str(r["label"]) for r in rows}
    return ClusterCorpus("mstream", articles, labels, labels, ("as_is",), levels=("story",))


def demo() -> ClusterCorpus:
    """The demo corpus (written for the project) with its gold events and stories."""
    gold = {(row["file"], row["id"]): row for row in _rows(DEMO / "gold.jsonl")}
    articles, event, story = [], {}, {}
    for article in read([DEMO / "articles"]):
        if not isinstance(article, Article):
            continue
        name = Path(article.meta["path"]).name
        row = gold[(name, article.id if name.endswith(".jsonl") else None)]
        articles.append(article)
        event[article.id], story[article.id] = row["event"], row["story"]
    return ClusterCorpus("demo", _by_date(articles), event, story, SHAPES)


def stream(path: Path) -> ClusterCorpus:
    """A written stream: JSONL rows with the article fields and gold ``event`` and ``story``."""
    articles, event, story = [], {}, {}
    for number, row in enumerate(_rows(path), start=1):
        article = record_to_article(row, str(path), number)
        if not isinstance(article, Article):
            raise ValueError(f"{path}:{number}: {article.reason}")
        articles.append(article)
        event[article.id], story[article.id] = str(row["event"]), str(row["story"])
    return ClusterCorpus(f"streams_{path.stem.split('_', 1)[-1]}", articles, event, story, SHAPES)


def streams(folder: Path = STREAMS) -> list[ClusterCorpus]:
    return [stream(path) for path in sorted(folder.glob("*.jsonl"))]


def _by_date(articles: Sequence[Article]) -> list[Article]:
    from ..cluster.batch import stream_order

    return stream_order(articles)


def all_corpora(data: Path = SHARED_DATA, include_large: bool = True) -> list[Corpus]:
    """Every labelled corpus: the shared ones when ``data`` is there, and the project's own."""
    corpora: list[Corpus] = []
    if (data / "semeval_de_dev.jsonl").exists():
        corpora += [semeval_de(data), semeval_multi(data), ecb(data)]
        if include_large:
            corpora.append(mstream(data))
    corpora.append(demo())
    corpora += streams()
    return corpora


def _rows(path: Path) -> Iterator[dict]:  # type: ignore[type-arg]
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
