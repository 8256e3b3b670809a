from storyline.cluster import StoryEngine
from storyline.cluster.batch import cluster_stream, pair_similarities, stream_order
from storyline.features import Features, entity_key, extract_features
from storyline.model import Article

STRIKE = [
    (
        "s1",
        "2025-03-11",
        "Warnstreik legt Hamburger Busse lahm",
        "HAMBURG – Die Gewerkschaft GND hat die Beschäftigten der Hamburger Verkehrsbetriebe HSBG zu einem Warnstreik "
        "aufgerufen. Busse und U-Bahnen stehen seit dem Morgen still. Verhandlungsführerin Petra Brandauer fordert acht "
        "Prozent mehr Lohn.",
    ),
    (
        "s2",
        "2025-03-12",
        "Streik bei der HSBG: Pendler stehen im Stau",
        "Der Warnstreik der GND bei den Hamburger Verkehrsbetrieben HSBG hat am Dienstag den Berufsverkehr lahmgelegt. "
        "Petra Brandauer kündigte weitere Streiks an, falls die HSBG kein besseres Angebot vorlege.",
    ),
]
SATELLITE = (
    "t1",
    "2025-04-16",
    "Wassersatellit Hydros gestartet",
    "KOUROU – Der Erdbeobachtungssatellit Hydros ist an Bord einer Vega-Rakete ins All gestartet. Das Team "
    "um Projektleiterin Ines Vogelsang meldete am Abend ein erstes Signal aus der Umlaufbahn.",
)


def _article(spec, lang="de"):
    article_id, published, title, text = spec
    return Article(id=article_id, title=title, text=text, published=published, published_precision="day", lang=lang)


def test_features_find_german_names_and_unify_spellings():
    features = extract_features(_article(STRIKE[0]))
    assert entity_key("Brandauer") in features.entities and entity_key("HSBG") in features.entities
    assert "warnstreik" in features.terms and features.time == (20158.0, 20158.0)
    assert entity_key("Lawrows'") != "" and entity_key("Kowalenko") == entity_key("Kovalenko")


def test_lower_cased_text_uses_the_lexicon_of_cased_articles():
    engine = StoryEngine()
    engine.learn_one("s1", extract_features(_article(STRIKE[0])))
    lowered = Article(id="x", text=STRIKE[1][3].lower(), lang="de", published="2025-03-12", published_precision="day")
    features = extract_features(lowered)
    assert not features.cased and not features.entities
    profile, _ = engine.profile(features)
    assert entity_key("Brandauer") in profile.entities


def test_stream_joins_one_event_and_keeps_unrelated_news_apart():
    results = {r.id: r for r in cluster_stream([_article(STRIKE[0]), _article(SATELLITE), _article(STRIKE[1])])}
    assert results["s1"].event == results["s2"].event
    assert results["t1"].event != results["s1"].event and results["t1"].story != results["s1"].story


def test_stream_order_sorts_dated_and_keeps_undated_in_place():
    a = Article(id="a", text="x", published="2025-03-02", published_precision="day")
    b = Article(id="b", text="x")
    c = Article(id="c", text="x", published="2025-03-01", published_precision="day")
    assert [x.id for x in stream_order([a, b, c])] == ["c", "a", "b"]
    month = Article(id="m", text="x", published="2025-03", published_precision="month")
    assert [x.id for x in stream_order([month, a, c])] == ["c", "a", "m"]  # mid-March, not March 1st


def test_pair_similarity_is_a_probability_and_ranks_same_story_higher():
    same = ("p1", _article(STRIKE[0]), _article(STRIKE[1]))
    other = ("p2", _article(STRIKE[0]), _article(SATELLITE))
    scores = pair_similarities([same, other])
    assert all(0.0 <= s <= 1.0 for s in scores) and scores[0] > scores[1]


def test_two_events_found_to_be_one_make_their_stories_one():
    engine = StoryEngine()
    a = engine.learn_one("s1", extract_features(_article(STRIKE[0])))
    t = engine.learn_one("t1", extract_features(_article(SATELLITE)))
    assert a.story != t.story
    engine.events.merge(a.event, t.event)
    for absorbed, survivor in engine.events.take_merges():
        engine._join_stories(absorbed, survivor)
    assert engine.stories.resolve(a.story) == engine.stories.resolve(t.story)


def test_features_round_trip():
    features = extract_features(_article(STRIKE[0]))
    assert Features.from_dict(features.to_dict()) == features


def test_a_copy_joins_its_originals_event_and_story_without_adding_its_words():
    engine = StoryEngine()
    first = engine.learn_one("s1", extract_features(_article(STRIKE[0])))
    event = engine.events.groups_[first.event]
    text, documents = dict(event.text), engine.terms_df.documents_
    copy = engine.learn_copy("s1-copy", (20160.0, 20160.0), first.event, first.story)
    assert (copy.event, copy.story, copy.new_event) == (first.event, first.story, False)
    assert event.size == 2 and event.time == (20158.0, 20160.0)
    assert event.text == text and engine.terms_df.documents_ == documents  # a copy's words are its original's
    # a month later the event is closed to other articles, but a late copy still joins it
    engine.learn_one("t1", extract_features(_article(SATELLITE)))
    engine.events._retire()  # as every 1,000 arrivals
    assert first.event not in engine.events.groups_
    late = engine.learn_copy("s1-late", (20200.0, 20200.0), first.event, first.story)
    assert (late.event, late.story) == (first.event, first.story)


def _snippet(article_id, day, text):
    return Article(id=article_id, text=text, published=f"2025-05-{day:02d}", published_precision="day", lang="en")


def test_an_event_begun_by_a_snippet_decides_its_story_from_several_reports():
    from storyline import Options

    first_days = [
        (1, "hamburg harbour dockers strike halts container cranes"),
        (1, "dockers strike at hamburg harbour halts cranes"),
        (2, "hamburg harbour strike cranes still halted dockers say"),
    ]
    later = [
        (14, "hamburg dockers strike again harbour cranes halted"),
        (14, "second dockers strike halts hamburg harbour cranes"),
        (14, "hamburg harbour cranes halted by new dockers strike"),
    ]
    other = [(14, "volcano eruption iceland ash cloud flights grounded")]
    engine = StoryEngine(Options(story_decision_size=3))
    placed = {}
    for n, (day, text) in enumerate(first_days + later + other):
        features = extract_features(_snippet(f"a{n}", day, text))
        placed[f"a{n}"] = engine.learn_one(f"a{n}", features)
    story = {k: engine.stories.resolve(a.story) for k, a in placed.items()}
    event = {k: engine.events.resolve(a.event) for k, a in placed.items()}
    assert event["a3"] != event["a0"]  # twelve days later: another happening
    assert placed["a3"].new_story  # begun by a snippet: alone in a story of its own at first...
    assert story["a3"] == story["a4"] == story["a5"] == story["a0"]  # ...until its reports together decide
    assert story["a6"] != story["a0"]
    # one more report, days later: alone until the input ends, then decided from what there is
    last = engine.learn_one("a7", extract_features(_snippet("a7", 26, "hamburg dockers end harbour strike cranes move")))
    assert last.new_story and engine.stories.resolve(last.story) != story["a0"]
    engine.flush()
    assert engine.stories.resolve(last.story) == engine.stories.resolve(story["a0"])
