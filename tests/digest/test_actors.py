from collections import Counter

from storyline.digest import actors as actors_module
from storyline.digest.actors import KindModel, actors
from storyline.features import entity_key

from .stories import bridge_story


def _by_name(found):
    return {a.name: a for a in found}


def _english_story(make_member, *texts):
    """The actors of a story of English articles "a", "b", ... with these texts, by name."""
    return _by_name(actors([make_member(chr(ord("a") + i), text, lang="en") for i, text in enumerate(texts)]))


def test_one_entry_per_person_with_spelling_variants_and_first_names(make_member):
    members = [
        make_member("a", "Der Vizeminister Oleksij Kowalenko reiste nach Lemberg. Kowalenko sagte, das Netz halte."),
        make_member("b", "Kovalenko sagte in Lemberg, die Transformatoren seien angekommen.", lang="de"),
        make_member("c", "Kowalenkos Ministerium bestätigte die Lieferung nach Lemberg."),
    ]
    found = _by_name(actors(members))
    assert "Oleksij" not in found  # a first name is part of the person, not an actor of its own
    person = found["Kowalenko"]
    assert person.kind == "person"
    assert {"Kowalenko", "Kovalenko", "Oleksij Kowalenko"} <= set(person.variants)
    assert person.articles == 3 and person.count >= 4
    assert found["Lemberg"].kind == "place"
    assert [a.name for a in actors(members)].count("Kowalenko") == 1


def test_kinds_from_context_and_the_country_list():
    found = _by_name(actors(bridge_story()))
    assert found["Weilbach"].kind == "place"
    assert found["Kolbinger"].kind == "person"
    assert "Marta Kolbinger" in found["Kolbinger"].variants
    assert found["Reuterberg"].kind == "person"


def test_organisations_and_no_entities(make_member):
    members = [
        make_member("a", "Die Gewerkschaft GND rief zum Streik auf. Die GND fordert mehr Lohn."),
        make_member("b", "Die GND und die HSBG verhandeln wieder. Die HSBG bietet weniger."),
    ]
    found = _by_name(actors(members))
    assert found["GND"].kind == "organisation"
    assert actors([make_member("x", "the talks went on and on, nobody said more.", lang="en")]) == []


def test_common_nouns_and_glued_roles_are_no_actors(make_member):
    members = [
        make_member(
            "a", "Der Einfluss Moskaus gilt als groß. Der Uno-Syriengesandte Staffan de Mistura reiste nach Genf."
        ),
        make_member(
            "b", "Die Lage des Bürgerkriegslandes bleibt schlimm. De Mistura sagte in Genf, er hoffe auf Moskau."
        ),
        make_member("c", "Die Bahn sprach von einem stabilen Ersatzbetrieb. Staffan de Mistura traf Lawrow in Genf."),
    ]
    found = _by_name(actors(members))
    for word in ("Einfluss", "Bürgerkriegslandes", "Ersatzbetrieb", "Uno-Syriengesandte", "Staffan"):
        assert word not in found, word
    envoy = found["Staffan de Mistura"]
    assert envoy.kind == "person"
    assert not any("Syriengesandte" in variant for variant in envoy.variants)
    assert found["Moskau"].kind == "place" and found["Genf"].kind == "place"


def test_countries_and_companies_of_several_words(make_member):
    members = [
        make_member(
            "a",
            "Amazon will buy Whole Foods, the companies said. Regulators in the United States must agree.",
            lang="en",
        ),
        make_member(
            "b", "Shares of Whole Foods rose. Amazon and the United States trade body said little more.", lang="en"
        ),
        make_member("c", "Die Vereinigten Staaten und die Deutsche Bahn: die USA prüfen, die Deutsche Bahn schweigt."),
    ]
    found = _by_name(actors(members))
    assert found["Whole Foods"].kind == "organisation"
    assert found["Amazon"].kind == "organisation"
    usa = [a for a in actors(members) if "United States" in a.variants]
    assert len(usa) == 1 and usa[0].kind == "place" and "Vereinigten Staaten" in usa[0].variants
    assert found["Deutsche Bahn"].kind == "organisation"
    assert "Whole" not in found and "United" not in found


def test_genitives_titles_and_months(make_member):
    members = [
        make_member(
            "a",
            "Außenminister Lawrow sprach mit Präsident Putin. Lawrows Sprecherin bestätigte das Treffen in Syrien.",
            published="2016-08-26",
        ),
        make_member("b", "Putins Sprecher sagte, Syriens Regierung sei bereit. Lawrow reiste am Montag ab."),
        make_member("c", "Prime Minister Theresa May met May's critics in London on Monday.", lang="en"),
        make_member("d", "In London, Theresa May said the deal was done. Brexit will happen in May.", lang="en"),
    ]
    found = _by_name(actors(members))
    assert found["Lawrow"].kind == "person" and found["Putin"].kind == "person"
    assert found["Syrien"].kind == "place" and "Syriens" not in found
    assert found["May"].kind == "person"
    for word in ("Montag", "Monday", "Prime Minister", "Prime", "Minister", "Brexit"):
        assert word not in found, word


def test_bylines_are_sources_not_actors(make_member):
    members = [
        make_member(
            "a", "SEATTLE (Reuters) - Amazon said on Friday it would open stores. Foto: Getty Images", lang="en"
        ),
        make_member("b", "SEATTLE (Reuters) - Amazon opened its first store in Seattle.", lang="en"),
    ]
    found = _by_name(actors(members))
    assert "Reuters" not in found and "Getty" not in found and "SEATTLE" not in found
    assert found["Seattle"].kind == "place"


def test_english_names_of_several_words_are_joined_and_typed_by_their_head(make_member):
    members = [
        make_member(
            "a",
            "The Lindholm Gas Board said on Monday that the Bay of Ostra was closed. "
            "The Board for Harbour Safety agreed.",
            lang="en",
        ),
        make_member(
            "b",
            "Ships waited in the Bay of Ostra. The Lindholm Gas Board asked for patience, and the "
            "Board for Harbour Safety said it would review the closure.",
            lang="en",
        ),
    ]
    found = _by_name(actors(members))
    assert found["Lindholm Gas Board"].kind == "organisation"
    assert found["Bay of Ostra"].kind == "place"
    assert found["Board for Harbour Safety"].kind == "organisation"
    assert not {"Gas", "Ostra", "Harbour Safety", "Safety"} & set(found)


