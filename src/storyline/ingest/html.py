"""HTML pages: main text, title, date, author and url via trafilatura and htmldate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..dates import parse_date
from ..model import Article, Precision, Rejected
from ..options import Options
from .decode import read_document
from .ids import article_id


def read_html(path: Path, options: Options) -> Iterator[Article | Rejected]:
    """Yield the article of the HTML page at ``path``."""
    document = read_document(path, options.max_article_bytes, "HTML")
    if isinstance(document, Rejected):
        yield document
        return
    html, encoding = document
    name = str(path)
    yield page_to_article(html, name, stem=path.stem, encoding=encoding)


def page_to_article(
    html: str, name: str, stem: str | None = None, encoding: str = "utf-8", url: str | None = None
) -> Article | Rejected:
    """Extract the article of one HTML page."""
    import trafilatura
    from htmldate import find_date

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
        )
    except (ValueError, TypeError, AttributeError) as error:  # lxml/trafilatura on broken markup
        return Rejected(name, None, f"cannot parse HTML: {error}")
    text = (getattr(document, "text", None) or "") if document is not None else ""
    if not text.strip():
        return Rejected(name, None, "no article text found in HTML page")
    page_url = url or getattr(document, "url", None)
    published: str | None = None
    precision: Precision = "unknown"
    found = find_date(
        html, url=page_url, original_date=True, extensive_search=False, outputformat="%Y-%m-%dT%H:%M:%S%z"
    )
    if found:
        published, precision = parse_date(found)
        if precision == "minute" and found[11:19] == "00:00:00":  # htmldate pads a bare day with midnight
            published, precision = parse_date(found[:10])
    meta = {"path": name, "encoding": encoding}
    author = getattr(document, "author", None)
    if author:
        meta["author"] = author
    return Article(
        id=article_id(stem, text, page_url),
        text=text,
        url=page_url,
        source=getattr(document, "sitename", None) or None,
        title=getattr(document, "title", None) or None,
        published=published,
        published_precision=precision,
        meta=meta,
    )
