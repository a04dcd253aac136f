"""Hidden checks of ConvolutionalNetworks: every student function on fresh random inputs.

Left out of the student release. The grader draws each seed at grading time
and runs the reference solution with it for the reference values, so code
that hard-codes the public values earns nothing here.
"""

import numpy as np

from grading.core import Close, check

Q = "ConvolutionalNetworks"
CNN = "classifiers.cnn.ThreeLayerConvNet"


def _conv_problem(rng):
    """Random x, w, b and a conv_param whose filters tile the padded input."""
    stride, pad = int(rng.randint(1, 4)), int(rng.randint(0, 3))
    N, C, F = (int(v) for v in rng.randint(1, 4, size=3))
    HH, WW = (int(v) for v in rng.randint(1, 5, size=2))
    # Pick the output size, then the input size that gives it exactly.
    H_out, W_out = (int(v) for v in rng.randint(1, 5, size=2))
    H = max(1, (H_out - 1) * stride + HH - 2 * pad)
    W = max(1, (W_out - 1) * stride + WW - 2 * pad)
    # Padding can make the input smaller than the span; grow it by whole strides.
    while (H + 2 * pad - HH) % stride or H + 2 * pad < HH:
        H += 1
    while (W + 2 * pad - WW) % stride or W + 2 * pad < WW:
        W += 1
    return (rng.randn(N, C, H, W), rng.randn(F, C, HH, WW), rng.randn(F),
            {"stride": stride, "pad": pad})


@check(Q, points=1, targets=["layers.conv_forward_naive"], compare=[Close("out", 1e-9)],
       hidden=True, timeout=20)
def hidden_conv_forward(cs, rng):
    """A random convolution: shapes, stride and padding drawn at grading time."""
    x, w, b, param = _conv_problem(rng)
    return {"out": cs.layers.conv_forward_naive(x, w, b, param)[0]}


@check(Q, points=1, targets=["layers.conv_backward_naive"],
       compare=[Close("dx", 1e-9), Close("dw", 1e-9), Close("db", 1e-9)], hidden=True,
       timeout=20)
def hidden_conv_backward(cs, rng):
    """The gradients of a random convolution for a random dout."""
    x, w, b, param = _conv_problem(rng)
    out, cache = cs.layers.conv_forward_naive(x, w, b, param)
    dx, dw, db = cs.layers.conv_backward_naive(rng.randn(*np.shape(out)), cache)
    return {"dx": dx, "dw": dw, "db": db}


def _pool_problem(rng):
    ph, pw, stride = (int(v) for v in rng.randint(1, 4, size=3))
    H = ph + stride * int(rng.randint(0, 4))
    W = pw + stride * int(rng.randint(0, 4))
    N, C = (int(v) for v in rng.randint(1, 4, size=2))
    return rng.randn(N, C, H, W), {"pool_height": ph, "pool_width": pw, "stride": stride}


@check(Q, points=1, targets=["layers.max_pool_forward_naive"], compare=[Close("out", 1e-12)],
       hidden=True, timeout=20)
def hidden_max_pool_forward(cs, rng):
    """A random max pool: window, stride and shapes drawn at grading time."""
    x, param = _pool_problem(rng)
    return {"out": cs.layers.max_pool_forward_naive(x, param)[0]}


@check(Q, points=1, targets=["layers.max_pool_backward_naive"], compare=[Close("dx", 1e-12)],
       hidden=True, timeout=20)
def hidden_max_pool_backward(cs, rng):
    """dx of a random max pool for a random dout."""
    x, param = _pool_problem(rng)
    out, cache = cs.layers.max_pool_forward_naive(x, param)
    return {"dx": cs.layers.max_pool_backward_naive(rng.randn(*np.shape(out)), cache)}


def _convnet(cs, rng):
    C, F, fs = int(rng.randint(1, 4)), int(rng.randint(1, 5)), int(rng.choice([1, 3, 5]))
    H, W = 2 * int(rng.randint(2, 5)), 2 * int(rng.randint(2, 5))
    hidden, K = int(rng.randint(2, 9)), int(rng.randint(2, 7))
    model = cs.classifiers.cnn.ThreeLayerConvNet(input_dim=(C, H, W), num_filters=F,
                                                 filter_size=fs, hidden_dim=hidden,
                                                 num_classes=K, reg=float(rng.uniform(0, 1)),
                                                 dtype=np.float64)
    return model, (C, H, W), K


@check(Q, points=1, targets=[f"{CNN}.__init__"],
       compare=[Close("W1", 1e-6), Close("W2", 1e-6), Close("W3", 1e-6), Close("biases", 1e-12)],
       hidden=True, timeout=20)
