"""Checks of assignment3/RNN_Captioning.ipynb: RNN layers, word embeddings and CaptioningRNN.

The given layers (temporal affine, temporal softmax loss) have no graded check:
they pass on the student release. The notebook judges them with verdict lines.
"""

import numpy as np

from grading.core import Agree, Close, Equal, check, model_grads, numeric_grad

Q = "RNN_Captioning"


def _lin(a, b, *shape):
    return np.linspace(a, b, num=int(np.prod(shape))).reshape(shape)


@check(Q, points=2, targets=["rnn_layers.rnn_step_forward"], compare=[Close("next_h", 1e-8)])
def rnn_step_forward(cs, rng):
    """rnn_step_forward on the course's linspace inputs, N, D, H = 3, 10, 4."""
    N, D, H = 3, 10, 4
    next_h, _ = cs.rnn_layers.rnn_step_forward(
        _lin(-0.4, 0.7, N, D), _lin(-0.2, 0.5, N, H), _lin(-0.1, 0.9, D, H),
        _lin(-0.3, 0.7, H, H), _lin(-0.2, 0.4, H))
    return {"next_h": next_h}


def _rnn_step_inputs(rng, N, D, H):
    return rng.randn(N, D), rng.randn(N, H), rng.randn(D, H), rng.randn(H, H), rng.randn(H)


@check(Q, points=2, targets=["rnn_layers.rnn_step_backward"],
       compare=[Close(k, 1e-8) for k in ("dx", "dprev_h", "dWx", "dWh", "db")]
       + [Agree(k, f"{k}_num", 1e-8) for k in ("dx", "dprev_h", "dWx", "dWh", "db")])
def rnn_step_backward(cs, rng):
    """rnn_step_backward, N, D, H = 4, 5, 6, against the reference and numeric gradients."""
    inputs = _rnn_step_inputs(rng, 4, 5, 6)
    fwd = cs.rnn_layers.rnn_step_forward
    out, cache = fwd(*inputs)
    dnext_h = rng.randn(*np.shape(out))
    grads = cs.rnn_layers.rnn_step_backward(dnext_h, cache)
    res = dict(zip(("dx", "dprev_h", "dWx", "dWh", "db"), grads))
    for i, k in enumerate(("dx", "dprev_h", "dWx", "dWh", "db")):
        def f(v, i=i):
            args = list(inputs)
            args[i] = v
            return fwd(*args)[0]

        res[f"{k}_num"] = numeric_grad(f, inputs[i].copy(), dnext_h)
    return res


@check(Q, points=2, targets=["rnn_layers.rnn_forward"], compare=[Close("h", 1e-7)])
def rnn_forward(cs, rng):
    """rnn_forward on the course's linspace inputs, N, T, D, H = 2, 3, 4, 5."""
    N, T, D, H = 2, 3, 4, 5
    h, _ = cs.rnn_layers.rnn_forward(_lin(-0.1, 0.3, N, T, D), _lin(-0.3, 0.1, N, H),
                                     _lin(-0.2, 0.4, D, H), _lin(-0.4, 0.1, H, H),
                                     _lin(-0.7, 0.1, H))
    return {"h": h}


@check(Q, points=3, targets=["rnn_layers.rnn_backward"],
       compare=[Close(k, 1e-7) for k in ("dx", "dh0", "dWx", "dWh", "db")]
       + [Agree(k, f"{k}_num", 1e-6) for k in ("dx", "dh0", "dWx", "dWh", "db")])
def rnn_backward(cs, rng):
    """rnn_backward, N, D, T, H = 2, 3, 10, 5, against the reference and numeric gradients."""
    N, D, T, H = 2, 3, 10, 5
    inputs = (rng.randn(N, T, D), rng.randn(N, H), rng.randn(D, H), rng.randn(H, H),
              rng.randn(H))
    fwd = cs.rnn_layers.rnn_forward
    out, cache = fwd(*inputs)
    dh = rng.randn(*np.shape(out))
    grads = cs.rnn_layers.rnn_backward(dh, cache)
    keys = ("dx", "dh0", "dWx", "dWh", "db")
    res = dict(zip(keys, grads))
    for i, k in enumerate(keys):
        def f(v, i=i):
            args = list(inputs)
            args[i] = v
            return fwd(*args)[0]

        res[f"{k}_num"] = numeric_grad(f, inputs[i].copy(), dh)
    return res


@check(Q, points=1, targets=["rnn_layers.word_embedding_forward"],
       compare=[Close("out", 1e-8)])
def word_embedding_forward(cs, rng):
    """word_embedding_forward: the course's 2 x 4 index batch into a (5, 3) linspace table."""
    x = np.asarray([[0, 3, 1, 2], [2, 1, 0, 3]])
    out, _ = cs.rnn_layers.word_embedding_forward(x, _lin(0, 1, 5, 3))
    return {"out": out}