def test_the_kind_model_decides_from_the_words_around_a_name(make_member, monkeypatch):
    # a hand-made model: "between" before a name makes it a place, "shares" after it an organisation
    model = KindModel(
        ("person", "place", "organisation"),
        (0.0, 0.0, 0.0),
        {"p:between": (0.0, 2.0, 0.0), "n:shares": (0.0, 0.0, 2.0)},
    )
    monkeypatch.setattr(actors_module, "kind_model", lambda: model)
    members = [
        make_member("a", "Ferries sail between Quenby and the mainland. Investors sold Brackwell shares.", lang="en"),
        make_member(
            "b", "Investors bought Brackwell shares as ferries sail between Quenby and the islands.", lang="en"
        ),
    ]
    found = _by_name(actors(members))
    assert found["Quenby"].kind == "place"
    assert found["Brackwell"].kind == "organisation"


def test_the_gazetteer_comes_before_the_model_and_without_a_model_the_votes_decide(make_member, monkeypatch):
    members = [
        make_member("a", "Ministers met in Berlin. Talks with Quenby went on.", lang="en"),
        make_member("b", "Quenby and Berlin agreed on Monday.", lang="en"),
    ]
    everything_a_person = KindModel(("person", "place", "organisation"), (5.0, 0.0, 0.0), {})
    monkeypatch.setattr(actors_module, "kind_model", lambda: everything_a_person)
    found = _by_name(actors(members))
    assert found["Berlin"].kind == "place" and found["Quenby"].kind == "person"
    monkeypatch.setattr(actors_module, "kind_model", lambda: None)
    assert _by_name(actors(members))["Quenby"].kind == "other"  # no cue, no vote: the rules say nothing


def test_the_packaged_kind_model_loads_and_knows_three_kinds():
    model = actors_module.kind_model()
    assert model is not None and set(model.classes) == {"person", "place", "organisation"}
    # what the rules read of "Außenminister Sergej Lawrow sagte": a role before it, a first name, saying
    cues = {"vote:person": 1.1, "vote:said": 0.7, "rule:person": 1.0, "full_name": 1.0, "after_capital": 1.0}
    assert model.predict(cues) == "person"
    assert model.predict({"vote:place": 1.1, "rule:place": 1.0, "p:in": 1.0}) == "place"


def test_and_joins_common_words_into_one_name_but_not_two_names(make_member):
    members = [
        make_member(
            "a",
            "Shares in Brightwater and Calloway Energy rose after the Food and Drug Administration ruled.",
            lang="en",
        ),
        make_member("b", "The Food and Drug Administration said Calloway Energy may go on.", lang="en"),
    ]
    found = _by_name(actors(members))
    assert "Food and Drug Administration" in found
    assert "Brightwater and Calloway Energy" not in found
    assert found["Calloway Energy"].kind == "organisation"


def test_a_surname_after_a_first_name_is_a_name_whatever_the_tagger_says(make_member):
    # "Kessel" (a kettle) and "Brenner" (a burner) are nouns to a German tagger; after a first name of
    # the list they are surnames, and said alone later they are the same person
    members = [
        make_member("a", "Bürgermeisterin Claudia Kessel eröffnete am Montag die neue Brücke in Talheim."),
        make_member(
            "b", "Kessel sagte, die Brücke habe vier Millionen Euro gekostet. Landrat Peter Brenner lobte sie."
        ),
        make_member("c", "Die Brücke in Talheim ist wieder gesperrt, sagte Kessel am Freitag. Brenner schwieg."),
    ]
    found = _by_name(actors(members))
    assert found["Kessel"].kind == "person" and "Claudia Kessel" in found["Kessel"].variants
    assert found["Brenner"].kind == "person"
    for word in ("Brücke", "Bürgermeisterin", "Landrat", "Montag", "Freitag"):
        assert word not in found, word


def test_the_first_part_of_a_german_compound_is_a_mention_of_a_name(make_member):
    members = [
        make_member("a", "Die Gewerkschaft Kolba rief in Talheim zum Streik auf. Der Streik beginnt am Montag."),
        make_member("b", "Kolba-Sprecherin Claudia Kessel sagte, der Streik in Talheim gehe weiter."),
        make_member("c", "Der Betrieb in Talheim steht still. Die Firma bot mehr Lohn an."),
    ]
    found = _by_name(actors(members))
    assert found["Kolba"].articles == 2  # once as a word, once in "Kolba-Sprecherin"
    assert "Kolba-Sprecherin" not in found and "Sprecherin" not in found


def test_a_german_institution_of_a_head_word_and_a_name_is_one_organisation(make_member):
    members = [
        make_member(
            "a", "Die Universität Tübingen eröffnet ein Institut für Bodenkunde. Der Bau kostet zwölf Millionen Euro."
        ),
        make_member(
            "b",
            "An der Universität Tübingen beginnt im Herbst der Betrieb. Die Stadt Tübingen gibt ein Grundstück dazu.",
        ),
        make_member("c", "In Tübingen freut sich der Handel. Die Stadtwerke Kunden informierten."),
    ]
    found = _by_name(actors(members))
    assert found["Universität Tübingen"].kind == "organisation"
    assert found["Tübingen"].kind == "place"  # the town said alone stays a place
    assert not any(name.startswith("Stadtwerke") for name in found)  # a common noun after the head: no name


def test_the_noun_of_a_trade_before_a_name_makes_it_a_company(make_member):
    # "Hollbeck" and "Vantrio" are names no dictionary knows: alone they look like surnames
    members = [
        make_member(
            "a", "Der Möbelhersteller Hollbeck aus Talheim streicht 80 Stellen. Die Gewerkschaft protestierte."
        ),
        make_member("b", "Hollbeck-Chef Peter Brenner sprach von einer schweren Entscheidung. Hollbeck sucht Käufer."),
        make_member("c", "Security firm Vantrio found the fault. Vantrio said the servers were safe.", lang="en"),
        make_member("d", "Vantrio will check the network again next week, the company said.", lang="en"),
    ]
    found = _by_name(actors(members))
    assert found["Hollbeck"].kind == "organisation"
    assert found["Vantrio"].kind == "organisation"
    assert "Security" not in found  # a dictionary word that only opens a sentence


def test_who_after_a_name_votes_person(make_member):
    members = [
        make_member("a", "Nkemdirim, who coaches the under-21 side, resigned on Friday.", lang="en"),
        make_member("b", "The club thanked Nkemdirim and named an interim coach.", lang="en"),
    ]
    assert _voted_kind(members, "Nkemdirim") == "person"


