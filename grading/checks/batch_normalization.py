"""Checks of assignment2/BatchNormalization.ipynb: batch and layer norm, and nets that use them."""

import numpy as np

from grading.checks.fully_connected_nets import course_problem
from grading.core import Agree, Close, check, model_grads, numeric_grad

Q = "BatchNormalization"
FC = "classifiers.fc_net.FullyConnectedNet"
NORM_PARAMS = ("W1", "b1", "W2", "b2", "W3", "b3", "gamma1", "beta1", "gamma2", "beta2")


def course_activations():
    """The course's forward-check input: seed 231, a = relu(X W1) W2, X (200, 50), a (200, 3)."""
    np.random.seed(231)
    N, D1, D2, D3 = 200, 50, 60, 3
    X = np.random.randn(N, D1)
    W1 = np.random.randn(D1, D2)
    W2 = np.random.randn(D2, D3)
    return np.maximum(0, X.dot(W1)).dot(W2)


def backward_problem(rng, N, D):
    """x = 5 randn + 12 of shape (N, D), gamma, beta (D,) and dout (N, D)."""
    return 5 * rng.randn(N, D) + 12, rng.randn(D), rng.randn(D), rng.randn(N, D)


def norm_grads(forward, backward, x, gamma, beta, dout, param):
    """Analytic gradients of ``forward`` (dx, dgamma, dbeta) and their numeric twins."""
    _, cache = forward(x, gamma, beta, dict(param))
    dx, dgamma, dbeta = backward(dout, cache)
    return {"dx": dx, "dgamma": dgamma, "dbeta": dbeta,
            "dx_num": numeric_grad(lambda v: forward(v, gamma, beta, dict(param))[0], x, dout),
            "dgamma_num": numeric_grad(lambda v: forward(x, v, beta, dict(param))[0], gamma,
                                       dout),
            "dbeta_num": numeric_grad(lambda v: forward(x, gamma, v, dict(param))[0], beta,
                                      dout)}


GRAD_COMPARE = [Close("dx", 1e-8), Close("dgamma", 1e-8), Close("dbeta", 1e-8),
                Agree("dx", "dx_num", 1e-7), Agree("dgamma", "dgamma_num", 1e-7),
                Agree("dbeta", "dbeta_num", 1e-7)]


@check(Q, points=2, targets=["layers.batchnorm_forward"],
       compare=[Close("out", 1e-9), Close("out_scaled", 1e-9), Close("running_mean", 1e-9),
                Close("running_var", 1e-9), Agree("means_scaled", "beta", 1e-9),
                Agree("stds_scaled", "gamma", 1e-6)])
def batchnorm_forward_train(cs, rng):
    """Train mode on the course's activations: per-feature statistics and running averages."""
    a = course_activations()
    D = a.shape[1]
    out, _ = cs.layers.batchnorm_forward(a, np.ones(D), np.zeros(D), {"mode": "train"})
    gamma, beta = np.array([1.0, 2.0, 3.0]), np.array([11.0, 12.0, 13.0])
    bn_param = {"mode": "train", "momentum": 0.8}
    out_scaled, _ = cs.layers.batchnorm_forward(a, gamma, beta, bn_param)
    return {"out": out, "out_scaled": out_scaled, "running_mean": bn_param.get("running_mean"),
            "running_var": bn_param.get("running_var"),
            "means_scaled": out_scaled.mean(axis=0), "stds_scaled": out_scaled.std(axis=0),
            "gamma": gamma, "beta": beta}


@check(Q, points=1, targets=["layers.batchnorm_forward"],
       compare=[Close("out_test", 1e-8), Close("running_mean", 1e-9),
                Close("running_var", 1e-9)])
def batchnorm_forward_test(cs, rng):
    """Fifty train-mode passes warm up the running averages; then one test-mode pass."""
    np.random.seed(231)
    N, D1, D2, D3 = 200, 50, 60, 3
    W1, W2 = np.random.randn(D1, D2), np.random.randn(D2, D3)
    bn_param = {"mode": "train"}
    gamma, beta = np.ones(D3), np.zeros(D3)
    for _ in range(50):
        a = np.maximum(0, np.random.randn(N, D1).dot(W1)).dot(W2)
        cs.layers.batchnorm_forward(a, gamma, beta, bn_param)
    running = {k: np.copy(bn_param.get(k)) for k in ("running_mean", "running_var")}
    bn_param["mode"] = "test"
    a = np.maximum(0, np.random.randn(N, D1).dot(W1)).dot(W2)
    out_test, _ = cs.layers.batchnorm_forward(a, gamma, beta, bn_param)
    return {"out_test": out_test, **running}


