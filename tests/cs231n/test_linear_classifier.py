"""LinearClassifier.train/predict, LinearSVM and Softmax on synthetic data."""

import numpy as np
import pytest

from cs231n.classifiers import LinearClassifier, LinearSVM, Softmax
from cs231n.classifiers import linear_classifier as lc


def blobs(seed=0, N=400, D=8, C=4):
    rng = np.random.RandomState(seed)
    centers = 6.0 * np.eye(D)[:C]
    y = rng.randint(C, size=N)
    X = np.hstack([centers[y] + rng.randn(N, D), np.ones((N, 1))])
    return X, y


@pytest.mark.parametrize("cls", [LinearSVM, Softmax])
def test_train_learns_separable_blobs(cls):
    X, y = blobs()
    np.random.seed(0)
    clf = cls()
    hist = clf.train(X, y, learning_rate=5e-2, reg=1e-4, num_iters=300, batch_size=50)
    assert len(hist) == 300 and all(isinstance(v, float) for v in hist)
    assert np.mean(hist[-20:]) < 0.3 * np.mean(hist[:20])
    assert clf.W.shape == (9, 4)
    assert np.mean(clf.predict(X) == y) > 0.97


def test_initial_weights_and_draw_order():
    # W is 0.001 * randn(D, C) drawn first; then one np.random.choice per step.
    X, y = blobs(N=50)
    np.random.seed(7)
    W0 = 0.001 * np.random.randn(9, 4)
    idx = np.random.choice(50, 10, replace=True)
    _, grad = LinearSVM.loss(type("C", (), {"W": W0})(), X[idx], y[idx], 0.1)
    np.random.seed(7)
    clf = LinearSVM()
    clf.train(X, y, learning_rate=1e-3, reg=0.1, num_iters=1, batch_size=10)
    np.testing.assert_allclose(clf.W, W0 - 1e-3 * grad)


def test_seeded_training_repeats_exactly():
    X, y = blobs(N=100)
    Ws = []
    for _ in range(2):
        np.random.seed(3)
        clf = Softmax()
        clf.train(X, y, learning_rate=1e-2, num_iters=20, batch_size=16)
        Ws.append(clf.W)
    np.testing.assert_array_equal(*Ws)


def test_training_continues_from_current_weights():
    X, y = blobs(N=100)
    clf = LinearSVM()
    clf.train(X, y, num_iters=5)
    W = clf.W.copy()
    clf.train(X, y, learning_rate=0.0, num_iters=3)
    np.testing.assert_array_equal(clf.W, W)


def test_batch_larger_than_data_samples_with_replacement():
    X, y = blobs(N=20)
    hist = Softmax().train(X, y, num_iters=2, batch_size=64)
    assert len(hist) == 2


def test_verbose_prints_every_100(capsys):
    X, y = blobs(N=30)
    LinearSVM().train(X, y, num_iters=201, verbose=True)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and lines[0].startswith("iteration 0 / 201")


def test_predict_is_argmax_of_scores():
    rng = np.random.RandomState(1)
    clf = LinearSVM()
    clf.W = rng.randn(5, 3)
    X = rng.randn(30, 5)
    pred = clf.predict(X)
    assert pred.shape == (30,) and pred.dtype.kind == "i"
    np.testing.assert_array_equal(pred, [int(np.argmax(row @ clf.W)) for row in X])


def test_subclasses_use_their_vectorized_loss(monkeypatch):
    calls = []
    monkeypatch.setattr(lc, "svm_loss_vectorized", lambda *a: calls.append("svm") or (0.0, 0))
    monkeypatch.setattr(lc, "softmax_loss_vectorized", lambda *a: calls.append("sm") or (0.0, 0))
    X, y = blobs(N=10)
    LinearSVM().train(X, y, num_iters=1)
    Softmax().train(X, y, num_iters=1)
    assert calls == ["svm", "sm"]


def test_bad_inputs():
    X, y = blobs(N=10)
    with pytest.raises(ValueError, match="train needs"):
        LinearSVM().train(X, y[:-1])
    with pytest.raises(NotImplementedError, match="abstract"):
        LinearClassifier().train(X, y, num_iters=1)
    with pytest.raises(ValueError, match="no weights"):
        LinearSVM().predict(X)
    clf = LinearSVM()
    clf.train(X, y, num_iters=1)
    with pytest.raises(ValueError, match=r"shape \(N, 9\)"):
        clf.predict(X[:, :4])
    with pytest.raises(ValueError, match="features"):
        clf.train(X[:, :4], y, num_iters=1)