def _voted_kind(members, name):
    """The kind the rules' votes give ``name`` after reading ``members`` (the kind model left out)."""
    key = actors_module.canonical(entity_key(name))
    keys, evidence = {key}, actors_module.defaultdict(actors_module._Evidence)
    for member in members:
        actors_module._read(member, keys, evidence)
    return actors_module._voted_kind(key, evidence[key])


def test_a_german_name_of_an_adjective_is_shown_without_its_article(make_member):
    members = [
        make_member(
            "a", "Der Deutsche Wetterdienst warnt vor Sturm in Talheim. Das Technische Hilfswerk steht bereit."
        ),
        make_member(
            "b", "Nach Angaben des Deutschen Wetterdienstes wird es windig. Das Technische Hilfswerk räumt Straßen."
        ),
        make_member(
            "c", "Die Deutsche Bahn stellt den Verkehr ein. Der Deutsche Wetterdienst hebt die Warnung am Abend auf."
        ),
        make_member("d", "In Talheim fährt die Deutsche Bahn wieder. Der Sturm ist vorbei."),
    ]
    names = set(_by_name(actors(members)))
    assert "Deutscher Wetterdienst" in names and "Technisches Hilfswerk" in names
    assert "Deutsche Bahn" in names  # after "die" the adjective keeps its -e


def test_spa_towns_and_unknown_towns_of_a_town_ending_are_places(make_member):
    members = [
        make_member("a", "In Bad Quellenau und Morgenbüttel fiel der Strom aus. Techniker suchen den Fehler."),
        make_member("b", "Der Strom in Bad Quellenau fließt wieder, Morgenbüttel wartet noch."),
    ]
    found = _by_name(actors(members))
    assert found["Bad Quellenau"].kind == "place"
    assert "Morgenbüttel" in found


def test_a_name_ending_in_s_keeps_it_when_never_read_without_it(make_member):
    # a tagger reads "Jakobs" as a genitive of Jakob; the story never says "Jakob" alone
    members = [
        make_member("a", "Werksleiter Ole Jakobs kündigte in Talheim neue Schichten an. Die Arbeit beginnt im Mai."),
        make_member("b", "Jakobs sagte, das Werk in Talheim stelle vierzig Leute ein."),
        make_member("c", "Lawrow traf Kerry in Genf. Lawrows Sprecherin sagte, Lawrow reise weiter."),
    ]
    names = set(_by_name(actors(members)))
    assert "Jakobs" in names and "Jakob" not in names
    assert "Lawrow" in names and "Lawrows" not in names  # read without the ending too: a genitive


def test_german_names_after_a_company_noun_or_before_their_trade(make_member):
    # "Rückenwind" (a tailwind) and "Nordlicht" (northern lights) are nouns to a tagger
    members = [
        make_member("a", "Die Bürgerinitiative Rückenwind sammelte in Talheim 500 Unterschriften gegen die Halle."),
        make_member("b", "Die Initiative Rückenwind will klagen. Der Bauherr Nordlicht Logistik aus Talheim schweigt."),
        make_member("c", "Nordlicht Logistik prüft einen anderen Standort. Rückenwind feiert."),
    ]
    found = _by_name(actors(members))
    assert found["Rückenwind"].kind == "organisation"
    assert found["Nordlicht Logistik"].kind == "organisation"


def test_a_name_after_mayor_of_is_a_place(make_member):
    members = [
        make_member("a", "The mayor of Quillby, Ruth Abernathy, opened the new bridge.", lang="en"),
        make_member("b", "Residents of Quillby had waited ten years, Abernathy said.", lang="en"),
    ]
    assert _voted_kind(members, "Quillby") == "place"


def test_a_first_name_after_a_company_noun_passes_no_company_vote(make_member):
    members = [
        make_member("a", "Der Unternehmer Markus Quellmann aus Talheim baut eine neue Halle."),
        make_member("b", "Quellmann sagte, die Halle koste zwei Millionen Euro."),
    ]
    found = _by_name(actors(members))
    assert found["Quellmann"].kind == "person"


def test_swiss_cantons_and_austrian_states_are_places(make_member):
    members = [
        make_member(
            "a", "Die Regierung im Aargau und im Thurgau will die Spitäler stärken. Auch die Steiermark plant das."
        ),
        make_member("b", "Im Aargau beginnt die Reform im Herbst, im Thurgau ein Jahr später."),
    ]
    found = _by_name(actors(members))
    assert found["Aargau"].kind == "place" and found["Thurgau"].kind == "place"


def test_the_first_word_of_a_company_said_alone_is_that_company(make_member):
    members = [
        make_member("a", "Brellicom Systems will close its plant in Dunmore, the company said.", lang="en"),
        make_member("b", "Brellicom said 300 staff in Dunmore would be offered jobs elsewhere.", lang="en"),
        make_member("c", "Workers in Pellford protested outside the Brellicom offices.", lang="en"),
    ]
    found = _by_name(actors(members))
    assert "Brellicom" not in found
    assert "Brellicom" in found["Brellicom Systems"].variants
    assert found["Brellicom Systems"].articles == 3


def test_a_common_first_name_makes_a_noun_like_surname_a_person(make_member):
    # "Kessler" is a name, but "Mühle" (a mill) is a noun to any tagger; Sandra is a first name of the list
    members = [
        make_member("a", "In Talheim tritt Sandra Mühle für die Wählergruppe an. Ihr Gegner ist Peter Brenner."),
        make_member("b", "Mühle sagte, sie wolle die Schule in Talheim erhalten."),
    ]
    found = _by_name(actors(members))
    assert found["Mühle"].kind == "person" and "Sandra Mühle" in found["Mühle"].variants


def test_german_club_prefixes_and_english_trade_heads(make_member):
    members = [
        make_member("a", "Der SV Talheim hat seinen Trainer entlassen. Der Verein aus Talheim steht auf Platz 17."),
        make_member("b", "Beim FSV Ostrach verlor der SV Talheim am Samstag 0:3."),
        make_member("c", "Tarnwell Aviation will fly from Quillby again, Tarnwell Aviation said.", lang="en"),
        make_member("d", "Staff at Tarnwell Aviation in Quillby were told on Monday.", lang="en"),
    ]
    found = _by_name(actors(members))
    assert found["SV Talheim"].kind == "organisation"
    assert found["Tarnwell Aviation"].kind == "organisation"


