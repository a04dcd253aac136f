"""im2col by fancy indexing: every receptive field of an image batch as a column.

Given code (students do not edit it). ``im2col_indices`` gathers, for each
output position of a convolution, the C * field_height * field_width input
values it reads into one column, so that the convolution becomes one matrix
product ``w.reshape(F, -1) @ cols``. ``col2im_indices`` is its adjoint: it
adds each column back onto the positions it was read from (overlapping fields
sum, through ``np.add.at``), which is what the backward pass needs.
``cs231n.fast_layers`` uses a faster, strided construction of the same matrix.

Columns are ordered (n, i, j): example first, then output row and column.

Shapes: N batch, C channels, H/W height/width, HH/WW field height/width,
H'/W' output height/width.
Taught in: assignment2/ConvolutionalNetworks.ipynb.
"""

from __future__ import annotations

import numpy as np


def get_im2col_indices(x_shape: tuple, field_height: int, field_width: int, padding: int = 1,
                       stride: int = 1):
    """Index arrays (k, i, j) with cols[r, (n, p)] = x_padded[n, k[r], i[r, p], j[r, p]].

    Returns
    -------
    k : ndarray of shape (C*HH*WW, 1), the channel of each row
    i, j : ndarrays of shape (C*HH*WW, H'*W'), the padded-input row and column
    """
    N, C, H, W = x_shape
    if (H + 2 * padding - field_height) % stride or (W + 2 * padding - field_width) % stride:
        raise ValueError(f"im2col: fields {field_height}x{field_width} with stride {stride} "
                         f"and padding {padding} do not tile an input of {H}x{W}")
    H_out = (H + 2 * padding - field_height) // stride + 1
    W_out = (W + 2 * padding - field_width) // stride + 1
    # Row r of the matrix is (c, a, b): channel, row and column inside the field.
    a = np.tile(np.repeat(np.arange(field_height), field_width), C)  # (C*HH*WW,)
    b = np.tile(np.arange(field_width), field_height * C)
    k = np.repeat(np.arange(C), field_height * field_width)[:, None]  # (C*HH*WW, 1)
    # Column p of the matrix is the output position (y, x).
    y = stride * np.repeat(np.arange(H_out), W_out)  # (H'*W',)
    x = stride * np.tile(np.arange(W_out), H_out)
    i = a[:, None] + y[None, :]  # (C*HH*WW, H'*W')
    j = b[:, None] + x[None, :]
    return k, i, j


def im2col_indices(x: np.ndarray, field_height: int, field_width: int, padding: int = 1,
                   stride: int = 1) -> np.ndarray:
    """The receptive fields of x as columns: an array of shape (C*HH*WW, N*H'*W')."""
    p = padding
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    k, i, j = get_im2col_indices(x.shape, field_height, field_width, padding, stride)
    cols = xp[:, k, i, j]  # (N, C*HH*WW, H'*W')
    return cols.transpose(1, 0, 2).reshape(cols.shape[1], -1)


def col2im_indices(cols: np.ndarray, x_shape: tuple, field_height: int = 3,
                   field_width: int = 3, padding: int = 1, stride: int = 1) -> np.ndarray:
    """Adjoint of ``im2col_indices``: sum each column back into an array of shape x_shape."""
    N, C, H, W = x_shape
    p = padding
    xp = np.zeros((N, C, H + 2 * p, W + 2 * p), dtype=cols.dtype)
    k, i, j = get_im2col_indices(x_shape, field_height, field_width, padding, stride)
    per_example = cols.reshape(cols.shape[0], N, -1).transpose(1, 0, 2)  # (N, C*HH*WW, H'*W')
    np.add.at(xp, (slice(None), k, i, j), per_example)
    return xp[:, :, p:p + H, p:p + W]
