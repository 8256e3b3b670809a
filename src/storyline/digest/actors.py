"""The main actors and places of a story: one entry per real entity, with its kind and variants.

Entities come from the features (alias keys: Lawrow / Lavrov / Lawrows → one key).  The story's
texts are then read once more to collect, per key, the spellings used (its variants), the full
names it appears in ("Sergej Lawrow": a capitalised word that nearly always stands right before
another entity is its first name, not an entity of its own) and the words around it, which vote
on its kind:

* person — a role or title before it ("Außenminister", "Präsident", "Mr"), a first name, a verb
  of saying after it ("sagte", "said");
* place — a preposition of place before it ("in", "nach", "aus", "near"), a dateline, a place
  adjective in the text ("Genfer" for Genf), a country or place ending ("-land", "-ien", "-stan");
* organisation — an acronym, an organisation word in or after it ("Partei", "Ministerium", "AG",
  "Bank", "Council").

Words of a short built-in list of countries, which often appear without any cue, count as places.
The kind with most votes wins; with none, "other".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..features import entity_key
from ..lexicon import words
from .members import Member, readable
from .when import MONTHS, WEEKDAYS

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?", re.UNICODE)

_ROLES = frozenset(
    words(
        """präsident präsidentin kanzler kanzlerin minister ministerin außenminister aussenminister
    außenministerin premierminister premierministerin regierungschef regierungschefin staatschef kollege
    kollegin amtskollege amtskollegin herr frau dr prof richter richterin sprecher sprecherin chef
    chefin vorsitzende vorsitzender gesandte sondergesandte botschafter botschafterin general trainer
    bürgermeister bürgermeisterin abgeordnete abgeordneter senator senatorin könig königin papst mr mrs
    ms miss sir dame president minister secretary chancellor judge justice senator governor mayor ceo
    spokesman spokeswoman spokesperson envoy ambassador prince king queen pope coach chairman chairwoman
    director prosecutor lawyer monsieur madame président présidente ministre"""
    )
)
_ROLE_ENDINGS = ("minister", "ministerin", "präsident", "präsidentin", "chef", "chefin", "sprecher", "sprecherin",
                 "kollege", "kollegin", "gesandter", "vorsitzende", "vorsitzender", "kanzler", "kanzlerin")
_SAYING = frozenset(
    words(
        """sagte sagt erklärte erklärt betonte betont kündigte warnte forderte meinte sagten said says told
    added warned announced stated declared insisted déclaré"""
    )
)
# prepositions that mostly take places ("in Genf", "nach Lausanne", "near Toamasina"); not "to", "at",
# "on", "bei": an offer to Teixeira, a job at Siemens
_PLACE_PREPOSITIONS = frozenset(words("in nach aus im near across à en au dans um"))
_PLACE_ENDINGS = ("land", "stan", "ien", "burg", "stadt", "dorf", "hausen", "ingen", "heim", "shire", "ville")
# first words of many-word place and team names: "Los Angeles", "New York", "Red Sox" are no first names
_NAME_PREFIXES = frozenset(
    entity_key(word)
    for word in words(
        """new los las san santa são saint st sankt bad port fort mount lake cape east west north south upper
        lower red white black el la le rio buenos hong tel abu kuala sri costa puerto great little old"""
    )
)
_ORG_WORDS = frozenset(
    words(
        """partei ministerium regierung amt behörde gericht kommission rat verband gewerkschaft bank ag gmbh se
    kg inc ltd plc corp corporation company group gruppe konzern union agentur institut universität
    university council committee party association federation agency court ministry department miliz
    militia organisation organization bund stiftung foundation"""
    )
)
# Countries, continents and capitals: often named without any cue of place (own list, German and English).
_COUNTRIES = frozenset(
    entity_key(name)
    for name in words(
        """Deutschland Germany Russland Russia USA US Amerika America Frankreich France Großbritannien
        Britain UK England Schottland Scotland Italien Italy Spanien Spain Polen Poland Ukraine
        China Japan Indien India Iran Irak Iraq Syrien Syria Türkei Turkey Israel Ägypten Egypt
        Österreich Austria Schweiz Switzerland Niederlande Netherlands Belgien Belgium Griechenland
        Greece Kanada Canada Mexiko Mexico Brasilien Brazil Australien Australia Madagaskar
        Madagascar Europa Europe Afrika Africa Asien Asia Saudi-Arabien Saudi Libanon Lebanon
        Jordanien Jordan Katar Qatar Afghanistan Pakistan Nordkorea Südkorea Korea Taiwan Schweden
        Sweden Norwegen Norway Dänemark Denmark Finnland Finland Portugal Irland Ireland Ungarn
        Hungary Tschechien Czechia Rumänien Romania Bulgarien Bulgaria Serbien Serbia Kroatien
        Croatia Belarus Weißrussland Kasachstan Kazakhstan Venezuela Kolumbien Colombia Argentinien
        Argentina Chile Peru Kuba Cuba Nigeria Kenia Kenya Südafrika Libyen Libya Tunesien Tunisia
        Marokko Morocco Algerien Algeria Jemen Yemen Berlin London Paris Rom Rome Madrid Wien Vienna
        Moskau Moscow Washington Peking Beijing Tokio Tokyo Brüssel Brussels Genf Geneva Kiew Kyiv
        Kiev Warschau Warsaw Prag Prague Ankara Istanbul Teheran Tehran Bagdad Baghdad Damaskus
        Damascus Kairo Cairo Jerusalem Beirut Riad Riyadh Neu-Delhi Delhi Ottawa Canberra Bern
        Zürich Zurich Hamburg München Munich Frankfurt Köln Cologne Brüssel Amsterdam Stockholm Oslo
        Athen Athens Lissabon Lisbon Dublin Budapest Bukarest Bucharest Minsk Nairobi Johannesburg"""
    )
)

# month and day names are capitalised in English and German, but they are dates, not actors
_CALENDAR = frozenset(entity_key(name) for name in list(MONTHS) + list(WEEKDAYS) if len(name) > 3)

KINDS = ("person", "place", "organisation", "other")


@dataclass
class Actor:
    """One entity of a story."""

    key: str
    name: str
    kind: str
    count: int  # mentions in the story's articles
    articles: int  # articles that mention it
    variants: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "count": self.count,
            "articles": self.articles,
            "variants": self.variants,
            "key": self.key,
        }


@dataclass
class _Evidence:
    forms: Counter[str] = field(default_factory=Counter)
    full: Counter[str] = field(default_factory=Counter)  # "first-name surname" forms
    votes: Counter[str] = field(default_factory=Counter)
    before: Counter[str] = field(default_factory=Counter)  # entity keys right before it


def actors(members: Sequence[Member], limit: int = 25) -> list[Actor]:
    """The ``limit`` main entities of ``members``, most widely reported first."""
    mentions: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    for member in members:
        mentions.update(member.features.entities)
    fold = {k: k[:-1] for k in mentions if k.endswith("s") and k[:-1] in mentions}  # genitive: Kowalenkos
    mentions = Counter()
    for member in members:
        keys = Counter({fold.get(k, k): 0 for k in member.features.entities})
        for key, count in member.features.entities.items():
            keys[fold.get(key, key)] += count
        mentions.update(keys)
        articles.update(keys.keys())
    if not mentions:
        return []
    evidence: dict[str, _Evidence] = defaultdict(_Evidence)
    named = set(mentions)
    for member in readable(members):
        _read(member, named, evidence)
    absorbed = _first_names(mentions, evidence)
    ranked = sorted(
        (k for k in mentions if k not in absorbed and k not in _CALENDAR), key=lambda k: (-articles[k], -mentions[k], k)
    )
    least = 2 if len(members) > 2 else 1
    result: list[Actor] = []
    for key in ranked:
        if len(result) >= limit or articles[key] < least and mentions[key] < 2:
            break
        found = evidence[key]
        # full names only with a first name ("Sergej Lawrow"), not with a noun HanTa took for a name
        found.full = Counter({form: n for form, n in found.full.items() if entity_key(form.split()[0]) in absorbed})
        name = _name(key, found, members)
        variants = [form for form, _ in found.forms.most_common()] + [form for form, _ in found.full.most_common()]
        variants = list(dict.fromkeys(v for v in variants if v != name)) if variants else []
        result.append(Actor(key, name, _kind(key, found), mentions[key], articles[key], [name, *variants]))
    return result


def _read(member: Member, keys: set[str], evidence: dict[str, _Evidence]) -> None:
    text = f"{member.article.title or ''}\n{member.article.text}"
    tokens = list(_TOKEN.finditer(text))
    words = [t.group(0) for t in tokens]
    lowered = {w.lower() for w in words}
    for index, token in enumerate(tokens):
        word = words[index]
        if not word[:1].isupper():
            continue
        key = _key_of(word, keys)
        if key is None:
            continue
        found = evidence[key]
        found.forms[_surface(word, key)] += 1
        previous = words[index - 1] if index else ""
        following = words[index + 1] if index + 1 < len(words) else ""
        gap = text[tokens[index - 1].end() : token.start()] if index else "\n"
        if previous and previous[:1].isupper() and gap == " ":
            before = _key_of(previous, keys)
            if before is not None and before != key:
                found.before[before] += 1
                found.full[f"{previous} {_surface(word, key)}"] += 1
        _vote(found, word, previous.lower() if gap.strip() == "" else "", following.lower(), token.start(), text)
    for found in evidence.values():
        # a place adjective in the text: "Genfer" for Genf, "Lausanner" for Lausanne
        base = next(iter(found.forms), "")
        if base and (base.lower() + "er" in lowered or base.lower().rstrip("e") + "er" in lowered):
            found.votes["place"] += 1


def _key_of(word: str, keys: set[str]) -> str | None:
    key = entity_key(word)
    if key in keys:
        return key
    for suffix in ("s", "es", "n", "ns"):  # German genitive and weak-noun endings: Lawrows, Kerrys
        if word.endswith(suffix) and (shorter := entity_key(word[: -len(suffix)])) in keys:
            return shorter
    return None


def _surface(word: str, key: str) -> str:
    for suffix in ("s", "es", "n", "ns"):
        if word.endswith(suffix) and entity_key(word) != key and entity_key(word[: -len(suffix)]) == key:
            return word[: -len(suffix)]
    return word.rstrip("'’")


def _vote(found: _Evidence, word: str, previous: str, following: str, start: int, text: str) -> None:
    if previous in _ROLES or previous.endswith(_ROLE_ENDINGS) or previous.split("-")[-1] in _ROLES:
        found.votes["person"] += 2
    if following in _SAYING:
        found.votes["person"] += 1
    if previous in _PLACE_PREPOSITIONS:
        found.votes["place"] += 1
    if following in _ORG_WORDS or word.lower() in _ORG_WORDS or word.lower().endswith(tuple(_ORG_WORDS)):
        found.votes["organisation"] += 1
    if word.isupper() and len(word) <= 6 and entity_key(word) not in _COUNTRIES:
        found.votes["organisation"] += 1
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start <= 1 and re.match(r"\s*[–—-]|/", text[start + len(word) : start + len(word) + 3]):
        found.votes["place"] += 2  # a dateline: "Genf – ", "Vientiane/Genf - "


def _first_names(mentions: Counter[str], evidence: dict[str, _Evidence]) -> set[str]:
    """Keys that are (nearly) always the first part of another entity's name: John (Kerry), Sergej (Lawrow)."""
    absorbed: set[str] = set()
    before_totals: Counter[str] = Counter()
    for found in evidence.values():
        before_totals.update(found.before)
    for found in evidence.values():
        for first, together in found.before.items():
            total = sum(evidence[first].forms.values()) if first in evidence else mentions[first]
            if total and together / total >= 0.7 and together >= before_totals[first] * 0.7:
                absorbed.add(first)
                if first not in _NAME_PREFIXES and first not in _COUNTRIES:
                    found.votes["person"] += together  # a first name and a surname: a person
    return absorbed


def _name(key: str, found: _Evidence, members: Sequence[Member]) -> str:
    single = sum(found.forms.values()) - sum(found.full.values())
    if found.full and single <= 0:  # never seen alone: New York
        return found.full.most_common(1)[0][0]
    if found.forms:
        return found.forms.most_common(1)[0][0]
    for member in members:
        if key in member.features.names:
            return member.features.names[key]
    return key


def _kind(key: str, found: _Evidence) -> str:
    if key in _COUNTRIES:
        return "place"
    votes = Counter(found.votes)
    name = next(iter(found.forms), "").lower()
    if name.endswith(_PLACE_ENDINGS) and len(name) > 5:
        votes["place"] += 1
    if not votes:
        return "other"
    (kind, best), *rest = votes.most_common()
    if rest and rest[0][1] == best:
        return "other"
    return kind
