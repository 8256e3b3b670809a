"""The floor every figure stands beside: plain lemma TF-IDF on the same input, in the same shape.

``../shared/tools/tfidf_floor.py`` (kept outside the project) is run as it is, on each corpus
written out in each shape: Pearson of the TF-IDF cosine for pair sets; single-pass TF-IDF
clustering for cluster sets, where the tool tries thirteen thresholds and reports the best on
the scored file itself (an optimistic floor, so a strict one to beat).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..model import Article
from .corpora import SHARED_DATA, ClusterCorpus, Corpus, PairCorpus

FLOOR_TOOL = SHARED_DATA.parent / "tools" / "tfidf_floor.py"


def floor(corpus: Corpus, part: str = "all", level: str = "event") -> dict[str, Any] | None:
    """The floor's figures for ``corpus`` (already reshaped); ``None`` when the tool is absent.

    ``part``: for pair sets, ``all``, ``mono`` or ``cross`` (lingual); ``level``: for cluster
    sets, the gold ``event`` or ``story`` labels.
    """
    if not FLOOR_TOOL.exists():
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{corpus.name}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            if isinstance(corpus, PairCorpus):
                for pair in corpus.pairs:
                    if part == "all" or (part == "cross") == pair.cross_lingual:
                        row = {"id": pair.id, "a": _side(pair.a), "b": _side(pair.b), "overall": pair.overall}
                        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                mode = "pairs"
            else:
                assert isinstance(corpus, ClusterCorpus)
                labels = corpus.event if level == "event" else corpus.story
                for article in corpus.articles:
                    row = {**_side(article), "id": article.id, "label": labels[article.id]}
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                mode = "clusters"
        done = subprocess.run(
            [sys.executable, str(FLOOR_TOOL), mode, str(path)], capture_output=True, text=True, check=True
        )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if mode == "pairs":
        return dict(json.loads(lines[-1]))
    return dict(json.loads(lines[-1].split("best:", 1)[1]))


def _side(article: Article) -> dict[str, Any]:
    return {"title": article.title or "", "text": article.text, "lang": article.lang or "de"}
