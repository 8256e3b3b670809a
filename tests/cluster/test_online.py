import copy
import math
import pickle

from storyline.cluster.online import Group, OnlineClusterer, _earliest
from storyline.cluster.similarity import SIGNALS, Model, Profile, model_input, signals, time_factor, time_gap
from storyline.cluster.vectors import normalized

# the text cosine alone decides: p = sigmoid(10 * (text - 0.5))
MODEL = Model.from_dict({"weights": {"text": 10.0}, "bias": -5.0})


def _profile(words, day=None):
    return Profile(normalized({w: 1.0 for w in words.split()}), {}, {}, None if day is None else (day, day))


def test_similar_reports_join_and_different_ones_start_groups():
    clusterer = OnlineClusterer(MODEL, threshold=0.5, prefix="e")
    first = clusterer.learn_one(_profile("strike harbour union pay"))
    assert clusterer.predict_one(_profile("strike harbour union wages")) == first.group
    second = clusterer.learn_one(_profile("strike harbour union wages"))
    third = clusterer.learn_one(_profile("satellite launch orbit rocket"))
    assert second.group == first.group and third.group != first.group
    assert clusterer.groups_[first.group].size == 2


def test_time_gate_keeps_far_apart_reports_apart():
    clusterer = OnlineClusterer(MODEL, threshold=0.5, window_days=30, time_grace=3, time_scale=2)
    first = clusterer.learn_one(_profile("strike harbour union pay", day=100.0))
    near = clusterer.learn_one(_profile("strike harbour union pay", day=102.0))
    far = clusterer.learn_one(_profile("strike harbour union pay", day=125.0))
    assert near.group == first.group and far.group != first.group


def test_month_precision_is_never_far_from_a_day_inside_it():
    august = (17014.0, 17044.0)
    assert time_gap(august, (17030.0, 17030.0)) == 0.0
    assert time_gap(august, None) is None
    assert time_factor(None, 3, 4) == 1.0 and time_factor(10.0, 3, 4) < 0.2


def test_forced_group_and_merge_redirects():
    clusterer = OnlineClusterer(MODEL, threshold=0.5, merge_threshold=0.5)
    a = clusterer.learn_one(_profile("court verdict fraud bank"))
    b = clusterer.learn_one(_profile("court verdict fraud bank"), into=None)
    forced = clusterer.learn_one(_profile("satellite orbit"), into=a.group)
    assert forced.group == a.group == b.group
    x = clusterer.learn_one(_profile("alpha beta gamma delta"))
    y = clusterer.learn_one(_profile("epsilon zeta eta theta"))
    bridge = clusterer.learn_one(_profile("alpha beta gamma delta epsilon zeta eta theta"))
    assert bridge.group in (x.group, y.group)
    live = {clusterer.resolve(x.group), clusterer.resolve(y.group)}
    assert len(live) in (1, 2)  # merged only when the two groups themselves are similar enough


def test_clusterer_pickles_and_copies_with_its_state():
    clusterer = OnlineClusterer(MODEL)
    clusterer.learn_one(_profile("strike harbour union pay"))
    again = pickle.loads(pickle.dumps(clusterer))
    assert again.predict_one(_profile("strike harbour union pay")) == "g1"
    assert repr(copy.deepcopy(clusterer)) == repr(clusterer)


def _full(body, title, entities):
    vector = lambda words: normalized({w: 1.0 + len(w) / 10 for w in words.split()})  # noqa: E731
    return Profile(vector(body), vector(title), vector(entities), None)


def test_a_group_profile_scores_like_its_normalised_sums():
    group = Group("g1")
    group.add(_full("strike harbour pay", "harbour strike", "hamburg gnd"), arrival=1, top=60)
    group.add(_full("strike harbour dockers", "dockers out", "hamburg"), arrival=2, top=60)
    profile = group.profile
    unit = Profile(
        normalized(group.text),
        normalized(group.title),
        normalized(group.entities),
        None,
        group.years,
        length=profile.length,
        languages=profile.languages,
    )
    x = _full("harbour strike pensions", "strike goes on", "gnd brandauer")
    got, want = signals(x, profile), signals(x, unit)
    assert got[0] > 0 and got[1] > 0 and got[4] > 0
    assert all(
        math.isclose(a, b, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b)) for a, b in zip(got, want, strict=True)
    )


