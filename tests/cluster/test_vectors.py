import math

from storyline.cluster.vectors import DocumentFrequencies, add_into, cosine, dot, inverse_norm, normalized, truncated


def test_idf_is_smoothed_and_ranks_rare_keys_higher():
    df = DocumentFrequencies(prior=20)
    assert df.idf("anything") == math.log(21)
    for _ in range(10):
        df.learn_one({"common": 1})
    df.learn_one({"rare": 1, "common": 1})
    assert df.idf("rare") > df.idf("common") > 0


def test_weigh_normalises_and_keeps_top_keys():
    df = DocumentFrequencies()
    vector = df.weigh({"a": 3, "b": 1, "c": 1}, top=2)
    assert len(vector) == 2 and "a" in vector
    assert math.isclose(sum(v * v for v in vector.values()), 1.0)


def test_cosine_and_helpers():
    a, b = normalized({"x": 1.0, "y": 1.0}), normalized({"x": 1.0})
    assert math.isclose(cosine(a, b), 1 / math.sqrt(2))
    assert cosine(a, {}) == 0.0 and normalized({}) == {}
    total = {"x": 1.0}
    add_into(total, {"x": 1.0, "z": 2.0}, weight=0.5)
    assert total == {"x": 1.5, "z": 1.0}
    assert truncated({"a": 3.0, "b": 1.0, "c": 2.0}, 2) == {"a": 3.0, "c": 2.0}


def test_prune_keeps_the_most_frequent_half():
    df = DocumentFrequencies()
    for i in range(10):
        df.learn_one({f"k{j}": 1 for j in range(i + 1)})  # k0 in 10 documents ... k9 in 1
    df.prune(keep=4)
    assert df.count("k0") == 10 and df.count("k1") == 9 and df.count("k9") == 0


def test_weighing_in_numpy_matches_the_dict_path():
    df = DocumentFrequencies()
    for i in range(30):
        df.learn_one({f"k{j}": 1 for j in range(i % 7, 60, 3)})
    counts = {f"k{j}": 1 + j % 4 for j in range(80)}  # past the numpy threshold
    fast = df.weigh(counts, top=50)
    slow = normalized(truncated({k: (1 + math.log(c)) * df.idf(k) for k, c in counts.items()}, 50))
    assert list(fast) == list(slow)
    assert all(math.isclose(fast[k], slow[k], rel_tol=1e-12) for k in slow)


def test_dot_and_inverse_norm_give_the_cosine_of_raw_sums():
    a, b = {"x": 3.0, "y": 4.0}, {"x": 1.0}
    assert inverse_norm(a) == 0.2 and inverse_norm({}) == 0.0
    assert math.isclose(dot(a, b) * inverse_norm(a) * inverse_norm(b), cosine(normalized(a), normalized(b)))