def test_a_place_noun_after_a_name_and_the_high_courts(make_member):
    members = [
        make_member("a", "Lava flowed across the Skarvik peninsula on Sunday, officials said.", lang="en"),
        make_member("b", "Roads on the Skarvik peninsula stay closed until the lava cools.", lang="en"),
        make_member("c", "Der Verfassungsgerichtshof in Wien prüft das Gesetz. Er entscheidet im Mai."),
        make_member("d", "Die Regierung in Wien wartet auf den Verfassungsgerichtshof."),
    ]
    assert _voted_kind(members[:2], "Skarvik") == "place"
    assert _by_name(actors(members[2:]))["Verfassungsgerichtshof"].kind == "organisation"


def test_adjectives_of_nations_are_no_actors_and_small_letter_abbreviations_are_organisations(make_member):
    members = [
        make_member("a", "Belgian unions met in Brussels. Belgian rail staff want higher pensions.", lang="en"),
        make_member("b", "The unions in Brussels said Belgian trains would stop on Tuesday.", lang="en"),
        make_member("c", "Der Sozialverband SoVD kritisierte die Reform in Kempten. Der SoVD will klagen."),
        make_member("d", "In Kempten sammelte der SoVD Unterschriften."),
    ]
    found = _by_name(actors(members))
    assert "Belgian" not in found and found["Brussels"].kind == "place"
    assert found["SoVD"].kind == "organisation"


def test_a_name_after_a_league_or_federation_noun_is_an_organisation(make_member):
    members = [
        make_member("a", "Der Bauernbund Quellmark kritisierte die Pläne in Talheim."),
        make_member("b", "In Talheim will der Bauernbund Quellmark klagen."),
    ]
    assert _voted_kind(members, "Quellmark") == "organisation"


def test_roles_as_abbreviations_are_no_actors_and_through_takes_a_place(make_member):
    members = [
        make_member(
            "a", "Quillby North MP Dana Ferris asked for talks. Trucks crossed through Varsk on Monday.", lang="en"
        ),
        make_member("b", "Ferris said the MP for Quillby North would write again. Aid went through Varsk.", lang="en"),
    ]
    found = _by_name(actors(members))
    assert "MP" not in found
    assert _voted_kind(members, "Varsk") == "place"


def test_an_unknown_word_that_opens_a_sentence_before_said_is_a_name(make_member):
    members = [
        make_member("a", "Flights to Quillby were cancelled. Skarvair said the runway was flooded.", lang="en"),
        make_member("b", "Skarvair said on Tuesday that flights to Quillby would resume.", lang="en"),
    ]
    assert "Skarvair" in _by_name(actors(members))


def test_a_place_noun_before_a_name_and_no_organisation_for_a_two_letter_ending(make_member):
    members = [
        make_member("a", "Der Ort Quellstatt verlangt eine Gebühr. Volle Ersatzbusse fahren nach Talheim."),
        make_member("b", "In Quellstatt zahlen Besucher fünf Euro. Die Ersatzbusse bleiben voll."),
    ]
    found = _by_name(actors(members))
    assert found["Quellstatt"].kind == "place"
    assert "Ersatzbusse" not in found or found["Ersatzbusse"].kind != "organisation"


def test_words_of_a_title_case_headline_are_no_names(make_member):
    members = [
        make_member(
            "a",
            "Two men were hurt when a van hit a bus stop in Carrowby on Sunday, police said.",
            title="Van Crash Leaves Two Hurt In Carrowby",
            lang="en",
        ),
        make_member(
            "b",
            "The driver of the van was arrested in Carrowby, officers said on Monday.",
            title="Driver Arrested After Van Crash",
            lang="en",
        ),
    ]
    names = set(_by_name(actors(members)))
    assert "Carrowby" in names
    assert not names & {"Van", "Crash", "Driver", "Arrested", "Hurt", "Van Crash Leaves"}
    assert actors_module._title_cased("Driver Arrested After Van Crash")
    assert not actors_module._title_cased("Driver arrested after van crash in Carrowby")


def test_a_word_written_in_lower_case_too_is_a_common_word(make_member):
    members = [
        make_member("a", "Officials said Security at the Tolbrook plant had been tightened.", lang="en"),
        make_member(
            "b", "The security of the plant was reviewed; security staff at Tolbrook were questioned.", lang="en"
        ),
        make_member("c", "Union leader Marta Quell said Security had failed the workers at Tolbrook.", lang="en"),
    ]
    names = set(_by_name(actors(members)))
    assert "Tolbrook" in names and "Security" not in names


def test_parts_of_longer_names_alone_are_no_actors_but_a_firm_of_two_words_stays(make_member):
    members = [
        make_member("a", "Shelling hit East Harwick overnight. The East Harwick council asked for help.", lang="en"),
        make_member("b", "Residents of East Harwick fled east. Aid reached the Middle East Relief camp.", lang="en"),
        make_member("c", "The contracts went to Brennock Paving. Brennock Paving denied any wrongdoing.", lang="en"),
    ]
    names = set(_by_name(actors(members)))
    assert "East" not in names
    assert "Brennock Paving" in names


def test_weekdays_contractions_time_zones_feasts_and_faiths_are_no_actors(make_member):
    members = [
        make_member(
            "a",
            '"I\'m sure," Delia Marsh said on Tuesday. Patch Tuesday fixes arrive at 18:00 GMT before Christmas.',
            lang="en",
        ),
        make_member("b", "Marsh, a Muslim convert, said Tuesday's update broke the Oscars stream.", lang="en"),
    ]
    names = set(_by_name(actors(members)))
    assert "Marsh" in names or "Delia Marsh" in names
    assert not names & {"I'm", "Tuesday", "GMT", "Christmas", "Muslim", "Oscars"}


def test_title_abbreviations_are_roles_not_actors(make_member):
    members = [
        make_member(
            "a", "Gov. Ellen Rusk and Dr. Omar Faley visited the site. Sen. Rusk said more help was coming.", lang="en"
        ),
        make_member("b", "Gov. Rusk thanked Dr. Faley for his work.", lang="en"),
    ]
    found = _by_name(actors(members))
    assert not set(found) & {"Gov", "Dr", "Sen"}
    assert _voted_kind(members, "Faley") == "person"


