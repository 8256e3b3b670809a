"""Title and published-date accuracy of the HTML reader on the labelled pages of tests/data/html_metadata.

    python scripts/html_metadata_quality.py            # table of accuracies
    python scripts/html_metadata_quality.py --errors   # and every miss

Compared: Storyline's reader (:func:`storyline.ingest.html.html_to_article`), trafilatura's
``extract_metadata`` (title; its date is a day) and htmldate's ``find_date`` with
``original_date=True`` (date).  A title is right when it equals the labelled one after whitespace
normalisation; a date when both the ISO string and its precision are the labelled ones.  The pages
were written for Storyline's tests, not collected from real sites.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from storyline.dates import parse_date
from storyline.ingest.decode import decode_html
from storyline.ingest.html import html_to_article
from storyline.model import Article
from storyline.options import Options

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "html_metadata"


def load_gold(folder: Path = DATA) -> list[dict[str, str]]:
    return [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8") if line.strip()]


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def storyline_guess(data: bytes, name: str) -> tuple[str | None, tuple[str | None, str]]:
    article = html_to_article(data, None, Options(), name=name)
    if not isinstance(article, Article):
        return None, (None, "unknown")
    return article.title, (article.published, article.published_precision)


def trafilatura_guess(html: str) -> tuple[str | None, tuple[str | None, str]]:
    from trafilatura import extract_metadata

    document = extract_metadata(html)
    title = getattr(document, "title", None) if document is not None else None
    date = getattr(document, "date", None) if document is not None else None
    return title, parse_date(date) if date else (None, "unknown")


def htmldate_guess(html: str) -> tuple[str | None, str]:
    from htmldate import find_date

    found = find_date(html, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S%z")
    if not found:
        return None, "unknown"
    return parse_date(found[:10] if found[11:19] == "00:00:00" else found)


def measure(folder: Path = DATA) -> tuple[dict[str, dict[str, float | None]], list[str]]:
    gold = load_gold(folder)
    right = {"storyline": [0, 0], "trafilatura": [0, 0], "htmldate": [0, 0]}  # titles, dates
    misses: list[str] = []
    for entry in gold:
        data = (folder / entry["file"]).read_bytes()
        html, _ = decode_html(data)
        want_title, want_date = _norm(entry["title"]), (entry["published"], entry["published_precision"])
        title, date = storyline_guess(data, entry["file"])
        right["storyline"][0] += _norm(title) == want_title
        right["storyline"][1] += date == want_date
        if _norm(title) != want_title:
            misses.append(f"storyline title {entry['file']}: {title!r} != {want_title!r}")
        if date != want_date:
            misses.append(f"storyline date {entry['file']}: {date} != {want_date}")
        t_title, t_date = trafilatura_guess(html)
        right["trafilatura"][0] += _norm(t_title) == want_title
        right["trafilatura"][1] += t_date == want_date
        right["htmldate"][1] += htmldate_guess(html) == want_date
    pages = len(gold)
    table: dict[str, dict[str, float | None]] = {
        "storyline": {"title": right["storyline"][0] / pages, "date": right["storyline"][1] / pages},
        "trafilatura": {"title": right["trafilatura"][0] / pages, "date": right["trafilatura"][1] / pages},
        "htmldate": {"title": None, "date": right["htmldate"][1] / pages},
    }
    return table, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every miss of Storyline's reader")
    arguments = parser.parse_args()
    table, misses = measure()
    pages = len(load_gold())
    print(f"{pages} labelled pages ({DATA.relative_to(Path.cwd()) if DATA.is_relative_to(Path.cwd()) else DATA})")
    print(f"{'':32} {'title':>7} {'date':>7}")
    labels = {
        "storyline": "Storyline html_to_article",
        "trafilatura": "trafilatura extract_metadata",
        "htmldate": "htmldate find_date",
    }
    for key, scores in table.items():
        title = "—" if scores["title"] is None else f"{scores['title']:.3f}"
        print(f"{labels[key]:32} {title:>7} {scores['date']:>7.3f}")
    if arguments.errors:
        for miss in misses:
            print(miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
