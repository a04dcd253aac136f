"""Recurrent layers for captioning: vanilla RNN, LSTM, word embeddings, temporal layers.

Shapes: N batch, T time steps, D input size (word vector size), H hidden size,
V vocabulary size, M outputs of a temporal affine layer.

Each layer is a forward/backward pair: ``*_forward`` returns ``(out, cache)`` and
``*_backward(dout, cache)`` returns the gradients in the order of the forward's
inputs. Given here: ``affine_forward``/``affine_backward`` (the temporal affine
layer with T = 1, so that this assignment does not depend on your
``cs231n/layers/affine.py``), ``sigmoid``, the temporal affine layer and the masked
temporal softmax loss. You write the RNN, LSTM and word-embedding layers.
Taught in: assignment3/RNN_Captioning.ipynb (LSTM: assignment3/LSTM_Captioning.ipynb).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "affine_backward", "affine_forward", "lstm_backward", "lstm_forward",
    "lstm_step_backward", "lstm_step_forward", "rnn_backward", "rnn_forward",
    "rnn_step_backward", "rnn_step_forward", "sigmoid", "temporal_affine_backward",
    "temporal_affine_forward", "temporal_softmax_loss", "word_embedding_backward",
    "word_embedding_forward",
]


# ----------------------------------------------------------- input checks (given)


def _require(where: str, name: str, arr, shape: tuple) -> None:
    """Raise ValueError unless ``arr`` has ``shape`` (``None`` entries match any size)."""
    got = np.shape(arr)
    if len(got) != len(shape) or any(s is not None and g != s for g, s in zip(got, shape)):
        want = "(" + ", ".join("?" if s is None else str(s) for s in shape) + \
            ("," if len(shape) == 1 else "") + ")"
        raise ValueError(f"{where}: {name} must have shape {want}; got shape {got}")


def _check_cell(where: str, x, prev_h, Wx, Wh, b, gates: int) -> None:
    """Shapes of one recurrent step: x (N, D), prev_h (N, H), Wx (D, gH), Wh (H, gH), b (gH,)."""
    _require(where, "x", x, (None, None))
    N, D = np.shape(x)
    _require(where, "prev_h", prev_h, (N, None))
    H = np.shape(prev_h)[1]
    _require(where, "Wx", Wx, (D, gates * H))
    _require(where, "Wh", Wh, (H, gates * H))
    _require(where, "b", b, (gates * H,))


def _check_sequence(where: str, x, h0, Wx, Wh, b, gates: int) -> None:
    """Shapes of a whole sequence: x (N, T, D), h0 (N, H) and the step's weights."""
    _require(where, "x", x, (None, None, None))
    N, T, D = np.shape(x)
    _require(where, "h0", h0, (N, None))
    H = np.shape(h0)[1]
    _require(where, "Wx", Wx, (D, gates * H))
    _require(where, "Wh", Wh, (H, gates * H))
    _require(where, "b", b, (gates * H,))