def test_a_plural_name_after_the_is_a_team_and_an_administration_is_a_persons(make_member):
    members = [
        make_member("a", "The Harbourside Gulls beat the Marlows 3-1. Fans of the Marlows booed.", lang="en"),
        make_member("b", "Officials of the Okafor administration said the Marlows would appeal.", lang="en"),
        make_member("c", "Critics of the Okafor administration said little.", lang="en"),
    ]
    assert _voted_kind(members, "Marlows") == "organisation"
    assert _voted_kind(members, "Okafor") == "person"


def test_a_first_name_before_a_surname_votes_person_even_when_it_stands_before_others(make_member):
    members = [
        make_member("a", "John Quarrie said the roof had gone. John Melk and John Tavish agreed.", lang="en"),
        make_member("b", "Quarrie said the repairs would take weeks.", lang="en"),
    ]
    assert _by_name(actors(members))["Quarrie"].kind == "person"


def test_german_place_nouns_and_royal_titles(make_member):
    members = [
        make_member(
            "a", "Im Bundesstaat Quintara kam es im Gefängnis Almorra zu einer Revolte. Prinz Tamiro reiste an."
        ),
        make_member("b", "Aus Quintara wurden Soldaten geschickt. Prinz Tamiro besuchte Almorra am Abend."),
    ]
    assert _voted_kind(members, "Quintara") == "place"
    assert _voted_kind(members, "Almorra") == "place"
    assert _voted_kind(members, "Tamiro") == "person"


def test_a_head_word_of_several_names_or_after_an_ordinal_is_no_actor(make_member):
    members = [
        make_member("a", "Guests of the Grand Hotel and the Carlton Hotel were moved. Hotel staff helped.", lang="en"),
        make_member("b", "The fire spread from 112th Street to 114th Street near the Carlton Hotel.", lang="en"),
        make_member("c", "Firefighters closed 112th Street, the Grand Hotel said.", lang="en"),
    ]
    names = set(_by_name(actors(members)))
    assert not names & {"Hotel", "Street"}


def test_police_and_court_titles_are_roles(make_member):
    members = [
        make_member(
            "a", "Fire Marshal Dana Kopp said the blaze began in the kitchen. Sheriff Ola Brandt agreed.", lang="en"
        ),
        make_member(
            "b", "Kopp said the Marshal's office would report. The Sheriff's deputies closed the road.", lang="en"
        ),
    ]
    found = _by_name(actors(members))
    assert not set(found) & {"Marshal", "Sheriff"}
    assert _voted_kind(members, "Brandt") == "person"


def test_a_german_compound_of_an_institution_before_a_name_is_no_first_name(make_member):
    members = [
        make_member(
            "a", "Der Kreisklinik Quellhofen droht die Schließung. In Quellhofen protestieren die Beschäftigten."
        ),
        make_member("b", "Die Kreisklinik Quellhofen sucht einen Käufer, hieß es in Quellhofen."),
    ]
    assert _voted_kind(members, "Quellhofen") == "place"


def test_the_kind_model_knows_the_names_of_towns():
    key = entity_key("Pittsburgh")
    assert actors_module._towns().get(key, 0) > 200_000
    features = actors_module.kind_features(key, actors_module._Evidence())
    assert features.get("town") == 1.0 and features.get("city") == 1.0
    assert "town" not in actors_module.kind_features(entity_key("Quellhofen"), actors_module._Evidence())


def test_a_title_case_headline_opening_a_text_without_title_is_only_noted(make_member):
    text = (
        "Storm Closes Harbour Road As Ferries Stay In Port The storm closed the harbour road at Pellwick on "
        "Friday, Mayor Ina Roscoe said."
    )
    members = [
        make_member("a", text, lang="en"),
        make_member("b", "Roscoe said Pellwick would reopen soon.", lang="en"),
    ]
    names = set(_by_name(actors(members)))
    assert {"Pellwick", "Roscoe"} <= names or {"Pellwick", "Ina Roscoe"} <= names
    assert not names & {"Storm", "Closes", "Harbour Road", "Ferries", "Port"}
    assert actors_module._title_case_opening(text) > 0
    assert actors_module._title_case_opening("Storm closes harbour road at Pellwick") == 0


def test_titles_of_works_in_quotes_feasts_months_and_compound_adjectives_are_no_actors(make_member):
    members = [
        make_member(
            "a",
            "The writer of 'Salt Harbour' and 'Greywater' died on New Year's Eve, publisher Dana Holloway said on "
            "Dec 31. The COVID-19-related delays hit the North too.",
            lang="en",
        ),
        make_member("b", "Holloway said 'Greywater' would be reissued. Fans in the North mourned.", lang="en"),
    ]
    names = set(_by_name(actors(members)))
    assert "Holloway" in names or "Dana Holloway" in names
    assert not names & {"Salt Harbour", "Greywater", "Year's Eve", "New Year's Eve", "Dec", "COVID-19-related", "North"}


def test_a_dictionary_word_said_once_without_a_cue_is_no_actor(make_member):
    members = [
        make_member(
            "a", "Harbour Policy Shift Expected Officials at Tarrowby said the new rules start soon.", lang="en"
        ),
        make_member("b", "Tarrowby council said the rules would cost little, Mayor Ines Corra said.", lang="en"),
    ]
    names = set(_by_name(actors(members)))
    assert "Tarrowby" in names
    assert not names & {"Policy", "Shift", "Harbour Policy Shift Expected"}


def test_words_in_capitals_honorifics_and_month_abbreviations_before_a_day_are_no_actors(make_member):
    members = [
        make_member(
            "a",
            "Officials in Corvale said on Jan 2 that HIS Highness Sheikh Omar Tallal opened the RELATED port works.",
            lang="en",
        ),
        make_member(
            "b", "Corvale officials said Tallal would return on Jan 9. Jan Brodsky, an engineer, agreed.", lang="en"
        ),
    ]
    names = set(_by_name(actors(members)))
    assert "Corvale" in names
    assert not names & {"Highness", "Sheikh", "RELATED"}
    assert actors_module._title_case_opening("POPE SLAPS HAND OF WOMAN WHO GRABBED HIM the pope said") > 0


