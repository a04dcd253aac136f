"""Convolution and max pooling: naive layers against PyTorch and numeric gradients, fast layers
against the naive ones, im2col, the conv sandwiches and bad input."""

import numpy as np
import pytest

from cs231n import fast_layers, im2col
from cs231n.gradient_check import rel_error
from cs231n.layer_utils import (
    conv_bn_relu_backward,
    conv_bn_relu_forward,
    conv_relu_backward,
    conv_relu_forward,
    conv_relu_pool_backward,
    conv_relu_pool_forward,
)
from cs231n.layers import (
    conv_backward_naive,
    conv_forward_naive,
    max_pool_backward_naive,
    max_pool_forward_naive,
)

torch = pytest.importorskip("torch")
F_ = torch.nn.functional

# (N, C, H, W, F, HH, WW, stride, pad): square and rectangular, strided, 1x1, unpadded.
CONV_CASES = [(2, 3, 5, 5, 2, 3, 3, 1, 1), (2, 2, 7, 5, 3, 2, 3, 3, 2), (3, 1, 4, 4, 2, 1, 1, 1, 0),
              (1, 3, 8, 6, 4, 4, 2, 2, 1), (2, 2, 6, 6, 1, 3, 3, 3, 0)]
# (N, C, H, W, pool_height, pool_width, stride): tiling, overlapping, rectangular.
POOL_CASES = [(2, 3, 8, 8, 2, 2, 2), (2, 2, 7, 9, 3, 3, 2), (1, 3, 5, 6, 3, 2, 1),
              (3, 1, 6, 4, 3, 1, 3)]


def _conv_inputs(case, seed=0):
    N, C, H, W, F, HH, WW, stride, pad = case
    rng = np.random.RandomState(seed)
    return (rng.randn(N, C, H, W), rng.randn(F, C, HH, WW), rng.randn(F),
            {"stride": stride, "pad": pad})


def _torch_conv(x, w, b, param):
    return F_.conv2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b),
                     stride=param["stride"], padding=param["pad"]).numpy()


@pytest.mark.parametrize("case", CONV_CASES)
def test_conv_naive_against_torch_and_numeric_gradients(check_layer, case):
    x, w, b, param = _conv_inputs(case)

    def forward(x, w, b):
        return conv_forward_naive(x, w, b, param)

    check_layer(forward, conv_backward_naive, (x, w, b), _torch_conv(x, w, b, param),
                tol=1e-7)


def test_conv_naive_does_not_modify_its_input_and_keeps_the_course_cache():
    x, w, b, param = _conv_inputs(CONV_CASES[0])
    x0 = x.copy()
    _, cache = conv_forward_naive(x, w, b, param)
    assert np.array_equal(x, x0)
    assert cache[0] is x and cache[1] is w and cache[2] is b and cache[3] is param


@pytest.mark.parametrize("forward, backward", [
    (fast_layers.conv_forward_strides, fast_layers.conv_backward_strides),
    (fast_layers.conv_forward_im2col, fast_layers.conv_backward_im2col),
])
@pytest.mark.parametrize("case", CONV_CASES)
def test_fast_conv_matches_naive_and_torch(forward, backward, case):
    x, w, b, param = _conv_inputs(case, seed=3)
    out, cache = forward(x, w, b, param)
    out_naive, cache_naive = conv_forward_naive(x, w, b, param)
    assert out.shape == out_naive.shape
    assert rel_error(out, out_naive) < 1e-10
    assert rel_error(out, _torch_conv(x, w, b, param)) < 1e-10
    dout = np.random.RandomState(4).randn(*out.shape)
    for fast, naive in zip(backward(dout, cache), conv_backward_naive(dout, cache_naive)):
        assert fast.shape == naive.shape
        assert rel_error(fast, naive) < 1e-10


