from storyline import Article, Options, Pipeline, Storyline, open_store
from storyline.model import Rejected

WIRE = (
    "HAMBURG (dpa) – Die Beschäftigten der Hamburger Verkehrsbetriebe legen am Dienstag für 24 Stunden die Arbeit "
    "nieder. Die Gewerkschaft fordert acht Prozent mehr Lohn und eine kürzere Wochenarbeitszeit. Der Arbeitgeber "
    "nannte die Forderungen überzogen und verwies auf die angespannte Finanzlage. Pendler müssen mit erheblichen "
    "Einschränkungen rechnen."
)


def _articles(n):
    return [
        Article(
            id=f"n{i}",
            text=f"LONDON – Report number {i} says the committee met on day {i} to discuss "
            f"topic {i * 7} in detail, with {i} members present and votes cast.",
        )
        for i in range(n)
    ]


def test_copies_point_to_first_copy_and_nothing_is_dropped():
    with Storyline("memory://") as tracker:
        report = tracker.ingest(
            [
                Article(id="w1", text=WIRE),
                Article(id="w2", title="Streik in Hamburg", text=WIRE + "\nAnzeige\n+"),
                Article(id="w3", text=WIRE + " Der Senat rief zur Einigung auf."),
            ]
        )
        stored = {s.article.id: s.duplicate_of for s in tracker.stored()}
    assert (report.stored, report.duplicates) == (3, 2)
    assert stored == {"w1": None, "w2": "w1", "w3": "w1"}


def test_copy_detection_survives_a_new_session(tmp_path):
    db = tmp_path / "s.db"
    with Storyline(db) as tracker:
        tracker.ingest([Article(id="w1", text=WIRE)])
    with Storyline(db) as tracker:
        report = tracker.ingest([Article(id="w1", text=WIRE), Article(id="w2", text=WIRE + " Ende.")])
        assert (report.already_stored, report.stored, report.duplicates) == (1, 1, 1)
        assert tracker.store.get("w2").duplicate_of == "w1"


def test_rejections_are_reported_and_the_rest_is_stored():
    records = [
        Article(id="ok", text=WIRE),
        Rejected("in.jsonl", 2, "malformed JSON"),
        Article(id="chrome-only", text="Anzeige\n+\nTeilen Twittern E-Mail"),
        Article(id="ok", text=WIRE),
    ]
    with Storyline("memory://") as tracker:
        report = tracker.ingest(records)
    assert (report.read, report.stored, report.already_stored) == (4, 1, 1)
    assert [(r.source, r.reason) for r in report.rejected][0] == ("in.jsonl", "malformed JSON")
    assert report.rejected[1].record_id == "chrome-only"


def test_parallel_workers_give_the_same_result_as_inline():
    articles = _articles(300) + [Article(id="copy", text=_articles(1)[0].text + " Update.")]
    for events in (False, True):
        results = []
        for workers in (1, 2):
            store = open_store("memory://")
            with Pipeline(store, Options(workers=workers, batch_size=100, events=events)) as pipeline:
                pipeline.ingest(articles)
            results.append([(s.article.id, s.article.lang, s.duplicate_of, s.event, s.story) for s in store.articles()])
        assert results[0] == results[1]
        assert len(results[0]) == 301 and results[0][-1][:3] == ("copy", "en", "n0")
        if events:  # the copy is in its original's event and story, and has its original's features
            assert results[0][-1][3:] == results[0][0][3:]
            features = {stored.article.id: data for stored, data in store.members(event=results[0][0][3])}
            assert features["copy"] == features["n0"] and features["copy"]["terms"]


def _stories(store):
    return [(s.article.id, s.event, s.story) for s in store.articles()]


def test_engine_replays_what_came_after_its_last_snapshot(tmp_path, monkeypatch):
    topics = ["harbour strike pay dockers", "satellite launch orbit rocket", "court verdict fraud bank chief"]
    articles = [
        Article(
            id=f"r{i}",
            text=f"LONDON – Report {i}: the {topics[i % 3]} story continued on day {i} with new "
            f"statements from officials and reactions from {i % 7} groups.",
            published=f"2025-03-{1 + i // 10:02d}",
            published_precision="day",
        )
        for i in range(120)
    ]
    for i in range(5, 120, 10):  # copies, placed without features of their own (replayed as such)
        articles[i] = Article(
            id=f"r{i}",
            text=articles[i - 1].text + " Update.",
            published=articles[i].published,
            published_precision="day",
        )
    options = Options(batch_size=20, workers=1)
    clean_store = open_store(tmp_path / "clean.db")
    with Pipeline(clean_store, options) as pipeline:
        pipeline.ingest(articles)

    store = open_store(tmp_path / "crashed.db")
    with Pipeline(store, options) as pipeline:
        pipeline.ingest(articles[:40])  # ends with a snapshot after 40 articles
    write = Pipeline._write
    monkeypatch.setattr(
        Pipeline, "_write", lambda self, batch, assignments, snapshot: write(self, batch, assignments, False)
    )
    with Pipeline(store, options) as pipeline:
        pipeline.ingest(articles[40:80])  # "crashes" before its snapshot
    monkeypatch.undo()
    assert store.engine_state()[0] == 40
    with Pipeline(store, options) as pipeline:
        pipeline.ingest(articles[80:])  # replays 40..80 from stored features, then goes on
    assert _stories(store) == _stories(clean_store)
    assert sum(1 for s in store.articles() if s.duplicate_of) == 12


