"""KNearestNeighbor against brute-force distances and a hand-counted vote; its checks."""

from collections import Counter

import numpy as np
import pytest

from cs231n.classifiers import KNearestNeighbor
from grading import core, refs


def brute_force(X, X_train):
    """Euclidean distances by plain Python arithmetic, element by element."""
    out = np.zeros((X.shape[0], X_train.shape[0]))
    for i, a in enumerate(X.tolist()):
        for j, b in enumerate(X_train.tolist()):
            out[i, j] = sum((u - v) ** 2 for u, v in zip(a, b)) ** 0.5
    return out


def vote(labels):
    """Most common label; the smallest one among those tied."""
    counts = Counter(labels)
    best = max(counts.values())
    return min(lab for lab, n in counts.items() if n == best)


@pytest.fixture
def fitted():
    rng = np.random.RandomState(0)
    X_train = rng.randint(0, 256, size=(25, 12)).astype(np.float64)
    y_train = rng.randint(4, size=25)
    knn = KNearestNeighbor()
    knn.train(X_train, y_train)
    X = rng.randn(6, 12) * 50 + 128
    return knn, X_train, y_train, X


@pytest.mark.parametrize("method", ["compute_distances_two_loops", "compute_distances_one_loop",
                                    "compute_distances_no_loops"])
def test_distances_match_brute_force(fitted, method):
    knn, X_train, _, X = fitted
    dists = getattr(knn, method)(X)
    assert dists.shape == (6, 25)
    np.testing.assert_allclose(dists, brute_force(X, X_train), rtol=1e-10, atol=1e-8)


@pytest.mark.parametrize("method", ["compute_distances_two_loops", "compute_distances_one_loop",
                                    "compute_distances_no_loops"])
def test_single_test_point(fitted, method):
    knn, X_train, _, X = fitted
    dists = getattr(knn, method)(X[:1])
    assert dists.shape == (1, 25)
    np.testing.assert_allclose(dists, brute_force(X[:1], X_train), rtol=1e-10, atol=1e-8)


def test_no_loops_never_negative_or_nan_for_duplicates():
    rng = np.random.RandomState(3)
    X_train = rng.randn(30, 100) * 1e3 + 1e4  # large norms: the expansion cancels badly
    knn = KNearestNeighbor()
    knn.train(X_train, np.zeros(30, dtype=int))
    dists = knn.compute_distances_no_loops(X_train[:5])
    assert np.all(np.isfinite(dists)) and np.all(dists >= 0)
    assert np.all(np.diag(dists) < 1e-3 * dists[:, 5:].min())


def test_distances_accept_integer_pixels():
    X_train = np.array([[0, 0], [3, 4]], dtype=np.uint8)
    knn = KNearestNeighbor()
    knn.train(X_train, np.array([0, 1]))
    X = np.array([[0, 0]], dtype=np.uint8)
    for method in ("two_loops", "one_loop", "no_loops"):
        np.testing.assert_allclose(getattr(knn, f"compute_distances_{method}")(X), [[0, 5]])


@pytest.mark.parametrize("k", [1, 2, 3, 4, 7, 25])
def test_predict_labels_matches_hand_vote(fitted, k):
    knn, _, y_train, _ = fitted
    dists = np.random.RandomState(k).rand(40, 25)
    expected = [vote(y_train[np.argsort(row)[:k]].tolist()) for row in dists]
    np.testing.assert_array_equal(knn.predict_labels(dists, k=k), expected)


def test_ties_go_to_the_smaller_label():
    knn = KNearestNeighbor()
    knn.train(np.zeros((6, 1)), np.array([5, 2, 2, 5, 0, 9]))
    dists = np.array([[0.1, 0.2, 0.3, 0.4, 0.9, 0.9],   # {5, 2, 2, 5} -> 2
                      [0.4, 0.9, 0.9, 0.3, 0.1, 0.2],   # {5, 5, 0, 9} -> 5
                      [0.9, 0.9, 0.9, 0.9, 0.1, 0.2]])  # {0, 9}        -> 0
    np.testing.assert_array_equal(knn.predict_labels(dists, k=4)[:2], [2, 5])
    np.testing.assert_array_equal(knn.predict_labels(dists[2:], k=2), [0])


def test_predict_dispatches_to_every_version(fitted):
    knn, _, _, X = fitted
    preds = [knn.predict(X, k=3, num_loops=n) for n in (0, 1, 2)]
    assert preds[0].shape == (6,)
    np.testing.assert_array_equal(preds[0], preds[1])
    np.testing.assert_array_equal(preds[0], preds[2])


def test_k1_on_training_points_returns_their_labels(fitted):
    knn, X_train, y_train, _ = fitted
    np.testing.assert_array_equal(knn.predict(X_train, k=1), y_train)


@pytest.mark.parametrize("num_loops", [3, -1, "0", None])
def test_bad_num_loops(fitted, num_loops):
    knn, _, _, X = fitted
    with pytest.raises(ValueError, match="num_loops"):
        knn.predict(X, num_loops=num_loops)


@pytest.mark.parametrize("k", [26, 100])
def test_k_larger_than_training_set(fitted, k):
    knn, _, _, X = fitted
    with pytest.raises(ValueError, match="larger than the training set"):
        knn.predict(X, k=k)


@pytest.mark.parametrize("k", [0, -2, 1.5])
def test_k_not_a_positive_integer(fitted, k):
    knn, _, _, X = fitted
    with pytest.raises(ValueError, match="positive integer"):
        knn.predict(X, k=k)


@pytest.mark.parametrize("num_loops", [0, 1, 2])
def test_test_points_must_match_training_dimension(fitted, num_loops):
    knn, _, _, X = fitted
    with pytest.raises(ValueError, match=r"shape \(num_test, 12\)"):
        knn.predict(X[:, :5], num_loops=num_loops)
    with pytest.raises(ValueError, match="shape"):
        knn.predict(X[0], num_loops=num_loops)


def test_train_rejects_mismatched_labels():
    with pytest.raises(ValueError, match="y must have shape"):
        KNearestNeighbor().train(np.zeros((4, 3)), np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match="num_train, D"):
        KNearestNeighbor().train(np.zeros((4, 3, 2)), np.zeros(4, dtype=int))


def test_predict_before_train():
    with pytest.raises(ValueError, match="train"):
        KNearestNeighbor().predict(np.zeros((2, 3)))


def test_predict_labels_rejects_wrong_dists_shape(fitted):
    knn = fitted[0]
    with pytest.raises(ValueError, match=r"dists must have shape \(num_test, 25\)"):
        knn.predict_labels(np.zeros((3, 24)))


CHECKS = core.select("knn")



def test_every_student_function_has_a_check():
    targets = {t for c in CHECKS for t in c.targets}
    for m in ("compute_distances_two_loops", "compute_distances_one_loop",
              "compute_distances_no_loops", "predict_labels"):
        assert f"classifiers.k_nearest_neighbor.KNearestNeighbor.{m}" in targets, m


def test_refs_are_fresh():
    assert refs.stale("knn") == []


def test_benchmark_row_runs_in_quick_mode():
    from benchmarks import core as bench
    from benchmarks import knn  # noqa: F401 - registers the row

    name = next(n for n in bench.BENCHMARKS if n.startswith("kNN distances"))
    rows = {r.implementation: r for r in bench.run(name, quick=True)}
    assert set(rows) == {"GEMM floor", "two loops (timed once)", "one loop (timed once)",
                         "no loops"}
    assert rows["GEMM floor"].ratio == 1.0 and all(r.seconds > 0 for r in rows.values())
