"""Hidden checks of svm: the hinge loss and its gradient on fresh problems.

Left out of the student release; the grader draws the seed at grading time.
"""

import numpy as np

from grading.core import Close, check

Q = "svm"
SVM = "classifiers.linear_svm"


def _problem(rng):
    N, D, C = rng.randint(3, 40), rng.randint(2, 20), rng.randint(2, 11)
    return rng.randn(D, C) * 0.3, rng.randn(N, D), rng.randint(C, size=N), float(rng.rand())


def _loss(cs, rng, fn):
    W, X, y, reg = _problem(rng)
    loss, dW = getattr(cs.classifiers.linear_svm, fn)(W, X, y, reg)
    return {"loss": np.asarray(loss, dtype=np.float64), "dW": dW}


@check(Q, points=2, targets=[f"{SVM}.svm_loss_naive"],
       compare=[Close("loss", 1e-9), Close("dW", 1e-8)], hidden=True, timeout=30)
def hidden_svm_loss_naive(cs, rng):
    """svm_loss_naive: loss and gradient on a fresh problem with a fresh reg."""
    return _loss(cs, rng, "svm_loss_naive")


@check(Q, points=2, targets=[f"{SVM}.svm_loss_vectorized"],
       compare=[Close("loss", 1e-9), Close("dW", 1e-8)], hidden=True, timeout=30)
def hidden_svm_loss_vectorized(cs, rng):
    """svm_loss_vectorized: loss and gradient on a fresh problem with a fresh reg."""
    return _loss(cs, rng, "svm_loss_vectorized")
