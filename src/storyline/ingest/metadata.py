"""The headline and publication date of an HTML page, from the sources news sites fill with care.

Published date, most trusted first: JSON-LD ``datePublished`` of the article object (in
``@graph`` too), the ``article:published_time`` family of ``<meta>`` tags and
``itemprop="datePublished"``, a ``<time datetime>`` inside the ``<article>``, then htmldate
(``original_date=True``).  A modified date is never taken while a published one exists, and a
full timestamp keeps its minute and time zone.

Title, most trusted first: JSON-LD ``headline``, ``og:title``, the article's ``<h1>``, then
``<title>``; site names (``| DW``, ``- Reuters``) and trailing dates are cut, and ``null``, empty
and url-slug titles are refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from ..dates import parse_date
from ..model import Precision
from .printable import one_line

# schema.org types of a news page's main object; a WebPage's dates are the page's, used after them
_ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
    }
)
_PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage"})

# <meta> names and properties of the published date, in order of trust
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
)
_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+")
# a trailing date segment: 19.01.2020, 2020-01-19, 19 January 2020, January 19, 2020
_DATE_SEGMENT = re.compile(
    r"^(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+\w+\.?\s+\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4})$"
)
_SLUG = re.compile(r"^[\w]+(?:[-_][\w]+){2,}(?:\.html?|\.php|\.aspx?)?$")
_NOT_TITLES = frozenset({"null", "undefined", "none", "untitled", "nan", "title", "home", "startseite"})
# A segment after a separator of at most this many words may be a site or section name
# ("Politik", "Reuters", "The Guardian", "DW Deutsch"); a headline segment is longer.
_SITE_WORDS = 3


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the page says about itself; ``date_source`` names where the date was found."""

    title: str | None = None
    published: str | None = None
    precision: Precision = "unknown"
    date_source: str | None = None
    site_name: str | None = None


def page_metadata(html: str, url: str | None = None) -> PageMetadata:
    """Title, published date and site name of the page ``html`` (fetched from ``url``, if known)."""
    tree = _parse(html)
    if tree is None:
        return PageMetadata()
    objects = list(_json_ld_objects(tree))
    articles = [item for item in objects if _types(item) & _ARTICLE_TYPES]
    pages = [item for item in objects if _types(item) & _PAGE_TYPES]
    site_names = _site_names(tree, articles, url)
    published, precision, source = _published(tree, html, url, articles, pages)
    title = _title(tree, articles, site_names)
    return PageMetadata(title, published, precision, source, site_names[0] if site_names else None)


def _parse(html: str) -> Any:
    from trafilatura.utils import load_html  # strips an XML declaration lxml refuses in a str

    try:
        return load_html(html)
    except (ValueError, TypeError):  # pragma: no cover - load_html catches these itself
        return None


# --- JSON-LD -----------------------------------------------------------------------------------


def _json_ld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object of the page's JSON-LD scripts, ``@graph`` members and nested ones included."""
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        body = script.text.strip().removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(body)
        except ValueError:
            try:  # a frequent slip: raw line breaks inside strings
                data = json.loads(re.sub(r"[\r\n\t]+", " ", body))
            except ValueError:
                continue
        yield from _walk(data, depth=0)


def _walk(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 6:  # main objects sit at most a few levels down (@graph, mainEntity)
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(data.get(key), list | dict):
                yield from _walk(data[key], depth + 1)


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


# --- date --------------------------------------------------------------------------------------


def _published(
    tree: Any, html: str, url: str | None, articles: list[dict[str, Any]], pages: list[dict[str, Any]]
) -> tuple[str | None, Precision, str | None]:
    for item in [*articles, *pages]:
        found = _parsed(item.get("datePublished"))
        if found:
            return (*found, "json-ld")
    metas = _meta_values(tree)
    for key in _DATE_META:
        found = _parsed(metas.get(key))
        if found:
            return (*found, "meta")
    for element in tree.xpath('//*[@itemprop="datePublished"]'):
        found = _parsed(element.get("content") or element.get("datetime") or element.text_content())
        if found:
            return (*found, "itemprop")
    for path in ("//article//time[@pubdate][@datetime]", "//article//time[@datetime]", "//main//time[@datetime]"):
        for element in tree.xpath(path)[:1]:
            found = _parsed(element.get("datetime"))
            if found:
                return (*found, "time")
    return _htmldate(tree, url)


def _parsed(value: Any) -> tuple[str, Precision] | None:
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str) or not value.strip():
        return None
    published, precision = parse_date(value.strip())
    return (published, precision) if published else None