def test_fast_conv_aliases_and_float32():
    assert fast_layers.conv_forward_fast is fast_layers.conv_forward_strides
    assert fast_layers.conv_backward_fast is fast_layers.conv_backward_strides
    x, w, b, param = _conv_inputs(CONV_CASES[1])
    x, w, b = x.astype(np.float32), w.astype(np.float32), b.astype(np.float32)
    out, cache = fast_layers.conv_forward_fast(x, w, b, param)
    assert out.dtype == np.float32
    dx, dw, db = fast_layers.conv_backward_fast(np.ones_like(out), cache)
    assert dx.dtype == dw.dtype == np.float32
    assert rel_error(out, _torch_conv(x, w, b, param)) < 1e-5


def test_im2col_and_col2im_are_adjoint():
    rng = np.random.RandomState(5)
    x = rng.randn(2, 3, 7, 5)
    cols = im2col.im2col_indices(x, 3, 3, padding=1, stride=2)
    assert cols.shape == (3 * 3 * 3, 2 * 4 * 3)
    y = rng.randn(*cols.shape)
    back = im2col.col2im_indices(y, x.shape, 3, 3, padding=1, stride=2)
    assert back.shape == x.shape
    # <im2col(x), y> = <x, col2im(y)> for every x, y: col2im is im2col's transpose.
    assert abs(np.sum(cols * y) - np.sum(x * back)) < 1e-10 * np.sum(np.abs(cols * y))


def _pool_inputs(case, seed=0):
    N, C, H, W, ph, pw, stride = case
    x = np.random.RandomState(seed).randn(N, C, H, W)
    return x, {"pool_height": ph, "pool_width": pw, "stride": stride}


@pytest.mark.parametrize("case", POOL_CASES)
def test_max_pool_naive_against_torch_and_numeric_gradients(check_layer, case):
    x, param = _pool_inputs(case)
    expected = F_.max_pool2d(torch.from_numpy(x), (param["pool_height"], param["pool_width"]),
                             param["stride"]).numpy()

    def forward(x):
        return max_pool_forward_naive(x, param)

    check_layer(forward, max_pool_backward_naive, (x,), expected, tol=1e-8)


@pytest.mark.parametrize("case", POOL_CASES)
def test_fast_max_pool_matches_naive(case):
    x, param = _pool_inputs(case, seed=6)
    out, cache = fast_layers.max_pool_forward_fast(x, param)
    out_naive, cache_naive = max_pool_forward_naive(x, param)
    assert np.array_equal(out, out_naive)
    ph, pw, s = param["pool_height"], param["pool_width"], param["stride"]
    tiles = ph == pw == s and x.shape[2] % s == 0 and x.shape[3] % s == 0
    assert cache[0] == ("reshape" if tiles else "im2col")
    dout = np.random.RandomState(7).randn(*out.shape)
    dx = fast_layers.max_pool_backward_fast(dout, cache)
    dx_naive = max_pool_backward_naive(dout, cache_naive)
    # Overlapping windows add into the same entry, in a different order: rounding only.
    assert np.array_equal(dx, dx_naive) if s >= max(ph, pw) else rel_error(dx, dx_naive) < 1e-12


def test_max_pool_ties_route_to_the_first_maximum_in_every_version():
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 1, 1] = x[0, 0, 0, 1] = 1.0  # two maxima in the first window
    param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    dout = np.ones((1, 1, 2, 2))
    want = np.zeros_like(x)
    want[0, 0, 0, 1] = 1.0  # first maximum in row-major order
    want[0, 0, 0, 2] = want[0, 0, 2, 0] = want[0, 0, 2, 2] = 1.0  # all-zero windows
    for fwd, bwd in ((max_pool_forward_naive, max_pool_backward_naive),
                     (fast_layers.max_pool_forward_reshape, fast_layers.max_pool_backward_reshape),
                     (fast_layers.max_pool_forward_im2col, fast_layers.max_pool_backward_im2col)):
        _, cache = fwd(x, param)
        assert np.array_equal(bwd(dout, cache), want), fwd.__name__


