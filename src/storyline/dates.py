"""Publication dates with their real precision.

A date is kept as an ISO 8601 string cut to what is known: ``2016`` (year),
``2016-08`` (month), ``2016-08-26`` (day) or ``2016-08-26T17:53+02:00`` (minute).
Where only the month is known, no day is invented.  Sources, in order of trust:
the metadata a reader found, a leading `` date YYYY-MM[-DD] `` marker, a dateline.
"""

from __future__ import annotations

import contextlib
import dataclasses
import email.utils
import re
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

from .model import Article, Precision

_MARKER = re.compile(r"^\s*date\s+(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?=\s|$)\s*")
_ISO = re.compile(
    r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?)?)?\s*$"
)
_RFC2822 = re.compile(
    r"^(?:[A-Z][a-z]{2},\s*)?\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s+(?:[+-]\d{4}|[A-Z]{1,5})$"
)
_EARLIEST_YEAR = 1800

# Dateparser is slow (ms per call) and slower on its first call per language, so each
# distinct string is parsed once; publication-date strings repeat a lot in real feeds.
_PARSE_LANGUAGES = ("de", "en", "fr", "es", "it", "nl", "pl", "pt")


def format_date(value: datetime | date, precision: Precision) -> str | None:
    """``value`` as ISO 8601 cut to ``precision``.

    >>> format_date(datetime(2016, 8, 26, 17, 53), "month")
    '2016-08'
    """
    if precision == "unknown":
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if precision == "day" or not isinstance(value, datetime):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    text = value.strftime("%Y-%m-%dT%H:%M")
    offset = value.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        text += f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return text


def parse_date(value: object) -> tuple[str | None, Precision]:
    """Parse a date of any common shape into ``(iso, precision)``; ``(None, "unknown")`` if none.

    Only absolute dates that state their year are read: a relative one ("now", "heute",
    "2 hours ago") or one without a year ("Monday", "10:30") is ``(None, "unknown")``, never
    the time of the run.

    >>> parse_date("2016-08")
    ('2016-08', 'month')
    >>> parse_date("2014-04-25 17:53:00-04:00")
    ('2014-04-25T17:53-04:00', 'minute')
    >>> parse_date("Sa, 15 Okt 2016")
    ('2016-10-15', 'day')
    """
    if isinstance(value, datetime):
        return _checked(value, "minute" if (value.hour, value.minute) != (0, 0) else "day")
    if isinstance(value, date):
        return _checked(value, "day")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1e9 <= value < 1e13:  # unix seconds or milliseconds
            seconds = value / 1000 if value >= 1e11 else value
            return _checked(datetime.fromtimestamp(seconds, tz=UTC), "minute")
        return (None, "unknown")
    if not isinstance(value, str):
        return (None, "unknown")
    text = value.strip()
    if not text or len(text) > 80:
        return (None, "unknown")
    return _parse_string(text)


# A year written out (1800-2199), or a numeric date with a two-digit year (15.10.16, 10/15/16).
_STATES_YEAR = re.compile(r"(?<!\d)(?:1[89]|2[01])\d\d(?!\d)|\d{1,2}[./-]\d{1,2}[./-]\d{2}(?!\d)")


@lru_cache(maxsize=65_536)
def _parse_string(text: str) -> tuple[str | None, Precision]:
    iso = _ISO.match(text)
    if iso:
        return _from_iso_parts(iso)
    if _RFC2822.match(text):  # RSS pubDate; the standard library parses it a thousand times faster
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            moment = None
        if moment is not None:
            return _checked(moment, "minute")
    if not _STATES_YEAR.search(text):  # "15 Okt": dateparser would read the 15 as the year 2015
        return (None, "unknown")
    parser = _dateparser()
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return (None, "unknown")
    if data is None or data.date_obj is None:
        return (None, "unknown")
    return _checked(data.date_obj, _PERIODS.get(data.period or "day", "day"))


_PERIODS: dict[str, Precision] = {"time": "minute", "day": "day", "week": "day", "month": "month", "year": "year"}


def _from_iso_parts(match: re.Match[str]) -> tuple[str | None, Precision]:
    year, month, day, hour, minute, _second, zone = match.groups()
    try:
        if month is None:
            return _checked(date(int(year), 1, 1), "year")
        if day is None:
            return _checked(date(int(year), int(month), 1), "month")
        if hour is None:
            return _checked(date(int(year), int(month), int(day)), "day")
        tz = None
        if zone:
            if zone == "Z":
                tz = UTC
            else:
                sign = -1 if zone[0] == "-" else 1
                digits = zone[1:].replace(":", "")
                tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), tzinfo=tz)
        return _checked(moment, "minute")
    except ValueError:
        return (None, "unknown")


def _checked(value: datetime | date, precision: Precision) -> tuple[str | None, Precision]:
    """Refuse dates no news article can have (before 1800, or more than a year ahead)."""
    if value.year < _EARLIEST_YEAR or value.year > date.today().year + 1:
        return (None, "unknown")
    return (format_date(value, precision), precision)


