"""The softmax losses against a direct computation, numeric gradients and torch; checks."""

import math

import numpy as np
import pytest

from cs231n.classifiers import softmax_loss_naive, softmax_loss_vectorized
from cs231n.gradient_check import eval_numerical_gradient, rel_error
from grading import core, refs

LOSSES = [softmax_loss_naive, softmax_loss_vectorized]


def cross_entropy_by_hand(W, X, y, reg):
    """The loss from its definition with math.exp/log (fine for small scores)."""
    total = 0.0
    for i in range(X.shape[0]):
        s = [float(X[i] @ W[:, c]) for c in range(W.shape[1])]
        total += -math.log(math.exp(s[y[i]]) / sum(math.exp(v) for v in s))
    return total / X.shape[0] + reg * float((W ** 2).sum())


def small_problem(seed=0, N=9, D=5, C=4):
    rng = np.random.RandomState(seed)
    return rng.randn(D, C), rng.randn(N, D), rng.randint(C, size=N)


@pytest.mark.parametrize("loss_fn", LOSSES)
@pytest.mark.parametrize("reg", [0.0, 0.5])
def test_loss_matches_definition(loss_fn, reg):
    W, X, y = small_problem()
    loss, dW = loss_fn(W, X, y, reg)
    assert np.isclose(loss, cross_entropy_by_hand(W, X, y, reg), rtol=1e-12)
    assert dW.shape == W.shape


@pytest.mark.parametrize("loss_fn", LOSSES)
@pytest.mark.parametrize("reg", [0.0, 0.5])
def test_gradient_matches_numeric(loss_fn, reg):
    W, X, y = small_problem(seed=1)
    _, dW = loss_fn(W, X, y, reg)
    num = eval_numerical_gradient(lambda w: loss_fn(w, X, y, reg)[0], W.copy(), verbose=False)
    assert rel_error(dW, num) < 1e-6


@pytest.mark.parametrize("loss_fn", LOSSES)
def test_matches_torch_cross_entropy(loss_fn):
    torch = pytest.importorskip("torch")
    W, X, y = small_problem(seed=2, N=20, D=7, C=6)
    reg = 0.1
    tW = torch.tensor(W, requires_grad=True)
    tl = torch.nn.functional.cross_entropy(torch.tensor(X) @ tW, torch.tensor(y)) \
        + reg * (tW ** 2).sum()
    tl.backward()
    loss, dW = loss_fn(W, X, y, reg)
    assert abs(loss - tl.item()) < 1e-12
    np.testing.assert_allclose(dW, tW.grad.numpy(), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("loss_fn", LOSSES)
def test_numerically_stable_for_huge_scores(loss_fn):
    W, X, y = small_problem(seed=3)
    X[:, -1] = 1.0
    W[-1, :] = 1000.0  # every score about 1000: exp overflows without the shift
    with np.errstate(over="raise", invalid="raise"):
        loss, dW = loss_fn(W, X, y, 0.0)
    W_shift = W.copy()
    W_shift[-1, :] = 0.0  # the same problem, scores shifted by a constant
    loss_ref, dW_ref = loss_fn(W_shift, X, y, 0.0)
    assert np.isclose(loss, loss_ref, rtol=1e-10)
    np.testing.assert_allclose(dW, dW_ref, rtol=1e-8, atol=1e-12)


def test_initial_loss_is_log_num_classes():
    rng = np.random.RandomState(4)
    W, X, y = rng.randn(3073, 10) * 1e-4, rng.randn(40, 3073), rng.randint(10, size=40)
    for loss_fn in LOSSES:
        loss, _ = loss_fn(W, X, y, 0.0)
        assert abs(loss - math.log(10)) < 0.05


def test_naive_and_vectorized_agree():
    W, X, y = small_problem(seed=6, N=50, D=30, C=10)
    ln, gn = softmax_loss_naive(W, X, y, 5e-6)
    lv, gv = softmax_loss_vectorized(W, X, y, 5e-6)
    assert abs(ln - lv) < 1e-12
    assert np.linalg.norm(gn - gv) < 1e-12


def test_gradient_rows_sum_like_probabilities():
    # Without regularisation, every row of dW sums to 0 over the classes, because each
    # example's probabilities minus its one-hot label sum to 0.
    W, X, y = small_problem(seed=7)
    for loss_fn in LOSSES:
        _, dW = loss_fn(W, X, y, 0.0)
        np.testing.assert_allclose(dW.sum(axis=1), 0.0, atol=1e-12)


@pytest.mark.parametrize("loss_fn", LOSSES)
@pytest.mark.parametrize("change, match", [
    (lambda W, X, y: (W, X[:, :-1], y), r"X must have shape \(N, 5\)"),
    (lambda W, X, y: (W, X, y[:-1]), r"y must have shape \(N,\) = \(9,\)"),
    (lambda W, X, y: (W.T, X, y), r"X must have shape \(N, 4\)"),
    (lambda W, X, y: (W, X, y - 1), r"labels must lie in \[0, 4\)"),
])
def test_bad_shapes_raise(loss_fn, change, match):
    W, X, y = change(*small_problem())
    with pytest.raises(ValueError, match=match):
        loss_fn(W, X, y, 0.1)


CHECKS = core.select("softmax")



def test_every_student_function_has_a_check():
    targets = {t for c in CHECKS for t in c.targets}
    for fn in ("classifiers.softmax.softmax_loss_naive",
               "classifiers.softmax.softmax_loss_vectorized"):
        assert fn in targets, fn


def test_refs_are_fresh():
    assert refs.stale("softmax") == []
