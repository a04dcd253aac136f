"""Checks of assignment3/LSTM_Captioning.ipynb: LSTM layers and CaptioningRNN with an LSTM cell.

The forward checks use the course's linspace inputs; the backward checks
compare with the reference and with numeric gradients on random inputs.
"""

import numpy as np

from grading.core import Agree, Close, Equal, check, model_grads, numeric_grad

Q = "LSTM_Captioning"


def _lin(a, b, *shape):
    return np.linspace(a, b, num=int(np.prod(shape))).reshape(shape)


@check(Q, points=1, targets=["rnn_layers.lstm_step_forward"],
       compare=[Close("next_h", 1e-8), Close("next_c", 1e-8)])
def lstm_step_forward(cs, rng):
    """lstm_step_forward on the course's linspace inputs, N, D, H = 3, 4, 5."""
    N, D, H = 3, 4, 5
    next_h, next_c, _ = cs.rnn_layers.lstm_step_forward(
        _lin(-0.4, 1.2, N, D), _lin(-0.3, 0.7, N, H), _lin(-0.4, 0.9, N, H),
        _lin(-2.1, 1.3, D, 4 * H), _lin(-0.7, 2.2, H, 4 * H), _lin(0.3, 0.7, 4 * H))
    return {"next_h": next_h, "next_c": next_c}


_STEP_GRADS = ("dx", "dprev_h", "dprev_c", "dWx", "dWh", "db")


@check(Q, points=1, targets=["rnn_layers.lstm_step_backward"],
       compare=[Close(k, 1e-7) for k in _STEP_GRADS]
       + [Agree(k, f"{k}_num", 1e-6) for k in _STEP_GRADS])
def lstm_step_backward(cs, rng):
    """lstm_step_backward, N, D, H = 4, 5, 6, against the reference and numeric gradients."""
    N, D, H = 4, 5, 6
    inputs = (rng.randn(N, D), rng.randn(N, H), rng.randn(N, H), rng.randn(D, 4 * H),
              rng.randn(H, 4 * H), rng.randn(4 * H))
    fwd = cs.rnn_layers.lstm_step_forward
    next_h, next_c, cache = fwd(*inputs)
    dnext_h, dnext_c = rng.randn(*np.shape(next_h)), rng.randn(*np.shape(next_c))
    grads = cs.rnn_layers.lstm_step_backward(dnext_h, dnext_c, cache)
    res = dict(zip(_STEP_GRADS, grads))
    for i, k in enumerate(_STEP_GRADS):
        def f(v, i=i):
            args = list(inputs)
            args[i] = v
            h, c, _ = fwd(*args)
            return np.concatenate([np.asarray(h), np.asarray(c)])

        res[f"{k}_num"] = numeric_grad(f, inputs[i].copy(), np.concatenate([dnext_h, dnext_c]))
    return res


@check(Q, points=1, targets=["rnn_layers.lstm_forward"], compare=[Close("h", 1e-7)])
def lstm_forward(cs, rng):
    """lstm_forward on the course's linspace inputs, N, D, H, T = 2, 5, 4, 3."""
    N, D, H, T = 2, 5, 4, 3
    h, _ = cs.rnn_layers.lstm_forward(_lin(-0.4, 0.6, N, T, D), _lin(-0.4, 0.8, N, H),
                                      _lin(-0.2, 0.9, D, 4 * H), _lin(-0.3, 0.6, H, 4 * H),
                                      _lin(0.2, 0.7, 4 * H))
    return {"h": h}


_SEQ_GRADS = ("dx", "dh0", "dWx", "dWh", "db")


@check(Q, points=1, targets=["rnn_layers.lstm_backward"],
       compare=[Close(k, 1e-7) for k in _SEQ_GRADS]
       + [Agree(k, f"{k}_num", 1e-6) for k in _SEQ_GRADS])
