import pickle

from storyline.dedup import CopyDetector, signature
from storyline.options import Options

WIRE = (
    "Die Beschäftigten der Hamburger Verkehrsbetriebe legen am Dienstag für 24 Stunden die Arbeit nieder. "
    "Die Gewerkschaft fordert acht Prozent mehr Lohn und eine kürzere Wochenarbeitszeit. Der Arbeitgeber nannte "
    "die Forderungen überzogen und verwies auf die angespannte Finanzlage. Pendler müssen mit erheblichen "
    "Einschränkungen rechnen, auch Schulbusse fahren nicht. Die nächste Verhandlungsrunde ist für Ende März geplant."
)
COPY = WIRE.replace("Die nächste Verhandlungsrunde ist für Ende März geplant.", "") + " Das meldete die Agentur."
OTHER = (
    "Der Stadtrat hat am Dienstag den Neubau der Grundschule beschlossen. Die Kosten liegen bei zwölf Millionen Euro. "
    "Baubeginn soll im Herbst sein, die Eröffnung ist für das Schuljahr 2027 geplant."
)


def test_copy_points_to_first_copy_and_others_do_not():
    options = Options()
    detector = CopyDetector(options)
    assert detector.predict_one(signature(WIRE, options)) is None
    detector.learn_one("first", signature(WIRE, options))
    detector.learn_one("second", signature(COPY, options))
    assert detector.predict_one(signature(COPY, options)) == "first"
    assert detector.predict_one(signature(OTHER, options)) is None


def test_a_copy_of_a_copy_points_to_the_first_copy():
    # "middle" copied "first" (as the store recorded); a copy of "middle" that is no longer
    # similar enough to "first" itself still names "first", the first copy.
    options = Options()
    detector = CopyDetector(options)
    detector.learn_one("first", signature(OTHER, options))
    detector.learn_one("middle", signature(WIRE, options), duplicate_of="first")
    assert detector.predict_one(signature(COPY, options)) == "first"


def test_signature_is_deterministic_across_processes():
    options = Options()
    assert signature(WIRE, options) == signature(WIRE, options)
    assert len(signature(WIRE, options)) == 4 * options.num_perm
    assert pickle.loads(pickle.dumps(options)) == options


def test_memory_is_bounded():
    options = Options(dedup_memory=3)
    detector = CopyDetector(options)
    for i in range(5):
        detector.learn_one(f"a{i}", signature(f"{OTHER} Nummer {i} " * (i + 1), options))
    assert "a0" not in detector and "a4" in detector
    assert "remembered=3" in repr(detector)


def test_signature_holds_the_values_of_datasketchs_minhash():
    # The signature is computed in numpy, but must stay datasketch's MinHash of the shingle
    # hashes: stores written before hold signatures made with MinHash.update_batch.
    from datasketch import MinHash

    from storyline.dedup import shingle_hashes

    options = Options()
    for text in (WIRE, COPY, OTHER, "", "ein Wort", " ".join(f"w{i}" for i in range(10_000))):
        minhash = MinHash(num_perm=options.num_perm, seed=1, hashfunc=lambda value: value, scheme="affine32")
        minhash.update_batch(shingle_hashes(text, options.shingle_words).tolist())
        assert signature(text, options) == minhash.hashvalues.astype("<u4").tobytes()
