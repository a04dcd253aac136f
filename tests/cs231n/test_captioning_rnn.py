"""CaptioningRNN: parameter contract, the course's losses, gradients, greedy sampling, bad input."""

import numpy as np
import pytest

from cs231n import rnn_layers as rl
from cs231n.classifiers.rnn import CaptioningRNN
from cs231n.gradient_check import eval_numerical_gradient

KEYS = ("W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "W_vocab", "b_vocab")


def _vocab(V):
    words = ["<NULL>", "<START>", "<END>"] + [f"w{i}" for i in range(V - 3)]
    return {w: i for i, w in enumerate(words)}


@pytest.mark.parametrize("cell_type, m", [("rnn", 1), ("lstm", 4)])
def test_params_shapes_order_scale_and_dtype(cell_type, m):
    V, D, W, H = 7, 20, 6, 5
    np.random.seed(3)
    model = CaptioningRNN(_vocab(V), input_dim=D, wordvec_dim=W, hidden_dim=H,
                          cell_type=cell_type, dtype=np.float64)
    assert tuple(model.params) == KEYS
    np.random.seed(3)
    want = {"W_embed": np.random.randn(V, W) / 100,
            "W_proj": np.random.randn(D, H) / np.sqrt(D), "b_proj": np.zeros(H),
            "Wx": np.random.randn(W, m * H) / np.sqrt(W),
            "Wh": np.random.randn(H, m * H) / np.sqrt(H), "b": np.zeros(m * H),
            "W_vocab": np.random.randn(H, V) / np.sqrt(H), "b_vocab": np.zeros(V)}
    for k in KEYS:
        np.testing.assert_array_equal(model.params[k], want[k], err_msg=k)
    assert model._null == 0 and model._start == 1 and model._end == 2
    assert model.idx_to_word[1] == "<START>"
    model32 = CaptioningRNN(_vocab(V), input_dim=D, wordvec_dim=W, hidden_dim=H,
                            cell_type=cell_type)
    assert all(v.dtype == np.float32 for v in model32.params.values())


def test_bad_cell_type_and_vocab_raise():
    with pytest.raises(ValueError, match="cell_type"):
        CaptioningRNN(_vocab(5), cell_type="gru")
    with pytest.raises(ValueError, match="<NULL>"):
        CaptioningRNN({"a": 0, "b": 1})


@pytest.mark.parametrize("cell_type, lo, hi, want", [
    ("rnn", -1.5, 0.3, 9.83235591003), ("lstm", -0.5, 1.7, 9.82445935443)])
def test_course_loss_with_linspace_params(cell_type, lo, hi, want):
    """The course's forward check (inventory 7.1 and 7.5): loss to ~1e-10."""
    N, D, W, H, T = 10, 20, 30, 40, 13
    word_to_idx = {"<NULL>": 0, "cat": 2, "dog": 3}
    V = len(word_to_idx)
    model = CaptioningRNN(word_to_idx, input_dim=D, wordvec_dim=W, hidden_dim=H,
                          cell_type=cell_type, dtype=np.float64)
    for k, v in model.params.items():
        model.params[k] = np.linspace(-1.4, 1.3, num=v.size).reshape(*v.shape)
    features = np.linspace(lo, hi, num=N * D).reshape(N, D)
    captions = (np.arange(N * T) % V).reshape(N, T)
    loss, grads = model.loss(features, captions)
    assert abs(loss - want) / want < 1e-10
    assert set(grads) == set(KEYS)


@pytest.mark.parametrize("cell_type", ["rnn", "lstm"])
def test_gradients_match_numeric(cell_type):
    N, D, W, H, V, T = 2, 4, 5, 6, 8, 3
    np.random.seed(231)
    model = CaptioningRNN(_vocab(V), input_dim=D, wordvec_dim=W, hidden_dim=H,
                          cell_type=cell_type, dtype=np.float64)
    for k in ("b_proj", "b", "b_vocab"):
        model.params[k] = 0.1 * np.random.randn(*model.params[k].shape)
    features = np.random.randn(N, D)
    captions = np.random.randint(V, size=(N, T + 1))
    captions[0, -1] = 0  # one masked target
    loss, grads = model.loss(features, captions)
    for k, param in model.params.items():
        num = eval_numerical_gradient(lambda _: model.loss(features, captions)[0], param,
                                      verbose=False)
        assert grads[k].shape == param.shape
        # relative where entries are sizeable; tiny entries only to an absolute 1e-8
        np.testing.assert_allclose(grads[k], num, rtol=1e-6, atol=1e-8, err_msg=k)


def test_loss_ignores_null_targets():
    np.random.seed(0)
    model = CaptioningRNN(_vocab(6), input_dim=3, wordvec_dim=4, hidden_dim=5,
                          dtype=np.float64)
    features = np.random.randn(1, 3)
    padded = np.asarray([[1, 3, 2, 0, 0]])
    # The <NULL> targets add nothing: the padded caption scores like the trimmed one.
    assert model.loss(features, padded)[0] == pytest.approx(
        model.loss(features, padded[:, :3])[0], rel=1e-12)


def _greedy(model, features, max_length):
    """Greedy decoding written out with the step functions, for comparison."""
    p = model.params
    h = features @ p["W_proj"] + p["b_proj"]
    c = np.zeros_like(h)
    word = np.full(len(features), model._start)
    out = []
    for _ in range(max_length):
        x = p["W_embed"][word]
        if model.cell_type == "rnn":
            h, _ = rl.rnn_step_forward(x, h, p["Wx"], p["Wh"], p["b"])
        else:
            h, c, _ = rl.lstm_step_forward(x, h, c, p["Wx"], p["Wh"], p["b"])
        word = np.argmax(h @ p["W_vocab"] + p["b_vocab"], axis=1)
        out.append(word)
    return np.stack(out, axis=1)


@pytest.mark.parametrize("cell_type", ["rnn", "lstm"])
def test_sample_is_greedy_and_starts_after_start(cell_type):
    np.random.seed(4)
    model = CaptioningRNN(_vocab(9), input_dim=6, wordvec_dim=5, hidden_dim=7,
                          cell_type=cell_type, dtype=np.float64)
    model.params["W_embed"] *= 100  # make the fed-back word matter
    features = np.random.randn(4, 6)
    captions = model.sample(features, max_length=6)
    assert captions.shape == (4, 6) and captions.dtype == np.int32
    np.testing.assert_array_equal(captions, _greedy(model, features, 6))


def test_sample_follows_a_dominant_word():
    model = CaptioningRNN(_vocab(6), input_dim=3, wordvec_dim=4, hidden_dim=5)
    model.params["b_vocab"][4] = 1e3
    captions = model.sample(np.zeros((2, 3), dtype=np.float32), max_length=5)
    assert np.all(captions == 4)


def test_bad_batches_raise():
    model = CaptioningRNN(_vocab(6), input_dim=3, wordvec_dim=4, hidden_dim=5)
    with pytest.raises(ValueError, match="features must be"):
        model.loss(np.zeros((2, 3)), np.zeros((3, 5), dtype=int))
    with pytest.raises(ValueError, match="features must be"):
        model.sample(np.zeros(3))
    with pytest.raises(ValueError, match=r"features must be \(N, 3\)"):
        model.loss(np.zeros((2, 4)), np.zeros((2, 5), dtype=int))
    with pytest.raises(ValueError, match="integer"):
        model.loss(np.zeros((2, 3)), np.zeros((2, 5)))
