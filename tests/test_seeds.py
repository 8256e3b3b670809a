"""The founding example: the five German seed articles in ../shared/data/seeds."""

import json
import re

import pytest

from storyline import Storyline

EXPECTED_DATES = {"000": "2016-08", "001": None, "002": None, "003": "2016-10", "004": "2016-10"}


@pytest.fixture(scope="module")
def seeds(shared_data, tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "storyline.db"
    with Storyline(db) as tracker:
        report = tracker.ingest(shared_data / "seeds")
        articles = {a.meta["path"].rsplit("/", 1)[-1]: a for a in tracker.articles()}
    return report, articles


def test_seed_report(seeds):
    report, articles = seeds
    assert (report.read, report.stored, report.duplicates, len(report.rejected)) == (5, 5, 0, 0)
    assert {a.lang for a in articles.values()} == {"de"}


def test_seed_dates_keep_their_precision(seeds):
    _, articles = seeds
    for name, article in articles.items():
        expected = EXPECTED_DATES[name[:3]]
        assert article.published == expected, name
        assert article.published_precision == ("month" if expected else "unknown")


def _output_lines(article):
    lines = [article.title or "", article.meta.get("kicker", "")] + article.text.split("\n")
    return {" ".join(line.split()) for line in lines if line.strip()}


def test_no_chrome_survives_and_every_news_sentence_does(seeds, shared_data, test_data):
    _, articles = seeds
    chrome = json.loads((test_data / "seeds_chrome.json").read_text(encoding="utf-8"))
    for path in sorted((shared_data / "seeds").glob("*.txt")):
        article = articles[path.name]
        kept = _output_lines(article)
        joined = "\n".join(kept)
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
            line = " ".join(re.sub(r"^\s*date \d{4}-\d{2}(?:-\d{2})?\s", "", line).split())
            if not line:
                continue
            if number in chrome[path.name]:
                assert line not in kept, (path.name, number)
            else:
                for sentence in re.split(r"(?<=[.!?])\s+", line):
                    assert sentence in joined, (path.name, number, sentence[:40])
    for article in articles.values():
        for marker in ("Meistgelesene Artikel", "Auch interessant", "Kommentare", "automatisch aus unserem"):
            assert marker not in article.text
        assert "+" not in _output_lines(article)
