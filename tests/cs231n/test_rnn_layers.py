"""Recurrent layers: the course's values, numeric gradients, PyTorch's RNN and LSTM, bad input."""

import numpy as np
import pytest

from cs231n import rnn_layers as rl
from cs231n.gradient_check import eval_numerical_gradient, eval_numerical_gradient_array, rel_error


def lin(a, b, *shape):
    return np.linspace(a, b, num=int(np.prod(shape))).reshape(shape)


# ------------------------------------------------------------ the course's numbers


def test_course_first_values():
    """First entries the course quotes for its linspace inputs (inventory 7.1 and 7.5)."""
    h, _ = rl.rnn_step_forward(lin(-0.4, 0.7, 3, 10), lin(-0.2, 0.5, 3, 4), lin(-0.1, 0.9, 10, 4),
                               lin(-0.3, 0.7, 4, 4), lin(-0.2, 0.4, 4))
    assert h.shape == (3, 4) and h[0, 0] == pytest.approx(-0.58172089, abs=1e-8)
    h, _ = rl.rnn_forward(lin(-0.1, 0.3, 2, 3, 4), lin(-0.3, 0.1, 2, 5), lin(-0.2, 0.4, 4, 5),
                          lin(-0.4, 0.1, 5, 5), lin(-0.7, 0.1, 5))
    assert h.shape == (2, 3, 5) and h[0, 0, 0] == pytest.approx(-0.42070749, abs=1e-8)
    next_h, next_c, _ = rl.lstm_step_forward(
        lin(-0.4, 1.2, 3, 4), lin(-0.3, 0.7, 3, 5), lin(-0.4, 0.9, 3, 5), lin(-2.1, 1.3, 4, 20),
        lin(-0.7, 2.2, 5, 20), lin(0.3, 0.7, 20))
    assert next_h[0, 0] == pytest.approx(0.24635157, abs=1e-8)
    assert next_c[0, 0] == pytest.approx(0.32986176, abs=1e-8)
    h, _ = rl.lstm_forward(lin(-0.4, 0.6, 2, 3, 5), lin(-0.4, 0.8, 2, 4), lin(-0.2, 0.9, 5, 16),
                           lin(-0.3, 0.6, 4, 16), lin(0.2, 0.7, 16))
    assert h.shape == (2, 3, 4) and h[0, 0, 0] == pytest.approx(0.01764008, abs=1e-8)


@pytest.mark.parametrize("x_shape, M", [((4, 5), 3), ((2, 3, 4), 6), ((1, 2), 1)])
def test_given_affine(check_layer, x_shape, M):
    """rnn_layers' own affine layer: the same function as cs231n.layers's, with gradients."""
    from cs231n.layers import affine_forward

    rng = np.random.RandomState(11)
    x, w, b = rng.randn(*x_shape), rng.randn(int(np.prod(x_shape[1:])), M), rng.randn(M)
    check_layer(rl.affine_forward, rl.affine_backward, (x, w, b), affine_forward(x, w, b)[0],
                tol=1e-8)


def test_word_embedding_forward_is_a_row_lookup():
    W = lin(0, 1, 5, 3)
    x = np.asarray([[0, 3, 1, 2], [2, 1, 0, 3]])
    out, _ = rl.word_embedding_forward(x, W)
    assert out.shape == (2, 4, 3)
    np.testing.assert_array_equal(out[1, 0], W[2])
    np.testing.assert_array_equal(out[0, 1], W[3])


# ---------------------------------------------------------------- gradients


@pytest.mark.parametrize("N, D, H", [(4, 5, 6), (1, 3, 2)])
def test_rnn_step(check_layer, N, D, H):
    rng = np.random.RandomState(231)
    inputs = (rng.randn(N, D), rng.randn(N, H), rng.randn(D, H), rng.randn(H, H), rng.randn(H))
    x, prev_h, Wx, Wh, b = inputs
    check_layer(rl.rnn_step_forward, rl.rnn_step_backward, inputs,
                np.tanh(x @ Wx + prev_h @ Wh + b), tol=1e-7)


@pytest.mark.parametrize("N, T, D, H", [(2, 10, 3, 5), (3, 1, 4, 2)])
def test_rnn_sequence(check_layer, N, T, D, H):
    rng = np.random.RandomState(1)
    inputs = (rng.randn(N, T, D), rng.randn(N, H), rng.randn(D, H), rng.randn(H, H),
              rng.randn(H))
    check_layer(rl.rnn_forward, rl.rnn_backward, inputs, tol=1e-6)