@check(Q, points=1, targets=["rnn_layers.word_embedding_backward"],
       compare=[Close("dW", 1e-11), Agree("dW", "dW_num", 1e-11)])
def word_embedding_backward(cs, rng):
    """word_embedding_backward, N, T, V, D = 50, 3, 5, 6 (every word repeats)."""
    N, T, V, D = 50, 3, 5, 6
    x, W = rng.randint(V, size=(N, T)), rng.randn(V, D)
    fwd = cs.rnn_layers.word_embedding_forward
    out, cache = fwd(x, W)
    dout = rng.randn(*np.shape(out))
    dW = cs.rnn_layers.word_embedding_backward(dout, cache)
    return {"dW": dW, "dW_num": numeric_grad(lambda v: fwd(x, v)[0], W.copy(), dout)}


def _linspace_model(cs, cell_type="rnn"):
    """The course's CaptioningRNN setup: every parameter linspace(-1.4, 1.3), float64."""
    N, D, W, H, T = 10, 20, 30, 40, 13
    word_to_idx = {"<NULL>": 0, "cat": 2, "dog": 3}
    V = len(word_to_idx)
    model = cs.classifiers.rnn.CaptioningRNN(word_to_idx, input_dim=D, wordvec_dim=W,
                                             hidden_dim=H, cell_type=cell_type,
                                             dtype=np.float64)
    for k, v in model.params.items():
        model.params[k] = np.linspace(-1.4, 1.3, num=v.size).reshape(*v.shape)
    features = np.linspace(-1.5, 0.3, num=N * D).reshape(N, D)
    captions = (np.arange(N * T) % V).reshape(N, T)
    return model, features, captions


@check(Q, points=3, targets=["classifiers.rnn.CaptioningRNN.loss"],
       compare=[Close("loss", 1e-10)])
def captioning_rnn_loss(cs, rng):
    """CaptioningRNN loss in the course's setup (N, D, W, H = 10, 20, 30, 40; T = 13)."""
    model, features, captions = _linspace_model(cs)
    loss, _ = model.loss(features, captions)
    return {"loss": loss}


_PARAMS = ("W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "W_vocab", "b_vocab")


@check(Q, points=3, targets=["classifiers.rnn.CaptioningRNN.loss"],
       compare=[Close(k, 1e-8) for k in _PARAMS]
       + [Agree(k, f"{k}_num", 1e-6) for k in _PARAMS])
def captioning_rnn_grads(cs, rng):
    """CaptioningRNN gradients (batch 2, 3 steps, sizes 4, 5, 6, float64; a repeated word)."""
    N, D, W, H, T = 2, 4, 5, 6, 3
    words = ["<NULL>", "<START>", "<END>"] + [f"w{i}" for i in range(7)]
    model = cs.classifiers.rnn.CaptioningRNN({w: i for i, w in enumerate(words)},
                                             input_dim=D, wordvec_dim=W, hidden_dim=H,
                                             dtype=np.float64)
    V = len(words)
    # Draw every parameter here, so the values do not depend on how __init__ draws them.
    shapes = {"W_embed": (V, W), "W_proj": (D, H), "b_proj": (H,), "Wx": (W, H), "Wh": (H, H),
              "b": (H,), "W_vocab": (H, V), "b_vocab": (V,)}
    model.params = {k: 0.5 * rng.randn(*s) for k, s in shapes.items()}
    features = rng.randn(N, D)
    captions = rng.randint(1, V, size=(N, T + 1))
    captions[0, 1] = captions[0, 2] = captions[1, 1] = 4  # a word read three times
    captions[1, -1] = 0  # one <NULL> target
    return model_grads(model, features, captions, names=_PARAMS)


@check(Q, points=2, targets=["classifiers.rnn.CaptioningRNN.sample"],
       compare=[Equal("captions")])
def captioning_rnn_sample(cs, rng):
    """CaptioningRNN.sample: greedy captions of 4 images, 8 words each, on random parameters."""
    D, W, H = 6, 5, 7
    words = ["<NULL>", "<START>", "<END>"] + [f"w{i}" for i in range(9)]
    V = len(words)
    model = cs.classifiers.rnn.CaptioningRNN({w: i for i, w in enumerate(words)},
                                             input_dim=D, wordvec_dim=W, hidden_dim=H,
                                             dtype=np.float64)
    shapes = {"W_embed": (V, W), "W_proj": (D, H), "b_proj": (H,), "Wx": (W, H), "Wh": (H, H),
              "b": (H,), "W_vocab": (H, V), "b_vocab": (V,)}
    model.params = {k: rng.randn(*s) for k, s in shapes.items()}
    captions = model.sample(rng.randn(4, D), max_length=8)
    return {"captions": None if captions is None else np.asarray(captions, dtype=np.int64)}
