"""Actors of real news: the top 10 of stories built from ../shared/data, against our judgements.

    python scripts/actors_real.py [--data ../shared/data] [--part 0..17|all] [--show]

The labelled actor sets (``scripts/actors_quality.py``) are written by us, names and all.  This check
reads real news instead: ECB+ event clusters (English; every third of the 66 labels, part N from the
(N+1)th, N = 0, 1, 2) and German SemEval pairs rated "same story" (overall <= 1.5; 12 pairs per part,
three disjoint sets), each cluster or pair one story, plus the five seeds in part 0; parts 3 to 6 are
English pairs of the multilingual SemEval file (3 and 4: 20 each rated one story; 5: the other 35 so
rated; 6: the 39 rated close, 1.5 < overall <= 2; 7: the 16 rated related, 2 < overall <= 2.5; 8: 30
single English articles, the English sides of cross-lingual pairs; 10 to 16: 30 single English articles
each, the first sides of pairs rated unrelated, overall > 2.5; 18 to 24: 30 second sides of such pairs
each, texts no other part read), with no title field: the headline runs into the
text; parts 9 and 17: 15 more German pairs rated one story each.
Each story's top 10 actors were judged by us *after* the digest listed them: a person, a place, an
organisation, or no actor ("no": a film, a feast, a fragment of a longer name).  So the figures are
precision only (what is listed), not recall.

The judgements (``tests/data/actors/real_judged.jsonl``) hold no text of the data: each is keyed by a
hash of the story id and the listed name.  A name the digest lists that was never judged is counted
apart ("unjudged"), not as right or wrong.

Each part was scored once, unseen, by the code of its day, then its errors were read (rules were written
from them) and it joined the kind model's training data (``scripts/fit_actor_kinds.py``).  The order and
the figures are in docs/actors_real.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline import Storyline, read
from storyline.digest.actors import Actor, actors
from storyline.digest.members import members_of
from storyline.model import Article
from storyline.options import Options
from storyline.validation.corpora import SHARED_DATA

REPO = Path(__file__).resolve().parent.parent
JUDGED = REPO / "tests" / "data" / "actors" / "real_judged.jsonl"
KINDS = {"per": "person", "pla": "place", "org": "organisation"}
PARTS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24)


def stories(data: Path, part: int) -> Iterator[tuple[str, str, list[Article]]]:
    """(corpus, story id, articles) of one part."""
    if part in (9, 17):  # German pairs rated one story that no earlier part used
        yield from _german_pairs(data, part)
        return
    if part >= 3:  # English pairs of the multilingual SemEval file: headline and body in one text, cut
        yield from _english_pairs(data, part)
        return
    clusters: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    with (data / "ecbplus_train_dev.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            clusters[row["label"]].append(row)
    labels = sorted(clusters, key=lambda label: (int(label.split("_")[0]), label))
    for label in labels[part::3]:
        yield "ecb", label, [_ecb_article(r) for r in clusters[label][:12]]
    yield from _german_pairs(data, part)
    if part == 0:
        yield "seeds", "seeds", [a for a in read([data / "seeds"]) if isinstance(a, Article)]


def _german_pairs(data: Path, part: int) -> Iterator[tuple[str, str, list[Article]]]:
    """German SemEval pairs rated one story (overall <= 1.5): 12 for each of parts 0 to 2 (three disjoint
    sets, every eighth pair from three offsets, all at even positions); parts 9 and 17: 15 each at odd
    positions (every fourth from the second, and from the fourth), which no earlier part read."""
    with (data / "semeval_de_dev.jsonl").open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    close = [r for r in rows if r["overall"] <= 1.5 and r["a"]["text"].strip() and r["b"]["text"].strip()]
    if part in (9, 17):  # (part 17: every fourth from the fourth, odd positions part 9 did not read)
        chosen = close[1 if part == 9 else 3 :: 4][:15]
    else:
        step = max(1, len(close) // 12)
        chosen = close[(0, step // 2, step // 4)[part] :: step][:12]  # (three disjoint sets of pairs)
    for r in chosen:
        pair = [Article(id=r["id"] + side, title=r[side]["title"], text=r[side]["text"], lang="de") for side in "ab"]
        yield "semeval_de", r["id"], pair


def _english_pairs(data: Path, part: int) -> Iterator[tuple[str, str, list[Article]]]:
    """Parts 3 and 4: 20 English pairs each of ``semeval_multi_train.jsonl`` rated one story (overall <= 1.5),
    every other one of the first 40; part 5: the rest; part 6: the 39 pairs rated close, 1.5 < overall <= 2.
    No title field (the headline runs into the text), as that file gives them."""
    with (data / "semeval_multi_train.jsonl").open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    english = [r for r in rows if r["a"]["lang"] == r["b"]["lang"] == "en"]
    close = [r for r in english if r["overall"] <= 1.5]
    if part == 6:  # pairs rated close but not one story (1.5 < overall <= 2)
        chosen = [r for r in english if 1.5 < r["overall"] <= 2.0]
    elif part == 7:  # pairs rated related (2 < overall <= 2.5)
        chosen = [r for r in english if 2.0 < r["overall"] <= 2.5]
    elif part == 8:  # single English articles: the English side of cross-lingual pairs rated close
        cross = [r for r in rows if (r["a"]["lang"] == "en") != (r["b"]["lang"] == "en") and r["overall"] <= 2.0]
        for r in cross[:30]:
            side = "a" if r["a"]["lang"] == "en" else "b"
            yield "semeval_en", r["id"] + side, [Article(id=r["id"] + side, text=r[side]["text"], lang="en")]
        return
    elif 18 <= part <= 24:  # single English articles: second sides of pairs rated unrelated no part read
        read_before = {r["a"]["text"] for r in english} | {r["b"]["text"] for r in english if r["overall"] <= 2.5}
        others = [r for r in rows if not r["a"]["lang"] == r["b"]["lang"] == "en"]  # (cross-lingual: part 8)
        read_before |= {r[side]["text"] for r in others for side in "ab" if r[side]["lang"] == "en"}
        unread = [r for r in english if r["overall"] > 2.5 and r["b"]["text"] not in read_before]
        start = 30 * (part - 18)
        for r in list({r["b"]["text"]: r for r in reversed(unread)}.values())[::-1][start : start + 30]:
            yield "semeval_en", r["id"] + "b", [Article(id=r["id"] + "b", text=r["b"]["text"], lang="en")]
        return
    elif 10 <= part <= 16:  # single English articles: the first sides of pairs rated unrelated, 30 a part
        start = 30 * (part - 10)
        for r in [r for r in english if r["overall"] > 2.5][start : start + 30]:
            yield "semeval_en", r["id"] + "a", [Article(id=r["id"] + "a", text=r["a"]["text"], lang="en")]
        return
    else:
        chosen = close[part - 3 : 40 : 2] if part < 5 else close[40:]  # (part 5: the 35 pairs after those)
    for r in chosen:
        yield "semeval_en", r["id"], [Article(id=r["id"] + side, text=r[side]["text"], lang="en") for side in "ab"]


def _ecb_article(row: dict[str, Any]) -> Article:
    title = row["title"] or ""
    return Article(id=row["id"], title=None if title.startswith("http") else title, text=row["text"], lang="en")


def listed(articles: list[Article]) -> list[Actor]:
    """A story's actors as its digest lists them, the articles ingested through the real pipeline."""
    with Storyline("memory://", Options(workers=1)) as tracker:
        tracker.ingest(articles)
        return actors(members_of(tracker.store.members()))


