"""Hidden checks of BatchNormalization: each function on fresh random inputs.

Left out of the student release. The grader draws each seed at grading time
and runs the reference solution with it for the reference values. One check
per function, so that a failing one withholds only that function's public points.
"""

import numpy as np

from grading.core import Close, Equal, check

Q = "BatchNormalization"
FC = "classifiers.fc_net.FullyConnectedNet"


def _problem(rng):
    """x (N, D) with a random offset and scale, gamma, beta (D,), dout (N, D)."""
    N, D = int(rng.randint(2, 9)), int(rng.randint(1, 8))
    x = rng.uniform(0.5, 4) * rng.randn(N, D) + rng.uniform(-5, 5, size=D)
    return x, rng.randn(D), rng.randn(D), rng.randn(N, D)


@check(Q, points=1, targets=["layers.batchnorm_forward"],
       compare=[Close("out_train", 1e-9), Close("out_test", 1e-9), Close("running_mean", 1e-9),
                Close("running_var", 1e-9)], hidden=True, timeout=20)
def hidden_batchnorm_forward(cs, rng):
    """Three train passes with a random momentum and eps, then one test pass."""
    x, gamma, beta, _ = _problem(rng)
    bn_param = {"mode": "train", "momentum": float(rng.uniform(0.5, 0.99)),
                "eps": float(10 ** rng.uniform(-6, -2))}
    for _ in range(3):
        out_train, _ = cs.layers.batchnorm_forward(x + rng.randn(*x.shape), gamma, beta,
                                                   bn_param)
    running = {k: np.copy(bn_param.get(k)) for k in ("running_mean", "running_var")}
    bn_param["mode"] = "test"
    out_test, _ = cs.layers.batchnorm_forward(x, gamma, beta, bn_param)
    return {"out_train": out_train, "out_test": out_test, **running}


def _grads(cs, rng, forward, backward, param):
    x, gamma, beta, dout = _problem(rng)
    _, cache = getattr(cs.layers, forward)(x, gamma, beta, param)
    dx, dgamma, dbeta = getattr(cs.layers, backward)(dout, cache)
    return {"dx": dx, "dgamma": dgamma, "dbeta": dbeta}


GRADS = [Close("dx", 1e-8), Close("dgamma", 1e-9), Close("dbeta", 1e-9)]


@check(Q, points=1, targets=["layers.batchnorm_backward"], compare=GRADS, hidden=True,
       timeout=20)
def hidden_batchnorm_backward(cs, rng):
    """batchnorm_backward on a random (N, D) problem."""
    return _grads(cs, rng, "batchnorm_forward", "batchnorm_backward", {"mode": "train"})


@check(Q, points=1, targets=["layers.batchnorm_backward_alt"], compare=GRADS, hidden=True,
       timeout=20)
def hidden_batchnorm_backward_alt(cs, rng):
    """batchnorm_backward_alt on a random (N, D) problem."""
    return _grads(cs, rng, "batchnorm_forward", "batchnorm_backward_alt", {"mode": "train"})


@check(Q, points=1, targets=["layers.layernorm_forward"], compare=[Close("out", 1e-9)],
       hidden=True, timeout=20)
def hidden_layernorm_forward(cs, rng):
    """layernorm_forward with a random eps on a random (N, D) problem."""
    x, gamma, beta, _ = _problem(rng)
    out, _ = cs.layers.layernorm_forward(x, gamma, beta, {"eps": float(10 ** rng.uniform(-6, -2))})
    return {"out": out}


@check(Q, points=1, targets=["layers.layernorm_backward"], compare=GRADS, hidden=True,
       timeout=20)
def hidden_layernorm_backward(cs, rng):
    """layernorm_backward on a random (N, D) problem."""
    return _grads(cs, rng, "layernorm_forward", "layernorm_backward", {})


@check(Q, points=1, targets=[f"{FC}.loss"],
       compare=[Close("loss_batchnorm", 1e-9), Close("grads_batchnorm", 1e-7),
                Close("loss_layernorm", 1e-9), Close("grads_layernorm", 1e-7),
                Close("scores_batchnorm", 1e-9), Equal("grad_keys")], hidden=True, timeout=20)
def hidden_fc_net_norm(cs, rng):
    """Nets of random depth and widths with each normalization, random parameters."""
    hidden = [int(h) for h in rng.randint(2, 10, size=rng.randint(1, 4))]
    C, N, D = int(rng.randint(2, 6)), int(rng.randint(2, 7)), int(rng.randint(2, 8))
    X, y = rng.randn(N, D), rng.randint(C, size=N)
    dims = [D, *hidden, C]
    out, keys_ok = {}, True
    for norm in ("batchnorm", "layernorm"):
        model = cs.classifiers.fc_net.FullyConnectedNet(
            hidden, input_dim=D, num_classes=C, reg=float(rng.uniform(0, 1)), weight_scale=1e-2,
            dtype=np.float64, normalization=norm)
        params = {}
        for i in range(1, len(dims)):
            params[f"W{i}"] = 0.5 * rng.randn(dims[i - 1], dims[i])
            params[f"b{i}"] = 0.1 * rng.randn(dims[i])
            if i < len(dims) - 1:
                params[f"gamma{i}"] = 1 + 0.2 * rng.randn(dims[i])
                params[f"beta{i}"] = 0.2 * rng.randn(dims[i])
        model.params = dict(params)
        loss, grads = model.loss(X, y)
        keys = sorted(params)
        keys_ok &= sorted(grads) == keys
        out[f"loss_{norm}"] = loss
        out[f"grads_{norm}"] = np.concatenate([np.ravel(grads.get(k, np.zeros(0)))
                                               for k in keys])
        if norm == "batchnorm":
            out["scores_batchnorm"] = model.loss(X)  # test mode: the running averages
    out["grad_keys"] = np.array(keys_ok)
    return out
