import csv
import io

from storyline.digest.actors import Actor
from storyline.digest.export import CSV_COLUMNS, FORMULA_PREFIXES, csv_cell, write_export
from storyline.digest.sources import Source
from storyline.digest.story import Story
from storyline.digest.timeline import Entry


def formula_story() -> Story:
    return Story(
        id="s1",
        kind="story",
        title='=HYPERLINK("https://evil.example","tap")',
        summary=["+SUM(1;2) said the council.", "Then more."],
        timeline=[Entry("e1", None, "unknown", False, "-1 point", ["a1"], ["x"])],
        entities=[Actor("k", "@cmd", "other", 1, 1, ["@cmd"])],
        sources=[Source("\tTab-Blatt", 1)],
        articles=[{"id": "a1"}, {"id": "a2"}],
        first_seen=None,
        last_updated=None,
        lang="\rde",
        events=["e1"],
    )


def test_no_csv_cell_starts_like_a_formula_and_counts_stay_numbers():
    handle = io.StringIO()
    write_export([formula_story()], "csv", handle)
    header, row = list(csv.reader(io.StringIO(handle.getvalue())))
    assert tuple(header) == CSV_COLUMNS
    assert not [cell for cell in row if cell.startswith(FORMULA_PREFIXES)]
    cells = dict(zip(header, row, strict=True))
    assert cells["title"] == "'" + formula_story().title
    assert (cells["article_count"], cells["event_count"]) == ("2", "1")
    assert cells["summary"].startswith("'+SUM") and cells["entities"].startswith("'@cmd")
    assert cells["sources"].startswith("'\t") and cells["lang"] == "'\rde"


def test_csv_cell():
    assert [csv_cell(v) for v in ("=1", "+1", "-1", "@a", "\tx", "\rx")] == ["'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx"]
    assert [csv_cell(v) for v in ("Hafen", "", "2025-06-02", 3, -3)] == ["Hafen", "", "2025-06-02", 3, -3]
