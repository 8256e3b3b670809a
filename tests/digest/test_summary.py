from storyline.digest.members import Weights
from storyline.digest.summary import is_whole, sentences, summarize

from .stories import CLOSED, CLOSED_COPY, bridge_story


def test_sentences_are_split_per_paragraph():
    assert sentences("Erster Satz am 3. Mai. Zweiter Satz.\nZeile ohne Punkt", "de") == [
        "Erster Satz am 3. Mai.",
        "Zweiter Satz.",
        "Zeile ohne Punkt",
    ]


def test_only_whole_plain_sentences_are_candidates():
    assert is_whole("Die Stadt Weilbach richtete am Abend einen Krisenstab ein.")
    assert not is_whole("Lesen Sie auch: Zehn Tipps für den Frühjahrsputz")  # chrome, no full stop
    assert not is_whole("und dann kam die Fähre über den Rhein nach Weilbach.")  # starts mid-sentence
    assert not is_whole("Der Minister sagte: „Wir bauen neu.")  # quote left open
    assert not is_whole("Mehr dazu unter https://example.org/bruecke in unserem Dossier heute.")
    assert not is_whole("Zu kurz.")


def test_summary_is_three_to_five_whole_member_sentences_without_repeats():
    members = bridge_story()
    summary = summarize(members, Weights(members))
    assert 3 <= len(summary) <= 5
    german = [m for m in members if m.article.lang == "de"]
    for sentence in summary:
        assert any(sentence in m.article.text for m in german), sentence  # extracted, main language only
        assert is_whole(sentence)
    assert len(set(summary)) == len(summary)
    copied = set(sentences(CLOSED_COPY, "de")) - set(sentences(CLOSED, "de"))
    assert not copied & set(summary)  # the wire copy is not read twice


def test_summary_follows_the_timeline_order():
    members = bridge_story()
    order = {"e1": 0, "e2": 1, "e3": 2}
    summary = summarize(members, Weights(members), order=lambda m: (order[m.event],), size=3)
    owners = [next(m.event for m in members if s in m.article.text) for s in summary]
    assert owners == sorted(owners, key=order.__getitem__)


def test_a_headline_feed_is_summarised_by_its_headlines(make_member):
    lines = [
        "dock workers in felixstowe walk out over pay",
        "felixstowe strike enters third day as ships queue",
        "union and port operator resume talks in felixstowe strike",
        "felixstowe dockers accept pay deal ending strike",
    ]
    members = [make_member(f"h{i}", line, title=line, lang="en", event=f"e{i // 2}") for i, line in enumerate(lines)]
    summary = summarize(members, Weights(members))
    assert 3 <= len(summary) <= 4 and set(summary) <= set(lines)
