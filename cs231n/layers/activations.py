"""Elementwise activations: ReLU, out = max(0, x).

Shapes: any; the output and the gradients have the shape of the input.
Taught in: assignment1/two_layer_net.ipynb.
"""

from __future__ import annotations

import numpy as np


def relu_forward(x: np.ndarray):
    """Compute out = max(0, x) elementwise.

    Parameters
    ----------
    x : ndarray of any shape

    Returns
    -------
    out : ndarray of the shape of x
    cache : x
    """
    out = None
    # TODO: the rectified linear unit.
    ### BEGIN SOLUTION
    out = np.maximum(x, 0)
    ### END SOLUTION
    cache = x
    return out, cache


def relu_backward(dout: np.ndarray, cache: np.ndarray):
    """Backward pass of ``relu_forward``: dx = dout where x > 0, else 0.

    Parameters
    ----------
    dout : ndarray, upstream gradient of the shape of x
    cache : x from ``relu_forward``

    Returns
    -------
    dx : ndarray of the shape of x
    """
    x = cache
    dx = None
    # TODO: pass the gradient through where the input was positive.
    ### BEGIN SOLUTION
    dx = dout * (x > 0)
    ### END SOLUTION
    return dx
