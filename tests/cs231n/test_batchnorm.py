"""Batch and layer normalization: statistics, running averages, gradients, PyTorch, bad input."""

import numpy as np
import pytest

from cs231n.gradient_check import rel_error
from cs231n.layers import (
    batchnorm_backward,
    batchnorm_backward_alt,
    batchnorm_forward,
    layernorm_backward,
    layernorm_forward,
)

torch = pytest.importorskip("torch")


def _inputs(N, D, seed=11):
    rng = np.random.RandomState(seed)
    return 5 * rng.randn(N, D) + 12, rng.randn(D) + 1, rng.randn(D)


@pytest.mark.parametrize("backward", [batchnorm_backward, batchnorm_backward_alt])
@pytest.mark.parametrize("N, D", [(4, 5), (3, 2), (10, 1), (7, 6)])
def test_batchnorm_train_against_torch_and_numeric_gradients(check_layer, backward, N, D):
    x, gamma, beta = _inputs(N, D)
    expected = torch.nn.functional.batch_norm(
        torch.from_numpy(x), torch.zeros(D, dtype=torch.float64),
        torch.ones(D, dtype=torch.float64), torch.from_numpy(gamma), torch.from_numpy(beta),
        training=True, eps=1e-5).numpy()

    def forward(x, gamma, beta):
        return batchnorm_forward(x, gamma, beta, {"mode": "train"})

    check_layer(forward, backward, (x, gamma, beta), expected, tol=1e-7)


def test_the_two_backward_passes_agree():
    x, gamma, beta = _inputs(100, 50)
    _, cache = batchnorm_forward(x, gamma, beta, {"mode": "train"})
    dout = np.random.RandomState(1).randn(100, 50)
    for a, b in zip(batchnorm_backward(dout, cache), batchnorm_backward_alt(dout, cache)):
        assert rel_error(a, b) < 1e-10


def test_batchnorm_train_statistics_and_running_averages():
    x, _, _ = _inputs(200, 3)
    gamma, beta = np.array([1.0, 2.0, 3.0]), np.array([11.0, 12.0, 13.0])
    bn_param = {"mode": "train"}
    out, _ = batchnorm_forward(x, gamma, beta, bn_param)
    np.testing.assert_allclose(out.mean(axis=0), beta, atol=1e-10)
    np.testing.assert_allclose(out.std(axis=0), gamma, rtol=1e-5)
    # defaults: momentum 0.9 from zeros, biased batch variance
    np.testing.assert_allclose(bn_param["running_mean"], 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(bn_param["running_var"], 0.1 * x.var(axis=0))
    batchnorm_forward(x, gamma, beta, bn_param)
    np.testing.assert_allclose(bn_param["running_mean"], 0.19 * x.mean(axis=0))


def test_batchnorm_running_mean_matches_torch():
    # torch's momentum is 1 - ours; its running variance is the unbiased one, so only the mean.
    rng = np.random.RandomState(2)
    bn_param = {"mode": "train", "momentum": 0.7}
    rm, rv = torch.zeros(4, dtype=torch.float64), torch.ones(4, dtype=torch.float64)
    for _ in range(5):
        x = rng.randn(8, 4) * 3 + 1
        batchnorm_forward(x, np.ones(4), np.zeros(4), bn_param)
        torch.nn.functional.batch_norm(torch.from_numpy(x), rm, rv, training=True,
                                       momentum=0.3)
    np.testing.assert_allclose(bn_param["running_mean"], rm.numpy(), rtol=1e-12)


def test_batchnorm_test_mode_uses_running_averages_and_changes_nothing():
    x, gamma, beta = _inputs(6, 4)
    mean, var = np.arange(4.0), np.arange(1.0, 5.0)
    bn_param = {"mode": "test", "running_mean": mean.copy(), "running_var": var.copy(),
                "eps": 1e-3}
    out, _ = batchnorm_forward(x, gamma, beta, bn_param)
    np.testing.assert_allclose(out, gamma * (x - mean) / np.sqrt(var + 1e-3) + beta)
    np.testing.assert_array_equal(bn_param["running_mean"], mean)
    np.testing.assert_array_equal(bn_param["running_var"], var)


def test_batchnorm_warm_running_averages_normalize_at_test_time():
    rng = np.random.RandomState(231)
    bn_param = {"mode": "train"}
    W = rng.randn(10, 3)
    for _ in range(50):
        batchnorm_forward(rng.randn(200, 10) @ W + 4, np.ones(3), np.zeros(3), bn_param)
    bn_param["mode"] = "test"
    out, _ = batchnorm_forward(rng.randn(200, 10) @ W + 4, np.ones(3), np.zeros(3), bn_param)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=0.3)
    np.testing.assert_allclose(out.std(axis=0), 1, atol=0.2)


