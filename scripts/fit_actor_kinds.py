"""Fit the actor kind model on the labelled stories; score it out of sample; write actor_kinds.json.

    python scripts/fit_actor_kinds.py [--gold tests/data/actors/gold.jsonl] [--fit-on dev,heldout,...] [--write]

Each labelled story (``tests/data/actors/gold.jsonl``) is ingested on its own, as
``scripts/actors_quality.py`` does; every actor its digest lists (up to 25) that is a labelled entity
gives one row: :func:`storyline.digest.actors.kind_features` and the labelled kind.  A multinomial
logistic regression over those rows decides an actor's kind where the gazetteer does not know it.

Out of sample: leave one split out (each split of ``--fit-on`` in turn is scored by a model fitted on the
others), kind precision of the top 10 actors that are labelled entities, beside the rules alone on the
same actors.  ``--write`` fits on all of ``--fit-on`` and writes the packaged model.  A new fresh set
stays out of :data:`FIT_ON` until ``scripts/actors_quality.py`` has scored it once, unseen (the record
is ``UNSEEN_SCORED`` there); splits not in ``--fit-on`` are never read here.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import actors_quality  # noqa: E402
import actors_real  # noqa: E402

from storyline.digest import actors as actors_module  # noqa: E402

OUT = REPO / "src" / "storyline" / "digest" / actors_module.KIND_MODEL
#: Every labelled split, once scored unseen: a newly written set is left out here (``tuple(s for s in
#: actors_quality.SPLITS if s != "freshN")``) until that scoring is recorded in ``UNSEEN_SCORED``.
FIT_ON = actors_quality.SPLITS
#: Parts of the judged real news of ``scripts/actors_real.py`` fitted on too: all of them, each once it has
#: been scored once, unseen (a newly defined part is left out here, ``tuple(p for p in actors_real.PARTS if
#: p != N)``, until that scoring is recorded in docs/actors_real.md).
REAL_PARTS = actors_real.PARTS
CLASSES = ("person", "place", "organisation")
C = 1.0


@contextlib.contextmanager
def _recorded() -> Iterator[dict[str, tuple[dict[str, float], str]]]:
    """While open, the digest decides kinds by the rules alone and notes for every actor key its
    :func:`~storyline.digest.actors.kind_features` and the rules' kind (cleared by the caller per story)."""
    seen: dict[str, tuple[dict[str, float], str]] = {}
    original_kind, saved_model = actors_module._kind, actors_module.kind_model

    def recording(key: str, evidence: Any) -> str:
        kind = original_kind(key, evidence)
        seen[key] = (actors_module.kind_features(key, evidence), kind)
        return kind

    actors_module.kind_model = lambda: None  # the rules alone while the rows are gathered
    actors_module._kind = recording
    try:
        yield seen
    finally:
        actors_module._kind = original_kind
        actors_module.kind_model = saved_model


def _row(story: str, split: str, lang: str, rank: int, key: str, label: str, seen: dict[str, Any]) -> dict[str, Any]:
    """One training row: an actor's features and labelled kind, the rules' kind and its rank in the story."""
    features, rule = seen[key]
    known = actors_module.kind_of(key) is not None
    return dict(story=story, split=split, lang=lang, rank=rank, features=features, label=label, rule=rule, known=known)


def rows(gold: Path, splits: tuple[str, ...]) -> list[dict[str, Any]]:
    """One row per listed actor that is a labelled entity: features, label, the rules' kind, rank."""
    found: list[dict[str, Any]] = []
    with _recorded() as seen:
        for story, records in actors_quality.load(gold).items():
            split = records[0]["split"]
            if split not in splits:
                continue
            seen.clear()
            listed = actors_quality.story_actors(records)
            entities = actors_quality.entities_of(records)
            for rank, actor in enumerate(listed):
                entity = actors_quality.match(actor, entities)
                if entity is not None and actor.key in seen:
                    found.append(_row(story, split, records[0]["lang"], rank, actor.key, entity.kind, seen))
    return found


def real_rows(data: Path, parts: tuple[int, ...]) -> list[dict[str, Any]]:
    """Rows of the real news stories of ``scripts/actors_real.py`` (split ``realN`` for part N): every
    listed actor that we judged a person, a place or an organisation (the judgements cover the top 10 as
    some version of the code listed them; the rest are left out)."""

    judged = actors_real.load_judged()
    found: list[dict[str, Any]] = []
    with _recorded() as seen:
        for part in parts:
            for corpus, story, articles in actors_real.stories(data, part):
                seen.clear()
                for rank, actor in enumerate(actors_real.listed(articles)):
                    verdict = judged.get(actors_real.judgement_key(story, actor.name))
                    if verdict in actors_real.KINDS and actor.key in seen:
                        label = actors_real.KINDS[verdict]
                        lang = actors_real.language(corpus)
                        found.append(_row(story, f"real{part}", lang, rank, actor.key, label, seen))
    return found


