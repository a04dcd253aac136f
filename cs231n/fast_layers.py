"""Fast convolution and max pooling in pure numpy (given code; students do not edit it).

Convolution as one matrix product: gather every receptive field of the
padded input into a column (im2col), so that the layer is
``out = w.reshape(F, -1) @ cols + b``. Two ways to build ``cols``:

- ``conv_forward_im2col``: fancy indexing (``cs231n.im2col``), a copy per field;
- ``conv_forward_strides``: ``np.lib.stride_tricks.as_strided`` views the padded
  input as a (C, HH, WW, N, H', W') array of windows without copying; one copy
  makes it a matrix. Its backward pass adds the column gradients back with
  HH * WW strided slice additions (col2im). These are ``conv_forward_fast``
  and ``conv_backward_fast``.

Max pooling: when the windows are square, non-overlapping and tile the input
(``pool_height == pool_width == stride``), a reshape turns each window into
its own axes; otherwise a strided window view does the same for any pooling.
The backward passes route the gradient to the first maximum of each window,
as ``max_pool_backward_naive`` does, so fast and naive agree exactly.

The course compiles a Cython extension for these; here numpy alone is fast
enough (see the timings in the notebook and ``python -m benchmarks``).

Shapes: N batch, C channels, H/W height/width, F filters, HH/WW filter
height/width, H'/W' output height/width.
Taught in: assignment2/ConvolutionalNetworks.ipynb.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from cs231n.im2col import col2im_indices, im2col_indices
from cs231n.layers.conv import conv_output_shape
from cs231n.layers.pooling import pool_output_shape


def _check_bias(b: np.ndarray, F: int, where: str) -> None:
    if np.shape(b) != (F,):
        raise ValueError(f"{where}: b must have shape (F,) = ({F},); got shape {np.shape(b)}")


def _windows(xp: np.ndarray, HH: int, WW: int, stride: int, H_out: int, W_out: int):
    """A read-only (C, HH, WW, N, H', W') view of xp (N, C, Hp, Wp): window entries first."""
    sN, sC, sH, sW = xp.strides
    N, C = xp.shape[:2]
    return as_strided(xp, shape=(C, HH, WW, N, H_out, W_out),
                      strides=(sC, sH, sW, sN, stride * sH, stride * sW), writeable=False)


def _col2im_strided(dcols6: np.ndarray, padded_shape: tuple, stride: int) -> np.ndarray:
    """Adjoint of ``_windows``: add (C, HH, WW, N, H', W') back into an (N, C, Hp, Wp) array."""
    C, HH, WW, N, H_out, W_out = dcols6.shape
    dxp = np.zeros(padded_shape, dtype=dcols6.dtype)
    for a in range(HH):
        for b in range(WW):
            dxp[:, :, a:a + stride * H_out:stride, b:b + stride * W_out:stride] += (
                dcols6[:, a, b].transpose(1, 0, 2, 3))  # (N, C, H', W')
    return dxp


# ------------------------------------------------------------------ convolution


def conv_forward_im2col(x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict):
    """Convolution through ``im2col_indices`` and one matrix product.

    Same contract as ``conv_forward_naive``; raises ValueError when the filters
    do not tile the padded input. cache: (x, w, b, conv_param, x_cols).
    """
    N, F, H_out, W_out = conv_output_shape(np.shape(x), np.shape(w), conv_param,
                                           "conv_forward_im2col")
    _check_bias(b, F, "conv_forward_im2col")
    stride, pad = conv_param["stride"], conv_param["pad"]
    HH, WW = w.shape[2:]
    x_cols = im2col_indices(x, HH, WW, pad, stride)  # (C*HH*WW, N*H'*W')
    out = w.reshape(F, -1) @ x_cols + b[:, None]  # (F, N*H'*W')
    out = np.ascontiguousarray(out.reshape(F, N, H_out, W_out).transpose(1, 0, 2, 3))
    return out, (x, w, b, conv_param, x_cols)


def conv_backward_im2col(dout: np.ndarray, cache: tuple):
    """Backward pass of ``conv_forward_im2col``: (dx, dw, db)."""
    x, w, b, conv_param, x_cols = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    F, _, HH, WW = w.shape
    db = dout.sum(axis=(0, 2, 3))
    dout_rows = dout.transpose(1, 0, 2, 3).reshape(F, -1)  # (F, N*H'*W')
    dw = (dout_rows @ x_cols.T).reshape(w.shape)
    dx_cols = w.reshape(F, -1).T @ dout_rows  # (C*HH*WW, N*H'*W')
    dx = col2im_indices(dx_cols, x.shape, HH, WW, pad, stride)
    return dx, dw, db


def conv_forward_strides(x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict):
    """Convolution through a strided window view of the padded input and one matrix product.

    Same contract as ``conv_forward_naive``. cache: (x, w, b, conv_param, x_cols)
    with x_cols (C*HH*WW, N*H'*W').
    """
    N, F, H_out, W_out = conv_output_shape(np.shape(x), np.shape(w), conv_param,
                                           "conv_forward_strides")
    _check_bias(b, F, "conv_forward_strides")
    stride, pad = conv_param["stride"], conv_param["pad"]
    HH, WW = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    x_cols = _windows(xp, HH, WW, stride, H_out, W_out).reshape(-1, N * H_out * W_out)  # copy
    out = w.reshape(F, -1) @ x_cols + b[:, None]  # (F, N*H'*W')
    out = np.ascontiguousarray(out.reshape(F, N, H_out, W_out).transpose(1, 0, 2, 3))
    return out, (x, w, b, conv_param, x_cols)


def conv_backward_strides(dout: np.ndarray, cache: tuple):
    """Backward pass of ``conv_forward_strides``: (dx, dw, db)."""
    x, w, b, conv_param, x_cols = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    db = dout.sum(axis=(0, 2, 3))
    dout_rows = dout.transpose(1, 0, 2, 3).reshape(F, -1)  # (F, N*H'*W')
    dw = (dout_rows @ x_cols.T).reshape(w.shape)
    dx_cols = w.reshape(F, -1).T @ dout_rows  # (C*HH*WW, N*H'*W')
    dxp = _col2im_strided(dx_cols.reshape(C, HH, WW, N, H_out, W_out),
                          (N, C, H + 2 * pad, W + 2 * pad), stride)
    dx = dxp[:, :, pad:pad + H, pad:pad + W]
    return dx, dw, db


conv_forward_fast = conv_forward_strides
conv_backward_fast = conv_backward_strides


# ------------------------------------------------------------------ max pooling


def _route_to_max(flat: np.ndarray, dout: np.ndarray) -> np.ndarray:
    """One-hot of each window's first maximum, times dout: flat (..., K), dout (...) -> (..., K)."""
    idx = flat.argmax(axis=-1)[..., None]
    dflat = np.zeros_like(flat)
    np.put_along_axis(dflat, idx, dout[..., None], axis=-1)
    return dflat


