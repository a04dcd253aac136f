"""Hidden checks of knn: distances and the vote on fresh sizes and values.

Left out of the student release; the grader draws the seed at grading time.
"""

import numpy as np

from grading.core import Close, Equal, check

Q = "knn"
KNN = "classifiers.k_nearest_neighbor.KNearestNeighbor"


def _data(rng):
    num_train, num_test, dim = rng.randint(5, 60), rng.randint(1, 25), rng.randint(2, 50)
    X_train = rng.randint(0, 256, size=(num_train, dim)).astype(np.float64)
    X = rng.randint(0, 256, size=(num_test, dim)).astype(np.float64)
    return X_train, rng.randint(rng.randint(2, 10), size=num_train), X


def _distances(cs, rng, method):
    X_train, y_train, X = _data(rng)
    knn = cs.classifiers.KNearestNeighbor()
    knn.train(X_train, y_train)
    return {"dists": getattr(knn, method)(X)}


@check(Q, points=2, targets=[f"{KNN}.compute_distances_two_loops"],
       compare=[Close("dists", 1e-9)], hidden=True, timeout=30)
def hidden_distances_two_loops(cs, rng):
    """Two-loop distances on fresh sizes."""
    return _distances(cs, rng, "compute_distances_two_loops")


@check(Q, points=1, targets=[f"{KNN}.compute_distances_one_loop"],
       compare=[Close("dists", 1e-9)], hidden=True, timeout=30)
def hidden_distances_one_loop(cs, rng):
    """One-loop distances on fresh sizes."""
    return _distances(cs, rng, "compute_distances_one_loop")


@check(Q, points=2, targets=[f"{KNN}.compute_distances_no_loops"],
       compare=[Close("dists", 1e-8)], hidden=True, timeout=30)
def hidden_distances_no_loops(cs, rng):
    """No-loop distances on fresh sizes."""
    return _distances(cs, rng, "compute_distances_no_loops")


@check(Q, points=2, targets=[f"{KNN}.predict_labels"], compare=[Equal("pred")], hidden=True,
       timeout=30)
def hidden_predict_labels(cs, rng):
    """The vote on a fresh distance matrix with a fresh k."""
    num_train = rng.randint(10, 60)
    knn = cs.classifiers.KNearestNeighbor()
    knn.train(rng.randn(num_train, 3), rng.randint(rng.randint(2, 8), size=num_train))
    k = int(rng.randint(1, 10))
    return {"pred": knn.predict_labels(rng.rand(rng.randint(1, 30), num_train), k=k)}
