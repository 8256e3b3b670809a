"""Closed-class words (articles, pronouns, prepositions, auxiliaries, reporting verbs) per language.

They carry no topic: the cleaner uses their density to tell prose from chrome, the
features leave them out of the term vectors, and capitalised ones are no entities.
"""

from __future__ import annotations

_RAW = {
    "de": """der die das den dem des ein eine einer eines einem einen kein keine keinen keiner und oder aber doch sondern
    denn nicht auch noch nur schon so wie als wenn weil dass ob ist sind war waren wird werden wurde wurden worden sein
    seine seiner seinem seinen ihre ihrer ihrem ihren ihr ihm ihn sie er es wir ich du man sich mit von zu zur zum im in
    an am auf für bei nach aus über unter vor hinter neben zwischen durch gegen ohne um bis seit hat haben hatte hatten
    habe kann können konnte konnten soll sollen sollte muss müssen musste will wollen wollte dies diese dieser dieses
    diesem diesen jene jener alle allem allen aller alles mehr sehr viel viele vielen wieder bereits jedoch sowie etwa
    dabei dazu damit davon darauf daran dann da hier dort heute gestern morgen jetzt nun immer noch erst laut sagte
    sagt sagten erklärte teilte mit hieß wo was wer welche welcher welches wie wann warum ab beim vom ins ans aufs
    unsere unser unseren euch uns mich mir dir dich einem jeder jede jedes mal zwei drei vier fünf zehn hundert""",
    "en": """the a an and or but not no nor so as if when while because that this these those there here it its it's
    he she they we you i me him her them us his their our your my is are was were be been being has have had having
    do does did will would shall should can could may might must of to in on at for with from by about into over after
    before between under against during without within through up down out off than then also only just even still
    very more most much many some any each every all both such which who whom whose what where why how said says told
    according mr mrs ms one two three four five ten hundred thousand per new last first""",
    "fr": """le la les un une des du de d l et ou mais ne pas plus que qui quoi dont où ce cet cette ces il elle ils elles
    on nous vous je tu se sa son ses leur leurs est sont était été être a ont avait avoir fait dans sur pour par avec
    sans sous entre vers chez au aux comme si aussi très tout tous toute toutes a dit selon après avant deux trois""",
    "es": """el la los las un una unos unas y o pero no ni que quien cual donde como cuando si de del al a en con por para
    sin sobre entre hasta desde es son fue fueron ser era ha han había haber este esta estos estas ese esa eso lo le les
    se su sus nos muy más también todo todos toda todas dijo según tras dos tres""",
    "it": """il lo la i gli le un uno una e o ma non che chi cui dove come quando se di del della dei delle a al alla in
    nel nella con per tra fra su da dal dalla è sono era erano essere ha hanno aveva questo questa questi quelle quello
    si suo sua suoi loro molto più anche tutto tutti ha detto secondo dopo due tre""",
    "nl": """de het een en of maar niet geen dat die dit deze wie wat waar hoe als dan van in op aan met voor door over
    naar bij uit tot om te is zijn was waren wordt worden werd heeft hebben had er hij zij ze wij we ik je u zich ook
    nog al wel zeer meer veel alle zei volgens na twee drie""",
    "pl": """i w na z do że się nie jest to o jak ale a od po za przez dla co tak był była było są być jego jej ich ten
    ta te tego tej który która które także oraz czy już tylko może powiedział według dwa trzy""",
    "pt": """o a os as um uma uns umas e ou mas não que quem qual onde como quando se de do da dos das ao à em no na nos
    nas com por para sem sobre entre até desde é são foi foram ser era há tem têm este esta estes estas esse essa isso
    ele ela eles elas seu sua seus suas muito mais também todo todos disse segundo após dois três""",
}

STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in _RAW.items()}


def words(text: str) -> list[str]:
    """The whitespace-separated words of a word list written as one string."""
    return text.split()
