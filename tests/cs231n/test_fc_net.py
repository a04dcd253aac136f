"""TwoLayerNet and FullyConnectedNet: initialisation, scores, the loss convention, gradients."""

import numpy as np
import pytest

from cs231n.classifiers.fc_net import FullyConnectedNet, TwoLayerNet
from cs231n.gradient_check import eval_numerical_gradient, rel_error


def _reference_loss(params, X, y, reg):
    """Softmax loss of relu(X W1 + b1) W2 + b2 plus 0.5 reg sum(W^2), written out directly."""
    h = np.maximum(0, X.reshape(len(X), -1) @ params["W1"] + params["b1"])
    s = h @ params["W2"] + params["b2"]
    log_p = s - s.max(1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(1, keepdims=True))
    data = -np.mean(log_p[np.arange(len(y)), y])
    return s, data + 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))


def test_init_shapes_scale_and_zero_biases():
    np.random.seed(0)
    std = 1e-2
    net = TwoLayerNet(input_dim=30, hidden_dim=200, num_classes=7, weight_scale=std, reg=0.25)
    p = net.params
    assert set(p) == {"W1", "b1", "W2", "b2"}
    assert p["W1"].shape == (30, 200) and p["b1"].shape == (200,)
    assert p["W2"].shape == (200, 7) and p["b2"].shape == (7,)
    assert abs(p["W1"].std() - std) < std / 10 and abs(p["W2"].std() - std) < std / 10
    assert np.all(p["b1"] == 0) and np.all(p["b2"] == 0)
    assert net.reg == 0.25


def test_init_draws_W1_then_W2_from_the_global_generator():
    np.random.seed(5)
    net = TwoLayerNet(input_dim=4, hidden_dim=3, num_classes=2, weight_scale=0.1)
    np.random.seed(5)
    W1 = 0.1 * np.random.randn(4, 3)
    W2 = 0.1 * np.random.randn(3, 2)
    np.testing.assert_array_equal(net.params["W1"], W1)
    np.testing.assert_array_equal(net.params["W2"], W2)


def test_defaults_are_cifar_sized():
    net = TwoLayerNet()
    assert net.params["W1"].shape == (3072, 100) and net.params["W2"].shape == (100, 10)
    assert net.reg == 0.0


@pytest.mark.parametrize("reg", [0.0, 0.7, 1.0])
@pytest.mark.parametrize("N, in_shape, H, C", [(3, (5,), 50, 7), (4, (2, 3, 2), 6, 3),
                                               (1, (4,), 5, 2)])
def test_scores_loss_and_gradients(N, in_shape, H, C, reg):
    rng = np.random.RandomState(7)
    D = int(np.prod(in_shape))
    np.random.seed(7)
    net = TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C, weight_scale=0.2, reg=reg)
    for k in ("b1", "b2"):
        net.params[k] = 0.1 * rng.randn(*net.params[k].shape)
    X, y = rng.randn(N, *in_shape), rng.randint(C, size=N)

    scores, loss = _reference_loss(net.params, X, y, reg)
    got_scores = net.loss(X)
    assert got_scores.shape == (N, C)
    assert rel_error(got_scores, scores) < 1e-12
    got_loss, grads = net.loss(X, y)
    assert abs(got_loss - loss) < 1e-10
    assert set(grads) == set(net.params)
    for k, param in net.params.items():
        assert grads[k].shape == param.shape

        def f(_, k=k):
            return net.loss(X, y)[0]

        num = eval_numerical_gradient(f, param, verbose=False)
        # relative where entries are sizeable; tiny entries only to an absolute 1e-8
        np.testing.assert_allclose(grads[k], num, rtol=1e-6, atol=1e-8, err_msg=k)


def test_regularization_is_half_reg_times_sum_of_squared_weights_only():
    np.random.seed(1)
    X, y = np.random.randn(4, 6), np.array([0, 1, 2, 0])
    net = TwoLayerNet(input_dim=6, hidden_dim=5, num_classes=3, weight_scale=0.3)
    net.params["b1"] += 10.0  # biases must not be regularized
    base, _ = net.loss(X, y)
    net.reg = 2.0
    with_reg, grads = net.loss(X, y)
    W1, W2 = net.params["W1"], net.params["W2"]
    assert with_reg - base == pytest.approx(0.5 * 2.0 * (np.sum(W1 ** 2) + np.sum(W2 ** 2)))
    net.reg = 0.0
    _, grads0 = net.loss(X, y)
    np.testing.assert_allclose(grads["W1"] - grads0["W1"], 2.0 * W1)
    np.testing.assert_allclose(grads["b1"], grads0["b1"])


# ------------------------------------------------------------ FullyConnectedNet