@lru_cache(maxsize=1)
def _dateparser():  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    # Absolute dates only: "now", "yesterday", "vor 2 Tagen" or "Monday" in a record would
    # otherwise be dated by the clock of the run, not by when the article appeared.  Without the
    # relative-time parser and with a year required, what is left names its own date.
    return DateDataParser(
        languages=list(_PARSE_LANGUAGES),
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_TIME_AS_PERIOD": True,
            "STRICT_PARSING": False,
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["year"],
        },
    )


def warm_up() -> None:
    """Load dateparser's data of every language now (about 0.3 s on first use), e.g. once before
    forking worker processes, which then share it instead of each loading it again."""
    with contextlib.suppress(ValueError, OverflowError, TypeError, AttributeError):
        _dateparser().get_date_data("0 x 0")  # no language reads this, so every one is loaded


def split_marker(text: str) -> tuple[str | None, Precision, str]:
    """Split a leading `` date YYYY-MM[-DD] `` marker off ``text``.

    >>> split_marker(" date 2016-08 Genf – Die Gespräche")
    ('2016-08', 'month', 'Genf – Die Gespräche')
    """
    match = _MARKER.match(text)
    if not match:
        return (None, "unknown", text)
    year, month, day = match.groups()
    try:
        if day is None:
            value: tuple[str | None, Precision] = _checked(date(int(year), int(month), 1), "month")
        else:
            value = _checked(date(int(year), int(month), int(day)), "day")
    except ValueError:
        return (None, "unknown", text)
    return (value[0], value[1], text[match.end() :])


# A dateline is a date standing alone on one of the first lines ("May 03, 2013") or
# opening the first paragraph between a place and a dash ("BERLIN, 26. August 2016 (dpa) –").
# Dates inside ordinary sentences are event dates, not publication dates, and are ignored.
_MONTHS = (
    r"(?:jan(?:uar|uary|vier)?|j[äa]n(?:ner)?|feb(?:ruar|ruary)?|f[ée]v(?:rier)?|m[äa]r(?:z|ch|s)?|apr(?:il|il)?|avr(?:il)?"
    r"|ma[iy]|mai|jun[ie]?|juin|jul[iy]?|juil(?:let)?|aug(?:ust)?|ao[ûu]t|sep(?:t(?:ember|embre)?)?|o[ck]t(?:ober|obre)?"
    r"|nov(?:ember|embre)?|de[cz](?:ember)?|d[ée]c(?:embre)?)\.?"
)
_DATE_IN_LINE = re.compile(
    r"(?:(?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:\d{1,2}\.?\s*" + _MONTHS + r"\s+\d{4}"
    r"|" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}\.\d{1,2}\.\d{4}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)"
    r"(?:,?\s+(?:um\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:uhr|am|pm|h))?)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\d{4}")
_DATELINE_PREFIX = re.compile(r"^[A-ZÄÖÜ][\w./' -]{0,40}?(?:\s*\([^)]{1,20}\))?\s*[,:]?\s*$")


def find_dateline(text: str, max_lines: int = 4) -> tuple[str | None, Precision]:
    """The publication date of a dateline near the top of ``text``, if there is one.

    >>> find_dateline("Talks resume\\nMay 03, 2013\\nThe ministers met.")
    ('2013-05-03', 'day')
    >>> find_dateline("Am 22. September 2016 begann die Offensive.")
    (None, 'unknown')
    """
    lines = [line.strip() for line in text[:1200].splitlines() if line.strip()][:max_lines]
    for full_line in lines:
        line = full_line[:160]  # a dateline opens its line; the rest of a paragraph cannot hold one
        if not _YEAR.search(line):
            continue
        for match in _DATE_IN_LINE.finditer(line):
            before = line[: match.start()]
            after = line[match.end() :].strip()
            alone = len(match.group(0)) >= 0.5 * len(full_line)
            opens = (_DATELINE_PREFIX.match(before) is not None or not before.strip()) and (
                not after or after[0] in "–—-(|/:" or after.startswith("(")
            )
            if alone or opens:
                found = parse_date(match.group(0).strip(" ,"))
                if found[0] is not None:
                    return found
            break  # only the first date of a line can be a dateline
    return (None, "unknown")


def take_marker(article: Article) -> Article:
    """Strip a leading date marker from the text; it dates the article unless metadata did."""
    published, precision, rest = split_marker(article.text)
    if rest is article.text:
        return article
    if article.published is None and published is not None:
        return dataclasses.replace(article, text=rest, published=published, published_precision=precision)
    return dataclasses.replace(article, text=rest)


def date_article(article: Article) -> Article:
    """Give an undated article the date of its dateline, when it has one."""
    if article.published is not None:
        return article
    published, precision = find_dateline(article.text)
    if published is None:
        return article
    meta = {**article.meta, "published_from": "dateline"}
    return dataclasses.replace(article, published=published, published_precision=precision, meta=meta)
