"""Sandwich layers: common sequences of layers as one forward and one backward.

Shapes: N batch, D = d_1 * ... * d_k input features, M outputs; for the conv
sandwiches C channels, H/W height/width, F filters, HH/WW filter size.
Taught in: assignment1/two_layer_net.ipynb (and reused by assignment2); the
conv sandwiches (given code, on the fast layers) in
assignment2/ConvolutionalNetworks.ipynb.
"""

from __future__ import annotations

import numpy as np

from cs231n.fast_layers import (
    conv_backward_fast,
    conv_forward_fast,
    max_pool_backward_fast,
    max_pool_forward_fast,
)
from cs231n.layers import (
    affine_backward,
    affine_forward,
    relu_backward,
    relu_forward,
    spatial_batchnorm_backward,
    spatial_batchnorm_forward,
)


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


def conv_relu_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict):
    """Compute out = max(0, conv(x, w) + b) with the fast convolution.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    w : ndarray of shape (F, C, HH, WW)
    b : ndarray of shape (F,)
    conv_param : dict with ``stride`` and ``pad`` (see ``conv_forward_naive``)

    Returns
    -------
    out : ndarray of shape (N, F, H', W')
    cache : tuple (conv_cache, relu_cache) for ``conv_relu_backward``
    """
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    out, relu_cache = relu_forward(a)
    return out, (conv_cache, relu_cache)


def conv_relu_backward(dout: np.ndarray, cache: tuple):
    """Backward pass of ``conv_relu_forward``: (dx, dw, db)."""
    conv_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    return conv_backward_fast(da, conv_cache)


def conv_bn_relu_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, gamma: np.ndarray,
                         beta: np.ndarray, conv_param: dict, bn_param: dict):
    """Compute out = max(0, spatial_batchnorm(conv(x, w) + b)).

    gamma and beta are (F,); ``bn_param`` as for ``spatial_batchnorm_forward``.

    Returns
    -------
    out : ndarray of shape (N, F, H', W')
    cache : tuple (conv_cache, bn_cache, relu_cache) for ``conv_bn_relu_backward``
    """
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    an, bn_cache = spatial_batchnorm_forward(a, gamma, beta, bn_param)
    out, relu_cache = relu_forward(an)
    return out, (conv_cache, bn_cache, relu_cache)


def conv_bn_relu_backward(dout: np.ndarray, cache: tuple):
    """Backward pass of ``conv_bn_relu_forward``: (dx, dw, db, dgamma, dbeta)."""
    conv_cache, bn_cache, relu_cache = cache
    dan = relu_backward(dout, relu_cache)
    da, dgamma, dbeta = spatial_batchnorm_backward(dan, bn_cache)
    dx, dw, db = conv_backward_fast(da, conv_cache)
    return dx, dw, db, dgamma, dbeta


def conv_relu_pool_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict,
                           pool_param: dict):
    """Compute out = maxpool(max(0, conv(x, w) + b)) with the fast convolution and pooling.

    Returns
    -------
    out : ndarray of shape (N, F, H'', W''), the pooled size of the conv output
    cache : tuple (conv_cache, relu_cache, pool_cache) for ``conv_relu_pool_backward``
    """
    a, conv_cache = conv_forward_fast(x, w, b, conv_param)
    s, relu_cache = relu_forward(a)
    out, pool_cache = max_pool_forward_fast(s, pool_param)
    return out, (conv_cache, relu_cache, pool_cache)


def conv_relu_pool_backward(dout: np.ndarray, cache: tuple):
    """Backward pass of ``conv_relu_pool_forward``: (dx, dw, db)."""
    conv_cache, relu_cache, pool_cache = cache
    ds = max_pool_backward_fast(dout, pool_cache)
    da = relu_backward(ds, relu_cache)
    return conv_backward_fast(da, conv_cache)
