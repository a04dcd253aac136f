"""SVM and softmax losses on the course's 500-example dev set (3073 features, 10 classes).

Baseline: the naive (looped) loss. Against it: the vectorized loss, the single
GEMM X @ W it contains, and both GEMMs any vectorized loss must do (the scores
X @ W and the gradient's G.T @ X, with G of the scores' shape). That last row
is the floor: no implementation that computes the loss and the gradient can
beat it, so naive time / both-GEMMs time is the largest speed-up this machine
allows. Targets: the vectorized loss at least 30x faster than the naive one
and within 3x of the GEMM. Ratios are to the naive version, so the vectorized
row should read at most 1/30 = 0.033. Quick mode: 100 examples.
"""

import numpy as np

from benchmarks.core import benchmark


def _dev(num_dev: int):
    """Mean-subtracted CIFAR-10 rows with a bias column, as in the notebooks; W = 1e-4 randn."""
    try:
        from cs231n.data.cifar import load_CIFAR_batch
        from cs231n.data.paths import dataset_dir

        X, y = load_CIFAR_batch(dataset_dir("cifar10") / "data_batch_1")
        X = X.reshape(X.shape[0], -1)
        X -= X.mean(axis=0)
        rng = np.random.default_rng(0)
        idx = rng.choice(X.shape[0], num_dev, replace=False)
        X, y = X[idx], y[idx]
    except (FileNotFoundError, OSError):
        rng = np.random.default_rng(0)
        X, y = rng.normal(0, 60, size=(num_dev, 3072)), rng.integers(0, 10, size=num_dev)
    X = np.hstack([X, np.ones((num_dev, 1))])
    W = np.random.default_rng(1).standard_normal((3073, 10)) * 1e-4
    return W, X, y


def _rows(naive, vectorized, quick):
    W, X, y = _dev(100 if quick else 500)
    G = np.random.default_rng(2).standard_normal((X.shape[0], W.shape[1]))
    return {
        "naive": (lambda: naive(W, X, y, 5e-6), 3),
        "vectorized": (lambda: vectorized(W, X, y, 5e-6), 20),
        "GEMM X @ W": (lambda: X @ W, 20),
        "both GEMMs (floor)": (lambda: (X @ W, G.T @ X), 20),
    }


@benchmark("svm loss 500 dev (quick: 100)", baseline="naive")
def svm_loss(quick):
    from cs231n.classifiers.linear_svm import svm_loss_naive, svm_loss_vectorized

    return _rows(svm_loss_naive, svm_loss_vectorized, quick)


@benchmark("softmax loss 500 dev (quick: 100)", baseline="naive")
def softmax_loss(quick):
    from cs231n.classifiers.softmax import softmax_loss_naive, softmax_loss_vectorized

    return _rows(softmax_loss_naive, softmax_loss_vectorized, quick)