@pytest.mark.parametrize("N, T, V, D", [(50, 3, 5, 6), (2, 4, 9, 3)])
def test_word_embedding(N, T, V, D):
    rng = np.random.RandomState(2)
    x, W = rng.randint(V, size=(N, T)), rng.randn(V, D)
    out, cache = rl.word_embedding_forward(x, W)
    dout = rng.randn(*out.shape)
    dW = rl.word_embedding_backward(dout, cache)
    num = eval_numerical_gradient_array(lambda w: rl.word_embedding_forward(x, w)[0], W, dout)
    assert dW.shape == W.shape and rel_error(dW, num) < 1e-10


def test_word_embedding_backward_adds_repeated_words():
    x = np.asarray([[1, 1, 1]])
    _, cache = rl.word_embedding_forward(x, np.zeros((3, 2)))
    dW = rl.word_embedding_backward(np.ones((1, 3, 2)), cache)
    np.testing.assert_array_equal(dW, [[0, 0], [3, 3], [0, 0]])


@pytest.mark.parametrize("N, T, D, M", [(2, 3, 4, 5), (1, 1, 2, 1)])
def test_temporal_affine(check_layer, N, T, D, M):
    rng = np.random.RandomState(3)
    x, w, b = rng.randn(N, T, D), rng.randn(D, M), rng.randn(M)
    check_layer(rl.temporal_affine_forward, rl.temporal_affine_backward, (x, w, b),
                np.einsum("ntd,dm->ntm", x, w) + b, tol=1e-8)


def _lstm_step_outputs(x, prev_h, prev_c, Wx, Wh, b):
    next_h, next_c, _ = rl.lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)
    return next_h, next_c


@pytest.mark.parametrize("N, D, H", [(4, 5, 6), (1, 2, 3)])
def test_lstm_step(N, D, H):
    rng = np.random.RandomState(231)
    inputs = [rng.randn(N, D), rng.randn(N, H), rng.randn(N, H), rng.randn(D, 4 * H),
              rng.randn(H, 4 * H), rng.randn(4 * H)]
    next_h, next_c, cache = rl.lstm_step_forward(*inputs)
    dnext_h, dnext_c = rng.randn(*next_h.shape), rng.randn(*next_c.shape)
    grads = rl.lstm_step_backward(dnext_h, dnext_c, cache)
    assert len(grads) == 6
    for i, g in enumerate(grads):
        def f(v, i=i):
            args = list(inputs)
            args[i] = v
            return _lstm_step_outputs(*args)

        num = (eval_numerical_gradient_array(lambda v: f(v)[0], inputs[i].copy(), dnext_h)
               + eval_numerical_gradient_array(lambda v: f(v)[1], inputs[i].copy(), dnext_c))
        assert g.shape == inputs[i].shape
        assert rel_error(g, num) < 1e-7, (i, rel_error(g, num))


@pytest.mark.parametrize("N, T, D, H", [(2, 10, 3, 6), (3, 1, 2, 2)])
def test_lstm_sequence(check_layer, N, T, D, H):
    rng = np.random.RandomState(4)
    inputs = (rng.randn(N, T, D), rng.randn(N, H), rng.randn(D, 4 * H), rng.randn(H, 4 * H),
              rng.randn(4 * H))
    check_layer(rl.lstm_forward, rl.lstm_backward, inputs, tol=1e-6)


# ------------------------------------------------------------------- PyTorch


torch = pytest.importorskip("torch")


def _torch_run(module, x, h0, c0=None):
    """Run a batch-first torch RNN/LSTM; returns the outputs and the autograd leaves."""
    xt = torch.tensor(x, requires_grad=True)
    h0t = torch.tensor(h0[None], requires_grad=True)
    if c0 is None:
        out, _ = module(xt, h0t)
    else:
        out, _ = module(xt, (h0t, torch.tensor(c0[None])))
    return out, xt, h0t


