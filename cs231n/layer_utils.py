"""Sandwich layers: common sequences of layers as one forward and one backward.

Shapes: N batch, D = d_1 * ... * d_k input features, M outputs.
Taught in: assignment1/two_layer_net.ipynb (and reused by assignment2).
"""

from __future__ import annotations

import numpy as np

from cs231n.layers import affine_backward, affine_forward, relu_backward, relu_forward


def affine_relu_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray):
    """Compute out = max(0, x.reshape(N, D) @ w + b).

    Parameters
    ----------
    x : ndarray of shape (N, d_1, ..., d_k)
    w : ndarray of shape (D, M)
    b : ndarray of shape (M,)

    Returns
    -------
    out : ndarray of shape (N, M)
    cache : tuple (fc_cache, relu_cache) for ``affine_relu_backward``
    """
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout: np.ndarray, cache: tuple):
    """Backward pass of ``affine_relu_forward``.

    Parameters
    ----------
    dout : ndarray of shape (N, M), upstream gradient
    cache : tuple (fc_cache, relu_cache) from ``affine_relu_forward``

    Returns
    -------
    dx : ndarray of the shape of x
    dw : ndarray of shape (D, M)
    db : ndarray of shape (M,)
    """
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    return affine_backward(da, fc_cache)