def _course_setup():
    """The course's gradient-check setup: seed 231, N, D, H1, H2, C = 2, 15, 20, 30, 10."""
    np.random.seed(231)
    N, D, C = 2, 15, 10
    X = np.random.randn(N, D)
    y = np.random.randint(C, size=(N,))
    return X, y


def _fc(**kwargs):
    kwargs = {"input_dim": 15, "num_classes": 10, "weight_scale": 5e-2, "dtype": np.float64,
              **kwargs}
    return FullyConnectedNet([20, 30], **kwargs)


@pytest.mark.parametrize("options, want", [
    # The initial losses the course reports for its setup, one fresh model per value after X, y.
    ([{"reg": 0.0}, {"reg": 3.14}], [2.300479089768492, 7.052114776533016]),
    ([{"reg": 0.0, "normalization": "batchnorm"}, {"reg": 3.14, "normalization": "batchnorm"}],
     [2.2611955101340957, 6.996533220108303]),
    ([{"dropout_keep_ratio": k, "seed": 123} for k in (1, 0.75, 0.5)],
     [2.300479089768492, 2.302371489704412, 2.30427592207859]),
])
def test_course_initial_losses(options, want):
    X, y = _course_setup()
    got = [_fc(**opts).loss(X, y)[0] for opts in options]
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("options", [
    {"reg": 0.0}, {"reg": 3.14}, {"normalization": "batchnorm", "reg": 0.7},
    {"normalization": "layernorm", "reg": 0.7}, {"dropout_keep_ratio": 0.5, "seed": 123},
    {"normalization": "batchnorm", "dropout_keep_ratio": 0.75, "seed": 1, "reg": 0.1},
])
def test_gradients_match_numeric_ones(options):
    rng = np.random.RandomState(3)
    X, y = rng.randn(5, 15), rng.randint(10, size=5)
    np.random.seed(0)
    net = _fc(**options)
    loss, grads = net.loss(X, y)
    assert set(grads) == set(net.params)
    for k, param in net.params.items():
        assert grads[k].shape == param.shape

        def f(_, k=k):
            return net.loss(X, y)[0]

        num = eval_numerical_gradient(f, param, verbose=False)
        np.testing.assert_allclose(grads[k], num, rtol=1e-5, atol=1e-7, err_msg=k)


def _plain_scores(params, X, L):
    h = X.reshape(len(X), -1)
    for i in range(1, L):
        h = np.maximum(0, h @ params[f"W{i}"] + params[f"b{i}"])
    return h @ params[f"W{L}"] + params[f"b{L}"]


@pytest.mark.parametrize("hidden", [[], [7], [6, 5, 4, 3]])
def test_scores_loss_and_regularization_against_a_direct_computation(hidden):
    rng = np.random.RandomState(4)
    X, y = rng.randn(3, 2, 3), rng.randint(4, size=3)
    net = FullyConnectedNet(hidden, input_dim=6, num_classes=4, weight_scale=0.3,
                            dtype=np.float64, reg=0.0)
    L = len(hidden) + 1
    assert net.num_layers == L
    for i in range(1, L + 1):
        net.params[f"b{i}"] = 0.1 * rng.randn(*net.params[f"b{i}"].shape)
    s = _plain_scores(net.params, X, L)
    np.testing.assert_allclose(net.loss(X), s, rtol=1e-12)
    log_p = s - s.max(1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(1, keepdims=True))
    data_loss = -np.mean(log_p[np.arange(3), y])
    assert net.loss(X, y)[0] == pytest.approx(data_loss, rel=1e-12)
    net.reg = 2.5
    l2 = sum(np.sum(net.params[f"W{i}"] ** 2) for i in range(1, L + 1))
    loss, grads = net.loss(X, y)
    assert loss == pytest.approx(data_loss + 0.5 * 2.5 * l2, rel=1e-12)


@pytest.mark.parametrize("normalization", [None, "batchnorm", "layernorm"])
def test_parameters_names_shapes_and_initial_values(normalization):
    np.random.seed(0)
    net = FullyConnectedNet([4, 3], input_dim=6, num_classes=2, normalization=normalization,
                            weight_scale=1e-2)
    want = {"W1": (6, 4), "b1": (4,), "W2": (4, 3), "b2": (3,), "W3": (3, 2), "b3": (2,)}
    if normalization:
        want.update({"gamma1": (4,), "beta1": (4,), "gamma2": (3,), "beta2": (3,)})
    assert {k: v.shape for k, v in net.params.items()} == want
    for k, v in net.params.items():
        assert v.dtype == np.float32, k
        if k[0] == "b":
            assert np.all(v == 0), k
        if k.startswith("gamma"):
            assert np.all(v == 1), k
    assert len(net.bn_params) == (2 if normalization else 0)
    if normalization == "batchnorm":
        assert net.bn_params == [{"mode": "train"}, {"mode": "train"}]
        assert net.bn_params[0] is not net.bn_params[1]


