"""Remove page chrome that scrapers leave inside already-extracted article text.

Two layers, as in boilerplate removal since jusText:

1. **Rules** with high precision, in German, English, French, Spanish, Italian, Dutch,
   Polish and Portuguese: a *block header* ("Auch interessant", "Meistgelesene Artikel",
   "Read more", "Kommentare", ...) ends the article when it stands in the article's last
   part, and otherwise removes itself and the teaser lines after it; single lines are
   removed when they are notices, consent prompts, share rows, navigation, ads, photo
   credits, image captions or lone symbols.
2. A **line scorer** for what the rules do not decide: a logistic model over features that
   do not name any outlet (length, sentence punctuation, function-word density, chrome
   vocabulary, place in the article, neighbouring chrome).  Its weights are fitted on a
   labelled set written for this project (``tests/data/clean/dev.jsonl``, refit with
   ``scripts/fit_cleaner.py``) and judged on a separate held-out set (docs/cleaning.md).

Cleaning is idempotent: ``clean_text(clean_text(t)) == clean_text(t)``.
"""

from __future__ import annotations

import dataclasses
import json
import math
import operator
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from .model import Article

# --- rules -------------------------------------------------------------------------------

_BLOCK_HEADERS = [
    # German
    r"auch interessant",
    r"(?:das )?(?:könnte|dürfte) (?:sie|dich) auch interessieren",
    r"meist(?:gelesen|geklickt|kommentiert)e?(?: artikel| news| nachrichten)?",
    r"am meisten gelesen",
    r"mehr (?:zum thema|zu(?:m)? \w+|aus (?:de[rm]|dem) \w+(?: \w+)?|nachrichten|news|artikel|themen)",
    r"(?:weitere|verwandte|ähnliche|empfohlene|passende) (?:artikel|beiträge|themen|nachrichten|meldungen|videos)",
    r"lesen sie (?:auch|mehr|hier)",
    r"(?:auch )?lesenswert",
    r"zum thema",
    r"top[- ]?(?:themen|artikel|news|meldungen)",
    r"empfehlungen?(?: der redaktion)?",
    r"unsere empfehlungen?",
    r"das (?:interessiert|lesen) (?:andere )?(?:leser|nutzer)(?: auch)?",
    r"beliebte artikel",
    r"neueste artikel",
    r"(?:\d+ )?(?:leser)?kommentare?(?: \(\d+\))?(?: anzeigen| lesen| einblenden)?",
    r"kommentar (?:schreiben|verfassen|abgeben)",
    r"diskutieren sie mit",
    r"diskussion(?:en)?(?: \(\d+\))?",
    r"(?:ihre|deine) meinung(?: ist gefragt)?",
    r"(?:\d+ )?reaktionen",
    r"(?:artikel )?(?:zum )?weiterlesen",
    r"news-?ticker",
    r"aktuelle (?:nachrichten|meldungen)",
    # English
    r"read (?:more|next|also)",
    r"also read",
    r"(?:see|read) also",
    r"related(?: articles| stories| content| news| coverage| posts| links)?",
    r"more (?:on|from|about|in) (?:this|the)?\s*\w*(?: \w+)?",
    r"more (?:stories|news|articles|coverage)",
    r"(?:you|we think you) (?:may|might|will) (?:also )?like",
    r"recommended(?: for you| stories| reading)?",
    r"most (?:read|popular|viewed|shared|commented)(?: stories| articles| news)?",
    r"top stories",
    r"trending(?: now| stories)?",
    r"what to read next",
    r"don'?t miss",
    r"editor'?s picks",
    r"latest (?:news|stories|headlines)",
    r"(?:\d+ )?comments?(?: \(\d+\))?",
    r"(?:leave|post|add) a (?:comment|reply)",
    r"join the (?:conversation|discussion|debate)",
    r"show comments",
    r"view comments",
    r"discussion",
    r"(?:\d+ )?responses?",
    # French, Spanish, Italian, Dutch, Polish, Portuguese
    r"(?:à )?lire aussi",
    r"sur le même (?:sujet|thème)",
    r"les plus lus",
    r"voir aussi",
    r"(?:\d+ )?commentaires?",
    r"nos (?:articles|recommandations)",
    r"(?:te|le) puede interesar",
    r"lee (?:también|más)",
    r"(?:noticias|artículos) relacionad[oa]s",
    r"lo más leído",
    r"más leídas?",
    r"(?:\d+ )?comentarios?",
    r"leggi anche",
    r"potrebbe interessarti",
    r"i più letti",
    r"(?:\d+ )?commenti",
    r"articoli correlati",
    r"lees ook",
    r"meest gelezen",
    r"(?:\d+ )?reacties",
    r"gerelateerde artikelen",
    r"czytaj (?:także|też|również)",
    r"(?:\d+ )?komentarze",
    r"najczęściej czytane",
    r"zobacz (?:także|też)",
    r"leia (?:também|mais)",
    r"mais lidas",
    r"(?:\d+ )?comentários",
]
_BLOCK_HEADER = re.compile(r"^(?:" + "|".join(_BLOCK_HEADERS) + r")\s*[:.…»›>→-]*\s*$", re.IGNORECASE)