def test_missing_signals_are_missing_not_zero():
    lower = Profile(normalized({"strike": 1.0, "harbour": 1.0}), {}, {}, None)
    values = dict(zip(SIGNALS, signals(lower, lower), strict=True))
    assert values["text"] > 0.99
    for name in (
        "title",
        "title_text",
        "entities",
        "entity_conflict",
        "dense",
        "dense_other_language",
        "days_apart",
        "year_conflict",
    ):
        assert math.isnan(values[name]), name
    model = Model.from_dict({"weights": {"text": 2.0, "entities": 5.0}, "missing": {"entities": 1.5}, "bias": -1.0})
    assert math.isclose(model.logit(signals(lower, lower)), -1.0 + 2.0 * values["text"] + 1.5)


def test_a_model_reads_rooted_signals_as_roots_and_old_weights_plainly():
    values = [math.nan] * len(SIGNALS)
    values[SIGNALS.index("text")] = 0.04
    values[SIGNALS.index("short")] = 0.25
    rooted = Model.from_dict({"weights": {"text": 1.0, "short": 1.0}, "rooted": ["text"], "bias": 0.0})
    plain = Model.from_dict({"weights": {"text": 1.0, "short": 1.0}, "bias": 0.0})  # fitted before roots
    assert math.isclose(rooted.logit(values), 0.2 + 0.25)
    assert math.isclose(plain.logit(values), 0.04 + 0.25)
    assert model_input(values, ["text"])[SIGNALS.index("text")] == 0.2
    assert math.isnan(model_input(values, ["title"])[SIGNALS.index("title")])  # missing stays missing


def test_dense_vectors_across_languages_are_a_signal_of_their_own():
    def report(lang, vector):
        return Profile(normalized({"talks": 1.0}), {}, {}, None, languages={lang: 1.0}, dense=vector)

    de, en, near = report("de", [1.0, 0.0]), report("en", [0.91, (1 - 0.91**2) ** 0.5]), report("de", [0.91, 0.42])
    across = dict(zip(SIGNALS, signals(de, en), strict=True))
    assert math.isclose(across["dense"], 0.91) and math.isclose(across["dense_other_language"], 0.7)
    within = dict(zip(SIGNALS, signals(de, near), strict=True))
    assert within["dense_other_language"] == 0.0  # one language: the plain dense signal speaks
    assert math.isnan(dict(zip(SIGNALS, signals(de, report("en", None)), strict=True))["dense_other_language"])


def test_a_model_reads_dense_cosines_rescaled_from_their_floor_and_old_weights_plainly():
    values = [math.nan] * len(SIGNALS)
    dense = SIGNALS.index("dense")
    rescaled = Model.from_dict({"weights": {"dense": 1.0}, "rescaled": {"dense": 0.7}, "bias": 0.0})
    plain = Model.from_dict({"weights": {"dense": 1.0}, "bias": 0.0})  # fitted before the rescaling
    for cosine, read in ((0.91, 0.7), (0.7, 0.0), (0.5, 0.0), (1.0, 1.0)):
        values[dense] = cosine
        assert math.isclose(rescaled.logit(values), read, abs_tol=1e-12)
        assert math.isclose(plain.logit(values), cosine)
        assert math.isclose(model_input(values, (), {"dense": 0.7})[dense], read, abs_tol=1e-12)
    values[dense] = math.nan
    assert math.isnan(model_input(values, (), {"dense": 0.7})[dense])


def test_an_event_is_anchored_at_its_first_precise_date_and_does_not_creep():
    clusterer = OnlineClusterer(MODEL, threshold=0.5, window_days=30, time_grace=2, time_scale=2, anchor="first")
    first = clusterer.learn_one(_profile("talks geneva ceasefire ministers", day=100.0))
    next_day = clusterer.learn_one(_profile("talks geneva ceasefire ministers", day=101.0))
    two_later = clusterer.learn_one(_profile("talks geneva ceasefire ministers", day=102.0))
    # a report every day: a span-anchored event would take the sixth day in, the first-anchored does not
    sixth = clusterer.learn_one(_profile("talks geneva ceasefire ministers", day=106.0))
    assert first.group == next_day.group == two_later.group != sixth.group
    # a date known to the month only does not become the anchor
    assert _earliest((90.0, 120.0), (100.0, 100.0)) == (100.0, 100.0)
    assert _earliest((100.0, 100.0), (99.0, 99.0)) == (99.0, 99.0)


def test_short_texts_have_their_own_threshold():
    clusterer = OnlineClusterer(MODEL, threshold=0.9, short_threshold=0.1)
    short = _profile("toyota recall")
    assert clusterer.threshold_for(Profile(short.text, {}, {}, None, length=3)) == 0.1
    assert clusterer.threshold_for(Profile(short.text, {}, {}, None, length=300)) == 0.9