def story_actors(articles: list[Article], top: int = 10) -> list[tuple[str, str]]:
    """(name, kind) of a story's top actors."""
    return [(a.name, a.kind) for a in listed(articles)[:top]]


def language(corpus: str) -> str:
    """The language of a corpus of :func:`stories`."""
    return "de" if corpus in ("semeval_de", "seeds") else "en"


def judgement_key(story: str, name: str) -> str:
    return hashlib.sha1(f"{story}|{name}".encode()).hexdigest()[:16]


def load_judged(path: Path = JUDGED) -> dict[str, str]:
    judged: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            judged[row["key"]] = row["kind"]
    return judged


def measure(data: Path, parts: tuple[int, ...], judged: dict[str, str], show: bool = False) -> dict[str, Any]:
    """Per part and language: actors listed and judged, actor precision, kind precision (among actors)."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # judged, actors, right kind, unjudged
    for part in parts:
        for corpus, story, articles in stories(data, part):
            lang = language(corpus)
            for name, kind in story_actors(articles):
                verdict = judged.get(judgement_key(story, name))
                for group in (f"part{part}", f"part{part} {lang}"):
                    t = tally[group]
                    if verdict is None:
                        t[3] += 1
                    else:
                        t[0] += 1
                        t[1] += verdict != "no"
                        t[2] += verdict != "no" and KINDS[verdict] == kind
                if show:
                    print(f"{story}\t{name}\t{kind}\t{verdict or 'UNJUDGED'}")
    return {
        group: {
            "judged": t[0],
            "actor_precision": round(t[1] / t[0], 3) if t[0] else None,
            "kind_precision": round(t[2] / t[1], 3) if t[1] else None,
            "unjudged": t[3],
        }
        for group, t in sorted(tally.items())
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--part", choices=tuple(str(p) for p in PARTS) + ("all",), default="all")
    parser.add_argument("--show", action="store_true", help="print every listed actor with its judgement")
    args = parser.parse_args()
    if not (args.data / "ecbplus_train_dev.jsonl").is_file():
        sys.exit(f"no shared data in {args.data}")
    parts = PARTS if args.part == "all" else (int(args.part),)
    print(json.dumps(measure(args.data, parts, load_judged(), args.show), indent=1))


if __name__ == "__main__":
    main()
