"""Convolutional layer: out[n, f] = sum_c (x[n, c] padded) star w[f, c] + b[f].

"star" is cross-correlation (the filter is not flipped), as in every deep
learning library. With zero padding ``pad`` on each side and step ``stride``,
the output is H' x W' with H' = 1 + (H + 2 * pad - HH) / stride (and the same
for W'); the division must be exact.

Shapes: N batch, C input channels, H/W input height/width, F filters,
HH/WW filter height/width, H'/W' output height/width.
Taught in: assignment2/ConvolutionalNetworks.ipynb.
"""

from __future__ import annotations

import numpy as np


def conv_output_shape(x_shape: tuple, w_shape: tuple, conv_param: dict,
                      where: str = "conv") -> tuple[int, int, int, int]:
    """(N, F, H', W') of a convolution; a one-line ValueError when the inputs do not fit.

    Given code shared by the naive and the fast layers (students do not edit it).
    """
    if len(x_shape) != 4:
        raise ValueError(f"{where}: x must have shape (N, C, H, W); got shape {tuple(x_shape)}")
    if len(w_shape) != 4 or w_shape[1] != x_shape[1]:
        raise ValueError(f"{where}: w must have shape (F, C, HH, WW) with C = {x_shape[1]} "
                         f"to match x {tuple(x_shape)}; got shape {tuple(w_shape)}")
    try:
        stride, pad = conv_param["stride"], conv_param["pad"]
    except (KeyError, TypeError):
        raise ValueError(f"{where}: conv_param must be a dict with keys 'stride' and 'pad'; "
                         f"got {conv_param!r}") from None
    if not (isinstance(stride, (int, np.integer)) and isinstance(pad, (int, np.integer))
            and stride >= 1 and pad >= 0):
        raise ValueError(f"{where}: conv_param needs an integer stride >= 1 and pad >= 0; "
                         f"got stride {stride!r}, pad {pad!r}")
    N, _, H, W = x_shape
    F, _, HH, WW = w_shape
    sizes = []
    for name, n, k in (("height", H, HH), ("width", W, WW)):
        span = n + 2 * pad - k
        if span < 0 or span % stride:
            raise ValueError(f"{where}: filters of {name} {k} with stride {stride} do not tile "
                             f"the padded input {name} {n} + 2*{pad}: (n + 2*pad - k) / stride "
                             f"= {span}/{stride} must be a whole number >= 0")
        sizes.append(1 + span // stride)
    return N, F, sizes[0], sizes[1]


def _check_bias(b: np.ndarray, F: int, where: str) -> None:
    if np.shape(b) != (F,):
        raise ValueError(f"{where}: b must have shape (F,) = ({F},); got shape {np.shape(b)}")


def conv_forward_naive(x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict):
    """Compute out[n, f, i, j] = sum_{c,a,k} xp[n, c, i*s + a, j*s + k] w[f, c, a, k] + b[f].

    xp is x with ``pad`` zeros on each side of H and W; s is the stride.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    w : ndarray of shape (F, C, HH, WW)
    b : ndarray of shape (F,)
    conv_param : dict with ``stride`` (int >= 1) and ``pad`` (int >= 0); x is not modified

    Returns
    -------
    out : ndarray of shape (N, F, H', W'), H' = 1 + (H + 2 * pad - HH) / stride
    cache : tuple (x, w, b, conv_param)
    """
    N, F, H_out, W_out = conv_output_shape(np.shape(x), np.shape(w), conv_param,
                                           "conv_forward_naive")
    _check_bias(b, F, "conv_forward_naive")
    out = None
    # TODO: pad x with np.pad, then loop over examples n, filters f and output positions
    # (i, j): each output is the sum of the (C, HH, WW) window of the padded input times
    # filter f, plus b[f]. Plain loops are fine: this version is the oracle for the fast one.
    ### BEGIN SOLUTION
    stride, pad = conv_param["stride"], conv_param["pad"]
    HH, WW = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))  # (N, C, H + 2p, W + 2p)
    out = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, w, b))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    window = xp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    ### END SOLUTION
    cache = (x, w, b, conv_param)
    return out, cache


def conv_backward_naive(dout: np.ndarray, cache: tuple):
    """Backward pass of ``conv_forward_naive``.

    Parameters
    ----------
    dout : ndarray of shape (N, F, H', W'), upstream gradient
    cache : tuple (x, w, b, conv_param) from ``conv_forward_naive``

    Returns
    -------
    dx : ndarray of shape (N, C, H, W)
    dw : ndarray of shape (F, C, HH, WW)
    db : ndarray of shape (F,)
    """
    x, w, b, conv_param = cache
    dx = dw = db = None
    # TODO: the same four loops as the forward pass. Output (n, f, i, j) read a window of
    # the padded input and filter f: add dout[n, f, i, j] times the filter into that window
    # of a padded dx (crop the padding at the end), and the window times it into dw[f].
    # db sums dout over everything but the filter axis.
    ### BEGIN SOLUTION
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    rows = slice(i * stride, i * stride + HH)
                    cols = slice(j * stride, j * stride + WW)
                    g = dout[n, f, i, j]
                    dw[f] += g * xp[n, :, rows, cols]
                    dxp[n, :, rows, cols] += g * w[f]
    dx = dxp[:, :, pad:pad + H, pad:pad + W]
    db = dout.sum(axis=(0, 2, 3))
    ### END SOLUTION
    return dx, dw, db
