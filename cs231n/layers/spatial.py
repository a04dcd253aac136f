"""Normalization of convolutional activations: spatial batch norm and group norm.

Both compute out = gamma * (x - mu) / sqrt(var + eps) + beta per channel c;
they differ in the entries mu and var are taken over. Spatial batch norm: per
channel, over the batch and all positions (N, H, W). Group norm: per example
and per group of C / G consecutive channels, over the group's channels and
positions, so it does not depend on the batch.

Shapes: N batch, C channels, H/W height/width, G groups. ``x`` and ``out``
are (N, C, H, W).
Taught in: assignment2/ConvolutionalNetworks.ipynb.
"""

from __future__ import annotations

import numpy as np

from cs231n.layers.batchnorm import batchnorm_backward_alt, batchnorm_forward


def _check_spatial(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, shape, where: str):
    """Raise ValueError unless x is (N, C, H, W) and gamma, beta have ``shape(C)``."""
    if np.ndim(x) != 4 or np.shape(x)[0] == 0:
        raise ValueError(f"{where}: x must have shape (N, C, H, W) with N > 0; "
                         f"got shape {np.shape(x)}")
    want = shape(np.shape(x)[1])
    for name, p in (("gamma", gamma), ("beta", beta)):
        if np.shape(p) != want:
            raise ValueError(f"{where}: {name} must have shape {want} to match x "
                             f"{np.shape(x)}; got shape {np.shape(p)}")


def spatial_batchnorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                              bn_param: dict):
    """Batch norm with per-channel statistics over (N, H, W).

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    gamma : ndarray of shape (C,), scale
    beta : ndarray of shape (C,), shift
    bn_param : dict with the keys of ``batchnorm_forward`` (``mode`` required;
        ``eps``, ``momentum``, ``running_mean`` and ``running_var`` of shape (C,))

    Returns
    -------
    out : ndarray of shape (N, C, H, W)
    cache : what ``spatial_batchnorm_backward`` needs (here the cache of
        ``batchnorm_forward`` on the (N*H*W, C) view of x)
    """
    _check_spatial(x, gamma, beta, lambda C: (C,), "spatial_batchnorm_forward")
    out, cache = None, None
    # TODO: move the channel axis last and flatten to (N*H*W, C), so each channel is a
    # column; run the vanilla batchnorm_forward, then undo the reshape and the transpose.
    ### BEGIN SOLUTION
    N, C, H, W = x.shape
    rows = x.transpose(0, 2, 3, 1).reshape(-1, C)  # (N*H*W, C)
    out, cache = batchnorm_forward(rows, gamma, beta, bn_param)
    out = out.reshape(N, H, W, C).transpose(0, 3, 1, 2)  # (N, C, H, W)
    ### END SOLUTION
    return out, cache


def spatial_batchnorm_backward(dout: np.ndarray, cache):
    """Backward pass of train-mode ``spatial_batchnorm_forward``.

    Parameters
    ----------
    dout : ndarray of shape (N, C, H, W), upstream gradient
    cache : from ``spatial_batchnorm_forward``

    Returns
    -------
    dx : ndarray of shape (N, C, H, W)
    dgamma : ndarray of shape (C,)
    dbeta : ndarray of shape (C,)
    """
    dx = dgamma = dbeta = None
    # TODO: the same reshape as in the forward pass, around a vanilla batch norm backward.
    ### BEGIN SOLUTION
    N, C, H, W = dout.shape
    drows = dout.transpose(0, 2, 3, 1).reshape(-1, C)  # (N*H*W, C)
    dx, dgamma, dbeta = batchnorm_backward_alt(drows, cache)
    dx = dx.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    ### END SOLUTION
    return dx, dgamma, dbeta


def spatial_groupnorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, G: int,
                              gn_param: dict):
    """Group norm: statistics per example over each group of C / G consecutive channels.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    gamma : ndarray of shape (1, C, 1, 1), per-channel scale
    beta : ndarray of shape (1, C, 1, 1), per-channel shift
    G : int, number of groups; must divide C
    gn_param : dict with ``eps`` (default 1e-5); other keys (``mode``, say) are ignored

    Returns
    -------
    out : ndarray of shape (N, C, H, W)
    cache : what ``spatial_groupnorm_backward`` needs: here (x_hat, gamma, inv_std, G),
        with x_hat (N, C, H, W) and inv_std (N, G, 1) = 1 / sqrt(var + eps)
    """
    _check_spatial(x, gamma, beta, lambda C: (1, C, 1, 1), "spatial_groupnorm_forward")
    C = np.shape(x)[1]
    if not isinstance(G, (int, np.integer)) or G < 1 or C % G:
        raise ValueError(f"spatial_groupnorm_forward: G must be a positive integer that "
                         f"divides C = {C}; got G = {G!r}")
    eps = gn_param.get("eps", 1e-5)
    out, cache = None, None
    # TODO: view x as (N, G, C/G * H * W), normalize each row by its mean and (biased)
    # variance, reshape back, then scale and shift per channel.
    ### BEGIN SOLUTION
    groups = x.reshape(x.shape[0], G, -1)  # (N, G, C/G*H*W)
    mu = groups.mean(axis=2, keepdims=True)  # (N, G, 1)
    var = groups.var(axis=2, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = ((groups - mu) * inv_std).reshape(x.shape)  # (N, C, H, W)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, inv_std, G)
    ### END SOLUTION
    return out, cache


def spatial_groupnorm_backward(dout: np.ndarray, cache: tuple):
    """Backward pass of ``spatial_groupnorm_forward``.

    Parameters
    ----------
    dout : ndarray of shape (N, C, H, W), upstream gradient
    cache : from ``spatial_groupnorm_forward``

    Returns
    -------
    dx : ndarray of shape (N, C, H, W)
    dgamma : ndarray of shape (1, C, 1, 1)
    dbeta : ndarray of shape (1, C, 1, 1)
    """
    dx = dgamma = dbeta = None
    # TODO: dgamma and dbeta sum over (N, H, W); for dx, layer norm's formula applied to
    # each (example, group) row of g = dout * gamma.
    ### BEGIN SOLUTION
    x_hat, gamma, inv_std, G = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=(0, 2, 3), keepdims=True)
    dgamma = np.sum(dout * x_hat, axis=(0, 2, 3), keepdims=True)
    g = (dout * gamma).reshape(N, G, -1)  # (N, G, C/G*H*W)
    xh = x_hat.reshape(N, G, -1)
    dx = inv_std * (g - g.mean(axis=2, keepdims=True)
                    - xh * np.mean(g * xh, axis=2, keepdims=True))
    dx = dx.reshape(dout.shape)
    ### END SOLUTION
    return dx, dgamma, dbeta
