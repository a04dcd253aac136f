"""Hidden checks of RNN_Captioning: the layers and the model on fresh random inputs and sizes.

Left out of the student release. The grader draws each seed at grading time
and runs the reference solution with it for the reference values, so code
that hard-codes the public values earns nothing here.
"""

import numpy as np

from grading.core import Close, Equal, check

Q = "RNN_Captioning"


def _sizes(rng):
    """N, T, D, H: small, random, and different from the public checks' sizes."""
    return tuple(int(v) for v in rng.randint(1, 6, size=4) + np.array([0, 1, 1, 1]))


def _step_inputs(rng):
    N, _, D, H = _sizes(rng)
    return rng.randn(N, D), rng.randn(N, H), rng.randn(D, H), rng.randn(H, H), rng.randn(H)


def _sequence_inputs(rng):
    N, T, D, H = _sizes(rng)
    return rng.randn(N, T, D), rng.randn(N, H), rng.randn(D, H), rng.randn(H, H), rng.randn(H)


# One hidden check per function: a failed hidden check withholds the public
# points of the same function only (grading.grader.gate).


@check(Q, points=1, targets=["rnn_layers.rnn_step_forward"], compare=[Close("next_h", 1e-8)],
       hidden=True, timeout=20)
def hidden_rnn_step_forward(cs, rng):
    """rnn_step_forward on fresh random inputs."""
    next_h, _ = cs.rnn_layers.rnn_step_forward(*_step_inputs(rng))
    return {"next_h": next_h}


@check(Q, points=1, targets=["rnn_layers.rnn_step_backward"],
       compare=[Close(k, 1e-8) for k in ("dx", "dprev_h", "dWx", "dWh", "db")],
       hidden=True, timeout=20)
def hidden_rnn_step_backward(cs, rng):
    """rnn_step_backward on fresh random inputs."""
    next_h, cache = cs.rnn_layers.rnn_step_forward(*_step_inputs(rng))
    grads = cs.rnn_layers.rnn_step_backward(rng.randn(*np.shape(next_h)), cache)
    return dict(zip(("dx", "dprev_h", "dWx", "dWh", "db"), grads))


@check(Q, points=1, targets=["rnn_layers.rnn_forward"], compare=[Close("h", 1e-7)],
       hidden=True, timeout=20)
def hidden_rnn_forward(cs, rng):
    """rnn_forward on a fresh random sequence."""
    h, _ = cs.rnn_layers.rnn_forward(*_sequence_inputs(rng))
    return {"h": h}


@check(Q, points=1, targets=["rnn_layers.rnn_backward"],
       compare=[Close(k, 1e-7) for k in ("dx", "dh0", "dWx", "dWh", "db")],
       hidden=True, timeout=20)
def hidden_rnn_backward(cs, rng):
    """rnn_backward on a fresh random sequence."""
    h, cache = cs.rnn_layers.rnn_forward(*_sequence_inputs(rng))
    grads = cs.rnn_layers.rnn_backward(rng.randn(*np.shape(h)), cache)
    return dict(zip(("dx", "dh0", "dWx", "dWh", "db"), grads))


def _embedding_inputs(rng):
    N, T, D, _ = _sizes(rng)
    V = int(rng.randint(2, 8))
    x = rng.randint(V, size=(N, T))
    x[0, -1] = x[0, 0]  # at least one repeated word (T >= 2)
    return x, rng.randn(V, D)


@check(Q, points=1, targets=["rnn_layers.word_embedding_forward"],
       compare=[Close("out", 1e-12)], hidden=True, timeout=20)
def hidden_word_embedding_forward(cs, rng):
    """word_embedding_forward on fresh indices and table."""
    out, _ = cs.rnn_layers.word_embedding_forward(*_embedding_inputs(rng))
    return {"out": out}


@check(Q, points=1, targets=["rnn_layers.word_embedding_backward"],
       compare=[Close("dW", 1e-10)], hidden=True, timeout=20)
def hidden_word_embedding_backward(cs, rng):
    """word_embedding_backward with repeated words."""
    out, cache = cs.rnn_layers.word_embedding_forward(*_embedding_inputs(rng))
    return {"dW": cs.rnn_layers.word_embedding_backward(rng.randn(*np.shape(out)), cache)}


def _model(cs, rng, D, W, H, V):
    words = ["<NULL>", "<START>", "<END>"] + [f"w{i}" for i in range(V - 3)]
    model = cs.classifiers.rnn.CaptioningRNN({w: i for i, w in enumerate(words)},
                                             input_dim=D, wordvec_dim=W, hidden_dim=H,
                                             dtype=np.float64)
    shapes = {"W_embed": (V, W), "W_proj": (D, H), "b_proj": (H,), "Wx": (W, H), "Wh": (H, H),
              "b": (H,), "W_vocab": (H, V), "b_vocab": (V,)}
    model.params = {k: rng.randn(*s) for k, s in shapes.items()}
    return model


_PARAMS = ("W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "W_vocab", "b_vocab")


@check(Q, points=2, targets=["classifiers.rnn.CaptioningRNN.loss"],
       compare=[Close("loss", 1e-10)] + [Close(k, 1e-8) for k in _PARAMS],
       hidden=True, timeout=20)
def hidden_captioning_rnn_loss(cs, rng):
    """CaptioningRNN loss and gradients on fresh parameters and captions with <NULL> padding."""
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
def hidden_captioning_rnn_sample(cs, rng):
    """CaptioningRNN.sample on fresh parameters and images."""
    N, T, D, H = _sizes(rng)
    model = _model(cs, rng, D, int(rng.randint(2, 6)), H, int(rng.randint(4, 10)))
    captions = model.sample(rng.randn(N, D), max_length=T + 2)
    return {"captions": None if captions is None else np.asarray(captions, dtype=np.int64)}
