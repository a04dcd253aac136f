"""Hidden checks of Dropout: each function on fresh random inputs.

Left out of the student release. The grader draws each seed at grading time
and runs the reference solution with it for the reference values. One check
per function, so that a failing one withholds only that function's public points.
"""

import numpy as np

from grading.core import Close, Equal, check

Q = "Dropout"
FC = "classifiers.fc_net.FullyConnectedNet"


def _shape(rng):
    return tuple(int(d) for d in rng.randint(1, 7, size=rng.randint(1, 4)))


@check(Q, points=1, targets=["layers.dropout_forward"],
       compare=[Close("out", 1e-12), Equal("test_out")], hidden=True, timeout=20)
def hidden_dropout_forward(cs, rng):
    """A random shape, keep probability and seed; train and test mode."""
    x = rng.randn(*_shape(rng))
    p, seed = float(rng.uniform(0.1, 0.95)), int(rng.randint(1 << 30))
    out, _ = cs.layers.dropout_forward(x, {"mode": "train", "p": p, "seed": seed})
    test_out, _ = cs.layers.dropout_forward(x, {"mode": "test", "p": p})
    return {"out": out, "test_out": test_out}


@check(Q, points=1, targets=["layers.dropout_backward"], compare=[Close("dx", 1e-12)],
       hidden=True, timeout=20)
def hidden_dropout_backward(cs, rng):
    """dropout_backward after a seeded train-mode forward of a random shape."""
    shape = _shape(rng)
    x, dout = rng.randn(*shape), rng.randn(*shape)
    param = {"mode": "train", "p": float(rng.uniform(0.1, 0.95)),
             "seed": int(rng.randint(1 << 30))}
    _, cache = cs.layers.dropout_forward(x, param)
    return {"dx": cs.layers.dropout_backward(dout, cache)}


@check(Q, points=1, targets=[f"{FC}.loss"],
       compare=[Close("loss", 1e-9), Close("grads", 1e-7), Close("scores", 1e-9),
                Equal("grad_keys")], hidden=True, timeout=20)
def hidden_fc_net_dropout(cs, rng):
    """A net of random depth and widths with random keep ratio and seed, random parameters."""
    hidden = [int(h) for h in rng.randint(2, 10, size=rng.randint(1, 4))]
    C, N, D = int(rng.randint(2, 6)), int(rng.randint(1, 7)), int(rng.randint(2, 8))
    X, y = rng.randn(N, D), rng.randint(C, size=N)
    model = cs.classifiers.fc_net.FullyConnectedNet(
        hidden, input_dim=D, num_classes=C, reg=float(rng.uniform(0, 1)), weight_scale=1e-2,
        dtype=np.float64, dropout_keep_ratio=float(rng.uniform(0.3, 0.9)),
        seed=int(rng.randint(1 << 30)))
    dims = [D, *hidden, C]
    params = {}
    for i in range(1, len(dims)):
        params[f"W{i}"] = 0.5 * rng.randn(dims[i - 1], dims[i])
        params[f"b{i}"] = 0.1 * rng.randn(dims[i])
    model.params = dict(params)
    loss, grads = model.loss(X, y)
    keys = sorted(params)
    return {"loss": loss, "scores": model.loss(X),
            "grads": np.concatenate([np.ravel(grads.get(k, np.zeros(0))) for k in keys]),
            "grad_keys": np.array(sorted(grads) == keys)}
