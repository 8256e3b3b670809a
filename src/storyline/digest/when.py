"""When a reported happening took place, and what an undated article's text says about its date.

Two questions, both answered from the article alone and never with a made-up day:

* :func:`happened` — the day (or month) an article's lead reports, relative to its publication:
  "am Dienstag" in an article published on Wednesday 2016-07-27 happened on 2016-07-26; "gestern",
  "yesterday" a day before; a month-precise article stays a month.
* :func:`estimate` — for an undated article, a dated guess from the dates its text mentions and
  whether they lie ahead or behind ("mentions 1 August as upcoming" → published before August),
  with the year taken from the story it belongs to.  The result says it is an estimate and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ..lexicon import words
from ..model import Precision


def _numbered(groups: tuple[str, ...], start: int = 0) -> dict[str, int]:
    """Each name of each space-separated group -> the group's number (counted from ``start``)."""
    return {name: number for number, names in enumerate(groups, start=start) for name in names.split()}


MONTHS: dict[str, int] = _numbered(
    (
        "januar january janvier enero gennaio jan jänner",
        "februar february février fevrier febrero febbraio feb",
        "märz maerz march mars marzo maart mar",
        "april avril abril aprile apr",
        "mai may mayo maggio mei",
        "juni june juin junio giugno jun",
        "juli july juillet julio luglio jul",
        "august août aout agosto augustus aug",
        "september septembre septiembre settembre sep sept",
        "oktober october octobre octubre ottobre okt oct",
        "november novembre noviembre nov",
        "dezember december décembre decembre diciembre dicembre dez dec",
    ),
    start=1,
)
WEEKDAYS: dict[str, int] = _numbered(
    (
        "montag monday lundi lunes lunedì",
        "dienstag tuesday mardi martes martedì",
        "mittwoch wednesday mercredi miércoles mercoledì",
        "donnerstag thursday jeudi jueves giovedì",
        "freitag friday vendredi viernes venerdì",
        "samstag sonnabend saturday samedi sábado sabato",
        "sonntag sunday dimanche domingo domenica",
    )
)

# three-letter abbreviations ("mar", "dec") are words too often; May / Mai are whole names
_MONTH_NAMES = "|".join(
    sorted((re.escape(m) for m in MONTHS if len(m) > 3 or m in ("mai", "may")), key=len, reverse=True)
)
_WEEKDAY_NAMES = "|".join(sorted((re.escape(w) for w in WEEKDAYS), key=len, reverse=True))
_ENGLISH_MONTH = words("January February March April May June July August September October November December")

# "26. Juli", "26 July", "July 26", "le 26 juillet", "Ende August", "August 2016", "early March"
_DAY_MONTH = re.compile(
    rf"\b(?P<day>[0-3]?\d)\.?\s+(?P<month>{_MONTH_NAMES})\b(?:\s+(?P<year>(?:19|20)\d\d)\b)?", re.IGNORECASE
)
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
_PART_MONTH = re.compile(
    rf"\b(?P<part>anfang|mitte|ende|early|mid|late|début|fin)[\s-]+(?P<month>{_MONTH_NAMES})\b"
    r"(?:\s+(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_NAMES})\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b(?P<weekday>{_WEEKDAY_NAMES})(?:abend|morgen|nachmittag|vormittag|mittag|nacht)?\b", re.I)
_RELATIVE = re.compile(
    r"\b(?P<word>vorgestern|gestern|heute|yesterday|today|tonight|hier|aujourd'hui|ayer|hoy)\b", re.IGNORECASE
)
_RELATIVE_DAYS = {
    "vorgestern": 2,
    "gestern": 1,
    "yesterday": 1,
    "hier": 1,
    "ayer": 1,
    "heute": 0,
    "today": 0,
    "tonight": 0,
    "aujourd'hui": 0,
    "hoy": 0,
}
_SENTENCE = re.compile(r"(?<![0-9]\.)(?<=[.!?»“\"])\s+(?=[A-ZÄÖÜ„«\"])|\n+")

