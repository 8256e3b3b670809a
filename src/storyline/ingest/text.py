"""Plain-text articles: one file, one article.

The file may start with a `` date YYYY-MM[-DD] `` marker and a title line; both are
recognised later by the dating and cleaning stages, which treat every format alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import Article, Rejected
from ..options import Options
from .decode import decode_bytes, looks_binary
from .ids import article_id


def read_text(path: Path, options: Options) -> Iterator[Article | Rejected]:
    """Yield the one article in the text file at ``path`` (or why it was rejected)."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > options.max_article_bytes:
            yield Rejected(
                name, None, f"file of {size} bytes is over the size limit of {options.max_article_bytes} bytes"
            )
            return
        data = path.read_bytes()
    except OSError as error:
        yield Rejected(name, None, f"cannot read file: {error.strerror or error}")
        return
    if looks_binary(data):
        yield Rejected(name, None, "binary file, not text")
        return
    text, encoding = decode_bytes(data)
    if not text.strip():
        yield Rejected(name, None, "empty article")
        return
    meta = {"path": name, "encoding": encoding}
    yield Article(id=article_id(path.stem, text), text=text, meta=meta)