def fit(train: list[dict[str, Any]]) -> dict[str, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    chosen = [r for r in train if not r["known"] and r["label"] in CLASSES]
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([r["features"] for r in chosen])
    y = [CLASSES.index(r["label"]) for r in chosen]
    model = LogisticRegression(C=C, max_iter=5000)
    model.fit(x, y, sample_weight=[r.get("weight", 1.0) for r in chosen])
    present = [CLASSES[i] for i in model.classes_]
    weights = {
        name: [round(float(model.coef_[k][j]), 4) for k in range(len(present))]
        for j, name in enumerate(vectorizer.feature_names_)
    }
    if len(present) == 2:  # (binary: one row of coefficients)
        raise ValueError("the training rows hold two kinds only")
    return {
        "classes": present,
        "intercept": [round(float(v), 4) for v in model.intercept_],
        "weights": {k: v for k, v in weights.items() if any(v)},
        "rows": len(chosen),
    }


def precision(scored: list[dict[str, Any]], kind_of_row: Callable[[dict[str, Any]], str]) -> tuple[int, int]:
    """Right kinds among the top-10 actors of ``scored`` (all labelled entities), and how many there are."""
    top = [r for r in scored if r["rank"] < actors_quality.TOP]
    return sum(1 for r in top if kind_of_row(r) == r["label"]), len(top)


def cross_validate(data: list[dict[str, Any]], splits: tuple[str, ...]) -> dict[str, dict[str, dict[str, Any]]]:
    """Leave one split out: per held-out split (and ``pooled``) and language, the top-10 real actors and
    the kind precision of the rules alone and of the model fitted without that split."""
    result: dict[str, dict[str, dict[str, Any]]] = {}
    pooled: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for held in splits:
        test = [r for r in data if r["split"] == held]
        if not test:
            continue
        model = actors_module.KindModel.from_dict(fit([r for r in data if r["split"] != held]))
        result[held] = {}
        for lang in ("all", "de", "en"):
            part = [r for r in test if lang == "all" or r["lang"] == lang]
            rules, n = precision(part, lambda r: r["rule"])
            fitted, _ = precision(part, functools.partial(_decided, model))
            result[held][lang] = {
                "actors": n,
                "rules": actors_quality.share(rules, n),
                "model": actors_quality.share(fitted, n),
            }
            for i, v in enumerate((rules, fitted, n)):
                pooled[lang][i] += v
    result["pooled"] = {
        lang: {"actors": n, "rules": actors_quality.share(rules, n), "model": actors_quality.share(fitted, n)}
        for lang, (rules, fitted, n) in pooled.items()
    }
    return result


def _decided(model: actors_module.KindModel, row: dict[str, Any]) -> str:
    """The kind the digest gives a row's actor: the gazetteer's when it knows the name, else the model's."""
    return row["rule"] if row["known"] else model.predict(row["features"])


def _as_json(model: dict[str, Any]) -> str:
    """The model as JSON with one line per feature (a refit shows as a readable diff)."""
    head = {k: v for k, v in model.items() if k != "weights"}
    lines = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in sorted(head.items())]
    rows = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in sorted(model["weights"].items())]
    return "{\n" + "\n".join(lines) + '\n "weights": {\n' + ",\n".join(rows) + "\n }\n}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--gold", type=Path, default=actors_quality.GOLD)
    parser.add_argument("--fit-on", default=",".join(FIT_ON))
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--real", default=",".join(str(p) for p in REAL_PARTS), help="parts of the real news check to fit on too"
    )
    args = parser.parse_args()
    splits = tuple(args.fit_on.split(","))
    data = rows(args.gold, splits)
    real = tuple(int(p) for p in args.real.split(",") if p)
    if real:
        from storyline.validation.corpora import SHARED_DATA

        if not (SHARED_DATA / "ecbplus_train_dev.jsonl").is_file():
            parser.error(f"--real needs the shared data at {SHARED_DATA} (or --real '')")
        data += real_rows(SHARED_DATA, real)
        splits += tuple(f"real{p}" for p in real)
    print(f"{len(data)} rows from {len({r['story'] for r in data})} stories", file=sys.stderr)
    for held, by_lang in cross_validate(data, splits).items():
        for lang, f in by_lang.items():
            print(f"{held:8} {lang:3} top-10 real actors {f['actors']:3}  rules {f['rules']}  model {f['model']}")
    if args.write:
        model = fit(data)
        model["note"] = "fitted by scripts/fit_actor_kinds.py on the splits " + ", ".join(splits)
        OUT.write_text(_as_json(model), encoding="utf-8")
        print(f"wrote {OUT} ({model['rows']} rows)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