# Words that say a mentioned date lies ahead of the writer, or behind.  The cue nearest to
# the date decides ("hatte ... den 1. August als Wunschdatum genannt": the wish date is ahead).
_AHEAD = frozenset(
    words(
        """wird werden werde würde soll sollen solle sollte will wollen wolle plant planen geplant erwartet
    erwartete kommend kommenden kommende nächste nächsten bevorstehend bevorstehenden wunschdatum termin
    angesetzt frühestens spätestens bis ab künftig will shall would expected expects scheduled planned
    plans plan upcoming next due coming set prévu prochain prochaine sera seront"""
    )
)
_BEHIND = frozenset(
    words(
        """hatte hatten hat haben war waren wurde wurden gewesen vergangenen vergangene vergangen letzten
    letzte seit zuletzt bereits schon damals was were had been ago last since earlier already previous
    était avait dernier dernière"""
    )
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class When:
    """A date cut to its precision, and — for an estimate — what it rests on."""

    start: date
    precision: Precision  # year, month or day
    estimated: bool = False
    basis: str | None = None
    before: date | None = None  # an estimate's bounds: published before / on or after these days
    after: date | None = None

    def allows(self, other: When) -> bool:
        """Whether ``other`` (a known date) fits this estimate's bounds."""
        return (self.before is None or other.start < self.before) and (self.after is None or other.end >= self.after)

    @property
    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    @property
    def end(self) -> date:
        """The last day the date can mean."""
        if self.precision == "year":
            return date(self.start.year, 12, 31)
        if self.precision == "month":
            return _month_after(self.start) - timedelta(days=1)
        return self.start


@lru_cache(maxsize=65_536)  # a story of copies repeats its few dates thousands of times
def parse_published(published: str | None, precision: str) -> When | None:
    """The publication date as a :class:`When` (a minute-precise time becomes its local day).

    >>> parse_published("2016-08", "month").iso, parse_published("2016-08-26T23:10+02:00", "minute").iso
    ('2016-08', '2016-08-26')
    """
    if not published or precision == "unknown":
        return None
    try:
        year = int(published[:4])
        if precision == "year":
            return When(date(year, 1, 1), "year")
        month = int(published[5:7])
        if precision == "month":
            return When(date(year, month, 1), "month")
        return When(date(year, month, int(published[8:10])), "day")
    except (ValueError, IndexError):
        return None


#: Characters of a text that hold its first two sentences (a longer one is cut, not misread).
LEAD_CHARS = 1200


def parse_iso(iso: str | None) -> When | None:
    """An ISO date cut to its precision (``2016``, ``2016-08``, ``2016-08-26``, a timestamp: its day),
    as the digests write them; ``None`` for nothing or nonsense.

    >>> parse_iso("2016-08").end.isoformat(), parse_iso("2016").precision, parse_iso("soon")
    ('2016-08-31', 'year', None)
    """
    if not iso or not iso.strip():
        return None
    iso = iso.strip()
    return parse_published(iso, {4: "year", 7: "month"}.get(len(iso), "day"))


def happened(published: When | None, title: str | None, text: str) -> When | None:
    """The date the article's lead reports, from its publication day and the lead's day words.

    Only the title and the first two sentences are read, and only words pointing back (or at
    the publication day itself): "am Samstag ... treffen" in a lead that announces a meeting is
    ahead of the writer and leaves the date at publication.

    >>> happened(When(date(2016, 7, 27), "day"), None, "Kerry sagte am Dienstag in Vientiane, man sei sich näher.").iso
    '2016-07-26'
    >>> happened(When(date(2016, 8, 1), "month"), None, "Am Freitag trafen sie sich.").iso
    '2016-08'
    """
    if published is None or published.precision != "day":
        return published
    return _happened(published, title, text.lstrip()[:LEAD_CHARS])  # two sentences are all that is read


@lru_cache(maxsize=32_768)  # a story is digested again whenever it grows: each lead is read once
def _happened(published: When, title: str | None, lead: str) -> When | None:
    day = published.start
    sentences = [s for s in _SENTENCE.split(lead) if s.strip()][:2]
    for sentence in ([title] if title else []) + sentences:
        for mention in _day_mentions(sentence, day):
            if mention.direction == "ahead":
                continue
            if mention.day <= day and (day - mention.day).days <= 7:
                return When(mention.day, "day")
    return published


@dataclass(frozen=True, slots=True)
class _Mention:
    day: date
    precision: Precision
    label: str
    direction: str | None  # "ahead", "behind" or None


def _day_mentions(sentence: str, published: date) -> list[_Mention]:
    """Weekdays, yesterday/today and day-month dates in one sentence, resolved against ``published``."""
    found: list[tuple[int, _Mention]] = []
    for match in _WEEKDAY.finditer(sentence):
        weekday = WEEKDAYS[match.group("weekday").lower()]
        back = (published.weekday() - weekday) % 7
        direction = _direction(sentence, match.start(), match.end())
        found.append((match.start(), _Mention(published - timedelta(days=back), "day", match.group(0), direction)))
    for match in _RELATIVE.finditer(sentence):
        days = _RELATIVE_DAYS[match.group("word").lower()]
        found.append((match.start(), _Mention(published - timedelta(days=days), "day", match.group(0), None)))
    for mention_start, mention in _dated_mentions(sentence, published.year):
        found.append((mention_start, mention))
    return [m for _, m in sorted(found, key=lambda item: item[0])]


def _dated_mentions(sentence: str, year: int | None) -> list[tuple[int, _Mention]]:
    """Calendar dates in a sentence; a date without its year gets ``year`` (or is skipped if None)."""
    found: list[tuple[int, _Mention]] = []
    taken: list[tuple[int, int]] = []

    def free(match: re.Match[str]) -> bool:
        return not any(match.start() < end and start < match.end() for start, end in taken)

    for pattern, kind in ((_DAY_MONTH, "day"), (_MONTH_DAY, "day"), (_PART_MONTH, "part"), (_MONTH_YEAR, "month")):
        for match in pattern.finditer(sentence):
            if not free(match):
                continue
            month = MONTHS.get(match.group("month").lower())
            if month is None:
                continue
            mention_year = int(match.group("year")) if match.group("year") else year
            if mention_year is None:
                continue
            try:
                if kind == "day":
                    value, precision = date(mention_year, month, int(match.group("day"))), "day"
                    label = f"{int(match.group('day'))} {_ENGLISH_MONTH[month - 1]}"
                elif kind == "part":
                    part = match.group("part").lower()
                    first = 1 if part in ("anfang", "early", "début") else 11 if part in ("mitte", "mid") else 21
                    value, precision = date(mention_year, month, first), "day"
                    word = "early" if first == 1 else "mid" if first == 11 else "late"
                    label = f"{word} {_ENGLISH_MONTH[month - 1]}"
                else:
                    value, precision = date(mention_year, month, 1), "month"
                    label = f"{_ENGLISH_MONTH[month - 1]} {mention_year}"
            except ValueError:
                continue
            if match.group("year"):
                label += f" {mention_year}" if kind != "month" else ""
            taken.append((match.start(), match.end()))
            direction = _direction(sentence, match.start(), match.end())
            found.append((match.start(), _Mention(value, precision, label, direction)))  # type: ignore[arg-type]
    return found


def _direction(sentence: str, start: int, end: int) -> str | None:
    """ "ahead" or "behind" by the tense cue nearest to the mention, within eight words."""
    best: tuple[int, str] | None = None
    for match in _WORD.finditer(sentence):
        word = match.group(0).lower()
        kind = "ahead" if word in _AHEAD else "behind" if word in _BEHIND else None
        if kind is None or start <= match.start() < end:
            continue
        if match.end() <= start:
            distance = len(_WORD.findall(sentence[match.end() : start]))
        else:
            distance = len(_WORD.findall(sentence[end : match.start()]))
        if distance <= 8 and (best is None or distance < best[0]):
            best = (distance, kind)
    return best[1] if best else None


def estimate(text: str, years: list[int]) -> When | None:
    """An estimated date for an undated article, from the dates it mentions as ahead or behind.

    ``years``: the years of the dated articles it is grouped with (a mentioned date without its
    year is placed in the median of them).  Upcoming dates bound the publication from above, past
    ones from below; the estimate is the month a week before the earliest upcoming date (news
    announces a date days to weeks ahead), else the month of the latest past one.

    >>> when = estimate("Der 1. August gilt als Wunschdatum für die nächste Runde.", [2016])
    >>> when.iso, when.estimated, when.basis
    ('2016-07', True, 'mentions 1 August as upcoming')
    """
    return _estimate(text, sorted(years)[len(years) // 2] if years else None)


@lru_cache(maxsize=4096)  # read again whenever the story grows: each undated text is read once
def _estimate(text: str, reference: int | None) -> When | None:
    ahead: list[_Mention] = []
    behind: list[_Mention] = []
    for sentence in _SENTENCE.split(text):
        for _, mention in _dated_mentions(sentence, reference):
            if mention.direction == "ahead":
                ahead.append(mention)
            elif mention.direction == "behind":
                behind.append(mention)
    if ahead:
        first = min(ahead, key=lambda m: m.day)
        before = first.day - timedelta(days=7)
        floor = max((m.day for m in behind if m.day <= before), default=None)
        basis = f"mentions {first.label} as upcoming"
        if floor is not None and (floor.year, floor.month) == (before.year, before.month):
            basis += f" and {_label(behind, floor)} as past"
        return When(date(before.year, before.month, 1), "month", True, basis, before=first.day, after=floor)
    if behind:
        last = max(behind, key=lambda m: m.day)
        basis = f"mentions {last.label} as past (latest)"
        return When(date(last.day.year, last.day.month, 1), "month", True, basis, after=last.day)
    return None


def _label(mentions: list[_Mention], day: date) -> str:
    return next(m.label for m in mentions if m.day == day)


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
