"""Readers: every input format yields the same :class:`~storyline.model.Article` records.

``read(paths)`` walks files and directories (recursively, in name order), picks a reader
per file by its extension or, for unknown extensions, by sniffing the first bytes, and
yields articles and :class:`~storyline.model.Rejected` records in input order.

Only regular files are opened: a FIFO, device or socket, a broken symbolic link or a link
loop, given or met in a folder, is a rejection naming it (:mod:`.files`).  Limits are kept
while reading, in bounded memory (:mod:`.limits`), and every string handed on is printable
and encodes as UTF-8, file names included (:mod:`.printable`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..model import Article, Rejected
from ..options import Options
from .files import open_regular, walk
from .html import read_html
from .jsonl import read_jsonl
from .printable import display_name
from .text import read_text

Format = Literal["auto", "text", "jsonl", "html"]
Reader = Callable[[Path, Options], Iterator[Article | Rejected]]

READERS: dict[str, Reader] = {"text": read_text, "jsonl": read_jsonl, "html": read_html}
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

__all__ = ["READERS", "Format", "read", "detect_format"]


def detect_format(path: Path) -> str:
    """The reader for ``path``: by extension, else by its first bytes."""
    by_extension = _EXTENSIONS.get(path.suffix.lower())
    if by_extension:
        return by_extension
    handle = open_regular(path)
    if isinstance(handle, str):
        return "text"  # its reader says why it cannot be read
    try:
        with handle:
            head = handle.read(512).lstrip().lower()
    except OSError:
        return "text"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "text"


def read(
    paths: Iterable[str | bytes | Path], format: Format = "auto", options: Options | None = None
) -> Iterator[Article | Rejected]:
    """Yield every article (or rejection) found under ``paths``; ``"-"`` reads JSONL from stdin."""
    options = options or Options()
    if format not in ("auto", *READERS):
        raise InputError(f"unknown format {format!r}; use auto, text, jsonl or html")
    for given in paths:
        if str(given) == "-":
            yield from read_jsonl("-", options)
            continue
        for file, problem in walk(Path(os.fsdecode(given))):  # a bytes path too
            if problem:
                yield Rejected(display_name(file), None, problem)
                continue
            reader = READERS[format if format != "auto" else detect_format(file)]
            yield from reader(file, options)