_NOTICE = re.compile(
    r"(?:automatisch|maschinell)\w*\b.{0,80}\b(?:importiert|übernommen|migriert|übertragen)"
    r"|(?:importiert|übernommen|migriert)\b.{0,60}\b(?:darstellungsfehler|fehler in der darstellung)"
    r"|darstellungsfehler|(?:alten|früheren|bisherigen) (?:redaktions)?system"
    r"|(?:automatically|was) (?:imported|migrated|transferred) from (?:our|an?|the) (?:old|previous|former|legacy|archive)"
    r"|(?:formatting|display) (?:errors|issues|problems)|legacy (?:content|system)"
    r"|(?:article|story|page) (?:was|has been) (?:automatically )?(?:imported|migrated|archived)"
    r"|migrated automatically|automatically migrated|originally published on (?:our|an?|the) (?:previous|old|former|legacy)"
    r"|redaktionell nicht (?:bearbeitet|geprüft)|(?:not|wasn'?t) (?:been )?edited by (?:our|the) (?:staff|newsroom|editors)"
    r"|(?:importé|migré) automatiquement|importado automáticamente"
    r"|javascript (?:is )?(?:disabled|deaktiviert|required)|aktivieren sie javascript|enable javascript"
    r"|ihr browser (?:wird|unterstützt)|your browser (?:does not|doesn'?t) support|update your browser",
    re.IGNORECASE,
)
# What a notice says of the page it is on ("this article was imported", "enable JavaScript").
_NOTICE_FRAME = re.compile(
    r"\b(?:dieser|diese[sr]?|der|unser(?:e[mr]?)?) (?:artikel|beitrag|text|seite|inhalt)"
    r"|\b(?:this|the|our) (?:article|story|page|post|content|text)\b|darstellungsfehler|fehler in der darstellung"
    r"|javascript|(?:your|ihr) browser|redaktionell nicht|edited by (?:our|the) (?:staff|newsroom|editors)"
    r"|\b(?:cet article|este artículo)\b|\b(?:importierte[rs]?|archivierte[rs]?|migrierte[rs]?) (?:artikel|beitrag)"
    r"|\boriginal ?version\b",
    re.IGNORECASE,
)
# The site's own voice in a consent or subscription prompt; a body-length line is a prompt only
# with two of these (a news sentence about cookies or a privacy policy has at most one).
_CONSENT_CUES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\b(?:we|wir|this (?:web)?site|diese (?:web)?seite|diese website) (?:use|uses|verwenden|nutzen|setzen|verwendet|nutzt)\b",
        r"\b(?:our|unsere[rnm]?) (?:web)?(?:site|seite|website|partner|cookie|datenschutz|newsletter|angebot)",
        r"\byour (?:experience|browsing|consent|preferences|privacy|choices?|data)\b"
        r"|\bihr(?:e[mnr]?)? (?:nutzererlebnis|nutzungserlebnis|einwilligung|zustimmung|besuch|auswahl|daten)",
        r"\b(?:accept all|alle akzeptieren|by continuing|mit der (?:weiteren )?nutzung|you (?:agree|consent|accept)|stimmen sie\b.{0,60}\bzu"
        r"|sind sie (?:damit )?einverstanden|erklären sie sich\b.{0,40}\beinverstanden)",
        r"\b(?:cookie|privacy)[- ]?(?:policy|settings|einstellungen|richtlinie|hinweise?)|datenschutz(?:erklärung|hinweise?|einstellungen)",
        r"\b(?:click|klicken sie|tap)\b.{0,40}\b(?:accept|akzeptieren|settings|einstellungen|here|hier)\b",
        r"\b(?:subscribe|abonnieren sie|sign up|melden sie sich)\b.{0,60}\b(?:newsletter|updates|abo)"
        r"|\bunsere[rnm]?(?: \w+)? newsletter|\bjetzt\b.{0,60}\b(?:abonnieren|anmelden|registrieren|testen)\b",
        r"\b(?:content|inhalt) (?:is|ist) (?:blocked|blockiert)|\b(?:um|to) (?:diesen|this) (?:inhalt|content)\b"
        r"|\b(?:drittanbieter|third[- ]party)",
        r"\b(?:please|bitte)\b.{0,30}\b(?:accept|akzeptieren|zustimmen|agree)|\b(?:sie|you)\b.{0,60}\bzustimmen\b",
        r"\b(?:nichts|keine \w+(?: \w+){0,3}) (?:mehr )?verpassen|\bnever miss\b",
    )
)
_CONSENT = re.compile(
    r"\b(?:wir|we|you|your|sie|ihre?n?|bitte|please|klicken|click|nous|vous|usted)\b.{0,120}\bcookies?\b"
    r"|\bcookies?\b.{0,120}\b(?:you|your|sie|ihre?n?|bitte|please|klicken|click|vous|usted|akzeptieren|accept|zustimmen|agree)\b"
    r"|(?:content|inhalt) (?:is|ist) (?:blocked|blockiert)|externe[rn]? inhalte? (?:laden|anzeigen|zulassen)"
    r"|datenschutz(?:erklärung|hinweise?|einstellungen)|privacy (?:policy|settings|center)|cookie[- ](?:richtlinie|policy|banner|einstellungen|settings)"
    r"|\b(?:einwilligung|zustimmung) (?:widerrufen|erteilen|verwalten)|manage (?:consent|preferences|cookies)"
    r"|newsletter\b.{0,50}\b(?:abonnieren|bestellen|anmelden|erhalten|kostenlos)|(?:abonnieren|bestellen|anmelden)\b.{0,50}newsletter|"
    r"jetzt\b.{0,30}\btesten\b|(?:zum|for our|to our|sign up for (?:our|the)) newsletter|subscribe to (?:our|the)"
    r"|sign up (?:for|to)|jetzt (?:abonnieren|registrieren|anmelden|weiterlesen|testen|abo)|(?:bereits|schon) (?:abonnent|ein abo)"
    r"|already (?:a )?(?:subscriber|registered|have an account)|(?:nur|exklusiv) für (?:abonnenten|abonnentinnen|plus-?(?:leser|kunden))"
    r"|(?:mit|als) \w*(?:plus|abo)\w* weiterlesen|(?:zugang zu allen|alle artikel lesen)|subscribe now|start your (?:free )?trial"
    r"|(?:lade|laden sie|download) (?:die|unsere|our|the) (?:app|\w+-app)|push-?(?:nachrichten|benachrichtigungen|notifications)"
    r"|folg(?:en sie|t) uns (?:auf|bei)|follow us on|abonnez-vous|suscríbete|iscriviti",
    re.IGNORECASE,
)
_SHARE_CORE = frozenset(
    [
        "teilen",
        "twittern",
        "tweet",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "xing",
        "pinterest",
        "telegram",
        "reddit",
        "share",
        "flipboard",
        "partager",
        "compartir",
        "condividi",
        "delen",
        "udostępnij",
        "drucken",
        "print",
    ]
)
# Words that may stand beside them in a share row ("Artikel teilen per E-Mail").
_SHARE_WORDS = _SHARE_CORE | frozenset(
    [
        "tweeten",
        "x",
        "e-mail",
        "email",
        "mail",
        "shares",
        "kopieren",
        "link",
        "messenger",
        "threads",
        "bluesky",
        "mastodon",
        "teilen:",
        "share:",
        "artikel",
        "auf",
        "on",
        "via",
        "per",
        "copy",
        "merken",
        "speichern",
        "save",
        "senden",
        "send",
        "versenden",
        "this",
        "story",
        "article",
        "diesen",
        "dieser",
        "den",
        "teile",
        "instagram",
        "youtube",
        "tiktok",
        "sms",
        "mehr",
        "more",
    ]
)
_NAV = re.compile(
    r"^(?:zur(?:ück)? (?:zur )?(?:startseite|übersicht|home)|startseite|home(?:page)?|back to (?:top|home|the homepage)|nach oben|top|"
    r"menü|menu|suche|search|anmelden|abmelden|login|log ?in|sign in|register|registrieren|mein konto|my account|"
    r"skip to (?:main )?content|zum inhalt springen|direkt zum inhalt|navigation|impressum|kontakt|contact us|"
    r"retour (?:à l'accueil|en haut)|volver (?:al inicio|arriba)|torna su|terug naar boven|"
    r"vorheriger artikel|nächster artikel|previous (?:article|story)|next (?:article|story)|zurück|weiter|"
    r"bild \d+ von \d+|\d+ (?:von|of|/) \d+|foto ?galerie|bildergalerie|galerie|gallery|video abspielen|play video|"
    r"(?:\d+:)?\d{1,2}:\d{2}(?: min\.?)?|\d+ min(?:uten|utes)?\.? (?:lesezeit|read)|lesezeit:? \d+ min(?:uten)?\.?)$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"^[^.!?]{1,80}(?:\s[›»>/|]\s[^.!?]{1,40}){2,}$")
_AD = re.compile(
    r"^(?:anzeige|werbung|advertisement|advertising|ad|sponsored|gesponsert|promotion|paid content|publicité|publicidad|"
    r"pubblicità|advertentie|reklama|publicidade|partnerinhalt|sponsored content|bezahlter inhalt|anzeige:?\s*\w+)\s*[:.-]?$",
    re.IGNORECASE,
)
_CREDIT_WORDS = r"(?:foto|fotos|bild|bilder|bildquelle|photo|photos|image|images|picture|credit|credits|quelle|source|grafik|illustration|video|crédit|fotografía|foto di)"
_CREDIT = re.compile(
    r"^(?:\(?" + _CREDIT_WORDS + r"s?\s*[:©]\s*[^.!?]{1,80}\)?|©\s*[^.!?]{1,80}|\([^)]*(?:photo|foto|bild)[^)]*\)|"
    r"[^.!?]{0,40}\b(?:getty images|imago|picture[- ]alliance|keystone|dpa|afp|reuters|ap photo|epa|shutterstock|istock)\b[^.!?]{0,30})$",
    re.IGNORECASE,
)
_CAPTION_CUE = re.compile(
    r"\((?:l|r|m|li|re|links|rechts|mitte|vorne|hinten|left|right|centre|center|front|back|from left|v\.?\s?l\.?(?: n\.? r\.?)?"
    r"|archiv(?:bild|foto)|symbolbild|symbolfoto|file(?: photo)?|archive|à gauche|à droite|izq\.?|dcha\.?|links im bild|rechts im bild)\.?\)"
    r"|\bv\.\s?l\.\s?n\.\s?r\.|\bfrom left\b|\b(?:im|auf dem) (?:bild|foto)\b|\bpictured\b|\b(?:seen|shown) here\b",
    re.IGNORECASE,
)
_CAPTION_TAIL = re.compile(
    r"(?:[|/]\s*|\b)(?:foto|bild|photo|image|picture|credit|quelle)\s*[:©]\s*[^.!?]{1,60}$|\s©\s*[^.!?]{1,60}$"
    r"|\([^()]{0,30}\b(?:photo|foto|bild|image|picture)s?\b[^()]{0,30}\)$"
    r"|[.!?]\s*\([A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}\s*/\s*[^()]{2,40}\)$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^(?:[A-ZÄÖÜ][A-ZÄÖÜ./ -]{1,30}(?:,\s*[\w. ]{1,25})?(?:\s*\([\w /]{1,20}\))?"
    r"|[A-ZÄÖÜ][\w./ -]{1,30}(?:,\s*[\w. ]{1,25})?\s*\([A-Za-z/ ]{2,12}\))\s*[–—-]"
)
_SYMBOLS = re.compile(r"^[\W_]{1,3}$")
_URL = re.compile(r"https?://|www\.|\S+@\S+\.\w{2,}")

# --- features of the line scorer ----------------------------------------------------------

_FUNCTION_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "eines",
        "einem",
        "einen",
        "und",
        "oder",
        "aber",
        "nicht",
        "ist",
        "sind",
        "war",
        "waren",
        "wird",
        "werden",
        "wurde",
        "hat",
        "haben",
        "hatte",
        "sich",
        "mit",
        "von",
        "zu",
        "zur",
        "zum",
        "im",
        "in",
        "an",
        "am",
        "auf",
        "für",
        "bei",
        "nach",
        "aus",
        "über",
        "unter",
        "vor",
        "als",
        "auch",
        "noch",
        "nur",
        "so",
        "wie",
        "dass",
        "er",
        "sie",
        "es",
        "wir",
        "ihr",
        "man",
        "sein",
        "seine",
        "ihre",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "not",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "as",
        "that",
        "this",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "you",
        "his",
        "her",
        "their",
        "which",
        "who",
        "will",
        "would",
        "said",
        "sagte",
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "et",
        "ou",
        "est",
        "sont",
        "du",
        "de",
        "au",
        "aux",
        "pour",
        "avec",
        "dans",
        "sur",
        "par",
        "que",
        "qui",
        "il",
        "elle",
        "el",
        "los",
        "las",
        "y",
        "o",
        "es",
        "son",
        "del",
        "con",
        "por",
        "para",
        "que",
        "se",
        "lo",
        "il",
        "lo",
        "gli",
        "e",
        "di",
        "da",
        "per",
        "con",
        "non",
        "che",
        "het",
        "een",
        "en",
        "van",
        "is",
        "zijn",
        "op",
        "te",
        "dat",
        "niet",
        "w",
        "i",
        "z",
        "na",
        "się",
        "że",
        "nie",
        "o",
        "os",
        "as",
        "um",
        "uma",
        "e",
        "do",
        "da",
        "em",
        "para",
        "com",
        "não",
        "que",
    ]
)
_CHROME_VOCAB = frozenset(
    [
        "cookie",
        "cookies",
        "newsletter",
        "abo",
        "abonnieren",
        "abonnent",
        "abonnenten",
        "registrieren",
        "anmelden",
        "login",
        "teilen",
        "share",
        "twitter",
        "facebook",
        "whatsapp",
        "foto",
        "fotos",
        "bild",
        "bilder",
        "photo",
        "image",
        "credit",
        "quelle",
        "anzeige",
        "werbung",
        "advertisement",
        "sponsored",
        "kommentar",
        "kommentare",
        "comment",
        "comments",
        "weiterlesen",
        "lesezeit",
        "klicken",
        "click",
        "hier",
        "here",
        "datenschutz",
        "privacy",
        "einstellungen",
        "settings",
        "akzeptieren",
        "accept",
        "zustimmen",
        "app",
        "download",
        "herunterladen",
        "push",
        "benachrichtigung",
        "notification",
        "podcast",
        "video",
        "videos",
        "abspielen",
        "play",
        "audio",
        "hören",
        "listen",
        "galerie",
        "gallery",
        "artikel",
        "article",
        "artikeln",
        "articles",
        "mehr",
        "more",
        "startseite",
        "home",
        "menü",
        "menu",
        "suche",
        "search",
        "copyright",
        "rechte",
        "rights",
        "reserved",
        "vorbehalten",
        "plus",
        "premium",
        "exklusiv",
        "exclusive",
        "subscribe",
        "subscription",
        "account",
        "konto",
        "folgen",
        "follow",
        "instagram",
        "youtube",
        "tiktok",
        "telegram",
        "link",
        "links",
        "newsticker",
        "ticker",
        "liveblog",
        "update",
        "updates",
    ]
)
_SENTENCE_END = re.compile(r"[.!?]['\"”“»«’)\]]*$|[:;]$|[.!?]['\"”“»«’]?\s*\([\w/ ,.&-]{1,30}\)$")
_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.)\s*(?:mehr|more|weiterlesen)?\s*[»›>]?$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)