def test_a_gold_replay_puts_reports_where_their_labels_say():
    clusterer = OnlineClusterer(MODEL)
    clusterer.learn_labelled(_profile("strike harbour"), "gold-1")
    clusterer.learn_labelled(_profile("satellite orbit"), "gold-1")
    assert clusterer.groups_["gold-1"].size == 2 and set(clusterer.groups_) == {"gold-1"}


def _second_look_stream(second_look):
    clusterer = OnlineClusterer(MODEL, threshold=0.6, merge_threshold=None, second_look=second_look)
    first = clusterer.learn_one(_profile("a b c d")).group  # worded unlike each later report (cosine 0.5)
    later = clusterer.learn_one(_profile("a b x y")).group
    clusterer.learn_one(_profile("c d x y"), into=later)
    other = clusterer.learn_one(_profile("satellite orbit rocket launch")).group
    return clusterer, first, later, other


def test_second_look_merges_a_small_group_into_the_group_formed_since():
    clusterer, first, later, other = _second_look_stream(second_look=3)
    assert first != later
    # against the two later reports together (cosine 0.58) the first one passes the bar
    assert clusterer.resolve(first) == clusterer.resolve(later) != clusterer.resolve(other)
    assert clusterer.groups_[clusterer.resolve(later)].size == 3


def test_second_look_off_or_not_yet_due_changes_nothing():
    for second_look in (0, 10):
        clusterer, first, later, other = _second_look_stream(second_look)
        assert len({clusterer.resolve(g) for g in (first, later, other)}) == 3


def test_one_shared_word_links_snippets_but_not_reports():
    # a model that would join anything the evidence gate lets through
    eager = Model.from_dict({"weights": {"text": 10.0}, "bias": 5.0})
    clusterer = OnlineClusterer(eager, threshold=0.5)
    # two 11-word reports whose one shared word weighs heavily: cosine 0.47, above the text bar
    first = clusterer.learn_one(_weighted([f"w{i}" for i in range(10)], shared="hours")).group
    other = clusterer.learn_one(_weighted([f"v{i}" for i in range(10)], shared="hours")).group
    assert other != first  # one word that names nothing is no evidence between two reports
    snippets = OnlineClusterer(eager, threshold=0.5)
    a = snippets.learn_one(_weighted(["woe"], shared="toyota")).group
    assert snippets.learn_one(_weighted(["dealer"], shared="toyota")).group == a  # in a snippet one word is much


def test_words_link_two_languages_only_where_names_are_unknown():
    eager = Model.from_dict({"weights": {"text": 10.0}, "bias": 5.0})
    names = ["merkel", "macron", "elysee"]

    def report(lang, words, entities):
        vector = normalized({w: 1.0 for w in names + words})
        return Profile(vector, {}, entities, None, languages={lang: 1.0}, length=len(vector))

    # lower-cased text: no names known, and the words German and French share are the names
    lower = OnlineClusterer(eager, threshold=0.5)
    first = lower.learn_one(report("de", ["treffen", "gipfel", "haushalt"], {})).group
    assert lower.learn_one(report("fr", ["rencontre", "sommet", "budget"], {})).group == first
    # cased text: the names are known and not shared, so the shared words are no evidence
    cased = OnlineClusterer(eager, threshold=0.5)
    first = cased.learn_one(report("de", ["treffen", "gipfel", "haushalt"], {"PER:scholz": 1.0})).group
    assert cased.learn_one(report("fr", ["rencontre", "sommet", "budget"], {"PER:bayrou": 1.0})).group != first


def _weighted(words, shared):
    vector = normalized({**{w: 1.0 for w in words}, shared: 3.0})
    return Profile(vector, {}, {}, None, length=len(vector))


def test_long_lower_cased_reports_need_less_of_a_text_cosine():
    eager = Model.from_dict({"weights": {"text": 10.0}, "bias": 5.0})

    def report(prefix, entities):
        # 30 lemmas, two of them shared with the other report: cosine 2/30, below MIN_TEXT (0.1)
        vector = normalized({w: 1.0 for w in ["ceasefire", "aleppo"] + [f"{prefix}{i}" for i in range(28)]})
        return Profile(vector, {}, entities, None, length=len(vector))

    # lower-cased: no names known, so the words are all the evidence there is (MIN_TEXT_UNNAMED)
    lower = OnlineClusterer(eager, threshold=0.5)
    first = lower.learn_one(report("a", {})).group
    assert lower.learn_one(report("b", {})).group == first
    # cased, names known and none shared: the same words are not enough
    cased = OnlineClusterer(eager, threshold=0.5)
    first = cased.learn_one(report("a", {"PER:kerry": 1.0})).group
    assert cased.learn_one(report("b", {"PER:lavrov": 1.0})).group != first