def test_laws_page_chrome_and_the_people_of_a_place_are_no_actors(make_member):
    members = [
        make_member(
            "a",
            "Please Register to read more. Thousands of Wexlandians protested the Harbour Access Act in Ostmere, "
            "where Mayor Lena Quist spoke.",
            lang="en",
        ),
        make_member(
            "b", "Quist said Wexlandians would fight the Harbour Access Act in Ostmere. Share Email", lang="en"
        ),
    ]
    names = set(_by_name(actors(members)))
    assert "Ostmere" in names
    assert not names & {
        "Please",
        "Register",
        "Thousands",
        "Wexlandians",
        "Harbour Access Act",
        "Access Act",
        "Share",
        "Email",
    }


def test_month_abbreviations_before_a_day_are_dates_with_or_without_a_full_stop(make_member):
    members = [
        make_member(
            "a", "Marlow Quay (ANI), Jan. 3: The ferry service at Marlow Quay resumed, Rs 40 a ticket.", lang="en"
        ),
        make_member(
            "b", "Marlow Quay, Jan 5 (ANI): Ferries at Marlow Quay ran again, operator Halvard Teig said.", lang="en"
        ),
    ]
    names = set(_by_name(actors(members)))
    assert "Marlow Quay" in names
    assert not names & {"Jan", "Rs"}


def test_agency_codes_acronym_spellings_and_monastery_places(make_member):
    members = [
        make_member(
            "a",
            "Die Kreisräte trafen sich im Kloster Talbrunn. Landrat Veit Hollerer sagte dem ZDF, "
            "der Plan stehe./kr/DP/hb",
        ),
        make_member(
            "b",
            "Im Kloster Talbrunn berieten die Kreisräte weiter. Hollerer sprach im ZDF über Ko Min Un.",
        ),
        make_member("c", "Hollerer und Ko Min Un besuchten das Kloster Talbrunn./kr/DP/hb"),
    ]
    found = _by_name(actors(members))
    assert found["Talbrunn"].kind == "place"  # "im Kloster Talbrunn"
    assert found["ZDF"].kind == "organisation"
    assert "DP" not in found  # an agency's code between slashes
    assert "Un" not in found  # not the UN: written so, an acronym's word is no acronym


def test_a_dateline_of_places_between_slashes_keeps_them(make_member):
    members = [
        make_member("a", "NEW DELHI/KOLKATA/ MUMBAI: Dockers in KOLKATA stopped work on Monday.", lang="en"),
        make_member("b", "KOLKATA: The strike in KOLKATA went on, union leader Arun Mehra said.", lang="en"),
    ]
    assert "KOLKATA" in _by_name(actors(members))


def test_months_that_are_no_names_and_a_dateline_after_a_glued_headline(make_member):
    found = _english_story(
        make_member,
        "Ferry line to reopen after long repairs  PORT ELLWIN — The ferry between Port Ellwin and Dunmore "
        "will sail again in March, harbour master Ola Brekke said. A seal pup born in January who lives "
        "at the pier became its mascot.",
        "Harbour works end early  PORT ELLWIN — Brekke said the Port Ellwin pier was finished in January, "
        "who knew. Theresa May visited Dunmore in May.",
    )
    assert "January" not in found  # a month no one is named after, whatever "who" says after it
    assert found["Port Ellwin"].kind == "place"  # the dateline after a headline run into the text


def test_a_dateline_in_capitals_after_a_glued_headline_is_a_place(make_member):
    members = [
        make_member(
            "a",
            "Bakers share a prize  KESTLEBY — Kestleby bakers won the regional bread prize, Tove Hallin said.",
            lang="en",
        ),
        make_member(
            "b",
            "Prize for bread makers  KESTLEBY (NRP) — The Kestleby team of Tove Hallin won with a rye loaf.",
            lang="en",
        ),
    ]
    assert _by_name(actors(members))["Kestleby"].kind == "place"


def test_an_agency_dateline_of_a_town_and_a_date_is_a_place(make_member):
    found = _english_story(
        make_member,
        "Dam protest ends Narlapur Kestwala, Jan 3 (NRP) Kestwala officials freed 12 people.",
        "Kestwala, Jan 4 (NRP) Lawyer Anil Varma said Kestwala had seen no such protest.",
    )
    assert found["Kestwala"].kind == "place"
    assert "Narlapur Kestwala" not in found  # the headline's last word is no part of the town


def test_tickers_in_brackets_are_codes_and_a_surname_is_no_firm_of_its_genitive(make_member):
    found = _english_story(
        make_member,
        "Does Vellmark Mining Corp. (CVE:VMK) Have A Volatile Share Price? Vellmark Mining Corp. said its "
        "spokesman Tobin McDonald would explain the drop.",
        "Vellmark Mining Corp. (CVE: VMK) shares fell again, Tobin McDonald said in Calgary.",
    )
    assert not {"CVE", "VMK"} & set(found)
    assert found["Tobin McDonald"].kind == "person"  # not McDonald's, whose key his surname shares


def test_a_dateline_with_its_state_after_a_glued_headline_and_no_speaker_of_a_transcript(make_member):
    found = _english_story(
        make_member,
        "Senate leader in spotlight over fund  KESTLEBY, Alaska — Sri Varun Tadikonda said the fund was safe. "
        "STEVE HOLLOWAY: What does that mean for Kestleby?",
        "Fund fight goes on  KESTLEBY, Alaska (NRP) — Tadikonda and Kestleby voters met again.",
    )
    assert found["Kestleby"].kind == "place"
    assert found["STEVE HOLLOWAY"].kind == "person"  # a speaker of a transcript, not a town


def test_the_chrome_of_cookie_and_browser_instructions_is_no_actor(make_member):
    chrome = " To enable cookies: Click Tools> Internet Options> Settings. Uncheck Block cookies in your Browser."
    members = [
        make_member("a", "Harbour fees rise in Port Ellwin, mayor Ola Brekke said." + chrome, lang="en"),
        make_member("b", "Brekke defended the fees in Port Ellwin on Monday." + chrome, lang="en"),
    ]
    names = set(_by_name(actors(members)))
    assert "Port Ellwin" in names
    assert not names & {"Click Tools", "Options", "Settings", "Uncheck", "Browser", "Tools"}


def test_new_st_and_ampersands_open_or_join_names_of_several_words(make_member):
    found = _english_story(
        make_member,
        "Fire at a tower in Port St. Emlyn. The New Carvel City Fire Department said Kestrel A&M University "
        "students were safe.",
        "The New Carvel City Fire Department and Kestrel A&M University met in Port St. Emlyn.",
    )
    assert found["New Carvel City Fire Department"].kind == "organisation"  # not "Carvel City Fire Department"
    assert found["Kestrel A&M University"].kind == "organisation"  # not "M University"
    assert found["Port St. Emlyn"].kind == "place"
    assert not {"Carvel City Fire Department", "M University", "St", "Emlyn", "Port St"} & set(found)