FEATURES = (
    "bias",
    "log_words",
    "short",
    "sentence_end",
    "ellipsis_end",
    "function_density",
    "capital_density",
    "digit_density",
    "chrome_vocab",
    "url",
    "head_zone",
    "tail_zone",
    "short_run",
    "next_chrome",
    "prev_chrome",
    "quoted",
    "list_item",
    "first_lines",
    "body_zone",
)
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]\s|[-–•*]\s|[\w .'-]{1,30}:\s*[+-]?\d)")

_BODY_MIN_WORDS = 12  # a line this long that ends a sentence is article body, not chrome


@dataclasses.dataclass(frozen=True, slots=True)
class LineVerdict:
    """Why a line was kept or removed (for evaluation and debugging)."""

    chrome: bool
    reason: str
    score: float = 0.0


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u202f", " ")
    return _INVISIBLE.sub("", text)


# Control and format characters (Unicode category C) except tab and newline: soft hyphens,
# zero-width spaces, direction marks, byte-order marks, C0/C1 controls.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


# Cheap substring tests that gate the costly notice and consent patterns: a line that has
# none of these words cannot match them, and most lines of an article have none.
# Words of which every notice, resp. every consent prompt, holds at least one (each
# alternative of _NOTICE and _CONSENT contains one of them).  A substring test costs
# microseconds, the patterns cost tens of microseconds a line.
_NOTICE_WORDS = (
    "automat",
    "maschinell",
    "darstellungsfehler",
    "fehler in der darstellung",
    "system",
    "imported",
    "migrated",
    "transferred",
    "formatting",
    "display",
    "legacy",
    "archived",
    "originally published",
    "redaktionell",
    "edited by",
    "importé",
    "migré",
    "importado",
    "javascript",
    "browser",
)
_CONSENT_WORDS = (
    "cookie",
    "blocked",
    "blockiert",
    "externe",
    "datenschutz",
    "privacy",
    "einwilligung",
    "zustimmung",
    "manage ",
    "newsletter",
    "testen",
    "subscribe",
    "sign up",
    "abonn",
    "registr",
    "anmelden",
    "weiterlesen",
    "ein abo",
    "jetzt abo",
    "subscriber",
    "have an account",
    "plus",
    "zugang zu allen",
    "alle artikel",
    "trial",
    "download",
    "lade",
    "push",
    "uns auf",
    "uns bei",
    "follow us",
    "suscr",
    "iscriv",
)


_CAPTION_GATE = re.compile(r"v\.|from left|im bild|dem bild|im foto|dem foto|pictured|seen here|shown here")


def _mentions(lowered: str, words: Sequence[str]) -> bool:
    return any(word in lowered for word in words)


def rule_for(line: str) -> str | None:
    """The name of the rule that marks ``line`` as chrome on its own, or ``None``."""
    return _facts(line).rule


@dataclasses.dataclass(frozen=True, slots=True)
class _LineFacts:
    """What a line says on its own, wherever it stands: everything the cleaner derives from
    the line's text alone, so that a line seen before (the fixpoint loop in
    :func:`clean_text` sees every line at least twice; chrome, bylines and wire copies
    repeat across articles) costs one dictionary lookup instead of a dozen patterns."""

    length: int  # characters of the stripped line; 0 for a blank line
    rule: str | None  # :func:`rule_for`
    body: bool  # a long line that ends a sentence (not with an ellipsis): article body
    short: bool  # neither blank nor body, and fewer words than a body line has
    ellipsis: bool  # ends with an ellipsis ("…", "... mehr"): a cut-off teaser
    dateline: bool  # opens with a dateline ("BERLIN (dpa) –") and no rule matched


@lru_cache(maxsize=65_536)
def _facts(line: str) -> _LineFacts:
    stripped = line.strip()
    if not stripped:
        return _BLANK_FACTS
    words = len(_words(line))  # whitespace is never part of a word: the same for the stripped line
    ellipsis = _ELLIPSIS_END.search(line) is not None
    body = words >= _BODY_MIN_WORDS and not ellipsis and _sentence_end(stripped)
    if stripped != line:  # the rules look at the stripped line, whose ending may differ
        stripped_body = words >= _BODY_MIN_WORDS and _sentence_end(stripped) and not _ELLIPSIS_END.search(stripped)
    else:
        stripped_body = body
    rule = _rule(stripped, words, stripped_body)
    dateline = rule is None and not body and _DATELINE.match(stripped) is not None
    short = not body and words < _BODY_MIN_WORDS
    return _LineFacts(len(stripped), rule, body, short, ellipsis, dateline)


_BLANK_FACTS = _LineFacts(0, None, False, False, False, False)


def _rule(stripped: str, words: int, body: bool) -> str | None:
    """:func:`rule_for` of a non-blank stripped line with ``words`` words; ``body``: it is a body line."""
    lowered = stripped.lower()
    if body:
        # Most lines are long sentences; of all the rules only notices, prompts and captions
        # can match such a line, so the other patterns are not tried on them.
        # A full sentence may mention cookies, a privacy policy or an old system as news ("the
        # court ruled that the privacy policy misled users"): it is a notice only when it speaks
        # of the page itself, a consent prompt only with two cues of the site's own voice.
        if _mentions(lowered, _NOTICE_WORDS) and _NOTICE.search(stripped) and _NOTICE_FRAME.search(stripped):
            return "notice"
        if (
            len(stripped) <= 400
            and _mentions(lowered, _CONSENT_WORDS)
            and _CONSENT.search(stripped)
            and sum(1 for cue in _CONSENT_CUES if cue.search(stripped)) >= 2
        ):
            return "consent"
        if len(stripped) <= 400 and words <= 30 and _captioned(stripped, lowered):
            return "caption"
        return None
    if _SYMBOLS.match(stripped):
        return "symbol"
    if _DATELINE.match(stripped):
        return None
    short = len(stripped) <= 200
    if short and _BLOCK_HEADER.match(stripped):
        return "block_header"
    if short and _AD.match(stripped):
        return "ad"
    if len(stripped) <= 80 and _NAV.match(stripped.strip(" .:»›>|")):
        return "nav"
    if short:
        tokens = re.findall(r"[\w@.:-]+", lowered)
        if (
            tokens
            and len(tokens) <= 12
            and all(t.strip(":.") in _SHARE_WORDS for t in tokens)
            and any(t.strip(":.") in _SHARE_CORE for t in tokens)
        ):
            return "share"
    if _mentions(lowered, _NOTICE_WORDS) and _NOTICE.search(stripped):
        return "notice"
    if len(stripped) <= 400 and _mentions(lowered, _CONSENT_WORDS) and _CONSENT.search(stripped):
        return "consent"
    if len(stripped) > 400:
        return None
    if words <= 14 and _CREDIT.match(stripped):
        return "credit"
    if words <= 30 and _captioned(stripped, lowered):
        return "caption"
    if len(stripped) <= 120 and _BREADCRUMB.match(stripped):
        return "nav"
    return None


def _captioned(stripped: str, lowered: str) -> bool:
    """A position cue ("(l.)", "from left") or a trailing photo credit, outside a dateline."""
    maybe = "(" in stripped or ":" in stripped or "©" in stripped or _CAPTION_GATE.search(lowered)
    cued = maybe and (_CAPTION_CUE.search(stripped) or _CAPTION_TAIL.search(stripped))
    return bool(cued) and not _looks_like_dateline_start(stripped)


def _looks_like_dateline_start(line: str) -> bool:
    return re.match(r"^[A-ZÄÖÜ][\w/. ]{1,30}(?:\s*\([\w ]{1,20}\))?\s*[–—-]\s", line) is not None


# Every ending _SENTENCE_END accepts closes with one of these characters.
_SENTENCE_END_CHARS = frozenset(".!?'\"”“»«’)]:;")


def _sentence_end(stripped: str) -> bool:
    """``_SENTENCE_END.search(stripped)``, without scanning the whole of a long line.

    A match ends at the end of the line, so its last character must be one of
    :data:`_SENTENCE_END_CHARS`, and a match is short unless it holds a long run of quotes
    or spaces: the last 64 characters are tried first, the whole line only when they fail.
    """
    if stripped[-1:] not in _SENTENCE_END_CHARS:
        return False
    if _SENTENCE_END.search(stripped[-64:]):
        return True
    return len(stripped) > 64 and _SENTENCE_END.search(stripped) is not None


@dataclasses.dataclass(frozen=True, slots=True)
class _Context:
    """What the features of one line need to know about the whole article, computed once."""

    lines: Sequence[str]
    rules: Sequence[str | None]
    body: Sequence[bool]
    short: Sequence[bool]
    rank: Sequence[int]  # how many non-blank lines come before each line
    first_body: int
    last_body: int

    @classmethod
    def of(cls, lines: Sequence[str], rules: Sequence[str | None]) -> _Context:
        return cls._of_facts(lines, rules, [_facts(line) for line in lines])

    @classmethod
    def _of_facts(cls, lines: Sequence[str], rules: Sequence[str | None], facts: Sequence[_LineFacts]) -> _Context:
        body = [f.body for f in facts]
        short = [f.short for f in facts]
        rank, seen = [], 0
        for f in facts:
            rank.append(seen)
            seen += f.length > 0
        indices = [i for i, b in enumerate(body) if b]
        first, last = (indices[0], indices[-1]) if indices else (len(lines), -1)
        return cls(lines, rules, body, short, rank, first, last)


@lru_cache(maxsize=65_536)
def _line_shape(line: str) -> tuple[float, ...]:
    """The features that depend on the line alone (cached: the fixpoint loop asks twice)."""
    words = _words(line)
    n = len(words)
    lowered = [w.lower() for w in words]
    return (
        math.log1p(n),
        1.0 if n <= 3 else 0.0,
        1.0 if _sentence_end(line) else 0.0,
        1.0 if _ELLIPSIS_END.search(line) else 0.0,
        sum(w in _FUNCTION_WORDS for w in lowered) / n if n else 0.0,
        sum(w[0].isupper() for w in words) / n if n else 0.0,
        len(_DIGIT.findall(line)) / len(line) if line else 0.0,
        sum(w in _CHROME_VOCAB for w in lowered) / n if n else 0.0,
        1.0 if ("://" in line or "www." in line or "@" in line) and _URL.search(line) else 0.0,
    )


def line_features(context: _Context, index: int) -> list[float]:
    """The scorer's features of line ``index``, in the order of :data:`FEATURES`."""
    lines = context.lines
    line = lines[index].strip()

    def neighbour_chrome(step: int) -> float:
        j = index + step
        while 0 <= j < len(lines) and not lines[j].strip():
            j += step
        return 1.0 if 0 <= j < len(lines) and context.rules[j] is not None else 0.0

    run = 0
    for step in (-1, 1):
        j = index + step
        while 0 <= j < len(lines) and context.short[j] and run < 5:
            run += 1
            j += step
    return [
        1.0,
        *_line_shape(line),
        1.0 if index < context.first_body else 0.0,
        1.0 if index > context.last_body else 0.0,
        min(run, 5) / 5,
        neighbour_chrome(1),
        neighbour_chrome(-1),
        1.0 if line[:1] in "«»„“\"'‚" else 0.0,
        1.0 if _LIST_ITEM.match(line) else 0.0,
        1.0 if context.rank[index] < 2 else 0.0,
        1.0 if context.first_body < index < context.last_body else 0.0,
    ]


@lru_cache(maxsize=1)
def _weights() -> tuple[list[float], float]:
    raw = json.loads(resources.files("storyline").joinpath("clean_weights.json").read_text(encoding="utf-8"))
    return [float(raw["weights"][name]) for name in FEATURES], float(raw["threshold"])


def _score(features: Sequence[float]) -> float:
    weights, _ = _weights()
    z = sum(map(operator.mul, weights, features))  # the same additions, in the same order, as a loop
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def classify_lines(lines: Sequence[str]) -> list[LineVerdict]:
    """Decide for every line whether it is chrome; blank lines are never chrome."""
    facts = [_facts(line) for line in lines]
    rules = [f.rule for f in facts]
    verdicts: list[LineVerdict | None] = [None] * len(lines)

    # Block headers: in the article's last part they end it; earlier they remove
    # themselves and the teaser lines (short, or cut off with an ellipsis) that follow.
    if "block_header" in rules:
        total = sum(f.length for f in facts) or 1
        seen = 0
        for i, f in enumerate(facts):
            if verdicts[i] is not None:
                seen += f.length
                continue
            if f.rule == "block_header":
                after = total - seen - f.length
                if after <= seen:
                    for j in range(i, len(lines)):
                        verdicts[j] = LineVerdict(
                            facts[j].length > 0, "after_block_header" if j > i else "block_header"
                        )
                    break
                verdicts[i] = _CHROME[f.rule]
                j = i + 1
                while j < len(lines) and (not facts[j].length or not facts[j].body or facts[j].ellipsis):
                    if facts[j].length:
                        verdicts[j] = _TEASER
                    j += 1
                    if j < len(lines) and facts[j].body and not facts[j].ellipsis:
                        break
            seen += f.length

    _, threshold = _weights()
    context: _Context | None = None
    for i, f in enumerate(facts):
        if verdicts[i] is not None:
            continue
        if not f.length:
            verdicts[i] = _BLANK
        elif f.rule is not None:
            verdicts[i] = _CHROME[f.rule]
        elif f.body:
            verdicts[i] = _BODY
        elif f.dateline:
            verdicts[i] = _DATELINE_KEPT
        else:
            context = context or _Context._of_facts(lines, rules, facts)
            score = _score(line_features(context, i))
            verdicts[i] = LineVerdict(score >= threshold, "scorer", score)
    return [v if v is not None else _BLANK for v in verdicts]


# The verdicts that carry no score, made once (they are frozen, so lines can share them).
_BLANK = LineVerdict(False, "blank")
_BODY = LineVerdict(False, "body")
_DATELINE_KEPT = LineVerdict(False, "dateline")
_TEASER = LineVerdict(True, "teaser")
_RULES = ("symbol", "block_header", "ad", "nav", "share", "notice", "consent", "credit", "caption")
_CHROME = {rule: LineVerdict(True, rule) for rule in _RULES}


# Verdicts that depend only on the line itself; when every verdict is one of these, removing
# lines cannot change another verdict and a second pass would find nothing more.
_LINE_ONLY = frozenset(
    {"blank", "body", "dateline", "symbol", "ad", "nav", "share", "notice", "consent", "credit", "caption"}
)


def _clean_once(lines: list[str]) -> tuple[list[str], bool]:
    """The lines that are not chrome, runs of blank lines cut to one; and whether that is final."""
    kept: list[str] = []
    verdicts = classify_lines(lines)
    for line, verdict in zip(lines, verdicts, strict=True):
        if verdict.chrome or (not line and (not kept or not kept[-1])):
            continue
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return kept, all(verdict.reason in _LINE_ONLY for verdict in verdicts)


def clean_text(text: str) -> str:
    """``text`` without page chrome, whitespace tidied, paragraphs kept.

    >>> clean_text("+\\nKerry und Lawrow trafen sich am Freitag in Genf zu langen Gesprächen über Syrien.\\n\\nKommentare")
    'Kerry und Lawrow trafen sich am Freitag in Genf zu langen Gesprächen über Syrien.'
    """
    current = [" ".join(line.split()) for line in _normalize(text).split("\n")]
    for _ in range(5):  # removing a line can change its neighbours' context; stop at the fixpoint
        cleaned, final = _clean_once(current)
        if cleaned == current:
            break
        current = cleaned
        if final:
            break
    return "\n".join(current)


_HEADLINE_MAX_WORDS = 20


def _headline_like(line: str) -> bool:
    stripped = line.strip()
    if len(stripped) > 200:  # tested first: a paragraph is not split into words only to learn that
        return False
    return 0 < len(_words(stripped)) <= _HEADLINE_MAX_WORDS and not re.search(r"[.;,]$", stripped)


def split_title(text: str) -> tuple[str | None, str | None, str]:
    """Split a leading headline (and a kicker above it) off cleaned ``text``.

    Returns ``(title, kicker, rest)``.  The headline is the last headline-like line
    before the first paragraph of body text; one headline-like line above it is its kicker.

    >>> split_title("Talks resume in Geneva\\nThe two ministers met on Friday for nine hours of talks.")
    ('Talks resume in Geneva', None, 'The two ministers met on Friday for nine hours of talks.')
    """
    lines = text.split("\n")
    head: list[int] = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if _headline_like(line) and len(head) < 2:
            head.append(i)
            continue
        break
    else:
        return (None, None, text)  # nothing but short lines: no body to put a title above
    if not head:
        return (None, None, text)
    title = lines[head[-1]].strip()
    kicker = lines[head[0]].strip() if len(head) == 2 else None
    rest = "\n".join(lines[head[-1] + 1 :]).strip()
    if not rest:
        return (None, None, text)
    return (title, kicker, rest)


def clean_article(article: Article) -> Article:
    """Clean the article's text and title; take a headline from the text when it has none."""
    text = clean_text(article.text)
    title = clean_text(article.title).replace("\n", " ") if article.title else None
    meta = dict(article.meta)
    if title is None:
        found, kicker, rest = split_title(text)
        if found is not None:
            title, text = found, rest
            if kicker:
                meta["kicker"] = kicker
    elif "\n" in text and text.split("\n", 1)[0].strip().casefold() == title.casefold():
        text = text.split("\n", 1)[1].strip()  # the title repeated above the body
    return dataclasses.replace(article, text=text, title=title or None, meta=meta)
