"""Checks of assignment1/knn.ipynb: the three distance versions and the vote."""

import numpy as np

from grading.core import Agree, Close, Equal, check

Q = "knn"
KNN = "classifiers.k_nearest_neighbor.KNearestNeighbor"


def _pixels(rng, n, d):
    """Integer pixel-like values in [0, 255], as float64 (what CIFAR rows look like)."""
    return rng.randint(0, 256, size=(n, d)).astype(np.float64)


def _direct(X, X_train):
    """The grader's own distances: broadcast difference, squared, summed, square root."""
    return np.sqrt(((X[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=2))


def _fitted(cs, rng, num_train=40, dim=30, num_classes=5):
    X_train = _pixels(rng, num_train, dim)
    y_train = rng.randint(num_classes, size=num_train)
    knn = cs.classifiers.KNearestNeighbor()
    knn.train(X_train, y_train)
    return knn, X_train, y_train


@check(Q, points=2, targets=[f"{KNN}.compute_distances_two_loops"],
       compare=[Close("dists", 1e-9), Agree("dists", "dists_direct", 1e-9)])
def distances_two_loops(cs, rng):
    """Two-loop distances of 8 test points to 40 training points in 30-d."""
    knn, X_train, _ = _fitted(cs, rng)
    X = _pixels(rng, 8, X_train.shape[1])
    return {"dists": knn.compute_distances_two_loops(X), "dists_direct": _direct(X, X_train)}


@check(Q, points=1, targets=[f"{KNN}.compute_distances_one_loop"],
       compare=[Close("dists", 1e-9), Agree("dists", "dists_direct", 1e-9)])
def distances_one_loop(cs, rng):
    """One-loop distances of 8 test points to 40 training points in 30-d."""
    knn, X_train, _ = _fitted(cs, rng)
    X = _pixels(rng, 8, X_train.shape[1])
    return {"dists": knn.compute_distances_one_loop(X), "dists_direct": _direct(X, X_train)}


@check(Q, points=2, targets=[f"{KNN}.compute_distances_no_loops"],
       compare=[Close("dists", 1e-9), Agree("dists", "dists_direct", 1e-8)])
def distances_no_loops(cs, rng):
    """No-loop distances of 8 test points to 40 training points in 30-d."""
    knn, X_train, _ = _fitted(cs, rng)
    X = _pixels(rng, 8, X_train.shape[1])
    return {"dists": knn.compute_distances_no_loops(X), "dists_direct": _direct(X, X_train)}


@check(Q, points=1, targets=[f"{KNN}.compute_distances_no_loops",
                             f"{KNN}.compute_distances_two_loops"],
       compare=[Agree("no_loops", "two_loops", 1e-8), Agree("one_loop", "two_loops", 1e-9)])
def distances_agree(cs, rng):
    """The three versions agree on 20 test points and 60 training points in 48-d."""
    knn, X_train, _ = _fitted(cs, rng, num_train=60, dim=48)
    X = _pixels(rng, 20, X_train.shape[1])
    return {"no_loops": knn.compute_distances_no_loops(X),
            "one_loop": knn.compute_distances_one_loop(X),
            "two_loops": knn.compute_distances_two_loops(X)}


@check(Q, points=1, targets=[f"{KNN}.compute_distances_no_loops"],
       compare=[Close("dists", 1e-9), Agree("dists", "dists_direct", 1e-8), Equal("pred")])
def single_test_point(cs, rng):
    """A single test point, shape (1, D): distances of shape (1, num_train), one label."""
    knn, X_train, _ = _fitted(cs, rng)
    X = _pixels(rng, 1, X_train.shape[1])
    return {"dists": knn.compute_distances_no_loops(X), "dists_direct": _direct(X, X_train),
            "pred": knn.predict(X, k=3)}


@check(Q, points=2, targets=[f"{KNN}.predict_labels"],
       compare=[Equal("k1"), Equal("k3"), Equal("k7")])
def predict_labels(cs, rng):
    """The vote on a random (30, 50) distance matrix with k = 1, 3 and 7."""
    num_train = 50
    knn = cs.classifiers.KNearestNeighbor()
    knn.train(rng.randn(num_train, 4), rng.randint(6, size=num_train))
    dists = rng.rand(30, num_train)  # distinct values, so the k nearest are well defined
    return {f"k{k}": knn.predict_labels(dists, k=k) for k in (1, 3, 7)}


@check(Q, points=1, targets=[f"{KNN}.predict_labels"],
       compare=[Equal("fixed"), Equal("random")])
def predict_labels_ties(cs, rng):
    """Ties in the vote go to the smaller label."""
    knn = cs.classifiers.KNearestNeighbor()
    # Training labels 3, 1, 2, 0; every row ties two labels among its 2 or 4 nearest.
    knn.train(np.zeros((4, 2)), np.array([3, 1, 2, 0]))
    dists = np.array([[0.1, 0.2, 0.9, 0.8],    # k=2: labels {3, 1}      -> 1
                      [0.5, 0.9, 0.1, 0.2],    # k=2: labels {2, 0}      -> 0
                      [0.7, 0.3, 0.4, 0.9]])   # k=2: labels {1, 2}      -> 1
    fixed = knn.predict_labels(dists, k=2)
    # Random ties: 4 neighbours drawn from two labels each, two of each.
    num_train = 40
    y_train = rng.randint(8, size=num_train)
    knn.train(np.zeros((num_train, 2)), y_train)
    rows = []
    for _ in range(25):
        a, b = rng.choice(8, 2, replace=False)
        pool_a = np.flatnonzero(y_train == a)
        pool_b = np.flatnonzero(y_train == b)
        row = 1.0 + rng.rand(num_train)  # everything else is farther than 1
        if len(pool_a) >= 2 and len(pool_b) >= 2:
            near = np.r_[rng.choice(pool_a, 2, replace=False), rng.choice(pool_b, 2, replace=False)]
            row[near] = rng.rand(4) * 0.5
        rows.append(row)
    return {"fixed": fixed, "random": knn.predict_labels(np.array(rows), k=4)}


@check(Q, points=1, targets=[f"{KNN}.compute_distances_no_loops", f"{KNN}.predict_labels"],
       compare=[Equal("k1"), Equal("k5"), Equal("k5_two_loops")])
def predict_end_to_end(cs, rng):
    """predict() with k = 1 and k = 5 through the no-loop and two-loop distances."""
    centers = rng.randn(4, 12) * 4
    y_train = rng.randint(4, size=60)
    knn = cs.classifiers.KNearestNeighbor()
    knn.train(centers[y_train] + rng.randn(60, 12), y_train)
    X = centers[rng.randint(4, size=15)] + rng.randn(15, 12)
    return {"k1": knn.predict(X, k=1), "k5": knn.predict(X, k=5),
            "k5_two_loops": knn.predict(X, k=5, num_loops=2)}