def test_rnn_matches_torch_nn_rnn():
    rng = np.random.RandomState(5)
    N, T, D, H = 3, 6, 4, 5
    x, h0 = rng.randn(N, T, D), rng.randn(N, H)
    Wx, Wh, b = rng.randn(D, H), rng.randn(H, H), rng.randn(H)
    rnn = torch.nn.RNN(D, H, batch_first=True, nonlinearity="tanh").double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(Wx.T))
        rnn.weight_hh_l0.copy_(torch.tensor(Wh.T))
        rnn.bias_ih_l0.copy_(torch.tensor(b))
        rnn.bias_hh_l0.zero_()
    out, xt, h0t = _torch_run(rnn, x, h0)
    dh = rng.randn(N, T, H)
    (out * torch.tensor(dh)).sum().backward()

    h, cache = rl.rnn_forward(x, h0, Wx, Wh, b)
    dx, dh0, dWx, dWh, db = rl.rnn_backward(dh, cache)
    assert rel_error(h, out.detach().numpy()) < 1e-12
    assert rel_error(dx, xt.grad.numpy()) < 1e-10
    assert rel_error(dh0, h0t.grad.numpy()[0]) < 1e-10
    assert rel_error(dWx, rnn.weight_ih_l0.grad.numpy().T) < 1e-10
    assert rel_error(dWh, rnn.weight_hh_l0.grad.numpy().T) < 1e-10
    assert rel_error(db, rnn.bias_ih_l0.grad.numpy()) < 1e-10


def _torch_order(a, H):
    """Our gate blocks [i, f, o, g] along the last axis in torch's order [i, f, g, o]."""
    i, f, o, g = (a[..., k * H:(k + 1) * H] for k in range(4))
    return np.concatenate([i, f, g, o], axis=-1)


def test_lstm_matches_torch_nn_lstm():
    rng = np.random.RandomState(6)
    N, T, D, H = 2, 5, 3, 4
    x, h0 = rng.randn(N, T, D), rng.randn(N, H)
    Wx, Wh, b = rng.randn(D, 4 * H), rng.randn(H, 4 * H), rng.randn(4 * H)
    lstm = torch.nn.LSTM(D, H, batch_first=True).double()
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.tensor(_torch_order(Wx, H).T))
        lstm.weight_hh_l0.copy_(torch.tensor(_torch_order(Wh, H).T))
        lstm.bias_ih_l0.copy_(torch.tensor(_torch_order(b, H)))
        lstm.bias_hh_l0.zero_()
    out, xt, h0t = _torch_run(lstm, x, h0, c0=np.zeros_like(h0))
    dh = rng.randn(N, T, H)
    (out * torch.tensor(dh)).sum().backward()

    h, cache = rl.lstm_forward(x, h0, Wx, Wh, b)
    dx, dh0, dWx, dWh, db = rl.lstm_backward(dh, cache)
    assert rel_error(h, out.detach().numpy()) < 1e-12
    assert rel_error(dx, xt.grad.numpy()) < 1e-10
    assert rel_error(dh0, h0t.grad.numpy()[0]) < 1e-10
    assert rel_error(_torch_order(dWx, H), lstm.weight_ih_l0.grad.numpy().T) < 1e-10
    assert rel_error(_torch_order(dWh, H), lstm.weight_hh_l0.grad.numpy().T) < 1e-10
    assert rel_error(_torch_order(db, H), lstm.bias_ih_l0.grad.numpy()) < 1e-10


def test_temporal_softmax_loss_matches_torch_masked_cross_entropy():
    rng = np.random.RandomState(7)
    N, T, V = 7, 8, 9
    x, y, mask = rng.randn(N, T, V), rng.randint(V, size=(N, T)), rng.rand(N, T) > 0.4
    xt = torch.tensor(x, requires_grad=True)
    ce = torch.nn.functional.cross_entropy(xt.reshape(N * T, V), torch.tensor(y).reshape(-1),
                                           reduction="none")
    want = (ce * torch.tensor(mask.reshape(-1), dtype=torch.float64)).sum() / N
    want.backward()
    loss, dx = rl.temporal_softmax_loss(x, y, mask)
    assert loss == pytest.approx(want.item(), rel=1e-12)
    assert rel_error(dx, xt.grad.numpy()) < 1e-10


def test_sigmoid_matches_torch_and_never_overflows():
    x = np.concatenate([np.linspace(-30, 30, 61), [-1000.0, 1000.0]])
    with np.errstate(over="raise"):
        s = rl.sigmoid(x)
    assert rel_error(s, torch.sigmoid(torch.tensor(x)).numpy()) < 1e-14
    assert s[-2] == 0.0 and s[-1] == 1.0


# ------------------------------------------------------------ the softmax loss


def _loss_at_chance(N, T, V, p, seed=0):
    rng = np.random.RandomState(seed)
    x = 0.001 * rng.randn(N, T, V)
    y = rng.randint(V, size=(N, T))
    return rl.temporal_softmax_loss(x, y, rng.rand(N, T) <= p)[0]


def test_temporal_softmax_loss_is_summed_over_time_and_divided_by_n():
    assert _loss_at_chance(100, 1, 10, 1.0) == pytest.approx(np.log(10), abs=0.01)
    assert _loss_at_chance(100, 10, 10, 1.0) == pytest.approx(10 * np.log(10), abs=0.1)
    assert 2.2 <= _loss_at_chance(5000, 10, 10, 0.1) <= 2.4