def test_batchnorm_default_running_averages_follow_the_dtype():
    x = np.random.RandomState(3).randn(5, 3).astype(np.float32)
    bn_param = {"mode": "train"}
    out, _ = batchnorm_forward(x, np.ones(3, np.float32), np.zeros(3, np.float32), bn_param)
    assert out.dtype == np.float32 and bn_param["running_mean"].dtype == np.float32


@pytest.mark.parametrize("N, D", [(4, 5), (1, 3), (3, 8)])
def test_layernorm_against_torch_and_numeric_gradients(check_layer, N, D):
    x, gamma, beta = _inputs(N, D)
    expected = torch.nn.functional.layer_norm(torch.from_numpy(x), (D,), torch.from_numpy(gamma),
                                              torch.from_numpy(beta), eps=1e-5).numpy()

    def forward(x, gamma, beta):
        return layernorm_forward(x, gamma, beta, {"mode": "train"})  # unknown keys tolerated

    check_layer(forward, layernorm_backward, (x, gamma, beta), expected, tol=1e-7)


def test_layernorm_rows_and_no_state():
    x, _, _ = _inputs(4, 3)
    ln_param = {"mode": "test"}
    out, _ = layernorm_forward(x, np.full(3, 3.0), np.full(3, 5.0), ln_param)
    np.testing.assert_allclose(out.mean(axis=1), 5.0, atol=1e-10)
    np.testing.assert_allclose(out.std(axis=1), 3.0, rtol=1e-4)
    assert ln_param == {"mode": "test"}


FORWARDS = [(batchnorm_forward, {"mode": "train"}), (layernorm_forward, {})]


@pytest.mark.parametrize("forward, param", FORWARDS, ids=["batchnorm", "layernorm"])
@pytest.mark.parametrize("x, gamma, beta, words", [
    (np.zeros(5), np.ones(5), np.zeros(5), "shape (N, D)"),
    (np.zeros((2, 3, 4)), np.ones(12), np.zeros(12), "shape (N, D)"),
    (np.zeros((0, 3)), np.ones(3), np.zeros(3), "N > 0"),
    (np.zeros((4, 3)), np.ones(4), np.zeros(3), "gamma must have shape (D,) = (3,)"),
    (np.zeros((4, 3)), np.ones(3), np.zeros((1, 3)), "beta must have shape"),
])
def test_norms_reject_bad_shapes(forward, param, x, gamma, beta, words):
    with pytest.raises(ValueError, match=forward.__name__) as info:
        forward(x, gamma, beta, dict(param))
    assert words in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("bn_param", [{}, {"mode": "eval"}, {"mode": None}])
def test_batchnorm_rejects_unknown_mode(bn_param):
    with pytest.raises(ValueError, match=r"batchnorm_forward: bn_param\['mode'\] must be"):
        batchnorm_forward(np.zeros((2, 3)), np.ones(3), np.zeros(3), bn_param)


@pytest.mark.parametrize("backward", [batchnorm_backward, batchnorm_backward_alt])
def test_batchnorm_backward_after_test_mode_is_a_clear_error(backward):
    bn_param = {"mode": "test", "running_mean": np.zeros(3), "running_var": np.ones(3)}
    _, cache = batchnorm_forward(np.ones((2, 3)), np.ones(3), np.zeros(3), bn_param)
    with pytest.raises(ValueError, match="'test' mode"):
        backward(np.ones((2, 3)), cache)