def test_only_the_weights_draw_random_numbers_in_layer_order():
    np.random.seed(9)
    net = FullyConnectedNet([4, 3], input_dim=5, num_classes=2, normalization="batchnorm",
                            weight_scale=0.1, dtype=np.float64)
    np.random.seed(9)
    for i, shape in enumerate([(5, 4), (4, 3), (3, 2)], 1):
        np.testing.assert_array_equal(net.params[f"W{i}"], 0.1 * np.random.randn(*shape))


def test_weight_scale_sets_the_spread():
    np.random.seed(1)
    net = FullyConnectedNet([300, 300], input_dim=200, num_classes=10, weight_scale=3e-2)
    for i in (1, 2):
        assert abs(net.params[f"W{i}"].std() - 3e-2) < 3e-3


def test_dropout_and_batchnorm_scaffolding():
    net = FullyConnectedNet([4], input_dim=3, dropout_keep_ratio=0.6, seed=5)
    assert net.use_dropout and net.dropout_param == {"mode": "train", "p": 0.6, "seed": 5}
    net = FullyConnectedNet([4], input_dim=3, dropout_keep_ratio=0.6)
    assert "seed" not in net.dropout_param
    assert not FullyConnectedNet([4], input_dim=3).use_dropout


def test_modes_follow_labels():
    rng = np.random.RandomState(5)
    X, y = rng.randn(8, 6), rng.randint(3, size=8)
    net = FullyConnectedNet([10, 10], input_dim=6, num_classes=3, normalization="batchnorm",
                            dropout_keep_ratio=0.5, dtype=np.float64)
    net.loss(X, y)
    assert net.dropout_param["mode"] == "train"
    assert all(p["mode"] == "train" for p in net.bn_params)
    running = [p["running_mean"].copy() for p in net.bn_params]
    assert all(np.any(r != 0) for r in running)
    s1, s2 = net.loss(X), net.loss(X)  # test mode: no dropout, running averages frozen
    np.testing.assert_array_equal(s1, s2)
    assert net.dropout_param["mode"] == "test"
    assert all(p["mode"] == "test" for p in net.bn_params)
    for p, r in zip(net.bn_params, running):
        np.testing.assert_array_equal(p["running_mean"], r)


def test_float32_net_computes_in_float32():
    rng = np.random.RandomState(6)
    X, y = rng.randn(4, 2, 3), rng.randint(5, size=4)
    net = FullyConnectedNet([8], input_dim=6, num_classes=5, normalization="layernorm")
    assert net.loss(X).dtype == np.float32
    loss, grads = net.loss(X, y)
    assert np.isfinite(loss) and all(g.dtype == np.float32 for g in grads.values())


@pytest.mark.parametrize("kwargs, words", [
    ({"normalization": "groupnorm"}, "unknown normalization 'groupnorm'"),
    ({"normalization": "BatchNorm"}, "unknown normalization"),
    ({"dropout_keep_ratio": 0}, "must lie in (0, 1]; got 0"),
    ({"dropout_keep_ratio": 1.2}, "must lie in (0, 1]; got 1.2"),
    ({"dropout_keep_ratio": -0.5}, "must lie in (0, 1]"),
    ({"dropout_keep_ratio": "0.5"}, "must lie in (0, 1]; got '0.5'"),
    ({"dropout_keep_ratio": True}, "must lie in (0, 1]; got True"),
    ({"hidden_dims": [10, 0]}, "hidden_dims must be positive integers"),
    ({"hidden_dims": [10, 2.5]}, "hidden_dims must be positive integers"),
])
def test_bad_options_are_one_line_errors(kwargs, words):
    kwargs = {"hidden_dims": [10], "input_dim": 4, **kwargs}
    with pytest.raises(ValueError, match="FullyConnectedNet") as info:
        FullyConnectedNet(**kwargs)
    assert words in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("X", [np.zeros((3, 5)), np.zeros(4), np.zeros((3, 2, 3))])
def test_inputs_of_the_wrong_size_are_one_line_errors(X):
    net = FullyConnectedNet([10], input_dim=4, num_classes=3)
    with pytest.raises(ValueError, match=r"FullyConnectedNet.loss: X must have shape") as info:
        net.loss(X)
    assert "input_dim = 4" in str(info.value) and "\n" not in str(info.value)


def test_bad_labels_are_one_line_errors():
    net = FullyConnectedNet([10], input_dim=4, num_classes=3)
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        net.loss(np.zeros((2, 4)), np.array([0, 3]))