def test_temporal_softmax_loss_gradient_and_mask():
    rng = np.random.RandomState(8)
    N, T, V = 7, 8, 9
    x, y, mask = 0.5 * rng.randn(N, T, V), rng.randint(V, size=(N, T)), rng.rand(N, T) > 0.5
    loss, dx = rl.temporal_softmax_loss(x, y, mask)
    num = eval_numerical_gradient(lambda v: rl.temporal_softmax_loss(v, y, mask)[0], x,
                                  verbose=False)
    assert rel_error(dx, num) < 1e-7
    assert np.all(dx[~mask] == 0)
    loss0, dx0 = rl.temporal_softmax_loss(x, y, np.zeros((N, T), dtype=bool))
    assert loss0 == 0.0 and not dx0.any()


def test_temporal_softmax_loss_is_stable_for_large_scores():
    x = 1e4 * np.random.RandomState(9).randn(2, 3, 4)
    loss, dx = rl.temporal_softmax_loss(x, np.zeros((2, 3), dtype=int), np.ones((2, 3), bool))
    assert np.isfinite(loss) and np.all(np.isfinite(dx))


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize("call, match", [
    (lambda: rl.rnn_step_forward(np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((3, 5)),
                                 np.zeros((4, 4)), np.zeros(4)), "Wx must have shape"),
    (lambda: rl.rnn_step_forward(np.zeros((2, 3)), np.zeros((3, 4)), np.zeros((3, 4)),
                                 np.zeros((4, 4)), np.zeros(4)), "prev_h must have shape"),
    (lambda: rl.rnn_forward(np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((3, 4)),
                            np.zeros((4, 4)), np.zeros(4)), r"x must have shape \(\?, \?, \?\)"),
    (lambda: rl.rnn_forward(np.zeros((2, 5, 3)), np.zeros((2, 4)), np.zeros((3, 4)),
                            np.zeros((4, 4)), np.zeros(5)), "b must have shape"),
    (lambda: rl.lstm_step_forward(np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((2, 4)),
                                  np.zeros((3, 4)), np.zeros((4, 4)), np.zeros(4)),
     r"Wx must have shape \(3, 16\)"),
    (lambda: rl.lstm_step_forward(np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((2, 5)),
                                  np.zeros((3, 16)), np.zeros((4, 16)), np.zeros(16)),
     "prev_c must have shape"),
    (lambda: rl.lstm_forward(np.zeros((2, 5, 3)), np.zeros((3, 4)), np.zeros((3, 16)),
                             np.zeros((4, 16)), np.zeros(16)), "h0 must have shape"),
    (lambda: rl.word_embedding_forward(np.zeros((2, 3)), np.zeros((5, 4))), "integer"),
    (lambda: rl.word_embedding_forward(np.full((2, 3), 5), np.zeros((5, 4))), r"\[0, 5\)"),
    (lambda: rl.word_embedding_forward(np.zeros(3, dtype=int), np.zeros((5, 4))),
     "x must have shape"),
    (lambda: rl.temporal_affine_forward(np.zeros((2, 3, 4)), np.zeros((5, 6)), np.zeros(6)),
     "w must have shape"),
    (lambda: rl.temporal_softmax_loss(np.zeros((2, 3, 4)), np.zeros((2, 3), dtype=int),
                                      np.ones((3, 2), bool)), "mask must have shape"),
    (lambda: rl.temporal_softmax_loss(np.zeros((2, 3, 4)), np.full((2, 3), 4),
                                      np.ones((2, 3), bool)), r"\[0, 4\)"),
    (lambda: rl.temporal_softmax_loss(np.zeros((2, 3, 4)), np.zeros((2, 3)),
                                      np.ones((2, 3), bool)), "integer"),
])
def test_bad_shapes_and_indices_raise_one_line_value_errors(call, match):
    with pytest.raises(ValueError, match=match) as info:
        call()
    assert "\n" not in str(info.value)


def test_float32_stays_float32():
    rng = np.random.RandomState(10)
    f32 = [a.astype(np.float32) for a in (rng.randn(2, 3, 4), rng.randn(2, 5), rng.randn(4, 5),
                                          rng.randn(5, 5), rng.randn(5))]
    h, cache = rl.rnn_forward(*f32)
    grads = rl.rnn_backward(np.ones_like(h), cache)
    assert h.dtype == np.float32 and all(g.dtype == np.float32 for g in grads)
