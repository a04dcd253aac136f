"""Hidden checks of softmax: the softmax loss and its gradient on fresh problems.

Left out of the student release; the grader draws the seed at grading time.
"""

import numpy as np

from grading.core import Close, check

Q = "softmax"
SM = "classifiers.softmax"


def _problem(rng):
    N, D, C = rng.randint(3, 40), rng.randint(2, 20), rng.randint(2, 11)
    scale = float(10.0 ** rng.uniform(-3, 0.5))
    return rng.randn(D, C) * scale, rng.randn(N, D), rng.randint(C, size=N), float(rng.rand())


def _loss(cs, rng, fn):
    W, X, y, reg = _problem(rng)
    loss, dW = getattr(cs.classifiers.softmax, fn)(W, X, y, reg)
    return {"loss": np.asarray(loss, dtype=np.float64), "dW": dW}


@check(Q, points=2, targets=[f"{SM}.softmax_loss_naive"],
       compare=[Close("loss", 1e-9), Close("dW", 1e-8)], hidden=True, timeout=30)
def hidden_softmax_loss_naive(cs, rng):
    """softmax_loss_naive: loss and gradient on a fresh problem with a fresh reg."""
    return _loss(cs, rng, "softmax_loss_naive")


@check(Q, points=2, targets=[f"{SM}.softmax_loss_vectorized"],
       compare=[Close("loss", 1e-9), Close("dW", 1e-8)], hidden=True, timeout=30)
def hidden_softmax_loss_vectorized(cs, rng):
    """softmax_loss_vectorized: loss and gradient on a fresh problem with a fresh reg."""
    return _loss(cs, rng, "softmax_loss_vectorized")
