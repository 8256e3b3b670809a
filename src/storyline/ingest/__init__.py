"""Readers: every input format yields the same :class:`~storyline.model.Article` records.

``read(paths)`` walks files and directories (recursively, in name order), picks a reader
per file by its extension or, for unknown extensions, by sniffing the first bytes, and
yields articles and :class:`~storyline.model.Rejected` records in input order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..model import Article, Rejected
from ..options import Options
from .html import read_html
from .jsonl import read_jsonl
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
    try:
        with open(path, "rb") as handle:
            head = handle.read(512).lstrip().lower()
    except OSError:
        return "text"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "text"


def _files(path: Path) -> Iterator[Path]:
    """The files under ``path`` in path order, hidden ones (a part starting with ".") left out."""
    if not path.is_dir():
        yield path
        return
    found: list[Path] = []
    for folder, subfolders, names in os.walk(path):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(Path(folder, name) for name in names if not name.startswith("."))
    # path order (part by part, as Path sorts); comparing parts tuples runs in C
    for child in sorted(found, key=lambda file: file.parts):
        if child.is_file():
            yield child


def read(
    paths: Iterable[str | Path], format: Format = "auto", options: Options | None = None
) -> Iterator[Article | Rejected]:
    """Yield every article (or rejection) found under ``paths``; ``"-"`` reads JSONL from stdin."""
    options = options or Options()
    if format not in ("auto", *READERS):
        raise InputError(f"unknown format {format!r}; use auto, text, jsonl or html")
    for given in paths:
        if str(given) == "-":
            yield from read_jsonl("-", options)
            continue
        path = Path(given)
        if not path.exists():
            yield Rejected(str(path), None, "no such file or directory")
            continue
        for file in _files(path):
            reader = READERS[format if format != "auto" else detect_format(file)]
            yield from reader(file, options)
