"""HTML pages: main text, title, date, author and url via trafilatura and htmldate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..dates import parse_date
from ..model import Article, Precision, Rejected
from ..options import Options
from .decode import read_document
from .ids import article_id
from .limits import too_few_letters
from .printable import article_text, display_name, one_line


def read_html(path: Path, options: Options) -> Iterator[Article | Rejected]:
    """Yield the article of the HTML page at ``path``."""
    document = read_document(path, options.max_article_bytes, "HTML")
    if isinstance(document, Rejected):
        yield document
        return
    html, encoding = document
    name = display_name(path)
    yield page_to_article(html, name, stem=path.stem, encoding=encoding, options=options)


def page_to_article(
    html: str,
    name: str,
    stem: str | None = None,
    encoding: str = "utf-8",
    url: str | None = None,
    options: Options | None = None,
) -> Article | Rejected:
    """Extract the article of one HTML page (``name``: where it came from, as shown)."""
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
        return Rejected(name, None, one_line(f"cannot parse HTML: {error}"))
    text = article_text((getattr(document, "text", None) or "") if document is not None else "")
    if not text.strip():
        return Rejected(name, None, "no article text found in HTML page")
    too_short = too_few_letters(text, options or Options())
    if too_short:
        return Rejected(name, None, too_short)
    page_url = _field(url or getattr(document, "url", None))
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
    author = _field(getattr(document, "author", None))
    if author:
        meta["author"] = author
    return Article(
        id=article_id(stem, text, page_url),
        text=text,
        url=page_url,
        source=_field(getattr(document, "sitename", None)),
        title=_field(getattr(document, "title", None)),
        published=published,
        published_precision=precision,
        meta=meta,
    )


def _field(value: str | None) -> str | None:
    """A metadata string of the page on one line, ``None`` when empty."""
    return (one_line(value) or None) if value else None
