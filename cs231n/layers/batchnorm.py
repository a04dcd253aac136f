"""Batch normalization and layer normalization of fully connected activations.

Both compute out = gamma * (x - mean) / sqrt(var + eps) + beta; batch norm
takes mean and var per feature over the batch (and keeps running averages for
test time), layer norm per example over its features.

Shapes: N batch, D features. ``x`` and ``out`` are (N, D); ``gamma`` and
``beta`` are (D,).
Taught in: assignment2/BatchNormalization.ipynb (used by FullyConnectedNets.ipynb).
"""

from __future__ import annotations

import numpy as np


def _check_norm_inputs(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, where: str) -> None:
    """Raise ValueError unless x is (N, D) with N > 0 and gamma, beta are (D,)."""
    x = np.asarray(x)
    if x.ndim != 2 or x.shape[0] == 0:
        raise ValueError(f"{where}: x must have shape (N, D) with N > 0; got shape {x.shape}")
    D = x.shape[1]
    for name, p in (("gamma", gamma), ("beta", beta)):
        if np.shape(p) != (D,):
            raise ValueError(f"{where}: {name} must have shape (D,) = ({D},) to match x "
                             f"{x.shape}; got shape {np.shape(p)}")


def batchnorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, bn_param: dict):
    """Compute out = gamma * (x - mu) / sqrt(var + eps) + beta with per-feature statistics.

    In ``'train'`` mode mu and var are the batch mean and the biased batch
    variance of each feature, and the running averages are updated as
    ``running = momentum * running + (1 - momentum) * batch``. In ``'test'``
    mode the running averages are used instead and nothing is updated.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    gamma : ndarray of shape (D,), scale
    beta : ndarray of shape (D,), shift
    bn_param : dict with
        ``mode`` : ``'train'`` or ``'test'`` (required)
        ``eps`` : float, default 1e-5
        ``momentum`` : float, default 0.9
        ``running_mean``, ``running_var`` : ndarrays of shape (D,), default zeros
        of x's dtype; updated in this dict in train mode

    Returns
    -------
    out : ndarray of shape (N, D)
    cache : what the backward passes need (train mode): here
        (x_hat, gamma, inv_std), with x_hat (N, D) the normalized input and
        inv_std (D,) = 1 / sqrt(var + eps); None in test mode
    """
    _check_norm_inputs(x, gamma, beta, "batchnorm_forward")
    mode = bn_param.get("mode")
    if mode not in ("train", "test"):
        raise ValueError(f"batchnorm_forward: bn_param['mode'] must be 'train' or 'test'; "
                         f"got {mode!r}")
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        # TODO: normalize with the batch mean and (biased) variance, scale and shift,
        # update running_mean and running_var, and keep what the backward pass needs in cache.
        ### BEGIN SOLUTION
        mu = x.mean(axis=0)  # (D,)
        var = x.var(axis=0)  # (D,)
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = (x - mu) * inv_std  # (N, D)
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, inv_std)
        ### END SOLUTION
    else:
        # TODO: normalize with running_mean and running_var, then scale and shift.
        ### BEGIN SOLUTION
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
        ### END SOLUTION

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout: np.ndarray, cache: tuple):
    """Backward pass of train-mode ``batchnorm_forward``, one node of the graph at a time.

    Parameters
    ----------
    dout : ndarray of shape (N, D), upstream gradient
    cache : from ``batchnorm_forward`` in train mode

    Returns
    -------
    dx : ndarray of shape (N, D)
    dgamma : ndarray of shape (D,)
    dbeta : ndarray of shape (D,)
    """
    if cache is None:
        raise ValueError("batchnorm_backward: no cache; the forward pass ran in 'test' mode")
    dx = dgamma = dbeta = None
    # TODO: backpropagate through out = gamma * x_hat + beta, x_hat = xc * inv_std,
    # xc = x - mean(x), inv_std = (var + eps) ** -0.5, var = mean(xc ** 2).
    ### BEGIN SOLUTION
    x_hat, gamma, inv_std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma  # (N, D)
    xc = x_hat / inv_std  # x - mu
    dinv_std = np.sum(dx_hat * xc, axis=0)  # (D,)
    dxc = dx_hat * inv_std
    dvar = dinv_std * -0.5 * inv_std ** 3  # d(var + eps)^(-1/2) / dvar
    dxc += dvar * 2.0 * xc / N  # var = mean(xc ** 2)
    dx = dxc - dxc.mean(axis=0)  # xc = x - mean(x)
    ### END SOLUTION
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout: np.ndarray, cache: tuple):
    """Backward pass of train-mode ``batchnorm_forward`` in closed form.

    With x_hat the normalized input and g = gamma * dout, per feature:
    dx = inv_std * (g - mean(g) - x_hat * mean(g * x_hat)).

    Parameters and returns as ``batchnorm_backward``.
    """
    if cache is None:
        raise ValueError("batchnorm_backward_alt: no cache; the forward pass ran in 'test' mode")
    dx = dgamma = dbeta = None
    # TODO: the same three gradients, with dx from the simplified formula above.
    ### BEGIN SOLUTION
    x_hat, gamma, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=0) - x_hat * np.mean(g * x_hat, axis=0))
    ### END SOLUTION
    return dx, dgamma, dbeta


def layernorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, ln_param: dict):
    """Compute out = gamma * (x - mu) / sqrt(var + eps) + beta with per-example statistics.

    mu and var are the mean and biased variance of each row of x, so the layer
    behaves the same at training and test time and keeps no running averages.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    gamma : ndarray of shape (D,), scale
    beta : ndarray of shape (D,), shift
    ln_param : dict with ``eps`` (default 1e-5); other keys (``mode``, say) are ignored

    Returns
    -------
    out : ndarray of shape (N, D)
    cache : what ``layernorm_backward`` needs: here (x_hat, gamma, inv_std), with
        x_hat (N, D) and inv_std (N, 1) = 1 / sqrt(var + eps)
    """
    _check_norm_inputs(x, gamma, beta, "layernorm_forward")
    eps = ln_param.get("eps", 1e-5)
    out, cache = None, None
    # TODO: normalize each row of x by its own mean and variance, then scale and shift.
    ### BEGIN SOLUTION
    mu = x.mean(axis=1, keepdims=True)  # (N, 1)
    var = x.var(axis=1, keepdims=True)  # (N, 1)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std  # (N, D)
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, inv_std)
    ### END SOLUTION
    return out, cache


def layernorm_backward(dout: np.ndarray, cache: tuple):
    """Backward pass of ``layernorm_forward``.

    Parameters
    ----------
    dout : ndarray of shape (N, D), upstream gradient
    cache : from ``layernorm_forward``

    Returns
    -------
    dx : ndarray of shape (N, D)
    dgamma : ndarray of shape (D,)
    dbeta : ndarray of shape (D,)
    """
    dx = dgamma = dbeta = None
    # TODO: as for batch norm, with the statistics taken along each row instead of each column.
    ### BEGIN SOLUTION
    x_hat, gamma, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    g = dout * gamma  # (N, D)
    dx = inv_std * (g - g.mean(axis=1, keepdims=True)
                    - x_hat * np.mean(g * x_hat, axis=1, keepdims=True))
    ### END SOLUTION
    return dx, dgamma, dbeta
