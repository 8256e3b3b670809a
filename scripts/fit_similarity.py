"""Fit the story engine's pair models on every labelled corpus; write similarity_weights.json.

    python scripts/fit_similarity.py [--data ../shared/data]

The corpora (``storyline.validation.corpora``) are analysed in every input shape; the ``event``
model is fitted on their gold replays (each article against the open events it would meet), the
``story`` model on those of the stories and on the graded pairs (soft labels); each model has a
logistic part for dated pairs and one for the rest; its thresholds (long and short texts) are the
ones that cluster these training corpora best (``Workbench.choose_thresholds``).  This is the
shipped model: it has seen every corpus, so its own figures on them are in-sample.  The figures
that count are out of sample: ``python scripts/quality.py`` refits the same way without the
scored data.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from storyline.validation import corpora
from storyline.validation.crossval import Workbench

REPO = Path(__file__).resolve().parent.parent
WEIGHTS = REPO / "src" / "storyline" / "cluster" / "similarity_weights.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=corpora.SHARED_DATA)
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args()
    bench = Workbench(corpora.all_corpora(args.data), progress=lambda m: print(m, file=sys.stderr, flush=True))
    weights = bench.train()
    payload = {
        "note": "fitted by scripts/fit_similarity.py on every labelled corpus in every shape: "
        + ", ".join(bench.names()),
        **weights,
    }
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: {t: v[t] for t in ("threshold", "short_threshold")} for k, v in weights["models"].items()}))


if __name__ == "__main__":
    main()