def test_a_long_lived_pipeline_snapshots_on_a_timer_not_after_every_ingest(tmp_path, monkeypatch):
    articles = [
        Article(id=f"w{i}", text=f"HALDEN – Dock workers at berth {i} joined the strike over pay on day {i}.")
        for i in range(60)
    ]
    clock = [1000.0]
    monkeypatch.setattr("storyline.pipeline.time.monotonic", lambda: clock[0])
    store = open_store(tmp_path / "watch.db")
    options = Options(batch_size=10, workers=1, checkpoint_every=1000, checkpoint_seconds=60)
    with Pipeline(store, options) as pipeline:
        pipeline.ingest(articles[:20])  # a pipeline's first ingest ends with a snapshot
        assert store.engine_state()[0] == 20
        clock[0] += 30
        pipeline.ingest(articles[20:40])  # a poll 30 s later: none is due
        assert store.engine_state()[0] == 20
        clock[0] += 31
        pipeline.ingest(articles[40:50])  # 61 s after the last one: due
        assert store.engine_state()[0] == 50
        clock[0] += 1
        pipeline.ingest(articles[50:])
    assert store.engine_state()[0] == 50
    # what the last snapshot lacks is replayed from stored features: the same groups as one ingest
    with Pipeline(store, options) as pipeline:
        pipeline.ingest([Article(id="late", text=articles[0].text + " Talks resumed.")])
    one_go = open_store("memory://")
    with Pipeline(one_go, options) as pipeline:
        pipeline.ingest([*articles, Article(id="late", text=articles[0].text + " Talks resumed.")])
    assert _stories(store) == _stories(one_go)


def test_a_snapshot_from_another_version_is_replaced_by_a_replay(tmp_path):
    articles = [
        Article(
            id=f"v{i}",
            text=f"PARIS – Le conseil a voté mardi la mesure numéro {i} sur les transports "
            f"publics, après un débat de {i} heures.",
        )
        for i in range(30)
    ]
    store = open_store(tmp_path / "s.db")
    with Pipeline(store, Options(batch_size=10)) as pipeline:
        pipeline.ingest(articles[:20])
    before = _stories(store)
    store._db.execute("UPDATE engine_state SET state = ?", (b"not a pickle",))
    with Pipeline(store, Options(batch_size=10)) as pipeline:
        pipeline.ingest(articles[20:])
    assert _stories(store)[:20] == before and all(event and story for _, event, story in _stories(store))


def test_an_id_repeated_with_another_text_is_rejected_and_the_first_kept(tmp_path):
    db = tmp_path / "s.db"
    first = Article(id="w1", text=WIRE, meta={"path": "a.jsonl", "line": 1})
    changed = Article(id="w1", text=WIRE + " Ein neuer Satz.", meta={"path": "a.jsonl", "line": 2})
    retitled = Article(id="w1", title="Neu", text=WIRE, meta={"path": "b.jsonl", "line": 7})
    respaced = Article(id="w1", text=WIRE.replace(" ", "  "), meta={"path": "c.jsonl", "line": 3})
    with Storyline(db) as tracker:
        report = tracker.ingest([first, first, changed])  # within one input
        assert (report.stored, report.already_stored, len(report.rejected)) == (1, 1, 1)
        bad = report.rejected[0]
        assert (bad.source, bad.line, bad.record_id) == ("a.jsonl", 2, "w1")
        assert "another title or text" in bad.reason and "first one is kept" in bad.reason
    with Storyline(db) as tracker:  # against the store, in a later run
        report = tracker.ingest([retitled, respaced])
        assert (report.stored, report.already_stored) == (0, 1)  # whitespace alone is no other text
        assert [(r.source, r.line) for r in report.rejected] == [("b.jsonl", 7)]
        assert tracker.store.get("w1").article.text == WIRE


def test_a_pipeline_that_lives_on_sees_what_another_writer_stored(tmp_path):
    db = tmp_path / "s.db"
    texts = _articles(9)
    with Storyline(db, Options(workers=1)) as one, Storyline(db, Options(workers=1)) as two:
        one.ingest(texts[:3])
        two.ingest(texts[3:6])  # meanwhile, another writer
        one.ingest(texts[6:])  # must not hand out the ids the other one took
        stored = {s.article.id: (s.event, s.story) for s in one.stored()}
    with Storyline(tmp_path / "sequential.db", Options(workers=1)) as alone:
        for part in (texts[:3], texts[3:6], texts[6:]):
            alone.ingest(part)
        assert stored == {s.article.id: (s.event, s.story) for s in alone.stored()}


def test_too_few_letters_after_cleaning_is_a_headline_or_a_rejection():
    from storyline import analyze

    options = Options()
    kept = analyze(Article(id="h", title="Stadtrat beschließt den neuen Haushalt", text="OK"), options)
    assert kept.article.text == "Stadtrat beschließt den neuen Haushalt" and kept.article.meta["headline_only"]
    rejected = analyze(Article(id="r", text="OK", meta={"path": "in.txt"}), options)
    assert isinstance(rejected, Rejected) and (rejected.source, rejected.record_id) == ("in.txt", "r")
    assert rejected.reason == "only 2 letters; at least 3 needed after removing page chrome"
