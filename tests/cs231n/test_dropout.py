"""Inverted dropout: p is the KEEP probability; mask rule, statistics, gradients, bad input."""

import numpy as np
import pytest

from cs231n.layers import dropout_backward, dropout_forward


@pytest.mark.parametrize("p", [0.25, 0.4, 0.7, 1.0])
def test_train_statistics_and_test_identity(p):
    x = np.random.RandomState(0).randn(500, 500) + 10
    out, _ = dropout_forward(x, {"mode": "train", "p": p, "seed": 1})
    assert abs(out.mean() - x.mean()) < 0.05 * x.mean()
    assert abs(np.mean(out == 0) - (1 - p)) < 0.01
    out_test, cache = dropout_forward(x, {"mode": "test", "p": p})
    np.testing.assert_array_equal(out_test, x)
    assert cache[1] is None


def test_mask_rule_and_seed():
    x = np.random.RandomState(1).randn(6, 7)
    out, (param, mask) = dropout_forward(x, {"mode": "train", "p": 0.3, "seed": 42})
    np.random.seed(42)
    want = (np.random.rand(6, 7) < 0.3) / 0.3
    np.testing.assert_array_equal(mask, want)
    np.testing.assert_array_equal(out, x * want)
    again, _ = dropout_forward(x, {"mode": "train", "p": 0.3, "seed": 42})
    np.testing.assert_array_equal(again, out)
    assert param["p"] == 0.3


def test_backward_matches_numeric_gradient(check_layer):
    x = np.random.RandomState(2).randn(10, 10) + 10
    param = {"mode": "train", "p": 0.2, "seed": 123}

    def forward(x):
        return dropout_forward(x, param)

    check_layer(forward, dropout_backward, (x,), tol=1e-9)


def test_backward_in_test_mode_passes_dout():
    x, dout = np.ones((3, 4)), np.arange(12.0).reshape(3, 4)
    _, cache = dropout_forward(x, {"mode": "test", "p": 0.5})
    np.testing.assert_array_equal(dropout_backward(dout, cache), dout)


def test_output_keeps_the_input_dtype():
    x = np.ones((4, 5), dtype=np.float32)
    out, _ = dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 0})
    assert out.dtype == np.float32


@pytest.mark.parametrize("param, words", [
    ({"mode": "train", "p": 0.0}, "must lie in (0, 1]; got 0.0"),
    ({"mode": "train", "p": 1.5}, "must lie in (0, 1]; got 1.5"),
    ({"mode": "train", "p": -0.2}, "must lie in (0, 1]"),
    ({"mode": "train"}, "got None"),
    ({"mode": "train", "p": "0.5"}, "got '0.5'"),
    ({"mode": "eval", "p": 0.5}, "mode'] must be 'train' or 'test'"),
    ({"p": 0.5}, "mode'] must be 'train' or 'test'"),
])
def test_bad_parameters_are_one_line_errors(param, words):
    with pytest.raises(ValueError, match="dropout_forward") as info:
        dropout_forward(np.ones((2, 2)), param)
    assert words in str(info.value) and "\n" not in str(info.value)
