"""Hidden checks of LSTM_Captioning: the LSTM layers and model on fresh random inputs and sizes.

Left out of the student release. The grader draws each seed at grading time
and runs the reference solution with it for the reference values, so code
that hard-codes the public values earns nothing here.
"""

import numpy as np

from grading.core import Close, Equal, check

Q = "LSTM_Captioning"


def _sizes(rng):
    """N, T, D, H: small, random, and different from the public checks' sizes."""
    return tuple(int(v) for v in rng.randint(1, 6, size=4) + np.array([0, 1, 1, 1]))


def _step_inputs(rng):
    N, _, D, H = _sizes(rng)
    return (rng.randn(N, D), rng.randn(N, H), rng.randn(N, H), rng.randn(D, 4 * H),
            rng.randn(H, 4 * H), rng.randn(4 * H))


def _sequence_inputs(rng):
    N, T, D, H = _sizes(rng)
    return (rng.randn(N, T, D), rng.randn(N, H), rng.randn(D, 4 * H), rng.randn(H, 4 * H),
            rng.randn(4 * H))


# One hidden check per function: a failed hidden check withholds the public
# points of the same function only (grading.grader.gate).


@check(Q, points=1, targets=["rnn_layers.lstm_step_forward"],
       compare=[Close("next_h", 1e-8), Close("next_c", 1e-8)], hidden=True, timeout=20)
def hidden_lstm_step_forward(cs, rng):
    """lstm_step_forward on fresh random inputs."""
    next_h, next_c, _ = cs.rnn_layers.lstm_step_forward(*_step_inputs(rng))
    return {"next_h": next_h, "next_c": next_c}


_STEP_GRADS = ("dx", "dprev_h", "dprev_c", "dWx", "dWh", "db")


@check(Q, points=1, targets=["rnn_layers.lstm_step_backward"],
       compare=[Close(k, 1e-8) for k in _STEP_GRADS], hidden=True, timeout=20)
def hidden_lstm_step_backward(cs, rng):
    """lstm_step_backward on fresh random inputs and upstream gradients."""
    next_h, next_c, cache = cs.rnn_layers.lstm_step_forward(*_step_inputs(rng))
    grads = cs.rnn_layers.lstm_step_backward(rng.randn(*np.shape(next_h)),
                                             rng.randn(*np.shape(next_c)), cache)
    return dict(zip(_STEP_GRADS, grads))


@check(Q, points=1, targets=["rnn_layers.lstm_forward"], compare=[Close("h", 1e-7)],
       hidden=True, timeout=20)
def hidden_lstm_forward(cs, rng):
    """lstm_forward on a fresh random sequence."""
    h, _ = cs.rnn_layers.lstm_forward(*_sequence_inputs(rng))
    return {"h": h}


_SEQ_GRADS = ("dx", "dh0", "dWx", "dWh", "db")


@check(Q, points=1, targets=["rnn_layers.lstm_backward"],
       compare=[Close(k, 1e-7) for k in _SEQ_GRADS], hidden=True, timeout=20)
def hidden_lstm_backward(cs, rng):
    """lstm_backward on a fresh random sequence."""
    h, cache = cs.rnn_layers.lstm_forward(*_sequence_inputs(rng))
    grads = cs.rnn_layers.lstm_backward(rng.randn(*np.shape(h)), cache)
    return dict(zip(_SEQ_GRADS, grads))


def _model(cs, rng, D, W, H, V):
    words = ["<NULL>", "<START>", "<END>"] + [f"w{i}" for i in range(V - 3)]
    model = cs.classifiers.rnn.CaptioningRNN({w: i for i, w in enumerate(words)},
                                             input_dim=D, wordvec_dim=W, hidden_dim=H,
                                             cell_type="lstm", dtype=np.float64)
    shapes = {"W_embed": (V, W), "W_proj": (D, H), "b_proj": (H,), "Wx": (W, 4 * H),
              "Wh": (H, 4 * H), "b": (4 * H,), "W_vocab": (H, V), "b_vocab": (V,)}
    model.params = {k: rng.randn(*s) for k, s in shapes.items()}
    return model


_PARAMS = ("W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "W_vocab", "b_vocab")


@check(Q, points=1, targets=["classifiers.rnn.CaptioningRNN.loss"],
       compare=[Close("loss", 1e-10)] + [Close(k, 1e-8) for k in _PARAMS],
       hidden=True, timeout=20)
def hidden_captioning_lstm_loss(cs, rng):
    """CaptioningRNN(cell_type="lstm") loss and gradients on fresh parameters and padding."""
    N, T, D, H = _sizes(rng)
    W, V = int(rng.randint(2, 6)), int(rng.randint(4, 10))
    model = _model(cs, rng, D, W, H, V)
    captions = rng.randint(1, V, size=(N, T + 1))
    captions[0, 1] = captions[0, 0]  # a word read twice
    lengths = rng.randint(1, T + 1, size=N)
    lengths[0] = T  # one caption without padding, so that every step carries a gradient
    for row, length in zip(captions, lengths):
        row[length + 1:] = 0
    loss, grads = model.loss(rng.randn(N, D), captions)
    grads = grads if isinstance(grads, dict) else {}
    return {"loss": loss, **{k: grads.get(k) for k in _PARAMS}}


@check(Q, points=1, targets=["classifiers.rnn.CaptioningRNN.sample"],
       compare=[Equal("captions")], hidden=True, timeout=20)
def hidden_captioning_lstm_sample(cs, rng):
    """CaptioningRNN(cell_type="lstm").sample on fresh parameters and images."""
    N, T, D, H = _sizes(rng)
    model = _model(cs, rng, D, int(rng.randint(2, 6)), H, int(rng.randint(4, 10)))
    captions = model.sample(rng.randn(N, D), max_length=T + 2)
    return {"captions": None if captions is None else np.asarray(captions, dtype=np.int64)}
