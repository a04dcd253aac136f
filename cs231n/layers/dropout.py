"""Inverted dropout: in training keep each unit with probability p and divide by p.

Note: ``p`` is the probability of KEEPING a unit (the course's convention),
not of dropping it as in ``torch.nn.Dropout``. Because kept units are divided
by p in training, the expected output equals the input and test mode is the
identity.

Shapes: any; the output and the gradients have the shape of the input.
Taught in: assignment2/Dropout.ipynb (used by FullyConnectedNets.ipynb).
"""

from __future__ import annotations

import numpy as np


def dropout_forward(x: np.ndarray, dropout_param: dict):
    """Compute out = x * mask, mask = (rand < p) / p in train mode; out = x in test mode.

    Parameters
    ----------
    x : ndarray of any shape
    dropout_param : dict with
        ``p`` : float in (0, 1], the probability of keeping each unit (required)
        ``mode`` : ``'train'`` or ``'test'`` (required)
        ``seed`` : optional int; when present, numpy's global generator is
        seeded with it first, which makes the mask reproducible (for gradient checks)

    Returns
    -------
    out : ndarray of the shape and dtype of x
    cache : tuple (dropout_param, mask), mask of the shape of x in train mode, None in test mode
    """
    p, mode = dropout_param.get("p"), dropout_param.get("mode")
    if isinstance(p, bool) or not isinstance(p, (int, float, np.floating)) or not 0 < p <= 1:
        raise ValueError(f"dropout_forward: dropout_param['p'] is the keep probability and must "
                         f"lie in (0, 1]; got {p!r}")
    if mode not in ("train", "test"):
        raise ValueError(f"dropout_forward: dropout_param['mode'] must be 'train' or 'test'; "
                         f"got {mode!r}")
    if dropout_param.get("seed") is not None:
        np.random.seed(dropout_param["seed"])

    mask, out = None, None
    if mode == "train":
        # TODO: draw a mask that keeps each unit with probability p (np.random.rand of x's
        # shape, compared with p), divide it by p, and apply it.
        ### BEGIN SOLUTION
        mask = (np.random.rand(*x.shape) < p) / p
        out = x * mask
        ### END SOLUTION
    else:
        # TODO: at test time dropout does nothing.
        ### BEGIN SOLUTION
        out = x
        ### END SOLUTION

    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)
    return out, cache


def dropout_backward(dout: np.ndarray, cache: tuple):
    """Backward pass of ``dropout_forward``: dx = dout * mask in train mode, dout in test mode.

    Parameters
    ----------
    dout : ndarray, upstream gradient of the shape of x
    cache : tuple (dropout_param, mask) from ``dropout_forward``

    Returns
    -------
    dx : ndarray of the shape of x
    """
    dropout_param, mask = cache
    mode = dropout_param["mode"]
    dx = None
    if mode == "train":
        # TODO: only the kept units pass gradient, scaled like their outputs.
        ### BEGIN SOLUTION
        dx = dout * mask
        ### END SOLUTION
    else:
        dx = dout
    return dx
