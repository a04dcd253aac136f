"""kNN distances at the course's size: 500 test x 5000 training images x 3072 pixels.

Baseline: the GEMM floor, the one float64 matrix multiply X @ X_train.T that
the no-loop version is built on. Against it: the three versions students
write. The two-loop and one-loop versions take tens of seconds at full size,
so they are timed once (no warm-up, no repeats); the GEMM and no-loop rows are
the best of three. Targets: no loops at least 100x faster than two loops and
within 1.5x of the floor. Quick mode: 50 x 500.
"""

import numpy as np

from benchmarks.core import benchmark


def _cifar(num_train: int, num_test: int):
    """The first CIFAR-10 training and test rows, flattened; random pixels without data."""
    try:
        from cs231n.data.cifar import load_CIFAR_batch
        from cs231n.data.paths import dataset_dir

        root = dataset_dir("cifar10")
        X_train = load_CIFAR_batch(root / "data_batch_1")[0][:num_train]
        X_test = load_CIFAR_batch(root / "test_batch")[0][:num_test]
    except (FileNotFoundError, OSError):
        rng = np.random.default_rng(0)
        X_train = rng.integers(0, 256, size=(num_train, 32, 32, 3)).astype(np.float64)
        X_test = rng.integers(0, 256, size=(num_test, 32, 32, 3)).astype(np.float64)
    return X_train.reshape(num_train, -1), X_test.reshape(num_test, -1)


@benchmark("kNN distances 500x5000x3072 (quick: 50x500)", baseline="GEMM floor")
def knn_distances(quick):
    from cs231n.classifiers import KNearestNeighbor

    num_test, num_train = (50, 500) if quick else (500, 5000)
    X_train, X_test = _cifar(num_train, num_test)
    knn = KNearestNeighbor()
    knn.train(X_train, np.zeros(num_train, dtype=np.int64))
    return {
        "GEMM floor": lambda: X_test @ knn.X_train.T,
        "two loops (timed once)": (lambda: knn.compute_distances_two_loops(X_test), 1),
        "one loop (timed once)": (lambda: knn.compute_distances_one_loop(X_test), 1),
        "no loops": lambda: knn.compute_distances_no_loops(X_test),
    }
