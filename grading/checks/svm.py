"""Checks of assignment1/svm.ipynb: the SVM loss, its gradient and LinearClassifier."""

import numpy as np

from grading.core import Agree, AtLeast, AtMost, Close, Equal, check, numeric_grad

Q = "svm"
SVM = "classifiers.linear_svm"
LC = "classifiers.linear_classifier.LinearClassifier"
# The loss is piecewise linear in W, so away from kinks a centred difference is exact
# for any step; a larger step than 1e-5 only shrinks the rounding error.
H = 1e-3


def problem(rng, N=16, D=12, C=5, absent=None):
    """A small float64 problem W (D, C), X (N, D), y (N,), clear of the hinge's kinks.

    Every margin s_j - s_y + 1 is at least 0.05 away from 0, so that a centred
    difference with step ``H`` (which moves a score by at most H * max|X|, about
    5e-3) never straddles a kink. With ``absent``, no label equals that class.
    """
    while True:
        W = rng.randn(D, C) * 0.5
        X = rng.randn(N, D)
        labels = [c for c in range(C) if c != absent]
        y = np.asarray(labels)[rng.randint(len(labels), size=N)]
        scores = X @ W
        margins = scores - scores[np.arange(N), y][:, None] + 1
        margins[np.arange(N), y] = 1.0
        if np.min(np.abs(margins)) > 0.05 and np.max(np.abs(X)) < 5:
            return W, X, y


def _grad_check(cs, rng, fn, reg):
    W, X, y = problem(rng)
    loss, dW = getattr(cs.classifiers.linear_svm, fn)(W, X, y, reg)
    f = getattr(cs.classifiers.linear_svm, fn)
    dW_num = numeric_grad(lambda w: f(w, X, y, reg)[0], W.copy(), h=H)
    return {"loss": loss, "dW": dW, "dW_num": dW_num}


@check(Q, points=1, targets=[f"{SVM}.svm_loss_naive"], compare=[Close("loss", 1e-9)])
def loss_naive(cs, rng):
    """svm_loss_naive's loss (the given loop) on a 16 x 12 problem with 5 classes."""
    W, X, y = problem(rng)
    loss, _ = cs.classifiers.linear_svm.svm_loss_naive(W, X, y, 0.1)
    return {"loss": loss}


@check(Q, points=2, targets=[f"{SVM}.svm_loss_naive"],
       compare=[Close("dW", 1e-8), Agree("dW", "dW_num", 1e-6)])
def grad_naive(cs, rng):
    """svm_loss_naive's gradient without regularisation, against a numeric gradient."""
    return _grad_check(cs, rng, "svm_loss_naive", 0.0)


@check(Q, points=1, targets=[f"{SVM}.svm_loss_naive"],
       compare=[Close("dW", 1e-8), Agree("dW", "dW_num", 1e-6)])
def grad_naive_reg(cs, rng):
    """svm_loss_naive's gradient with reg = 0.7 (2 * reg * W), against a numeric gradient."""
    return _grad_check(cs, rng, "svm_loss_naive", 0.7)


@check(Q, points=2, targets=[f"{SVM}.svm_loss_vectorized"],
       compare=[Close("loss", 1e-9), Agree("loss", "loss_naive", 1e-9)])
def loss_vectorized(cs, rng):
    """svm_loss_vectorized's loss against the reference and the naive loss."""
    W, X, y = problem(rng, N=40)
    svm = cs.classifiers.linear_svm
    loss, _ = svm.svm_loss_vectorized(W, X, y, 0.25)
    loss_naive, _ = svm.svm_loss_naive(W, X, y, 0.25)
    return {"loss": loss, "loss_naive": loss_naive}


@check(Q, points=2, targets=[f"{SVM}.svm_loss_vectorized"],
       compare=[Close("dW", 1e-8), Agree("dW", "dW_num", 1e-6)])