def lstm_backward(cs, rng):
    """lstm_backward, N, D, T, H = 2, 3, 10, 6, against the reference and numeric gradients."""
    N, D, T, H = 2, 3, 10, 6
    inputs = (rng.randn(N, T, D), rng.randn(N, H), rng.randn(D, 4 * H), rng.randn(H, 4 * H),
              rng.randn(4 * H))
    fwd = cs.rnn_layers.lstm_forward
    out, cache = fwd(*inputs)
    dh = rng.randn(*np.shape(out))
    grads = cs.rnn_layers.lstm_backward(dh, cache)
    res = dict(zip(_SEQ_GRADS, grads))
    for i, k in enumerate(_SEQ_GRADS):
        def f(v, i=i):
            args = list(inputs)
            args[i] = v
            return fwd(*args)[0]

        res[f"{k}_num"] = numeric_grad(f, inputs[i].copy(), dh)
    return res


@check(Q, points=1, targets=["classifiers.rnn.CaptioningRNN.loss"],
       compare=[Close("loss", 1e-10)])
def captioning_lstm_loss(cs, rng):
    """CaptioningRNN(cell_type="lstm") loss in the course's setup (N, D, W, H = 10, 20, 30, 40)."""
    N, D, W, H, T = 10, 20, 30, 40, 13
    word_to_idx = {"<NULL>": 0, "cat": 2, "dog": 3}
    V = len(word_to_idx)
    model = cs.classifiers.rnn.CaptioningRNN(word_to_idx, input_dim=D, wordvec_dim=W,
                                             hidden_dim=H, cell_type="lstm",
                                             dtype=np.float64)
    for k, v in model.params.items():
        model.params[k] = np.linspace(-1.4, 1.3, num=v.size).reshape(*v.shape)
    features = _lin(-0.5, 1.7, N, D)
    captions = (np.arange(N * T) % V).reshape(N, T)
    loss, _ = model.loss(features, captions)
    return {"loss": loss}


def lstm_model(cs, rng, D, W, H, V, scale=1.0):
    """A float64 LSTM CaptioningRNN over words w0, w1, ... with freshly drawn parameters."""
    words = ["<NULL>", "<START>", "<END>"] + [f"w{i}" for i in range(V - 3)]
    model = cs.classifiers.rnn.CaptioningRNN({w: i for i, w in enumerate(words)},
                                             input_dim=D, wordvec_dim=W, hidden_dim=H,
                                             cell_type="lstm", dtype=np.float64)
    # Draw every parameter here, so the values do not depend on how __init__ draws them.
    shapes = {"W_embed": (V, W), "W_proj": (D, H), "b_proj": (H,), "Wx": (W, 4 * H),
              "Wh": (H, 4 * H), "b": (4 * H,), "W_vocab": (H, V), "b_vocab": (V,)}
    model.params = {k: scale * rng.randn(*s) for k, s in shapes.items()}
    return model


PARAMS = ("W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "W_vocab", "b_vocab")


@check(Q, points=1, targets=["classifiers.rnn.CaptioningRNN.loss"],
       compare=[Close(k, 1e-8) for k in PARAMS] + [Agree(k, f"{k}_num", 1e-5) for k in PARAMS])
def captioning_lstm_grads(cs, rng):
    """CaptioningRNN(cell_type="lstm") gradients (batch 2, 3 steps, sizes 4, 5, 6, float64)."""
    N, D, W, H, T, V = 2, 4, 5, 6, 3, 10
    model = lstm_model(cs, rng, D, W, H, V, scale=0.5)
    features = rng.randn(N, D)
    captions = rng.randint(1, V, size=(N, T + 1))
    captions[0, 1] = captions[0, 2] = captions[1, 1] = 4  # a word read three times
    captions[1, -1] = 0  # one <NULL> target
    return model_grads(model, features, captions, names=PARAMS)


@check(Q, points=1, targets=["classifiers.rnn.CaptioningRNN.sample"],
       compare=[Equal("captions")])
def captioning_lstm_sample(cs, rng):
    """CaptioningRNN(cell_type="lstm").sample: greedy captions of 4 images, 8 words each."""
    model = lstm_model(cs, rng, D=6, W=5, H=7, V=12)
    captions = model.sample(rng.randn(4, 6), max_length=8)
    return {"captions": None if captions is None else np.asarray(captions, dtype=np.int64)}