def test_a_possessive_inside_a_name_and_names_with_their_heads_around_and(make_member):
    found = _english_story(
        make_member,
        "The Harbour Commissioner's Office fined Vellmark. Patients of St. Brigid's Hospital and Corrin "
        "Hospital of North Ardell were moved.",
        "Vellmark appealed to the Harbour Commissioner's Office on Monday.",
    )
    assert found["Harbour Commissioner's Office"].kind == "organisation"
    assert found["St. Brigid's Hospital"].kind == "organisation"
    assert found["Corrin Hospital"].kind == "organisation"
    assert not [name for name in found if " and " in name]


def test_time_zones_handles_links_codes_head_words_alone_and_a_cut_last_word_are_no_actors(make_member):
    names = set(
        _english_story(
            make_member,
            "Storm warning for Ardell County from 12:00pm CT until 6:00pm CT. @JanaVellNews brings us the story "
            "pic.twitter.com/XyZq12ab the Company said. Brenvale Inc said the G1 race in Q3 moved to King Olav V "
            "Park. Brenvale Investment Researc",
            "Ardell County crews and Brenvale cleared the roads, the County said.",
        )
    )
    assert "Ardell County" in names
    assert not names & {"CT", "JanaVellNews", "XyZq12ab", "Company", "Inc", "G1", "Q3", "V", "Researc", "County"}


def test_roles_of_transcripts_terms_of_finance_units_and_decades_are_no_actors(make_member):
    names = set(
        _english_story(
            make_member,
            "Operator: Welcome to the Brenvale call. Analyst Tomas Reyk asked about EPS and the 6 GHz band. The "
            "US Ambassador to Ardenia praised the Eighties.",
            "Brenvale said EPS rose. Tomas Reyk and the Ambassador met the Operator.",
        )
    )
    assert "Brenvale" in names
    assert not names & {"Operator", "Analyst", "EPS", "GHz", "Ambassador", "Eighties"}


def test_a_role_word_inside_a_name_does_not_cut_it(make_member):
    found = _english_story(
        make_member,
        "The Management of the Ondara State University Teaching Hospital sacked 40 workers.",
        "Unions met the Management of the Ondara State University Teaching Hospital.",
    )
    assert found["Ondara State University Teaching Hospital"].kind == "organisation"
    assert "University Teaching Hospital" not in found


def test_dictionary_checks_read_the_written_word_a_plural_after_a_town_is_a_team_and_localities_are_places(
    make_member,
):
    found = _english_story(
        make_member,
        "Leeds Otters fans cheered in Harlowby City. Police arrested a man at Bramoyo Locality on Monday.",
        "Leeds Otters won again. Harlowby City council met at Bramoyo Locality.",
    )
    assert found["Otters"].kind == "organisation"  # a plural word after a town: a team
    assert found["Harlowby City"].kind != "person"  # ("City" folds to the key "citi", which no dictionary knows)
    assert found["Bramoyo Locality"].kind == "place"


def test_currency_codes_roman_numerals_honorifics_and_terms_are_no_actors(make_member):
    names = set(
        _english_story(
            make_member,
            "The founders of Vellmark sold 9 per cent for $US600,000 ($A859,650). Episode IX of Kestrel Saga VIII opens. Msgr. "
            "Tomas Reyk, the Spiritual Director, warned about AI. Never share your PIN. Details DMCA",
            "Shares of Vellmark fell as Tomas Reyk spoke again about AI and the PIN.",
        )
    )
    assert "Vellmark" in names
    assert not names & {"US600", "A859", "IX", "VIII", "Msgr", "Director", "Spiritual Director", "AI", "PIN", "DMCA"}


def test_the_countries_of_the_world_are_known_places_in_english_and_german(make_member):
    found = _english_story(
        make_member,
        "The runner Okello Mbeki from Uganda won in Kampala. Rwanda and Tansania sent teams.",
        "Okello Mbeki trains in Uganda and Costa Rica.",
    )
    assert found["Uganda"].kind == "place"
    assert found["Costa Rica"].kind == "place"
    assert actors_module.kind_of(actors_module.canonical(entity_key("Tansania"))) == "place"


def test_street_words_journals_and_a_known_name_after_a_first_name_or_inside_a_longer_one(make_member):
    found = _english_story(
        make_member,
        "A delivery van hit a lamp post at Hollis Boulevard and Pine Road in Marlow on Friday, the Marlow "
        "Review-Journal reported. Nobody was hurt, police said.",
        "The crash at Hollis Boulevard closed the street for two hours, the Review-Journal wrote. Students of "
        "the George Washington school watched. Wardens from Lake Ontario came to help, and New Yorkers sent "
        "flowers.",
    )
    assert found["Hollis Boulevard"].kind == "place"  # a street, not a surname after a capital
    assert found["Review-Journal"].kind == "organisation"  # a hyphenated newspaper's head word
    assert found["George Washington"].kind == "person"  # a known place's name, always after a first name
    assert "Ontario" not in found  # only ever a word of Lake Ontario
    assert "New Yorkers" not in found  # the people of a place


def test_district_words_are_place_heads_and_a_capitalised_function_word_ends_no_name(make_member):
    found = _english_story(
        make_member,
        "The council of the Varnholm District voted on Monday to close two schools, officials said.\n"
        "Where: Building 12, Orrin Cultural Village For details, call the Varnholm District office.",
        "Parents from the Varnholm District protested at the Orrin Cultural Village on Tuesday.",
    )
    assert found["Varnholm District"].kind == "place"
    assert "Orrin Cultural Village" in found
    assert not any(name.endswith(" For") for name in found)


def test_kin_before_a_name_votes_person(make_member):
    found = _english_story(
        make_member,
        "The swimmer Tamsin Roeke, 17, went into the sea at Port Veyra with her cousin Brannoch on Sunday.",
        "Her sister Brannoch had stayed on the beach at Port Veyra, a relative said.",
    )
    assert found["Brannoch"].kind == "person"