@pytest.mark.parametrize("forward, backward, extra", [
    (conv_relu_forward, conv_relu_backward, ()),
    (conv_relu_pool_forward, conv_relu_pool_backward,
     ({"pool_height": 2, "pool_width": 2, "stride": 2},)),
])
def test_conv_sandwiches(check_layer, forward, backward, extra):
    x, w, b, param = _conv_inputs((2, 3, 8, 8, 3, 3, 3, 1, 1), seed=8)
    expected = F_.relu(torch.from_numpy(_torch_conv(x, w, b, param)))
    if extra:
        expected = F_.max_pool2d(expected, 2, 2)
    check_layer(lambda x, w, b: forward(x, w, b, param, *extra), backward, (x, w, b),
                expected.numpy(), tol=1e-6)


def test_conv_bn_relu_sandwich(check_layer):
    x, w, b, param = _conv_inputs((4, 2, 6, 6, 3, 3, 3, 1, 1), seed=9)
    rng = np.random.RandomState(10)
    gamma, beta = rng.randn(3) + 1, rng.randn(3)
    a = torch.from_numpy(_torch_conv(x, w, b, param))
    expected = F_.relu(F_.batch_norm(a, None, None, torch.from_numpy(gamma),
                                     torch.from_numpy(beta), training=True)).numpy()

    def forward(x, w, b, gamma, beta):
        return conv_bn_relu_forward(x, w, b, gamma, beta, param, {"mode": "train"})

    # Batch norm removes any per-channel constant, so the true db is 0: a relative error
    # against a numeric 0 says nothing. Check db's size apart and the other four numerically.
    db_seen = []

    def backward(dout, cache):
        dx, dw, db, dgamma, dbeta = conv_bn_relu_backward(dout, cache)
        db_seen.append(db)
        return dx, dw, dgamma, dbeta

    check_layer(forward, backward, (x, w, b, gamma, beta), expected, wrt=(0, 1, 3, 4),
                tol=1e-6, out_tol=1e-8)
    assert np.abs(db_seen[0]).max() < 1e-10


@pytest.mark.parametrize("fn", [conv_forward_naive, fast_layers.conv_forward_strides,
                                fast_layers.conv_forward_im2col])
@pytest.mark.parametrize("shapes, param, match", [
    (((2, 3, 5), (2, 3, 3, 3)), {"stride": 1, "pad": 1}, "x must have shape"),
    (((2, 3, 5, 5), (2, 4, 3, 3)), {"stride": 1, "pad": 1}, "w must have shape"),
    (((2, 3, 5, 5), (2, 3, 3, 3)), {"stride": 3, "pad": 0}, "do not tile"),
    (((2, 3, 4, 4), (2, 3, 3, 3)), {"stride": 2, "pad": 1}, "do not tile"),
    (((2, 3, 5, 5), (2, 3, 3, 3)), {"stride": 1}, "conv_param"),
    (((2, 3, 5, 5), (2, 3, 3, 3)), {"stride": 0, "pad": 1}, "stride >= 1"),
])
def test_bad_conv_input_is_a_one_line_value_error(fn, shapes, param, match):
    x, w = np.zeros(shapes[0]), np.zeros(shapes[1])
    with pytest.raises(ValueError, match=match) as info:
        fn(x, w, np.zeros(w.shape[0]), param)
    assert "\n" not in str(info.value)


def test_conv_bias_of_the_wrong_shape_is_a_value_error():
    with pytest.raises(ValueError, match="b must have shape"):
        conv_forward_naive(np.zeros((1, 1, 3, 3)), np.zeros((2, 1, 3, 3)), np.zeros(3),
                           {"stride": 1, "pad": 1})


@pytest.mark.parametrize("fn", [max_pool_forward_naive, fast_layers.max_pool_forward_fast])
@pytest.mark.parametrize("shape, param, match", [
    ((2, 3, 5, 5), {"pool_height": 2, "pool_width": 2, "stride": 2}, "do not tile"),
    ((2, 3, 4), {"pool_height": 2, "pool_width": 2, "stride": 2}, "x must have shape"),
    ((2, 3, 4, 4), {"pool_height": 2, "stride": 2}, "pool_param"),
])
def test_bad_pool_input_is_a_one_line_value_error(fn, shape, param, match):
    with pytest.raises(ValueError, match=match) as info:
        fn(np.zeros(shape), param)
    assert "\n" not in str(info.value)