def hidden_convnet_init(cs, rng):
    """A random architecture: the initial parameters from a seeded np.random, in order."""
    np.random.seed(int(rng.randint(2**31)))
    model = cs.classifiers.cnn.ThreeLayerConvNet(
        input_dim=(int(rng.randint(1, 4)), 4, 6), num_filters=int(rng.randint(1, 5)),
        filter_size=3, hidden_dim=int(rng.randint(2, 9)), num_classes=int(rng.randint(2, 7)),
        weight_scale=float(rng.uniform(0.1, 1)))
    p = model.params
    biases = np.concatenate([np.ravel(p.get(k, np.zeros(0))) for k in ("b1", "b2", "b3")])
    return {"W1": p.get("W1"), "W2": p.get("W2"), "W3": p.get("W3"), "biases": biases}


@check(Q, points=2, targets=[f"{CNN}.loss"],
       compare=[Close("scores", 1e-9), Close("loss", 1e-9), Close("grads", 1e-8)], hidden=True,
       timeout=20)
def hidden_convnet_loss(cs, rng):
    """A random architecture with random parameters: scores, loss and every gradient."""
    model, in_dim, K = _convnet(cs, rng)
    for k, v in model.params.items():
        model.params[k] = 0.3 * rng.randn(*v.shape)
    N = int(rng.randint(1, 6))
    X, y = rng.randn(N, *in_dim), rng.randint(K, size=N)
    scores = model.loss(X)
    loss, grads = model.loss(X, y)
    flat = np.concatenate([np.ravel(grads.get(k, np.zeros(0))) for k in sorted(model.params)])
    return {"scores": scores, "loss": loss, "grads": flat}


@check(Q, points=1, targets=["layers.spatial_batchnorm_forward"],
       compare=[Close("out_train", 1e-9), Close("running", 1e-9), Close("out_test", 1e-9)],
       hidden=True, timeout=20)
def hidden_spatial_batchnorm_forward(cs, rng):
    """Random shapes, gamma, beta, eps and momentum: train step, running averages, test."""
    N, C, H, W = (int(v) for v in rng.randint(1, 5, size=4))
    N += 1
    param = {"mode": "train", "eps": float(10 ** rng.uniform(-6, -3)),
             "momentum": float(rng.uniform(0.5, 0.99))}
    gamma, beta = rng.randn(C), rng.randn(C)
    out_train, _ = cs.layers.spatial_batchnorm_forward(3 * rng.randn(N, C, H, W) + 2, gamma,
                                                       beta, param)
    param["mode"] = "test"
    out_test, _ = cs.layers.spatial_batchnorm_forward(rng.randn(N, C, H, W), gamma, beta, param)
    running = np.concatenate([np.ravel(param.get("running_mean", np.zeros(0))),
                              np.ravel(param.get("running_var", np.zeros(0)))])
    return {"out_train": out_train, "running": running, "out_test": out_test}


@check(Q, points=1, targets=["layers.spatial_batchnorm_backward"],
       compare=[Close("dx", 1e-8), Close("dgamma", 1e-9), Close("dbeta", 1e-9)], hidden=True,
       timeout=20)
def hidden_spatial_batchnorm_backward(cs, rng):
    """Gradients of train-mode spatial batch norm on random shapes."""
    N, C, H, W = (int(v) for v in rng.randint(1, 5, size=4))
    N += 1
    x = 3 * rng.randn(N, C, H, W) + 2
    out, cache = cs.layers.spatial_batchnorm_forward(x, rng.randn(C), rng.randn(C),
                                                     {"mode": "train"})
    dx, dgamma, dbeta = cs.layers.spatial_batchnorm_backward(rng.randn(*np.shape(out)), cache)
    return {"dx": dx, "dgamma": dgamma, "dbeta": dbeta}


def _group_problem(rng):
    G, per = int(rng.randint(1, 4)), int(rng.randint(1, 4))
    N, H, W = (int(v) for v in rng.randint(1, 5, size=3))
    C = G * per
    return (3 * rng.randn(N, C, H, W) + 1, rng.randn(1, C, 1, 1), rng.randn(1, C, 1, 1), G,
            {"eps": float(10 ** rng.uniform(-6, -3))})


@check(Q, points=1, targets=["layers.spatial_groupnorm_forward"], compare=[Close("out", 1e-9)],
       hidden=True, timeout=20)
def hidden_spatial_groupnorm_forward(cs, rng):
    """Group norm with random shapes, number of groups and eps."""
    x, gamma, beta, G, param = _group_problem(rng)
    return {"out": cs.layers.spatial_groupnorm_forward(x, gamma, beta, G, param)[0]}


@check(Q, points=1, targets=["layers.spatial_groupnorm_backward"],
       compare=[Close("dx", 1e-8), Close("dgamma", 1e-9), Close("dbeta", 1e-9)], hidden=True,
       timeout=20)
def hidden_spatial_groupnorm_backward(cs, rng):
    """Group norm gradients with random shapes, number of groups and eps."""
    x, gamma, beta, G, param = _group_problem(rng)
    out, cache = cs.layers.spatial_groupnorm_forward(x, gamma, beta, G, param)
    dx, dgamma, dbeta = cs.layers.spatial_groupnorm_backward(rng.randn(*np.shape(out)), cache)
    return {"dx": dx, "dgamma": dgamma, "dbeta": dbeta}
