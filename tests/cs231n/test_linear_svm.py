"""The SVM losses against a scalar re-derivation and numeric gradients; bad inputs; checks."""

import numpy as np
import pytest

from cs231n.classifiers import svm_loss_naive, svm_loss_vectorized
from cs231n.gradient_check import eval_numerical_gradient, rel_error
from grading import core, refs

LOSSES = [svm_loss_naive, svm_loss_vectorized]


def hinge_by_hand(W, X, y, reg):
    """The loss from its definition, in plain Python floats."""
    N, C = X.shape[0], W.shape[1]
    total = 0.0
    for i in range(N):
        s = [sum(X[i, d] * W[d, c] for d in range(W.shape[0])) for c in range(C)]
        total += sum(max(0.0, s[c] - s[y[i]] + 1.0) for c in range(C) if c != y[i])
    return total / N + reg * float((W ** 2).sum())


def small_problem(seed=0, N=9, D=5, C=4):
    rng = np.random.RandomState(seed)
    return rng.randn(D, C), rng.randn(N, D), rng.randint(C, size=N)


@pytest.mark.parametrize("loss_fn", LOSSES)
@pytest.mark.parametrize("reg", [0.0, 0.5])
def test_loss_matches_definition(loss_fn, reg):
    W, X, y = small_problem()
    loss, dW = loss_fn(W, X, y, reg)
    assert np.isclose(loss, hinge_by_hand(W, X, y, reg), rtol=1e-12)
    assert dW.shape == W.shape


@pytest.mark.parametrize("loss_fn", LOSSES)
@pytest.mark.parametrize("reg", [0.0, 0.5])
def test_gradient_matches_numeric(loss_fn, reg):
    W, X, y = small_problem(seed=1)
    _, dW = loss_fn(W, X, y, reg)
    num = eval_numerical_gradient(lambda w: loss_fn(w, X, y, reg)[0], W.copy(), verbose=False)
    assert rel_error(dW, num) < 1e-7


def test_regularisation_has_no_half():
    W, X, y = small_problem()
    for loss_fn in LOSSES:
        l0, g0 = loss_fn(W, X, y, 0.0)
        l1, g1 = loss_fn(W, X, y, 2.0)
        assert np.isclose(l1 - l0, 2.0 * np.sum(W * W))
        np.testing.assert_allclose(g1 - g0, 4.0 * W, atol=1e-12)


def test_naive_and_vectorized_agree_at_course_scale():
    rng = np.random.RandomState(2)
    W = rng.randn(3073, 10) * 1e-4
    X = rng.randn(60, 3073) * 60
    y = rng.randint(10, size=60)
    ln, gn = svm_loss_naive(W, X, y, 5e-6)
    lv, gv = svm_loss_vectorized(W, X, y, 5e-6)
    assert abs(ln - lv) < 1e-10
    assert np.linalg.norm(gn - gv) < 1e-10


def test_initial_loss_is_about_num_classes_minus_one():
    rng = np.random.RandomState(4)
    W, X, y = rng.randn(20, 10) * 1e-6, rng.randn(50, 20), rng.randint(10, size=50)
    loss, _ = svm_loss_vectorized(W, X, y, 0.0)
    assert abs(loss - 9.0) < 1e-3


def test_absent_class_column_only_pushed_down():
    W, X, y = small_problem(seed=5, N=12, C=4)
    y = np.where(y == 3, 0, y)  # class 3 never appears
    _, dW = svm_loss_vectorized(W, X, y, 0.0)
    num = eval_numerical_gradient(lambda w: svm_loss_vectorized(w, X, y, 0.0)[0], W.copy(),
                                  verbose=False)
    assert rel_error(dW, num) < 1e-7


def test_inputs_are_not_modified():
    W, X, y = small_problem()
    copies = [a.copy() for a in (W, X, y)]
    for loss_fn in LOSSES:
        loss_fn(W, X, y, 0.3)
    for a, b in zip((W, X, y), copies):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("loss_fn", LOSSES)
@pytest.mark.parametrize("change, match", [
    (lambda W, X, y: (W, X[:, :-1], y), r"X must have shape \(N, 5\)"),
    (lambda W, X, y: (W, X, y[:-1]), r"y must have shape \(N,\) = \(9,\)"),
    (lambda W, X, y: (W, X, y[:, None]), r"y must have shape"),
    (lambda W, X, y: (W[:, 0], X, y), r"W must have shape \(D, C\)"),
    (lambda W, X, y: (W, X, y + 4), r"labels must lie in \[0, 4\)"),
    (lambda W, X, y: (W, X, y.astype(float)), "integer labels"),
    (lambda W, X, y: (W, X[:0], y[:0]), "empty"),
])
def test_bad_shapes_raise(loss_fn, change, match):
    W, X, y = change(*small_problem())
    with pytest.raises(ValueError, match=match):
        loss_fn(W, X, y, 0.1)


CHECKS = core.select("svm")



def test_every_student_function_has_a_check():
    targets = {t for c in CHECKS for t in c.targets}
    for fn in ("classifiers.linear_svm.svm_loss_naive",
               "classifiers.linear_svm.svm_loss_vectorized",
               "classifiers.linear_classifier.LinearClassifier.train",
               "classifiers.linear_classifier.LinearClassifier.predict"):
        assert fn in targets, fn


def test_refs_are_fresh():
    assert refs.stale("svm") == []


def test_benchmark_rows_run_in_quick_mode():
    from benchmarks import core as bench
    from benchmarks import linear  # noqa: F401 - registers the rows

    for prefix in ("svm loss", "softmax loss"):
        name = next(n for n in bench.BENCHMARKS if n.startswith(prefix))
        rows = {r.implementation: r for r in bench.run(name, quick=True)}
        assert set(rows) == {"naive", "vectorized", "GEMM X @ W", "both GEMMs (floor)"}
        assert rows["naive"].ratio == 1.0
