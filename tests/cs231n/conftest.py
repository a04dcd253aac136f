"""Shared test helper: ``check_layer`` checks any layer's output, shapes and gradients."""

import numpy as np
import pytest

from cs231n.gradient_check import eval_numerical_gradient_array, rel_error


def _check_layer(forward, backward, inputs, expected=None, *, wrt=None, tol=1e-7,
                 out_tol=1e-9, seed=0):
    """Assert that a layer computes ``expected`` and that its backward pass is right.

    forward : callable, forward(*inputs) -> (out, cache)
    backward : callable, backward(dout, cache) -> dx or a tuple of gradients, one per
        input in ``wrt`` (default: every input), in order
    inputs : tuple of float64 arrays
    expected : array the output must match (relative error <= out_tol), or None
    wrt : indices of the inputs the gradients are taken with respect to

    Checks: the output's value and shape, one gradient per input with that input's
    shape and dtype, and each gradient against a float64 centred difference.
    Returns the output and the gradients.
    """
    inputs = tuple(np.asarray(x, dtype=np.float64) for x in inputs)
    wrt = tuple(range(len(inputs))) if wrt is None else tuple(wrt)
    out, cache = forward(*inputs)
    out = np.asarray(out)
    if expected is not None:
        expected = np.asarray(expected)
        assert out.shape == expected.shape
        assert rel_error(out, expected) <= out_tol, rel_error(out, expected)
    dout = np.random.RandomState(seed).randn(*out.shape)
    grads = backward(dout, cache)
    if not isinstance(grads, tuple):
        grads = (grads,)
    assert len(grads) == len(wrt)
    for i, g in zip(wrt, grads):
        x = inputs[i]
        assert np.shape(g) == x.shape, f"gradient {i}: shape {np.shape(g)} != {x.shape}"

        def f(v, i=i):
            args = list(inputs)
            args[i] = v
            return forward(*args)[0]

        num = eval_numerical_gradient_array(f, x.copy(), dout)
        err = rel_error(g, num)
        assert err <= tol, f"gradient {i}: relative error {err:.2e} > {tol:.0e}"
    return out, grads


@pytest.fixture
def check_layer():
    """The ``_check_layer`` helper, as a fixture for any test module."""
    return _check_layer
