"""Max pooling: out[n, c, i, j] = max of x[n, c] over the window at (i * stride, j * stride).

No padding; the windows must tile the input: H' = 1 + (H - pool_height) / stride
exactly (and the same for W').

Shapes: N batch, C channels, H/W input height/width, H'/W' output height/width.
Taught in: assignment2/ConvolutionalNetworks.ipynb.
"""

from __future__ import annotations

import numpy as np


def pool_output_shape(x_shape: tuple, pool_param: dict,
                      where: str = "max_pool") -> tuple[int, int, int, int]:
    """(N, C, H', W') of a max pool; a one-line ValueError when the inputs do not fit.

    Given code shared by the naive and the fast layers (students do not edit it).
    """
    if len(x_shape) != 4:
        raise ValueError(f"{where}: x must have shape (N, C, H, W); got shape {tuple(x_shape)}")
    try:
        ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    except (KeyError, TypeError):
        raise ValueError(f"{where}: pool_param must be a dict with keys 'pool_height', "
                         f"'pool_width' and 'stride'; got {pool_param!r}") from None
    if not all(isinstance(v, (int, np.integer)) and v >= 1 for v in (ph, pw, stride)):
        raise ValueError(f"{where}: pool_height, pool_width and stride must be integers >= 1; "
                         f"got {ph!r}, {pw!r}, {stride!r}")
    N, C, H, W = x_shape
    sizes = []
    for name, n, k in (("height", H, ph), ("width", W, pw)):
        if n < k or (n - k) % stride:
            raise ValueError(f"{where}: pools of {name} {k} with stride {stride} do not tile "
                             f"the input {name} {n}: (n - k) / stride = {n - k}/{stride} must "
                             f"be a whole number >= 0")
        sizes.append(1 + (n - k) // stride)
    return N, C, sizes[0], sizes[1]


def max_pool_forward_naive(x: np.ndarray, pool_param: dict):
    """Compute out[n, c, i, j] = max over (a, k) of x[n, c, i*s + a, j*s + k].

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    pool_param : dict with ``pool_height``, ``pool_width`` and ``stride`` (ints >= 1)

    Returns
    -------
    out : ndarray of shape (N, C, H', W'), H' = 1 + (H - pool_height) / stride
    cache : tuple (x, pool_param)
    """
    N, C, H_out, W_out = pool_output_shape(np.shape(x), pool_param, "max_pool_forward_naive")
    out = None
    # TODO: loop over the output positions and take the max of each window over its
    # height and width, for all N and C at once.
    ### BEGIN SOLUTION
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    out = np.zeros((N, C, H_out, W_out), dtype=x.dtype)
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw]
            out[:, :, i, j] = window.max(axis=(2, 3))  # (N, C)
    ### END SOLUTION
    cache = (x, pool_param)
    return out, cache


def max_pool_backward_naive(dout: np.ndarray, cache: tuple):
    """Backward pass of ``max_pool_forward_naive``: dout goes to each window's maximum.

    When a window holds its maximum more than once, the first one in row-major
    order gets the gradient (as ``np.argmax`` picks it).

    Parameters
    ----------
    dout : ndarray of shape (N, C, H', W'), upstream gradient
    cache : tuple (x, pool_param) from ``max_pool_forward_naive``

    Returns
    -------
    dx : ndarray of shape (N, C, H, W)
    """
    x, pool_param = cache
    dx = None
    # TODO: for each output position, find where in its window the maximum was (np.argmax
    # over the flattened window) and add dout there; every other entry gets nothing.
    ### BEGIN SOLUTION
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    for i in range(H_out):
        for j in range(W_out):
            rows = slice(i * stride, i * stride + ph)
            cols = slice(j * stride, j * stride + pw)
            flat = x[:, :, rows, cols].reshape(N, C, -1)  # (N, C, ph*pw)
            idx = flat.argmax(axis=2)[..., None]  # (N, C, 1)
            dwin = np.zeros_like(flat)
            np.put_along_axis(dwin, idx, dout[:, :, i, j][..., None], axis=2)
            dx[:, :, rows, cols] += dwin.reshape(N, C, ph, pw)
    ### END SOLUTION
    return dx
