"""Affine, ReLU, the affine-relu sandwich and the two losses, against independent computations."""

import numpy as np
import pytest

from cs231n.layer_utils import affine_relu_backward, affine_relu_forward
from cs231n.layers import (
    affine_backward,
    affine_forward,
    relu_backward,
    relu_forward,
    softmax_loss,
    svm_loss,
)

torch = pytest.importorskip("torch")


def _affine_loops(x, w, b):
    """out[n, m] = sum_d x[n, d] w[d, m] + b[m], by explicit loops."""
    rows = x.reshape(x.shape[0], -1)
    out = np.zeros((rows.shape[0], w.shape[1]))
    for n in range(rows.shape[0]):
        for m in range(w.shape[1]):
            out[n, m] = sum(rows[n, d] * w[d, m] for d in range(w.shape[0])) + b[m]
    return out


def _as_loss_layer(loss_fn, y):
    """A loss as a layer: forward(x) -> (loss, dx), backward(dout, dx) -> dout * dx."""
    return (lambda x: loss_fn(x, y)), (lambda dout, dx: dout * dx)


@pytest.mark.parametrize("x_shape, M", [((2, 3), 4), ((4, 2, 3), 5), ((3, 2, 2, 2), 1),
                                        ((1, 7), 3)])
def test_affine(check_layer, x_shape, M):
    rng = np.random.RandomState(1)
    x = rng.randn(*x_shape)
    D = int(np.prod(x_shape[1:]))
    w, b = rng.randn(D, M), rng.randn(M)
    check_layer(affine_forward, affine_backward, (x, w, b), _affine_loops(x, w, b))


def test_affine_cache_holds_inputs():
    x, w, b = np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)
    _, cache = affine_forward(x, w, b)
    assert cache[0] is x and cache[1] is w and cache[2] is b


@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 5), (10,)])
def test_relu(check_layer, shape):
    x = np.random.RandomState(2).randn(*shape)
    x[np.abs(x) < 1e-2] = 0.5  # away from the kink
    expected = torch.relu(torch.from_numpy(x)).numpy()
    check_layer(relu_forward, relu_backward, (x,), expected)


def test_relu_gradient_is_zero_at_and_below_zero():
    x = np.array([-1.0, 0.0, 2.0])
    _, cache = relu_forward(x)
    np.testing.assert_array_equal(relu_backward(np.ones(3), cache), [0.0, 0.0, 1.0])


@pytest.mark.parametrize("x_shape, M", [((2, 3, 4), 10), ((5, 6), 3)])
def test_affine_relu(check_layer, x_shape, M):
    rng = np.random.RandomState(3)
    x = rng.randn(*x_shape)
    w, b = rng.randn(int(np.prod(x_shape[1:])), M), rng.randn(M)
    expected = np.maximum(_affine_loops(x, w, b), 0)
    check_layer(affine_relu_forward, affine_relu_backward, (x, w, b), expected)


def _torch_svm(x, y):
    # multi_margin_loss averages over the C classes as well; the course's hinge does not.
    C = x.shape[1]
    t = torch.nn.functional.multi_margin_loss(torch.from_numpy(x), torch.from_numpy(y),
                                              margin=1.0)
    return C * t.item()


def _torch_softmax(x, y):
    return torch.nn.functional.cross_entropy(torch.from_numpy(x), torch.from_numpy(y)).item()


@pytest.mark.parametrize("loss_fn, oracle", [(svm_loss, _torch_svm),
                                             (softmax_loss, _torch_softmax)])
@pytest.mark.parametrize("N, C, scale", [(50, 10, 1e-3), (7, 3, 1.0), (1, 4, 0.5)])
def test_losses(check_layer, loss_fn, oracle, N, C, scale):
    rng = np.random.RandomState(4)
    x = scale * rng.randn(N, C)
    y = rng.randint(C, size=N).astype(np.int64)
    forward, backward = _as_loss_layer(loss_fn, y)
    check_layer(forward, backward, (x,), oracle(x, y), tol=1e-6)


def test_loss_values_at_small_scores():
    rng = np.random.RandomState(231)
    x, y = 0.001 * rng.randn(50, 10), rng.randint(10, size=50)
    assert svm_loss(x, y)[0] == pytest.approx(9.0, abs=0.01)
    assert softmax_loss(x, y)[0] == pytest.approx(np.log(10), abs=0.01)


def test_softmax_loss_is_stable_for_huge_scores():
    x = np.array([[1000.0, 0.0, -1000.0], [0.0, 2000.0, 0.0]])
    loss, dx = softmax_loss(x, np.array([0, 1]))
    assert np.isfinite(loss) and np.all(np.isfinite(dx))
    assert loss == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("loss_fn", [svm_loss, softmax_loss])
@pytest.mark.parametrize("x, y, words", [
    (np.zeros((4, 3)), np.zeros(5, dtype=int), "shape (N,)"),
    (np.zeros(4), np.zeros(4, dtype=int), "(N, C)"),
    (np.zeros((4, 3)), np.zeros((4, 1), dtype=int), "shape (N,)"),
    (np.zeros((4, 3)), np.zeros(4), "integers"),
    (np.zeros((4, 3)), np.array([0, 1, 3, 2]), "[0, 3)"),
    (np.zeros((4, 3)), np.array([0, -1, 2, 2]), "[0, 3)"),
])
def test_losses_reject_bad_inputs(loss_fn, x, y, words):
    with pytest.raises(ValueError, match=loss_fn.__name__) as info:
        loss_fn(x, y)
    assert words in str(info.value)
