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


def test_show_the_seed_story(shared_data, test_data, tmp_path):
    """`storyline show` of the seeds' story: title, summary, timeline, actors and places (issue 4)."""
    from typer.testing import CliRunner

    from storyline.cli import app

    runner = CliRunner()
    db = str(tmp_path / "seeds.db")
    assert runner.invoke(app, ["ingest", str(shared_data / "seeds"), "--db", db]).exit_code == 0
    [header] = [json.loads(line) for line in runner.invoke(app, ["stories", "--db", db, "--json"]).stdout.splitlines()]
    story = json.loads(runner.invoke(app, ["show", header["id"], "--db", db, "--json"]).stdout)
    ids = {a["id"][:3]: a["id"] for a in story["articles"]}
    assert sorted(ids) == ["000", "001", "002", "003", "004"]

    # a German headline about the US–Russian Syria talks
    title = story["title"]
    assert "Syrien" in title and ("USA" in title or "US-" in title) and "Russland" in title

    # 3-5 whole sentences taken from the articles, none of them page chrome
    chrome = json.loads((test_data / "seeds_chrome.json").read_text(encoding="utf-8"))
    raw = {p.name[:3]: p.read_text(encoding="utf-8").split("\n") for p in (shared_data / "seeds").glob("*.txt")}
    assert 3 <= len(story["summary"]) <= 5
    for sentence in story["summary"]:
        assert sentence[0].isupper() and sentence[-1] in ".!?«»\"“", sentence
        homes = [(name, n) for name, lines in raw.items() for n, line in enumerate(lines)
                 if sentence in " ".join(line.split())]
        assert homes, sentence
        assert all(n not in chrome[next(k for k in chrome if k.startswith(name))] for name, n in homes)

    # all five in the timeline; Geneva (2016-08) before Lausanne (2016-10), month precision
    timeline = story["timeline"]
    entry_of = {a: e for e in timeline for a in e["articles"]}
    assert set(entry_of) == set(ids.values())
    geneva, lausanne = entry_of[ids["000"]], entry_of[ids["003"]]
    assert (geneva["date"], geneva["precision"], geneva["estimated"]) == ("2016-08", "month", False)
    assert (lausanne["date"], lausanne["precision"], lausanne["estimated"]) == ("2016-10", "month", False)
    assert entry_of[ids["004"]] is lausanne
    assert timeline.index(geneva) < timeline.index(lausanne)
    for undated in ("001", "002"):  # Vientiane; G20 / Geneva: undated, or an estimate that says so
        entry = entry_of[ids[undated]]
        assert entry["date"] is None or (entry["estimated"] and entry["basis"]), entry
    vientiane = entry_of[ids["002"]]
    if vientiane["date"] is not None:
        assert vientiane["date"] <= "2016-08"  # it tells of talks still ahead in August

    # Kerry and Lawrow as persons, Lawrow once with Lavrov among its variants; places
    entities = story["entities"]
    by_name = {e["name"]: e for e in entities}
    assert by_name["Kerry"]["kind"] == "person"
    lawrow = [e for e in entities if "Lawrow" in e["variants"] or "Lavrov" in e["variants"]]
    assert len(lawrow) == 1 and lawrow[0]["name"] == "Lawrow" and lawrow[0]["kind"] == "person"
    assert "Lavrov" in lawrow[0]["variants"]
    for place in ("Genf", "Lausanne", "Aleppo"):
        assert by_name[place]["kind"] == "place", place
