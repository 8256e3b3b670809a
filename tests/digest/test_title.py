from storyline.digest.members import Weights
from storyline.digest.title import choose_title, clean_title, lead_headline, shorten, strip_dateline

from .stories import bridge_story


def test_outlet_names_are_cut_from_headlines():
    assert clean_title("Ferry replaces closed Rhine bridge | Rhine Valley Post") == "Ferry replaces closed Rhine bridge"
    assert clean_title("Brücke gesperrt - Kurier") == "Brücke gesperrt - Kurier"  # too short to lose its tail


def test_the_story_title_is_a_member_headline_in_the_main_language_about_the_whole():
    members = bridge_story()
    title = choose_title(members, Weights(members))
    assert title in {m.title for m in members if m.article.lang == "de"}
    assert "Rheinbrücke" in title


def test_without_headlines_the_most_central_lead_is_shortened(make_member):
    members = [
        make_member("a", "WEILBACH – Die Rheinbrücke bei Weilbach bleibt nach dem Fund von Rissen in einem Pfeiler "
                    "gesperrt, wie die Stadt am Abend mitteilte. Mehr folgt."),
        make_member("b", "Pendler stehen im Stau. Die Rheinbrücke bei Weilbach bleibt gesperrt."),
    ]
    headline = lead_headline(members, Weights(members))
    assert not headline.startswith("WEILBACH")
    assert headline.startswith("Die Rheinbrücke bei Weilbach bleibt")
    assert len(headline.split()) <= 20


def test_datelines_and_long_sentences():
    assert strip_dateline("MAINZ (dpa) – Der Minister kam.") == "Der Minister kam."
    assert strip_dateline("Der Minister kam - und ging.") == "Der Minister kam - und ging."
    assert shorten(" ".join(["Wort"] * 30)).endswith("…")
