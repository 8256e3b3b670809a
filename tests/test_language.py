import dataclasses

from storyline.language import detect, detect_language, normalize_code
from storyline.model import Article
from storyline.options import Options

SWISS = "Der Bundesrat hat am Mittwoch beschlossen, die Strasse durch den Gotthard während zwei Wochen zu sperren. «Das ist nötig», sagte die Sprecherin."
AUSTRIAN = "Im Jänner hat der Nationalrat in Wien über das neue Budget abgestimmt, die Opposition kritisierte die Erdäpfelpreise."


def test_swiss_and_austrian_german_are_german():
    assert detect_language(SWISS, Options()) == "de"
    assert detect_language(AUSTRIAN, Options()) == "de"


def test_detection_is_restricted_to_configured_languages():
    text = "Le gouvernement a présenté mercredi un nouveau projet de loi sur les retraites à l'Assemblée nationale."
    assert detect_language(text, Options()) == "fr"
    assert detect_language(text, Options(languages=("de", "en"))) in ("de", "en")


def test_given_codes_are_normalised_and_texts_without_words_get_none():
    article = Article(id="a", text="Text", lang="de-AT")
    assert detect(article, Options()).lang == "de"
    assert detect(dataclasses.replace(article, lang=None, text="12 34 !!"), Options()).lang is None
    assert normalize_code("pt_BR") == "pt"