def _htmldate(tree: Any, url: str | None) -> tuple[str | None, Precision, str | None]:
    from htmldate import find_date

    found = find_date(tree, url=url, original_date=True, extensive_search=True, outputformat="%Y-%m-%dT%H:%M:%S%z")
    if not found:
        return None, "unknown", None
    if found[11:19] == "00:00:00":  # htmldate pads a bare day with midnight
        found = found[:10]
    published, precision = parse_date(found)
    return (published, precision, "htmldate") if published else (None, "unknown", None)


def _meta_values(tree: Any) -> dict[str, str]:
    """``<meta>`` contents by lower-cased name, property or itemprop (the first of each)."""
    values: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        content = meta.get("content")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = (meta.get(attribute) or "").strip().lower()
            if key and key not in values:
                values[key] = content
    return values


# --- title -------------------------------------------------------------------------------------


def _site_names(tree: Any, articles: list[dict[str, Any]], url: str | None) -> list[str]:
    """Names the site goes by: og:site_name, application-name, the JSON-LD publisher, the host."""
    metas = _meta_values(tree)
    names = [metas.get("og:site_name"), metas.get("application-name"), metas.get("twitter:site")]
    for item in articles:
        publisher = item.get("publisher")
        if isinstance(publisher, dict):
            names.append(publisher.get("name"))
    host = urlsplit(url).hostname if url else None
    if host:
        parts = host.removeprefix("www.").split(".")
        names.append(parts[-2] if len(parts) >= 2 else parts[0])  # dw.com -> dw
    cleaned = []
    for name in names:
        if isinstance(name, str) and (name := _text(name.lstrip("@"))):
            cleaned.append(name)
    return cleaned


def _title(tree: Any, articles: list[dict[str, Any]], site_names: list[str]) -> str | None:
    metas = _meta_values(tree)
    headline = next((item["headline"] for item in articles if isinstance(item.get("headline"), str)), None)
    h1 = _h1(tree)
    title_element = tree.find(".//title")
    candidates = [
        (headline, False),
        (metas.get("og:title"), True),
        (h1, False),
        (metas.get("twitter:title"), True),
        (title_element.text_content() if title_element is not None else None, True),
    ]
    sites = {_key(name) for name in site_names}
    sites |= {"".join(word[0] for word in name.split()) for name in sites if len(name.split()) > 1}  # DW
    clean_h1 = _cut(_text(h1), sites, guess_site=False) if h1 else None
    for raw, may_carry_site in candidates:
        title = _cut(_text(raw), sites, guess_site=may_carry_site) if raw else None
        if not title or not _plausible(title, sites):
            continue
        if clean_h1 and _plausible(clean_h1, sites) and title != clean_h1 and _key(title).startswith(_key(clean_h1)):
            return clean_h1  # the same headline with a site or section suffix the cut missed
        return title
    return None


def _h1(tree: Any) -> str | None:
    for path in ("//article//h1", "//main//h1", '//*[@role="main"]//h1', "//h1"):
        for element in tree.xpath(path):
            text = _text(element.text_content())
            if text:
                return text
    return None


def _cut(title: str | None, sites: set[str], guess_site: bool) -> str | None:
    """``title`` without leading or trailing site names, section names and dates."""
    if not title:
        return None
    # the segments between separators, as (start, end) offsets into title
    bounds = [0]
    for separator in _SEPARATORS.finditer(title):
        bounds += [separator.start(), separator.end()]
    bounds.append(len(title))
    spans = list(zip(bounds[::2], bounds[1::2], strict=True))

    def words(first: int, last: int) -> int:
        return len(title[spans[first][0] : spans[last][1]].split())

    def segment(index: int) -> str:
        return title[spans[index][0] : spans[index][1]].strip()

    first, last = 0, len(spans) - 1
    while last > first and (_key(segment(last)) in sites or _DATE_SEGMENT.match(segment(last))):
        last -= 1
    while last > first and _key(segment(first)) in sites:
        first += 1
    if guess_site:
        # "Headline | Politik | Example": short trailing segments are site or section names when
        # what remains is longer ("Brexit - what changes now" stays whole)
        while last > first and len(segment(last).split()) <= min(_SITE_WORDS, words(first, last - 1) - 1):
            last -= 1
    return title[spans[first][0] : spans[last][1]].strip() or None


def _plausible(title: str, sites: set[str]) -> bool:
    key = _key(title)
    if not key or key in _NOT_TITLES or key in sites:
        return False
    if _SLUG.match(title.strip()) and " " not in title.strip():
        return False  # my-article-title-123, the url's last part
    return any(character.isalpha() for character in title)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _text(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(one_line(unescape(value)).split()) or None
