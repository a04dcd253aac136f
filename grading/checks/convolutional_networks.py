"""Checks of assignment2/ConvolutionalNetworks.ipynb: conv and pool layers, the spatial norms,
ThreeLayerConvNet."""

import numpy as np

from grading.core import Agree, AtMost, Close, Equal, check, model_grads, numeric_grad

Q = "ConvolutionalNetworks"
CNN = "classifiers.cnn.ThreeLayerConvNet"
PARAMS = ("W1", "b1", "W2", "b2", "W3", "b3")


def layer_grads(forward, backward, inputs, names, rng):
    """Analytic gradients of a layer for a random dout, and numeric ones of the same.

    forward(*inputs) -> (out, cache); backward(dout, cache) -> one gradient per input.
    Returns {name: analytic, f"{name}_num": numeric} for each input name.
    """
    out, cache = forward(*inputs)
    dout = rng.randn(*np.shape(out))
    grads = backward(dout, cache)
    if not isinstance(grads, tuple):
        grads = (grads,)
    result = {}
    for i, (name, g) in enumerate(zip(names, grads)):

        def f(v, i=i):
            args = list(inputs)
            args[i] = v
            return forward(*args)[0]

        result[name] = g
        result[f"{name}_num"] = numeric_grad(f, np.array(inputs[i], dtype=np.float64), dout)
    return result


