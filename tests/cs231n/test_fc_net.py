"""TwoLayerNet: initialisation, scores, the loss convention and its gradients."""

import numpy as np
import pytest

from cs231n.classifiers.fc_net import TwoLayerNet
from cs231n.gradient_check import eval_numerical_gradient, rel_error


def _reference_loss(params, X, y, reg):
    """Softmax loss of relu(X W1 + b1) W2 + b2 plus 0.5 reg sum(W^2), written out directly."""
    h = np.maximum(0, X.reshape(len(X), -1) @ params["W1"] + params["b1"])
    s = h @ params["W2"] + params["b2"]
    log_p = s - s.max(1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(1, keepdims=True))
    data = -np.mean(log_p[np.arange(len(y)), y])
    return s, data + 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))


def test_init_shapes_scale_and_zero_biases():
    np.random.seed(0)
    std = 1e-2
    net = TwoLayerNet(input_dim=30, hidden_dim=200, num_classes=7, weight_scale=std, reg=0.25)
    p = net.params
    assert set(p) == {"W1", "b1", "W2", "b2"}
    assert p["W1"].shape == (30, 200) and p["b1"].shape == (200,)
    assert p["W2"].shape == (200, 7) and p["b2"].shape == (7,)
    assert abs(p["W1"].std() - std) < std / 10 and abs(p["W2"].std() - std) < std / 10
    assert np.all(p["b1"] == 0) and np.all(p["b2"] == 0)
    assert net.reg == 0.25


def test_init_draws_W1_then_W2_from_the_global_generator():
    np.random.seed(5)
    net = TwoLayerNet(input_dim=4, hidden_dim=3, num_classes=2, weight_scale=0.1)
    np.random.seed(5)
    W1 = 0.1 * np.random.randn(4, 3)
    W2 = 0.1 * np.random.randn(3, 2)
    np.testing.assert_array_equal(net.params["W1"], W1)
    np.testing.assert_array_equal(net.params["W2"], W2)


def test_defaults_are_cifar_sized():
    net = TwoLayerNet()
    assert net.params["W1"].shape == (3072, 100) and net.params["W2"].shape == (100, 10)
    assert net.reg == 0.0


@pytest.mark.parametrize("reg", [0.0, 0.7, 1.0])
@pytest.mark.parametrize("N, in_shape, H, C", [(3, (5,), 50, 7), (4, (2, 3, 2), 6, 3),
                                               (1, (4,), 5, 2)])
def test_scores_loss_and_gradients(N, in_shape, H, C, reg):
    rng = np.random.RandomState(7)
    D = int(np.prod(in_shape))
    np.random.seed(7)
    net = TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C, weight_scale=0.2, reg=reg)
    for k in ("b1", "b2"):
        net.params[k] = 0.1 * rng.randn(*net.params[k].shape)
    X, y = rng.randn(N, *in_shape), rng.randint(C, size=N)

    scores, loss = _reference_loss(net.params, X, y, reg)
    got_scores = net.loss(X)
    assert got_scores.shape == (N, C)
    assert rel_error(got_scores, scores) < 1e-12
    got_loss, grads = net.loss(X, y)
    assert abs(got_loss - loss) < 1e-10
    assert set(grads) == set(net.params)
    for k, param in net.params.items():
        assert grads[k].shape == param.shape

        def f(_, k=k):
            return net.loss(X, y)[0]

        num = eval_numerical_gradient(f, param, verbose=False)
        # relative where entries are sizeable; tiny entries only to an absolute 1e-8
        np.testing.assert_allclose(grads[k], num, rtol=1e-6, atol=1e-8, err_msg=k)


def test_regularization_is_half_reg_times_sum_of_squared_weights_only():
    np.random.seed(1)
    X, y = np.random.randn(4, 6), np.array([0, 1, 2, 0])
    net = TwoLayerNet(input_dim=6, hidden_dim=5, num_classes=3, weight_scale=0.3)
    net.params["b1"] += 10.0  # biases must not be regularized
    base, _ = net.loss(X, y)
    net.reg = 2.0
    with_reg, grads = net.loss(X, y)
    W1, W2 = net.params["W1"], net.params["W2"]
    assert with_reg - base == pytest.approx(0.5 * 2.0 * (np.sum(W1 ** 2) + np.sum(W2 ** 2)))
    net.reg = 0.0
    _, grads0 = net.loss(X, y)
    np.testing.assert_allclose(grads["W1"] - grads0["W1"], 2.0 * W1)
    np.testing.assert_allclose(grads["b1"], grads0["b1"])