def test_a_hyphenated_newspaper_name_is_an_organisation(make_member):
    found = _english_story(
        make_member,
        "A new playground opened in Marlow on Saturday. (Photo: Dana Kettle / Marlow Review-Journal) Children "
        "played on the slides, said the town's mayor, Ilse Brandt.",
        "The playground in Marlow cost 200,000 dollars, Brandt said. Contact the Marlow Review-Journal newsroom for "
        "the full gallery.",
    )
    assert found["Review-Journal"].kind == "organisation"  # not a surname after a capital


def test_a_name_whose_kin_follows_its_possessive_is_a_person(make_member):
    found = _english_story(
        make_member,
        "Dravik’s wife Orla shared the first photo of their son on Friday. Dravik is busy with his next film.",
        "Fans of Dravik welcomed the photo, and Dravik's brother Tomasz thanked them.",
    )
    assert found["Dravik"].kind == "person"  # "Dravik's wife": only a person has a wife


def test_a_name_listed_among_places_is_a_place(make_member):
    found = _english_story(
        make_member,
        "Depots take old trees at these locations: Derby, Leicester, Corrowin, Nottingham, Coventry and Rugby.",
        "Opening hours differ: Corrowin closes early on Sundays, a spokeswoman said.",
    )
    assert found["Corrowin"].kind == "place"  # between two towns of a list of towns


def test_a_known_name_read_only_in_a_dateline_is_named_as_the_text_spells_it(make_member):
    found = _english_story(
        make_member,
        "Court Lets Lenders Sell Tycoon Arjun Kelkar’s Shares New Delhi: A year after the former brewer Arjun "
        "Kelkar left the country, a court in Pune allowed the lenders to sell his shares. Kelkar lives in Lisbon.",
    )
    assert found["New Delhi"].kind == "place"  # not its bare key, "neudelhi"
    assert not any(name.islower() for name in found)


def test_a_town_before_a_state_code_is_a_place_and_a_doctor_keeps_his_letters(make_member):
    found = _english_story(
        make_member,
        "The mill at Brennock, GA reopened on Monday after the flood, owner Dara Quill said.",
        "Workers in Brennock, GA returned to the mill. Brennock had been cut off for a week.",
    )
    assert found["Brennock"].kind == "place"  # "Brennock, GA": a town and its state's postal code
    assert found["GA"].kind == "place"
    assert actors_module._town_and_state(*_tokens("Ada Ferrow, MD 2019"), 1) is False
    assert actors_module._town_and_state(*_tokens("Vellmont, TX."), 0) is True


def test_a_surname_before_its_first_name_opens_an_obituary(make_member):
    text = (
        "Harrowgate, Jennie\nHARROWGATE, Jennie L. Age 87, of Atlanta, passed away on Monday. Services at Elm Chapel."
    )
    found = _english_story(make_member, text, "Friends remembered Jennie Harrowgate, a teacher for forty years.")
    assert found["Harrowgate"].kind == "person"  # not a dateline "HARROWGATE," nor a town
    assert actors_module._first_name_follows("HARROWGATE, Jennie L. Age", len("HARROWGATE"))
    assert not actors_module._first_name_follows("BRENNOCK, Ga. — The mill", len("BRENNOCK"))


def _tokens(text):
    tokens = list(actors_module._TOKEN.finditer(text))
    return text, tokens, [t.group(0) for t in tokens]


def test_words_a_page_ran_together_are_no_actor(make_member):
    found = _english_story(
        make_member,
        "Best bakeries in Carrowby\nVisit Carrowby's old market. Mill Lane Bakery opened in Carrowby in 1990.CarrowbyWe "
        "ranked the shops by price.",
        "Mill Lane Bakery is the favourite of CarrowbyLooking for bread? Try the rye.",
    )
    assert "Carrowby" in found
    assert not {"CarrowbyWe", "CarrowbyLooking"} & set(found)
    assert actors_module._glued("DetroitWondering") and actors_module._glued("York-Style PizzaThe")
    assert not any(actors_module._glued(name) for name in ("YouTube", "McAllister", "TallGrass", "AsiaOne", "DeWine"))


def test_common_nouns_written_as_abbreviations_and_a_partys_adjective_are_no_actors(make_member):
    found = _english_story(
        make_member,
        "Senator Alma Brightwell was charged with DUI after a crash. The Democratic senator told TV reporters "
        "she would not resign. The Democrats in Dunmere asked her to step down.",
        "Brightwell, a Democrat, drove an SUV into a fence in Dunmere. DUI charges are rare for senators; "
        "the Democrats said on TV that she must go.",
    )
    assert "Brightwell" in found or "Alma Brightwell" in found
    assert not {"DUI", "TV", "SUV", "Democratic", "Democrat"} & set(found)
    assert found["Democrats"].kind == "organisation"  # the party stays


def test_dotted_initials_of_a_place_are_no_broadcaster_of_the_same_key(make_member):
    found = _english_story(
        make_member,
        "Ferry service resumes\nNANAIMO, B.C. — Ferries between Nanaimo and the mainland ran again on Friday.",
        "B.C. Ferries said the storm had damaged a dock in Nanaimo. Crews in B.C. worked overnight.",
    )
    listed = found.get("B.C") or found.get("B.C.")
    assert listed is not None and listed.kind == "place"  # British Columbia, though "bc" is the BBC's key
    assert actors_module._dotted(actors_module._Evidence(forms=Counter({"B.C": 2, "B.C.": 1}))) == "BC"
    assert actors_module._dotted(actors_module._Evidence(forms=Counter({"BBC": 1}))) == ""


def test_an_english_plural_is_no_genitive_of_a_known_name(make_member):
    found = _english_story(
        make_member,
        "The Lions beat the Bears 24-10 on Sunday. Coach Dana Holt said the Lions played their best game.",
        "Fans of the Lions celebrated in the streets after the win, Holt said.",
    )
    assert found["Lions"].kind == "organisation"  # not Lyon, whose key ("lion") a German genitive rule would give
    assert actors_module._canonical(entity_key("Lions"), "en") == entity_key("Lions")
    assert actors_module._canonical(entity_key("Syriens"), "de") == actors_module._canonical(entity_key("Syrien"), "de")


def test_romance_street_and_stadium_names_are_places_despite_their_particle(make_member):
    found = _english_story(
        make_member,
        "Thieves robbed a jeweller on the Rue de Vallombre in Paris on Monday. Police closed the Rue de Vallombre.",
        "The Rue de Vallombre reopened on Tuesday, police said.",
    )
    assert found["Rue de Vallombre"].kind == "place"  # not a person for its "de" (as "Staffan de Mistura")