@check(Q, points=2, targets=["layers.conv_forward_naive"], compare=[Close("out", 1e-7)])
def conv_forward_naive(cs, rng):
    """The course's (2, 3, 4, 4) linspace input, three 4x4 filters, stride 2, pad 1."""
    x = np.linspace(-0.1, 0.5, num=2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
    w = np.linspace(-0.2, 0.3, num=3 * 3 * 4 * 4).reshape(3, 3, 4, 4)
    b = np.linspace(-0.1, 0.2, num=3)
    out, _ = cs.layers.conv_forward_naive(x, w, b, {"stride": 2, "pad": 1})
    return {"out": out}


@check(Q, points=3, targets=["layers.conv_backward_naive"],
       compare=[Close("dx", 1e-8), Close("dw", 1e-8), Close("db", 1e-8),
                Agree("dx", "dx_num", 1e-7), Agree("dw", "dw_num", 1e-7),
                Agree("db", "db_num", 1e-7)])
def conv_backward_naive(cs, rng):
    """x (2, 3, 5, 5), two 3x3 filters, stride 1, pad 1: gradients vs reference and numeric."""
    x, w, b = rng.randn(2, 3, 5, 5), rng.randn(2, 3, 3, 3), rng.randn(2)
    param = {"stride": 1, "pad": 1}
    return layer_grads(lambda x, w, b: cs.layers.conv_forward_naive(x, w, b, param),
                       cs.layers.conv_backward_naive, (x, w, b), ("dx", "dw", "db"), rng)


@check(Q, points=1, targets=["layers.conv_forward_naive", "layers.conv_backward_naive"],
       compare=[Close("out", 1e-9), Close("dx", 1e-9), Close("dw", 1e-9), Close("db", 1e-9)])
def conv_stride_and_pad(cs, rng):
    """Rectangular 2x3 filters, stride 3, pad 2, on x (2, 2, 7, 5): output and gradients."""
    x, w, b = rng.randn(2, 2, 7, 5), rng.randn(3, 2, 2, 3), rng.randn(3)
    out, cache = cs.layers.conv_forward_naive(x, w, b, {"stride": 3, "pad": 2})
    dx, dw, db = cs.layers.conv_backward_naive(rng.randn(*np.shape(out)), cache)
    return {"out": out, "dx": dx, "dw": dw, "db": db}


@check(Q, points=2, targets=["layers.max_pool_forward_naive"], compare=[Close("out", 1e-9)])
def max_pool_forward_naive(cs, rng):
    """The course's (2, 3, 4, 4) linspace input, 2x2 pools of stride 2."""
    x = np.linspace(-0.3, 0.4, num=2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
    out, _ = cs.layers.max_pool_forward_naive(x, {"pool_height": 2, "pool_width": 2,
                                                  "stride": 2})
    return {"out": out}


@check(Q, points=2, targets=["layers.max_pool_backward_naive"],
       compare=[Close("dx", 1e-10), Agree("dx", "dx_num", 1e-8)])
def max_pool_backward_naive(cs, rng):
    """x (3, 2, 8, 8), 2x2 pools of stride 2: dx vs reference and numeric."""
    x = rng.randn(3, 2, 8, 8)
    param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    return layer_grads(lambda x: cs.layers.max_pool_forward_naive(x, param),
                       cs.layers.max_pool_backward_naive, (x,), ("dx",), rng)


@check(Q, points=1, targets=["layers.max_pool_forward_naive", "layers.max_pool_backward_naive"],
       compare=[Close("out", 1e-12), Close("dx", 1e-12)])
def max_pool_overlapping(cs, rng):
    """Overlapping 3x2 pools of stride 1 on x (2, 3, 5, 6): output and dx."""
    x = rng.randn(2, 3, 5, 6)
    param = {"pool_height": 3, "pool_width": 2, "stride": 1}
    out, cache = cs.layers.max_pool_forward_naive(x, param)
    dx = cs.layers.max_pool_backward_naive(rng.randn(*np.shape(out)), cache)
    return {"out": out, "dx": dx}


@check(Q, points=1, targets=[f"{CNN}.__init__"],
       compare=[Equal("shapes_ok"), Equal("std_ok"), Equal("biases_zero"), Equal("dtype_ok")])
def three_layer_convnet_init(cs, rng):
    """ThreeLayerConvNet((3, 8, 6), 5 filters of 3x3, 11 hidden, 4 classes): shapes, std, dtype."""
    model = cs.classifiers.cnn.ThreeLayerConvNet(input_dim=(3, 8, 6), num_filters=5,
                                                 filter_size=3, hidden_dim=11, num_classes=4,
                                                 weight_scale=1e-1)
    p = model.params
    want = {"W1": (5, 3, 3, 3), "b1": (5,), "W2": (5 * 4 * 3, 11), "b2": (11,),
            "W3": (11, 4), "b3": (4,)}
    shapes_ok = {k: np.shape(v) for k, v in p.items()} == want
    return {"shapes_ok": shapes_ok,
            "std_ok": bool(shapes_ok and all(abs(p[k].std() - 0.1) < 0.03
                                             for k in ("W1", "W2", "W3"))),
            "biases_zero": bool(shapes_ok and all(np.all(p[k] == 0) for k in ("b1", "b2", "b3"))),
            "dtype_ok": bool(shapes_ok and all(v.dtype == np.float32 for v in p.values()))}


@check(Q, points=1, targets=[f"{CNN}.__init__", f"{CNN}.loss"],
       compare=[Close("loss_reg0", 1e-5), Close("loss_reg05", 1e-5),
                AtMost("gap_to_log10", 0.01)])
def three_layer_convnet_loss(cs, rng):
    """The default net on 10 random images: initial loss with reg 0 (near log 10) and reg 0.5."""
    np.random.seed(231)
    X, y = np.random.randn(10, 3, 32, 32), np.random.randint(10, size=10)
    model = cs.classifiers.cnn.ThreeLayerConvNet()
    loss0 = model.loss(X, y)[0]
    model.reg = 0.5
    loss05 = model.loss(X, y)[0]
    return {"loss_reg0": loss0, "loss_reg05": loss05,
            "gap_to_log10": abs(float(loss0) - np.log(10))}


def small_convnet(cs, rng, reg):
    """A float64 net on (3, 8, 8) inputs, 3 filters of 3x3, 7 hidden, weights of scale 0.3."""
    model = cs.classifiers.cnn.ThreeLayerConvNet(input_dim=(3, 8, 8), num_filters=3,
                                                 filter_size=3, hidden_dim=7, reg=reg,
                                                 dtype=np.float64)
    for k, v in model.params.items():
        model.params[k] = 0.3 * rng.randn(*v.shape)
    return model


@check(Q, points=3, targets=[f"{CNN}.loss"],
       compare=[Close("scores", 1e-9), Close("loss", 1e-9)]
       + [Close(k, 1e-8) for k in PARAMS] + [Agree(k, f"{k}_num", 1e-6) for k in PARAMS])
def three_layer_convnet_grads(cs, rng):
    """Scores, loss and every gradient with reg 0.1, against the reference and numeric ones."""
    model = small_convnet(cs, rng, 0.1)
    X, y = rng.randn(3, 3, 8, 8), rng.randint(10, size=3)
    out = {"scores": model.loss(X)}
    out["loss"] = model.loss(X, y)[0]
    out.update(model_grads(model, X, y))
    return out


@check(Q, points=2, targets=["layers.spatial_batchnorm_forward"],
       compare=[Close("out_train", 1e-9), Close("running_mean", 1e-9),
                Close("running_var", 1e-9), Close("out_test", 1e-9)])
def spatial_batchnorm_forward(cs, rng):
    """Train mode on (2, 3, 4, 5) with gamma, beta; test mode after 50 train passes."""
    x = 4 * rng.randn(2, 3, 4, 5) + 10
    gamma, beta = np.array([3.0, 4.0, 5.0]), np.array([6.0, 7.0, 8.0])
    out_train, _ = cs.layers.spatial_batchnorm_forward(x, gamma, beta, {"mode": "train"})
    N, C, H, W = 10, 4, 11, 12
    bn_param = {"mode": "train"}
    gamma, beta = np.ones(C), np.zeros(C)
    for _ in range(50):
        cs.layers.spatial_batchnorm_forward(2.3 * rng.randn(N, C, H, W) + 13, gamma, beta,
                                            bn_param)
    bn_param["mode"] = "test"
    out_test, _ = cs.layers.spatial_batchnorm_forward(2.3 * rng.randn(N, C, H, W) + 13, gamma,
                                                      beta, bn_param)
    return {"out_train": out_train, "running_mean": bn_param.get("running_mean"),
            "running_var": bn_param.get("running_var"), "out_test": out_test}


@check(Q, points=2, targets=["layers.spatial_batchnorm_backward"],
       compare=[Close("dx", 1e-8), Close("dgamma", 1e-8), Close("dbeta", 1e-8),
                Agree("dx", "dx_num", 1e-6), Agree("dgamma", "dgamma_num", 1e-6),
                Agree("dbeta", "dbeta_num", 1e-6)])
def spatial_batchnorm_backward(cs, rng):
    """Train mode on (2, 3, 4, 5): gradients vs reference and numeric."""
    x = 5 * rng.randn(2, 3, 4, 5) + 12
    gamma, beta = rng.randn(3), rng.randn(3)
    return layer_grads(
        lambda x, g, b: cs.layers.spatial_batchnorm_forward(x, g, b, {"mode": "train"}),
        cs.layers.spatial_batchnorm_backward, (x, gamma, beta), ("dx", "dgamma", "dbeta"), rng)


@check(Q, points=2, targets=["layers.spatial_groupnorm_forward"],
       compare=[Close("out", 1e-9), Close("out_g1", 1e-9)])
def spatial_groupnorm_forward(cs, rng):
    """(2, 6, 4, 5) with G = 2 and random per-channel gamma, beta; and G = 1 on (3, 4, 2, 3)."""
    x = 4 * rng.randn(2, 6, 4, 5) + 10
    gamma, beta = rng.randn(1, 6, 1, 1), rng.randn(1, 6, 1, 1)
    out, _ = cs.layers.spatial_groupnorm_forward(x, gamma, beta, 2, {"mode": "train"})
    x1 = rng.randn(3, 4, 2, 3)
    out_g1, _ = cs.layers.spatial_groupnorm_forward(x1, np.ones((1, 4, 1, 1)),
                                                    np.zeros((1, 4, 1, 1)), 1, {})
    return {"out": out, "out_g1": out_g1}


@check(Q, points=2, targets=["layers.spatial_groupnorm_backward"],
       compare=[Close("dx", 1e-8), Close("dgamma", 1e-8), Close("dbeta", 1e-8),
                Agree("dx", "dx_num", 1e-6), Agree("dgamma", "dgamma_num", 1e-7),
                Agree("dbeta", "dbeta_num", 1e-7)])
def spatial_groupnorm_backward(cs, rng):
    """(2, 6, 4, 5) with G = 2: gradients vs reference and numeric."""
    x = 5 * rng.randn(2, 6, 4, 5) + 12
    gamma, beta = rng.randn(1, 6, 1, 1), rng.randn(1, 6, 1, 1)
    return layer_grads(
        lambda x, g, b: cs.layers.spatial_groupnorm_forward(x, g, b, 2, {}),
        cs.layers.spatial_groupnorm_backward, (x, gamma, beta), ("dx", "dgamma", "dbeta"), rng)
