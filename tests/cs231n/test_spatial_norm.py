"""Spatial batch norm and group norm: PyTorch values, statistics, gradients, bad input."""

import numpy as np
import pytest

from cs231n.layers import (
    spatial_batchnorm_backward,
    spatial_batchnorm_forward,
    spatial_groupnorm_backward,
    spatial_groupnorm_forward,
)

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("shape", [(2, 3, 4, 5), (5, 1, 2, 2), (6, 4, 1, 1)])
def test_spatial_batchnorm_train_against_torch_and_numeric_gradients(check_layer, shape):
    rng = np.random.RandomState(5)  # not check_layer's dout seed: dout = x would give dx = 0
    C = shape[1]
    x, gamma, beta = 4 * rng.randn(*shape) + 10, rng.randn(C) + 1, rng.randn(C)
    expected = torch.nn.functional.batch_norm(
        torch.from_numpy(x), None, None, torch.from_numpy(gamma), torch.from_numpy(beta),
        training=True, eps=1e-5).numpy()

    def forward(x, gamma, beta):
        return spatial_batchnorm_forward(x, gamma, beta, {"mode": "train"})

    check_layer(forward, spatial_batchnorm_backward, (x, gamma, beta), expected, tol=1e-6)


def test_spatial_batchnorm_statistics_and_test_mode():
    rng = np.random.RandomState(1)
    x = 4 * rng.randn(2, 3, 4, 5) + 10
    gamma, beta = np.array([3.0, 4.0, 5.0]), np.array([6.0, 7.0, 8.0])
    out, _ = spatial_batchnorm_forward(x, gamma, beta, {"mode": "train"})
    assert np.allclose(out.mean(axis=(0, 2, 3)), beta)
    assert np.allclose(out.std(axis=(0, 2, 3)), gamma, rtol=1e-5)
    bn_param = {"mode": "train"}
    ones, zeros = np.ones(4), np.zeros(4)
    for _ in range(50):
        spatial_batchnorm_forward(2.3 * rng.randn(10, 4, 11, 12) + 13, ones, zeros, bn_param)
    assert bn_param["running_mean"].shape == (4,)
    bn_param["mode"] = "test"
    out, cache = spatial_batchnorm_forward(2.3 * rng.randn(10, 4, 11, 12) + 13, ones, zeros,
                                           bn_param)
    assert cache is None
    assert np.all(np.abs(out.mean(axis=(0, 2, 3))) < 0.1)
    assert np.all(np.abs(out.std(axis=(0, 2, 3)) - 1) < 0.1)


@pytest.mark.parametrize("shape, G", [((2, 6, 4, 5), 2), ((3, 4, 2, 3), 1), ((2, 4, 3, 3), 4)])
def test_spatial_groupnorm_against_torch_and_numeric_gradients(check_layer, shape, G):
    rng = np.random.RandomState(2)
    C = shape[1]
    x = 4 * rng.randn(*shape) + 10
    gamma, beta = rng.randn(1, C, 1, 1) + 1, rng.randn(1, C, 1, 1)
    expected = torch.nn.functional.group_norm(
        torch.from_numpy(x), G, torch.from_numpy(gamma.ravel()), torch.from_numpy(beta.ravel()),
        eps=1e-5).numpy()

    def forward(x, gamma, beta):
        return spatial_groupnorm_forward(x, gamma, beta, G, {})

    check_layer(forward, spatial_groupnorm_backward, (x, gamma, beta), expected, tol=1e-6)


def test_groupnorm_statistics_per_example_and_group():
    rng = np.random.RandomState(3)
    x = 4 * rng.randn(2, 6, 4, 5) + 10
    out, _ = spatial_groupnorm_forward(x, np.ones((1, 6, 1, 1)), np.zeros((1, 6, 1, 1)), 2,
                                       {"mode": "train"})
    rows = out.reshape(2 * 2, -1)
    assert np.allclose(rows.mean(axis=1), 0, atol=1e-12)
    assert np.allclose(rows.std(axis=1), 1, atol=1e-4)


@pytest.mark.parametrize("call, match", [
    (lambda: spatial_batchnorm_forward(np.zeros((2, 3, 4)), np.ones(3), np.zeros(3),
                                       {"mode": "train"}), "x must have shape"),
    (lambda: spatial_batchnorm_forward(np.zeros((2, 3, 4, 4)), np.ones(4), np.zeros(3),
                                       {"mode": "train"}), "gamma must have shape"),
    (lambda: spatial_groupnorm_forward(np.zeros((2, 6, 4, 4)), np.ones((1, 6, 1, 1)),
                                       np.zeros((1, 6, 1, 1)), 4, {}), "divides C"),
    (lambda: spatial_groupnorm_forward(np.zeros((2, 6, 4, 4)), np.ones(6), np.zeros(6), 2, {}),
     "gamma must have shape"),
])
def test_bad_input_is_a_one_line_value_error(call, match):
    with pytest.raises(ValueError, match=match) as info:
        call()
    assert "\n" not in str(info.value)
