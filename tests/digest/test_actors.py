from storyline.digest.actors import actors

from .stories import bridge_story


def _by_name(found):
    return {a.name: a for a in found}


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