# ------------------------------------------------------------------ given layers


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-x)), elementwise, without overflow for large |x|.

    For x >= 0 it evaluates 1 / (1 + e^-x); for x < 0 the equal form e^x / (1 + e^x),
    so ``exp`` only ever sees non-positive arguments.
    """
    x = np.asarray(x)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def temporal_affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray):
    """The same affine map at every time step: out[n, t] = x[n, t] @ w + b.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
    w : ndarray of shape (D, M)
    b : ndarray of shape (M,)

    Returns
    -------
    out : ndarray of shape (N, T, M)
    cache : tuple (x, w, b, out)
    """
    _require("temporal_affine_forward", "x", x, (None, None, None))
    N, T, D = x.shape
    _require("temporal_affine_forward", "w", w, (D, None))
    M = w.shape[1]
    _require("temporal_affine_forward", "b", b, (M,))
    out = (x.reshape(N * T, D) @ w).reshape(N, T, M) + b  # (N, T, M)
    cache = (x, w, b, out)
    return out, cache


def temporal_affine_backward(dout: np.ndarray, cache: tuple):
    """Backward pass of ``temporal_affine_forward``.

    Parameters
    ----------
    dout : ndarray of shape (N, T, M)
    cache : tuple from ``temporal_affine_forward``

    Returns
    -------
    dx : ndarray of shape (N, T, D)
    dw : ndarray of shape (D, M)
    db : ndarray of shape (M,)
    """
    x, w, b, out = cache
    N, T, D = x.shape
    M = b.shape[0]
    dflat = dout.reshape(N * T, M)
    dx = (dflat @ w.T).reshape(N, T, D)
    dw = x.reshape(N * T, D).T @ dflat  # (D, M)
    db = dflat.sum(axis=0)
    return dx, dw, db


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray):
    """out = x.reshape(N, D) @ w + b, as ``cs231n.layers.affine_forward`` (given here).

    Parameters
    ----------
    x : ndarray of shape (N, d_1, ..., d_k), D = d_1 * ... * d_k
    w : ndarray of shape (D, M)
    b : ndarray of shape (M,)

    Returns
    -------
    out : ndarray of shape (N, M)
    cache : tuple (x, w, b)
    """
    x = np.asarray(x)
    N = x.shape[0]
    out, _ = temporal_affine_forward(x.reshape(N, 1, -1), w, b)
    return out[:, 0], (x, w, b)


def affine_backward(dout: np.ndarray, cache: tuple):
    """Backward pass of ``affine_forward``: (dx of the shape of x, dw (D, M), db (M,))."""
    x, w, b = cache
    N = x.shape[0]
    dx, dw, db = temporal_affine_backward(dout[:, None], (x.reshape(N, 1, -1), w, b, None))
    return dx.reshape(x.shape), dw, db


def temporal_softmax_loss(x: np.ndarray, y: np.ndarray, mask: np.ndarray,
                          verbose: bool = False):
    """Softmax cross-entropy at every time step, masked, summed over time, averaged over N.

    L = -(1/N) sum_n sum_t mask[n, t] * log softmax(x[n, t])[y[n, t]]

    Parameters
    ----------
    x : ndarray of shape (N, T, V), scores over the vocabulary
    y : ndarray of shape (N, T), target word indices in [0, V)
    mask : ndarray of shape (N, T), True where the target counts (not ``<NULL>``)
    verbose : bool, print the shape of dx

    Returns
    -------
    loss : float
    dx : ndarray of shape (N, T, V); masked positions get zero gradient

    Note the normalisation: the loss is divided by N only, not by the number of
    unmasked steps, so it grows with caption length.
    """
    where = "temporal_softmax_loss"
    _require(where, "x", x, (None, None, None))
    N, T, V = x.shape
    _require(where, "y", y, (N, T))
    _require(where, "mask", mask, (N, T))
    y = np.asarray(y)
    if y.dtype.kind not in "iu":
        raise ValueError(f"{where}: y must hold integer word indices; got dtype {y.dtype}")
    if y.size and (y.min() < 0 or y.max() >= V):
        raise ValueError(f"{where}: y must lie in [0, {V}); got {y.min()} to {y.max()}")

    x_flat = x.reshape(N * T, V)
    y_flat = y.reshape(N * T)
    mask_flat = np.asarray(mask).reshape(N * T).astype(x.dtype)

    shifted = x_flat - x_flat.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    probs = np.exp(log_probs)
    loss = -np.sum(mask_flat * log_probs[np.arange(N * T), y_flat]) / N
    dx_flat = probs
    dx_flat[np.arange(N * T), y_flat] -= 1
    dx_flat *= mask_flat[:, None] / N
    if verbose:
        print("dx_flat:", dx_flat.shape)
    dx = dx_flat.reshape(N, T, V)
    return float(loss), dx


# ---------------------------------------------------------------- vanilla RNN


def rnn_step_forward(x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                     b: np.ndarray):
    """One step of a vanilla RNN: next_h = tanh(x @ Wx + prev_h @ Wh + b).

    Parameters
    ----------
    x : ndarray of shape (N, D), input at this step
    prev_h : ndarray of shape (N, H), hidden state of the previous step
    Wx : ndarray of shape (D, H), input-to-hidden weights
    Wh : ndarray of shape (H, H), hidden-to-hidden weights
    b : ndarray of shape (H,)

    Returns
    -------
    next_h : ndarray of shape (N, H)
    cache : what ``rnn_step_backward`` needs (your choice)
    """
    _check_cell("rnn_step_forward", x, prev_h, Wx, Wh, b, gates=1)
    next_h, cache = None, None
    # TODO: compute next_h; keep in cache what the backward pass needs (tanh' = 1 - tanh^2).
    ### BEGIN SOLUTION
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)  # (N, H)
    cache = (x, prev_h, Wx, Wh, next_h)
    ### END SOLUTION
    return next_h, cache


def rnn_step_backward(dnext_h: np.ndarray, cache):
    """Backward pass of ``rnn_step_forward``.

    Parameters
    ----------
    dnext_h : ndarray of shape (N, H), gradient of the loss with respect to next_h
    cache : from ``rnn_step_forward``

    Returns
    -------
    dx : ndarray of shape (N, D)
    dprev_h : ndarray of shape (N, H)
    dWx : ndarray of shape (D, H)
    dWh : ndarray of shape (H, H)
    db : ndarray of shape (H,)
    """
    dx, dprev_h, dWx, dWh, db = None, None, None, None, None
    # TODO: backpropagate through tanh, then through the two matrix products and the bias.
    ### BEGIN SOLUTION
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1 - next_h * next_h)  # (N, H), gradient at the pre-activation
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(axis=0)
    ### END SOLUTION
    return dx, dprev_h, dWx, dWh, db


def rnn_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                b: np.ndarray):
    """Run a vanilla RNN over a whole sequence by repeated ``rnn_step_forward`` calls.

    Parameters
    ----------
    x : ndarray of shape (N, T, D), the input sequence
    h0 : ndarray of shape (N, H), initial hidden state
    Wx : ndarray of shape (D, H)
    Wh : ndarray of shape (H, H)
    b : ndarray of shape (H,)

    Returns
    -------
    h : ndarray of shape (N, T, H), hidden states of every step (h0 excluded)
    cache : what ``rnn_backward`` needs (your choice)
    """
    _check_sequence("rnn_forward", x, h0, Wx, Wh, b, gates=1)
    h, cache = None, None
    # TODO: loop over the T steps with rnn_step_forward, storing each hidden state in h.
    ### BEGIN SOLUTION
    N, T, _ = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H), dtype=np.result_type(x, h0, Wx))
    steps = []
    prev_h = h0
    for t in range(T):
        prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        h[:, t] = prev_h
        steps.append(step_cache)
    cache = (steps, x.shape, h0.shape)
    ### END SOLUTION
    return h, cache


def rnn_backward(dh: np.ndarray, cache):
    """Backpropagation through time for ``rnn_forward``.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H), upstream gradients of each hidden state from the
        layers above only (not the part that flows back through later steps)
    cache : from ``rnn_forward``

    Returns
    -------
    dx : ndarray of shape (N, T, D)
    dh0 : ndarray of shape (N, H)
    dWx : ndarray of shape (D, H)
    dWh : ndarray of shape (H, H)
    db : ndarray of shape (H,)
    """
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    # TODO: walk t from T-1 down to 0; at each step the gradient into h_t is dh[:, t] plus
    # what came back from step t+1. Sum the weight gradients over the steps.
    ### BEGIN SOLUTION
    steps, (N, T, D), (_, H) = cache
    dx = np.zeros((N, T, D), dtype=dh.dtype)
    dWx, dWh, db = (np.zeros(s, dtype=dh.dtype) for s in ((D, H), (H, H), (H,)))
    dprev_h = np.zeros((N, H), dtype=dh.dtype)
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, steps[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    dh0 = dprev_h
    ### END SOLUTION
    return dx, dh0, dWx, dWh, db


# ------------------------------------------------------------- word embeddings


def word_embedding_forward(x: np.ndarray, W: np.ndarray):
    """Look up word vectors: out[n, t] = W[x[n, t]].

    Parameters
    ----------
    x : ndarray of shape (N, T), integer word indices in [0, V)
    W : ndarray of shape (V, D), one row per word

    Returns
    -------
    out : ndarray of shape (N, T, D)
    cache : what ``word_embedding_backward`` needs (your choice)
    """
    where = "word_embedding_forward"
    _require(where, "x", x, (None, None))
    _require(where, "W", W, (None, None))
    x = np.asarray(x)
    if x.dtype.kind not in "iu":
        raise ValueError(f"{where}: x must hold integer word indices; got dtype {x.dtype}")
    if x.size and (x.min() < 0 or x.max() >= W.shape[0]):
        raise ValueError(f"{where}: x must lie in [0, {W.shape[0]}); got {x.min()} to {x.max()}")
    out, cache = None, None
    # TODO: index W with x (one line).
    ### BEGIN SOLUTION
    out = W[x]  # (N, T, D)
    cache = (x, W.shape)
    ### END SOLUTION
    return out, cache


def word_embedding_backward(dout: np.ndarray, cache):
    """Backward pass of ``word_embedding_forward`` (no gradient for the integer input).

    Parameters
    ----------
    dout : ndarray of shape (N, T, D)
    cache : from ``word_embedding_forward``

    Returns
    -------
    dW : ndarray of shape (V, D); a word used k times gets the sum of its k gradients
    """
    dW = None
    # TODO: accumulate each dout[n, t] into row x[n, t] of dW. Repeated words must add up:
    # dW[x] += dout does not; np.add.at does.
    ### BEGIN SOLUTION
    x, W_shape = cache
    dW = np.zeros(W_shape, dtype=dout.dtype)
    np.add.at(dW, x, dout)
    ### END SOLUTION
    return dW


# ------------------------------------------------------------------------ LSTM


def lstm_step_forward(x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray,
                      Wh: np.ndarray, b: np.ndarray):
    """One LSTM step with gates in the order [i, f, o, g].

    a = x @ Wx + prev_h @ Wh + b, split into four (N, H) blocks a_i, a_f, a_o, a_g;
    i, f, o = sigmoid(a_i), sigmoid(a_f), sigmoid(a_o); g = tanh(a_g);
    next_c = f * prev_c + i * g; next_h = o * tanh(next_c).

    Parameters
    ----------
    x : ndarray of shape (N, D)
    prev_h : ndarray of shape (N, H)
    prev_c : ndarray of shape (N, H), previous cell state
    Wx : ndarray of shape (D, 4H)
    Wh : ndarray of shape (H, 4H)
    b : ndarray of shape (4H,)

    Returns
    -------
    next_h : ndarray of shape (N, H)
    next_c : ndarray of shape (N, H)
    cache : what ``lstm_step_backward`` needs (your choice)
    """
    _check_cell("lstm_step_forward", x, prev_h, Wx, Wh, b, gates=4)
    _require("lstm_step_forward", "prev_c", prev_c, np.shape(prev_h))
    next_h, next_c, cache = None, None, None
    # TODO: the four gates from one matrix product, then the new cell and hidden states.
    ### BEGIN SOLUTION
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b  # (N, 4H)
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c)
    ### END SOLUTION
    return next_h, next_c, cache


def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache):
    """Backward pass of ``lstm_step_forward``.

    Parameters
    ----------
    dnext_h : ndarray of shape (N, H)
    dnext_c : ndarray of shape (N, H)
    cache : from ``lstm_step_forward``

    Returns
    -------
    dx : ndarray of shape (N, D)
    dprev_h : ndarray of shape (N, H)
    dprev_c : ndarray of shape (N, H)
    dWx : ndarray of shape (D, 4H)
    dWh : ndarray of shape (H, 4H)
    db : ndarray of shape (4H,)
    """
    dx, dprev_h, dprev_c, dWx, dWh, db = None, None, None, None, None, None
    # TODO: the cell state receives dnext_c plus what flows through next_h = o * tanh(next_c);
    # then the four gate gradients (sigmoid' = s(1 - s), tanh' = 1 - t^2), stacked as [i, f, o, g].
    ### BEGIN SOLUTION
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c = cache
    dc = dnext_c + dnext_h * o * (1 - tanh_c * tanh_c)  # (N, H)
    di, df, do, dg = dc * g, dc * prev_c, dnext_h * tanh_c, dc * i
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o),
                         dg * (1 - g * g)], axis=1)  # (N, 4H)
    dprev_c = dc * f
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(axis=0)
    ### END SOLUTION
    return dx, dprev_h, dprev_c, dWx, dWh, db


def lstm_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                 b: np.ndarray):
    """Run an LSTM over a whole sequence; the initial cell state is zero.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
    h0 : ndarray of shape (N, H)
    Wx : ndarray of shape (D, 4H)
    Wh : ndarray of shape (H, 4H)
    b : ndarray of shape (4H,)

    Returns
    -------
    h : ndarray of shape (N, T, H), hidden states of every step (the cell states are
        internal and not returned)
    cache : what ``lstm_backward`` needs (your choice)
    """
    _check_sequence("lstm_forward", x, h0, Wx, Wh, b, gates=4)
    h, cache = None, None
    # TODO: loop over the T steps with lstm_step_forward, starting from c0 = 0.
    ### BEGIN SOLUTION
    N, T, _ = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H), dtype=np.result_type(x, h0, Wx))
    prev_h, prev_c = h0, np.zeros_like(h0)
    steps = []
    for t in range(T):
        prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
        h[:, t] = prev_h
        steps.append(step_cache)
    cache = (steps, x.shape, h0.shape)
    ### END SOLUTION
    return h, cache


def lstm_backward(dh: np.ndarray, cache):
    """Backpropagation through time for ``lstm_forward``.

    Parameters
    ----------
    dh : ndarray of shape (N, T, H), upstream gradients of each hidden state from the
        layers above only
    cache : from ``lstm_forward``

    Returns
    -------
    dx : ndarray of shape (N, T, D)
    dh0 : ndarray of shape (N, H)
    dWx : ndarray of shape (D, 4H)
    dWh : ndarray of shape (H, 4H)
    db : ndarray of shape (4H,)
    """
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    # TODO: as rnn_backward, but two states flow back in time: h and c (the last c gets 0).
    ### BEGIN SOLUTION
    steps, (N, T, D), (_, H) = cache
    dx = np.zeros((N, T, D), dtype=dh.dtype)
    dWx, dWh, db = (np.zeros(s, dtype=dh.dtype) for s in ((D, 4 * H), (H, 4 * H), (4 * H,)))
    dprev_h = np.zeros((N, H), dtype=dh.dtype)
    dprev_c = np.zeros((N, H), dtype=dh.dtype)
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
            dh[:, t] + dprev_h, dprev_c, steps[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    dh0 = dprev_h
    ### END SOLUTION
    return dx, dh0, dWx, dWh, db
