"""Plain-text articles: one file, one article.

The file may start with a `` date YYYY-MM[-DD] `` marker and a title line; both are
recognised later by the dating and cleaning stages, which treat every format alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import Article, Rejected
from ..options import Options
from .decode import read_document
from .ids import article_id
from .limits import too_few_letters
from .printable import article_text, display_name


def read_text(path: Path, options: Options) -> Iterator[Article | Rejected]:
    """Yield the one article in the text file at ``path`` (or why it was rejected)."""
    document = read_document(path, options.max_article_bytes, "text")
    if isinstance(document, Rejected):
        yield document
        return
    text, encoding = document
    text = article_text(text)
    name = display_name(path)
    if not text.strip():
        yield Rejected(name, None, "empty article")
        return
    too_short = too_few_letters(text, options)
    if too_short:
        yield Rejected(name, None, too_short)
        return
    meta = {"path": name, "encoding": encoding}
    yield Article(id=article_id(path.stem, text), text=text, meta=meta)
