"""All stories in one file: JSON (an array), JSON Lines, or CSV with one row per story.

CSV cells holding text that starts like a spreadsheet formula get a leading ``'`` (OWASP's rule
against CSV injection): a title ``=HYPERLINK(…)`` stays text when the file is opened.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Any, TextIO

from .story import Story

CSV_COLUMNS = (
    "id",
    "title",
    "first_seen",
    "last_updated",
    "article_count",
    "event_count",
    "lang",
    "entities",
    "sources",
    "summary",
    "timeline",
)

#: What a spreadsheet reads as the start of a formula (OWASP: CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell that no spreadsheet evaluates: text starting with a formula prefix gets a
    leading ``'``; numbers stay numbers.

    >>> csv_cell("=1+2"), csv_cell("Hafen"), csv_cell(3)
    ("'=1+2", 'Hafen', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_export(stories: Sequence[Story], format: str, handle: TextIO) -> None:
    """Write ``stories`` as ``json``, ``jsonl`` or ``csv`` to ``handle``."""
    if format == "json":
        json.dump([s.to_dict() for s in stories], handle, ensure_ascii=False)
        handle.write("\n")
    elif format == "jsonl":
        for story in stories:
            handle.write(json.dumps(story.to_dict(), ensure_ascii=False) + "\n")
    elif format == "csv":
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for s in stories:
            writer.writerow(
                csv_cell(value)
                for value in [
                    s.id,
                    s.title,
                    s.first_seen or "",
                    s.last_updated or "",
                    s.article_count,
                    len(s.events),
                    s.lang or "",
                    "; ".join(f"{a.name} ({a.kind}, {a.count})" for a in s.entities),
                    "; ".join(f"{src.name} ({src.article_count})" for src in s.sources),
                    " ".join(s.summary),
                    "; ".join(
                        f"{e.date or 'undated'}{' (estimated)' if e.estimated else ''}: {e.title}" for e in s.timeline
                    ),
                ]
            )
    else:
        raise ValueError(f"unknown export format {format!r}")
