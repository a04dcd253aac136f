"""Checks of assignment1/softmax.ipynb: the softmax loss and its gradient."""

import numpy as np

from grading.checks.svm import blobs
from grading.core import Agree, AtLeast, AtMost, Close, check, numeric_grad

Q = "softmax"
SM = "classifiers.softmax"


def problem(rng, N=16, D=12, C=5, absent=None, scale=0.5):
    """A small float64 problem W (D, C), X (N, D), y (N,); no label equals ``absent``."""
    W = rng.randn(D, C) * scale
    X = rng.randn(N, D)
    labels = [c for c in range(C) if c != absent]
    y = np.asarray(labels)[rng.randint(len(labels), size=N)]
    return W, X, y


def _grad_check(cs, rng, fn, reg, **kw):
    f = getattr(cs.classifiers.softmax, fn)
    W, X, y = problem(rng, **kw)
    loss, dW = f(W, X, y, reg)
    dW_num = numeric_grad(lambda w: f(w, X, y, reg)[0], W.copy())
    return {"loss": loss, "dW": dW, "dW_num": dW_num}


@check(Q, points=2, targets=[f"{SM}.softmax_loss_naive"],
       compare=[Close("loss", 1e-9), Close("loss_reg", 1e-9)])
def loss_naive(cs, rng):
    """softmax_loss_naive's loss on a 16 x 12 problem with 5 classes, reg 0 and 0.1."""
    W, X, y = problem(rng)
    sm = cs.classifiers.softmax
    return {"loss": sm.softmax_loss_naive(W, X, y, 0.0)[0],
            "loss_reg": sm.softmax_loss_naive(W, X, y, 0.1)[0]}


@check(Q, points=1, targets=[f"{SM}.softmax_loss_naive"],
       compare=[AtMost("gap", 1e-3)])
def loss_at_small_weights(cs, rng):
    """With tiny weights every class is equally likely, so the loss is close to log(C)."""
    W, X, y = problem(rng, N=50, D=30, C=10, scale=1e-6)
    loss, _ = cs.classifiers.softmax.softmax_loss_naive(W, X, y, 0.0)
    return {"gap": abs(loss - np.log(10))}


@check(Q, points=2, targets=[f"{SM}.softmax_loss_naive"],
       compare=[Close("dW", 1e-8), Agree("dW", "dW_num", 1e-4)])
def grad_naive(cs, rng):
    """softmax_loss_naive's gradient without regularisation, against a numeric gradient."""
    return _grad_check(cs, rng, "softmax_loss_naive", 0.0)


@check(Q, points=1, targets=[f"{SM}.softmax_loss_naive"],
       compare=[Close("dW", 1e-8), Agree("dW", "dW_num", 1e-4)])
def grad_naive_reg(cs, rng):
    """softmax_loss_naive's gradient with reg = 0.7 (2 * reg * W), against a numeric gradient."""
    return _grad_check(cs, rng, "softmax_loss_naive", 0.7)


@check(Q, points=2, targets=[f"{SM}.softmax_loss_vectorized"],
       compare=[Close("loss", 1e-9), Agree("loss", "loss_naive", 1e-9)])
def loss_vectorized(cs, rng):
    """softmax_loss_vectorized's loss against the reference and the naive loss."""
    W, X, y = problem(rng, N=40)
    sm = cs.classifiers.softmax
    return {"loss": sm.softmax_loss_vectorized(W, X, y, 0.25)[0],
            "loss_naive": sm.softmax_loss_naive(W, X, y, 0.25)[0]}


@check(Q, points=2, targets=[f"{SM}.softmax_loss_vectorized"],
       compare=[Close("dW", 1e-8), Agree("dW", "dW_num", 1e-4)])
def grad_vectorized(cs, rng):
    """softmax_loss_vectorized's gradient with reg = 0.3, against a numeric gradient."""
    return _grad_check(cs, rng, "softmax_loss_vectorized", 0.3)


@check(Q, points=1, targets=[f"{SM}.softmax_loss_naive", f"{SM}.softmax_loss_vectorized"],
       compare=[Agree("loss", "loss_naive", 1e-9), Agree("dW", "dW_naive", 1e-9),
                Agree("dW0", "dW0_naive", 1e-9)])
def naive_agrees_vectorized(cs, rng):
    """Naive and vectorized agree on a 50 x 30 problem, with reg 5e-2 and with reg 0."""
    W, X, y = problem(rng, N=50, D=30, C=7)
    sm = cs.classifiers.softmax
    loss, dW = sm.softmax_loss_vectorized(W, X, y, 5e-2)
    loss_naive, dW_naive = sm.softmax_loss_naive(W, X, y, 5e-2)
    _, dW0 = sm.softmax_loss_vectorized(W, X, y, 0.0)
    _, dW0_naive = sm.softmax_loss_naive(W, X, y, 0.0)
    return {"loss": loss, "loss_naive": loss_naive, "dW": dW, "dW_naive": dW_naive,
            "dW0": dW0, "dW0_naive": dW0_naive}


@check(Q, points=1, targets=[f"{SM}.softmax_loss_vectorized"],
       compare=[Close("loss", 1e-9), Close("dW", 1e-8), Agree("dW", "dW_num", 1e-4)])
def absent_class(cs, rng):
    """A batch in which class 2 never appears: its column still gets gradient."""
    sm = cs.classifiers.softmax
    W, X, y = problem(rng, absent=2)
    loss, dW = sm.softmax_loss_vectorized(W, X, y, 0.1)
    dW_num = numeric_grad(lambda w: sm.softmax_loss_vectorized(w, X, y, 0.1)[0], W.copy())
    return {"loss": loss, "dW": dW, "dW_num": dW_num}


@check(Q, points=1, targets=[f"{SM}.softmax_loss_naive", f"{SM}.softmax_loss_vectorized"],
       compare=[Close("loss", 1e-9), Close("loss_naive", 1e-9), Close("dW", 1e-8),
                AtLeast("finite", 1.0)])
def numerically_stable(cs, rng):
    """Every score near 800, where exp overflows: loss and gradient stay finite and right."""
    W, X, y = problem(rng, N=20, D=10, C=6)
    X[:, -1] = 1.0  # a bias column, whose weights lift every score by about 800
    W[-1, :] = 800.0 + rng.randn(W.shape[1])
    sm = cs.classifiers.softmax
    loss, dW = sm.softmax_loss_vectorized(W, X, y, 0.0)
    loss_naive, dW_naive = sm.softmax_loss_naive(W, X, y, 0.0)
    finite = all(np.all(np.isfinite(v)) for v in (loss, dW, loss_naive, dW_naive))
    return {"loss": loss, "loss_naive": loss_naive, "dW": dW, "finite": float(finite)}


@check(Q, points=1, targets=["classifiers.linear_classifier.LinearClassifier.train"],
       compare=[AtMost("loss_ratio", 0.5), AtLeast("train_acc", 0.9)])
def train_softmax(cs, rng):
    """Softmax.train on separable blobs: the loss falls and the training points are learned."""
    X, y = blobs(rng)
    clf = cs.classifiers.Softmax()
    hist = clf.train(X, y, learning_rate=5e-2, reg=1e-3, num_iters=150, batch_size=32)
    acc = np.mean(clf.predict(X) == y)
    return {"loss_ratio": np.mean(hist[-10:]) / np.mean(hist[:10]), "train_acc": acc}
