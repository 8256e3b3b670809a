"""HTML pages: main text via trafilatura, title and date via :mod:`.metadata`, author and url.

:func:`html_to_article` is the entry point for a page from anywhere (a file, a WARC record, an
HTTP response): bytes in, one :class:`~storyline.model.Article` or
:class:`~storyline.model.Rejected` out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Article, Rejected
from ..options import Options
from .decode import decode_html, looks_binary, read_bytes
from .limits import too_few_letters
from .metadata import page_metadata
from .printable import article_text, display_name, one_line
from .state import ReadState

# Precision-oriented extraction drops tables and sometimes all but the headline or teaser.  Below
# this many characters, or under two sentences, the text is checked against a recall-oriented
# extraction, which is taken when it finds at least _RECALL_FACTOR times as much: a full news
# article runs to thousands of characters, a teaser to a few hundred.
_CHECK_BELOW_CHARS = 1500
_RECALL_FACTOR = 2.0
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’»)]*)(?:\s|$)")


def read_html(path: Path, options: Options, state: ReadState | None = None) -> Iterator[Article | Rejected]:
    """Yield the article of the HTML page at ``path``."""
    data = read_bytes(path, options.max_article_bytes, "HTML")
    if isinstance(data, Rejected):
        yield data
        return
    yield html_to_article(data, None, options, name=display_name(path), stem=path.stem, state=state)


def html_to_article(
    data: bytes,
    url: str | None,
    options: Options | None = None,
    name: str | None = None,
    content_type: str | None = None,
    stem: str | None = None,
    state: ReadState | None = None,
) -> Article | Rejected:
    """The article of one HTML page given as bytes.

    ``url``: where the page was fetched from (else its canonical url is used); ``name``: where it
    came from, as shown in a rejection (default: the url); ``content_type``: the HTTP
    ``Content-Type`` header, whose charset wins over the page's ``<meta>``; ``stem``: a file name
    for the id of a page without url; ``state``: the :class:`.ReadState` of a whole input, which
    gives two different pages with one url two ids.

    >>> page = b"<html><body><article><h1>Dam opens</h1><p>The dam opened on Monday.</p></article></body></html>"
    >>> html_to_article(page, "https://example.org/dam").title
    'Dam opens'
    """
    options = options or Options()
    name = name or url or "<html>"
    if len(data) > options.max_article_bytes:
        return Rejected(
            name, None, f"page of {len(data)} bytes is over the size limit of {options.max_article_bytes} bytes"
        )
    if looks_binary(data):
        return Rejected(name, None, "binary data, not HTML")
    html, encoding = decode_html(data, content_type)
    return page_to_article(html, name, stem=stem, encoding=encoding, url=url, options=options, state=state)


def page_to_article(
    html: str,
    name: str,
    stem: str | None = None,
    encoding: str = "utf-8",
    url: str | None = None,
    options: Options | None = None,
    state: ReadState | None = None,
) -> Article | Rejected:
    """Extract the article of one decoded HTML page (``name``: where it came from, as shown)."""
    options = options or Options()
    try:
        document = _extract(html, url, recall=False)
        text = _text(document)
        extraction = "precision"
        if len(text) < _CHECK_BELOW_CHARS or len(_SENTENCE_END.findall(text)) < 2:
            fuller = _extract(html, url, recall=True)
            if len(_text(fuller)) >= _RECALL_FACTOR * max(len(text), 1):
                document, text, extraction = fuller, _text(fuller), "recall"
    except (ValueError, TypeError, AttributeError) as error:  # lxml/trafilatura on broken markup
        return Rejected(name, None, one_line(f"cannot parse HTML: {error}"))
    if not text.strip():
        return Rejected(name, None, "no article text found in HTML page")
    too_short = too_few_letters(text, options)
    if too_short:
        return Rejected(name, None, too_short)
    page_url = _field(url or getattr(document, "url", None))
    found = page_metadata(html, page_url)
    meta: dict[str, Any] = {"path": name, "encoding": encoding}
    if extraction != "precision":
        meta["extraction"] = extraction
    if found.date_source:
        meta["date_source"] = found.date_source
    author = _field(getattr(document, "author", None))
    if author:
        meta["author"] = author
    state = state if state is not None else ReadState()
    return Article(
        id=state.page_id(stem, text, page_url),
        text=text,
        url=page_url,
        source=_field(getattr(document, "sitename", None)) or _field(found.site_name),
        title=_field(found.title) or _field(getattr(document, "title", None)),
        published=found.published,
        published_precision=found.precision,
        meta=meta,
    )


def _extract(html: str, url: str | None, recall: bool) -> Any:
    """trafilatura's document of the page: precision-oriented without tables, or recall-oriented with them."""
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=recall,
        favor_precision=not recall,
        favor_recall=recall,
    )


def _text(document: Any) -> str:
    return article_text((getattr(document, "text", None) or "") if document is not None else "")


def _field(value: str | None) -> str | None:
    """A metadata string of the page on one line, ``None`` when empty."""
    return (one_line(value) or None) if value else None