@check(Q, points=2, targets=["layers.batchnorm_backward"], compare=GRAD_COMPARE)
def batchnorm_backward(cs, rng):
    """N, D = 4, 5 with x = 5 randn + 12: gradients against the reference and numeric ones."""
    x, gamma, beta, dout = backward_problem(rng, 4, 5)
    return norm_grads(cs.layers.batchnorm_forward, cs.layers.batchnorm_backward, x, gamma,
                      beta, dout, {"mode": "train"})


@check(Q, points=1, targets=["layers.batchnorm_backward_alt"],
       compare=[Close("dx", 1e-8), Close("dgamma", 1e-8), Close("dbeta", 1e-8),
                Agree("dx", "dx_graph", 1e-9)])
def batchnorm_backward_alt(cs, rng):
    """N, D = 50, 40: the closed form against the reference and against batchnorm_backward."""
    x, gamma, beta, dout = backward_problem(rng, 50, 40)
    _, cache = cs.layers.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    dx, dgamma, dbeta = cs.layers.batchnorm_backward_alt(dout, cache)
    dx_graph = cs.layers.batchnorm_backward(dout, cache)[0]
    return {"dx": dx, "dgamma": dgamma, "dbeta": dbeta, "dx_graph": dx_graph}


@check(Q, points=1, targets=["layers.layernorm_forward"],
       compare=[Close("out", 1e-9), Close("out_scaled", 1e-9),
                Agree("means_scaled", "five", 1e-9), Agree("stds_scaled", "three", 1e-6)])
def layernorm_forward(cs, rng):
    """Four rows of the course's activations; ln_param carries an extra 'mode' key."""
    a = course_activations()[:4]
    D = a.shape[1]
    out, _ = cs.layers.layernorm_forward(a, np.ones(D), np.zeros(D), {"mode": "train"})
    out_scaled, _ = cs.layers.layernorm_forward(a, 3 * np.ones(D), 5 * np.ones(D),
                                                {"mode": "train"})
    return {"out": out, "out_scaled": out_scaled, "means_scaled": out_scaled.mean(axis=1),
            "stds_scaled": out_scaled.std(axis=1), "five": np.full(4, 5.0),
            "three": np.full(4, 3.0)}


@check(Q, points=2, targets=["layers.layernorm_backward"], compare=GRAD_COMPARE)
def layernorm_backward(cs, rng):
    """N, D = 4, 5 with x = 5 randn + 12: gradients against the reference and numeric ones."""
    x, gamma, beta, dout = backward_problem(rng, 4, 5)
    return norm_grads(cs.layers.layernorm_forward, cs.layers.layernorm_backward, x, gamma,
                      beta, dout, {})


def _norm_net_grads(cs, normalization):
    """The course's problem, two fresh nets (reg 0, then 3.14) drawn after X and y."""
    X, y = course_problem()
    out = {}
    for tag, reg in (("reg0", 0.0), ("reg314", 3.14)):
        model = cs.classifiers.fc_net.FullyConnectedNet(
            [20, 30], input_dim=15, num_classes=10, reg=reg, weight_scale=5e-2,
            dtype=np.float64, normalization=normalization)
        out[f"loss_{tag}"] = model.loss(X, y)[0]
        out.update({f"{k}_{tag}": v for k, v in model_grads(model, X, y).items()})
    return out


def _net_compare(num_tol):
    return ([Close("loss_reg0", 1e-10), Close("loss_reg314", 1e-10)]
            + [Close(f"{k}_{t}", 1e-7) for t in ("reg0", "reg314") for k in NORM_PARAMS]
            + [Agree(f"{k}_{t}", f"{k}_num_{t}", num_tol)
               for t in ("reg0", "reg314") for k in NORM_PARAMS])


@check(Q, points=2, targets=[f"{FC}.__init__", f"{FC}.loss"], compare=_net_compare(1e-3))
def fc_net_batchnorm(cs, rng):
    """FullyConnectedNet with batchnorm on the course's problem: losses and gradients."""
    return _norm_net_grads(cs, "batchnorm")


@check(Q, points=2, targets=[f"{FC}.__init__", f"{FC}.loss"], compare=_net_compare(1e-3))
def fc_net_layernorm(cs, rng):
    """FullyConnectedNet with layernorm on the course's problem: losses and gradients."""
    return _norm_net_grads(cs, "layernorm")
