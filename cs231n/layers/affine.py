"""Fully connected (affine) layer: out = x.reshape(N, D) @ w + b.

Shapes: N batch, D = d_1 * ... * d_k input features, M outputs.
Taught in: assignment1/two_layer_net.ipynb.
"""

from __future__ import annotations

import numpy as np


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray):
    """Compute out = x.reshape(N, D) @ w + b.

    Parameters
    ----------
    x : ndarray of shape (N, d_1, ..., d_k)
    w : ndarray of shape (D, M), with D = d_1 * ... * d_k
    b : ndarray of shape (M,)

    Returns
    -------
    out : ndarray of shape (N, M)
    cache : tuple (x, w, b)
    """
    out = None
    # TODO: flatten each example of x into a row and apply the affine map.
    ### BEGIN SOLUTION
    out = x.reshape(x.shape[0], -1) @ w + b  # (N, M)
    ### END SOLUTION
    cache = (x, w, b)
    return out, cache


def affine_backward(dout: np.ndarray, cache: tuple):
    """Backward pass of ``affine_forward``.

    Parameters
    ----------
    dout : ndarray of shape (N, M), upstream gradient
    cache : tuple (x, w, b) from ``affine_forward``

    Returns
    -------
    dx : ndarray of the shape of x
    dw : ndarray of shape (D, M)
    db : ndarray of shape (M,)
    """
    x, w, b = cache
    dx = dw = db = None
    # TODO: gradients with respect to x (reshaped back), w and b.
    ### BEGIN SOLUTION
    N = x.shape[0]
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(N, -1).T @ dout  # (D, M)
    db = dout.sum(axis=0)
    ### END SOLUTION
    return dx, dw, db
