from datetime import UTC, date, datetime

import pytest

from storyline.dates import date_article, find_dateline, format_date, parse_date, split_marker, take_marker
from storyline.model import Article


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2014-04-25 17:53:00-04:00", ("2014-04-25T17:53-04:00", "minute")),
        ("2025-03-20T08:15:00Z", ("2025-03-20T08:15+00:00", "minute")),
        ("2016-08", ("2016-08", "month")),
        ("2016", ("2016", "year")),
        ("2016-08-26", ("2016-08-26", "day")),
        ("Sa, 15 Okt 2016", ("2016-10-15", "day")),
        ("March 18, 2025", ("2025-03-18", "day")),
        ("26. August 2016", ("2016-08-26", "day")),
        ("August 2016", ("2016-08", "month")),
        ("15 octobre 2016", ("2016-10-15", "day")),
        ("Mon, 04 Jan 2016 09:30:00 +0100", ("2016-01-04T09:30+01:00", "minute")),
        ("4 Jan 2016 09:30 GMT", ("2016-01-04T09:30+00:00", "minute")),
        ("", (None, "unknown")),
        ("no date here at all", (None, "unknown")),
        ("2016-13-45", (None, "unknown")),
        ("3016-01-01", (None, "unknown")),
    ],
)
def test_parse_date_mixed_inputs(raw, expected):
    assert parse_date(raw) == expected


def test_parse_date_python_and_epoch_values():
    assert parse_date(date(2020, 1, 2)) == ("2020-01-02", "day")
    assert parse_date(datetime(2020, 1, 2, 9, 30, tzinfo=UTC)) == ("2020-01-02T09:30+00:00", "minute")
    assert parse_date(1_600_000_000) == ("2020-09-13T12:26+00:00", "minute")
    assert parse_date(None) == (None, "unknown")
    assert parse_date(True) == (None, "unknown")


def test_format_date_never_invents_a_day():
    assert format_date(date(2016, 8, 1), "month") == "2016-08"
    assert format_date(date(2016, 8, 1), "unknown") is None


def test_marker_month_and_day():
    assert split_marker(" date 2016-08 Genf – Text") == ("2016-08", "month", "Genf – Text")
    assert split_marker("date 2016-08-26\nText") == ("2016-08-26", "day", "Text")
    assert split_marker("Kein Marker hier") == (None, "unknown", "Kein Marker hier")
    assert split_marker(" date 2016-99 Text")[0] is None


def test_take_marker_keeps_metadata_date_but_strips_marker():
    article = Article(id="a", text=" date 2016-08 Text", published="2016-08-27", published_precision="day")
    taken = take_marker(article)
    assert taken.text == "Text"
    assert (taken.published, taken.published_precision) == ("2016-08-27", "day")
    assert take_marker(Article(id="b", text=" date 2016-08 Text")).published_precision == "month"


def test_dateline_on_its_own_line_or_opening_the_text():
    assert find_dateline("Title\nMay 03, 2013\nBody text follows here.") == ("2013-05-03", "day")
    assert find_dateline("BERLIN, 26. August 2016 (dpa) – Die Koalition streitet.") == ("2016-08-26", "day")
    assert find_dateline("Wien, 18.01.2024 – Der Nationalrat tagt.") == ("2024-01-18", "day")


def test_dates_inside_sentences_are_not_publication_dates():
    assert find_dateline("Am 22. September 2016 starteten die Truppen eine Offensive.") == (None, "unknown")
    assert find_dateline("The court will rule on March 3, 2025, a spokesman said.") == (None, "unknown")


def test_date_article_only_fills_unknown_dates():
    undated = Article(id="a", text="May 03, 2013\nLohan checked into rehab.")
    dated = date_article(undated)
    assert (dated.published, dated.meta["published_from"]) == ("2013-05-03", "dateline")
    already = Article(id="b", text="May 03, 2013\nText", published="2013-05", published_precision="month")
    assert date_article(already) is already


@pytest.mark.parametrize(
    "relative",
    [
        "now",
        "today",
        "yesterday",
        "tomorrow",
        "heute",
        "gestern",
        "vor 2 Tagen",
        "2 hours ago",
        "il y a 2 jours",
        "hace 3 días",
        "last week",
        "this year",
        "2 weeks ago 2016",
        "Monday",
        "10:30",
        "noon",
        "August",
    ],
)
def test_relative_dates_are_never_the_time_of_the_run(relative):
    assert parse_date(relative) == (None, "unknown")


def test_datelines_are_still_found_after_the_relative_rule():
    assert find_dateline("Heute\n26. August 2016, 14:30 Uhr\nDer Text.") == ("2016-08-26T14:30", "minute")
    undated = Article(id="a", text="GENF, 9. September 2016 – Kerry und Lawrow einigen sich.")
    assert date_article(undated).published == "2016-09-09"


def test_a_date_without_its_year_is_unknown_not_guessed():
    # dateparser reads the day of "15 Okt" as the year 2015; a record's date must state its year
    assert parse_date("15 Okt") == (None, "unknown")
    assert parse_date("15. Oktober") == (None, "unknown")
    assert parse_date("15 Okt 2016") == ("2016-10-15", "day")
    assert parse_date("15.10.16") == ("2016-10-15", "day")