def grad_vectorized(cs, rng):
    """svm_loss_vectorized's gradient with reg = 0.3, against a numeric gradient."""
    return _grad_check(cs, rng, "svm_loss_vectorized", 0.3)


@check(Q, points=1, targets=[f"{SVM}.svm_loss_naive", f"{SVM}.svm_loss_vectorized"],
       compare=[Agree("loss", "loss_naive", 1e-9), Agree("dW", "dW_naive", 1e-9),
                Agree("dW0", "dW0_naive", 1e-9)])
def naive_agrees_vectorized(cs, rng):
    """Naive and vectorized agree on a 50 x 30 problem, with reg 5e-2 and with reg 0."""
    W, X, y = problem(rng, N=50, D=30, C=7)
    svm = cs.classifiers.linear_svm
    loss, dW = svm.svm_loss_vectorized(W, X, y, 5e-2)
    loss_naive, dW_naive = svm.svm_loss_naive(W, X, y, 5e-2)
    _, dW0 = svm.svm_loss_vectorized(W, X, y, 0.0)
    _, dW0_naive = svm.svm_loss_naive(W, X, y, 0.0)
    return {"loss": loss, "loss_naive": loss_naive, "dW": dW, "dW_naive": dW_naive,
            "dW0": dW0, "dW0_naive": dW0_naive}


@check(Q, points=1, targets=[f"{SVM}.svm_loss_vectorized"],
       compare=[Close("loss", 1e-9), Close("dW", 1e-8), Agree("dW", "dW_num", 1e-6)])
def absent_class(cs, rng):
    """A batch in which class 2 never appears: its column still gets gradient."""
    W, X, y = problem(rng, absent=2)
    svm = cs.classifiers.linear_svm
    loss, dW = svm.svm_loss_vectorized(W, X, y, 0.1)
    dW_num = numeric_grad(lambda w: svm.svm_loss_vectorized(w, X, y, 0.1)[0], W.copy(), h=H)
    return {"loss": loss, "dW": dW, "dW_num": dW_num}


def blobs(rng, N=300, D=6, C=3):
    """C Gaussian blobs, 5 standard deviations apart, with a bias column: (N, D + 1), (N,)."""
    centers = 5.0 * np.eye(D)[rng.choice(D, C, replace=False)] + rng.randn(1, D)
    y = rng.randint(C, size=N)
    X = centers[y] + rng.randn(N, D)
    return np.hstack([X, np.ones((N, 1))]), y


@check(Q, points=2, targets=[f"{LC}.train"],
       compare=[AtMost("loss_ratio", 0.5), AtLeast("train_acc", 0.9),
                Agree("W", "W_again", 0.0), AtMost("history_len_error", 0)])
def train_sgd(cs, rng):
    """LinearSVM.train on separable blobs: the loss falls, and a seeded run repeats exactly."""
    X, y = blobs(rng)
    seed = rng.randint(2**31)
    runs = []
    for _ in range(2):
        np.random.seed(seed)
        clf = cs.classifiers.LinearSVM()
        hist = clf.train(X, y, learning_rate=1e-2, reg=1e-3, num_iters=150, batch_size=32)
        runs.append((clf, hist))
    (clf, hist), (clf2, _) = runs
    first, last = np.mean(hist[:10]), np.mean(hist[-10:])
    acc = np.mean(np.argmax(X @ clf.W, axis=1) == y)
    return {"loss_ratio": last / first, "train_acc": acc, "W": clf.W, "W_again": clf2.W,
            "history_len_error": abs(len(hist) - 150)}


@check(Q, points=1, targets=[f"{LC}.predict"], compare=[Equal("y_pred"), Equal("y_pred_one")])
def predict(cs, rng):
    """LinearClassifier.predict with fixed weights: the argmax of the scores."""
    clf = cs.classifiers.LinearSVM()
    clf.W = rng.randn(9, 4)
    X = rng.randn(25, 9)
    return {"y_pred": clf.predict(X), "y_pred_one": clf.predict(X[:1])}