def max_pool_forward_reshape(x: np.ndarray, pool_param: dict):
    """Max pooling of non-overlapping square windows that tile x, through a reshaped view.

    Viewed as (N, C, H', ph, W', pw), entry (a, b) of every window is the slice
    [:, :, :, a, :, b]; the output is the elementwise maximum of those ph * pw
    slices. Needs pool_height == pool_width == stride dividing H and W;
    ValueError otherwise. cache: (x, pool_param, out).
    """
    N, C, H_out, W_out = pool_output_shape(np.shape(x), pool_param, "max_pool_forward_reshape")
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    if not (ph == pw == s and x.shape[2] % s == 0 and x.shape[3] % s == 0):
        raise ValueError("max_pool_forward_reshape: needs pool_height == pool_width == stride "
                         f"dividing H and W; got {ph}x{pw}, stride {s}, input {x.shape}")
    tiles = x.reshape(N, C, H_out, ph, W_out, pw)
    out = tiles[:, :, :, 0, :, 0].copy()  # (N, C, H', W')
    for a in range(ph):
        for b in range(pw):
            np.maximum(out, tiles[:, :, :, a, :, b], out=out)
    return out, (x, pool_param, out)


def max_pool_backward_reshape(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Backward pass of ``max_pool_forward_reshape``: dx of the shape of x.

    Visits the window entries in row-major order and gives dout to the first
    entry equal to the window's maximum.
    """
    x, pool_param, out = cache
    N, C, H_out, W_out = dout.shape
    ph, pw = pool_param["pool_height"], pool_param["pool_width"]
    tiles = x.reshape(N, C, H_out, ph, W_out, pw)
    dx = np.zeros_like(x)
    dtiles = dx.reshape(N, C, H_out, ph, W_out, pw)  # a view: writes land in dx
    taken = np.zeros(out.shape, dtype=bool)
    for a in range(ph):
        for b in range(pw):
            first = (tiles[:, :, :, a, :, b] == out) & ~taken
            dtiles[:, :, :, a, :, b] = np.where(first, dout, 0)
            taken |= first
    return dx


def max_pool_forward_im2col(x: np.ndarray, pool_param: dict):
    """Max pooling of any windows that tile x, through a strided window view.

    cache: (x, pool_param, x_cols) with x_cols (N, C, H', W', ph*pw).
    """
    N, C, H_out, W_out = pool_output_shape(np.shape(x), pool_param, "max_pool_forward_im2col")
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    sN, sC, sH, sW = x.strides
    view = as_strided(x, shape=(N, C, H_out, W_out, ph, pw),
                      strides=(sN, sC, s * sH, s * sW, sH, sW), writeable=False)
    x_cols = view.reshape(N, C, H_out, W_out, ph * pw)  # copy
    return x_cols.max(axis=-1), (x, pool_param, x_cols)


def max_pool_backward_im2col(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Backward pass of ``max_pool_forward_im2col``: dx of the shape of x."""
    x, pool_param, x_cols = cache
    N, C, H_out, W_out = dout.shape
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    dflat = _route_to_max(x_cols, dout).reshape(N, C, H_out, W_out, ph, pw)
    dx = np.zeros_like(x)
    for a in range(ph):
        for b in range(pw):
            dx[:, :, a:a + s * H_out:s, b:b + s * W_out:s] += dflat[..., a, b]
    return dx


def max_pool_forward_fast(x: np.ndarray, pool_param: dict):
    """Max pooling: the reshape method when it applies, else the strided im2col method.

    Same contract as ``max_pool_forward_naive``; cache ('reshape' | 'im2col', inner cache).
    """
    pool_output_shape(np.shape(x), pool_param, "max_pool_forward_fast")
    N, C, H, W = x.shape
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    if ph == pw == s and H % s == 0 and W % s == 0:
        out, cache = max_pool_forward_reshape(x, pool_param)
        return out, ("reshape", cache)
    out, cache = max_pool_forward_im2col(x, pool_param)
    return out, ("im2col", cache)


def max_pool_backward_fast(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Backward pass of ``max_pool_forward_fast``: dx of the shape of x."""
    method, inner = cache
    if method == "reshape":
        return max_pool_backward_reshape(dout, inner)
    if method == "im2col":
        return max_pool_backward_im2col(dout, inner)
    raise ValueError(f"max_pool_backward_fast: unknown method {method!r} in the cache")
