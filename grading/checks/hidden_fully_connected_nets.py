"""Hidden checks of FullyConnectedNets: the net and the update rules on fresh random inputs.

Left out of the student release. The grader draws each seed at grading time
and runs the reference solution with it for the reference values, so code
that hard-codes the public values earns nothing here.
"""

import numpy as np

from grading.core import Close, Equal, check

Q = "FullyConnectedNets"
FC = "classifiers.fc_net.FullyConnectedNet"


@check(Q, points=2, targets=[f"{FC}.loss"],
       compare=[Close("scores", 1e-9), Close("loss", 1e-9), Close("grads", 1e-8),
                Equal("grad_keys")], hidden=True, timeout=20)
def hidden_fc_net(cs, rng):
    """A net of random depth and widths, random parameters, reg and input shape."""
    hidden = [int(h) for h in rng.randint(2, 12, size=rng.randint(0, 5))]
    C, N = int(rng.randint(2, 8)), int(rng.randint(1, 8))
    in_shape = tuple(int(d) for d in rng.randint(1, 4, size=rng.randint(1, 4)))
    D = int(np.prod(in_shape))
    model = cs.classifiers.fc_net.FullyConnectedNet(hidden, input_dim=D, num_classes=C,
                                                    reg=float(rng.uniform(0, 2)),
                                                    weight_scale=1e-2, dtype=np.float64)
    dims = [D, *hidden, C]
    params = {}
    for i in range(1, len(dims)):
        params[f"W{i}"] = 0.4 * rng.randn(dims[i - 1], dims[i])
        params[f"b{i}"] = 0.1 * rng.randn(dims[i])
    model.params = dict(params)
    X, y = rng.randn(N, *in_shape), rng.randint(C, size=N)
    scores = model.loss(X)
    loss, grads = model.loss(X, y)
    keys = sorted(params)
    flat = np.concatenate([np.ravel(grads.get(k, np.zeros(0))) for k in keys])
    return {"scores": scores, "loss": loss, "grads": flat,
            "grad_keys": np.array(sorted(grads) == keys)}


def _steps(cs, rng, name, make_config, state):
    """Three steps of rule ``name`` from a random config; the final w and the named state."""
    shape = tuple(int(d) for d in rng.randint(1, 6, size=rng.randint(1, 4)))
    w = rng.randn(*shape)
    config = make_config(rng, shape)
    for _ in range(3):
        w, config = getattr(cs.optim, name)(w, rng.randn(*shape), config)
    return {"next_w": w, **{k: config.get(k) for k in state}}


@check(Q, points=1, targets=["optim.sgd_momentum"],
       compare=[Close("next_w", 1e-9), Close("velocity", 1e-9)], hidden=True, timeout=20)
def hidden_sgd_momentum(cs, rng):
    """sgd_momentum with a random learning rate, momentum and velocity, three steps."""
    return _steps(cs, rng, "sgd_momentum", lambda rng, shape: {
        "learning_rate": 10 ** rng.uniform(-4, -1), "momentum": rng.uniform(0.5, 0.99),
        "velocity": 0.1 * rng.randn(*shape)}, ["velocity"])


@check(Q, points=1, targets=["optim.rmsprop"],
       compare=[Close("next_w", 1e-9), Close("cache", 1e-9)], hidden=True, timeout=20)
def hidden_rmsprop(cs, rng):
    """rmsprop with a random learning rate, decay rate and cache, three steps."""
    return _steps(cs, rng, "rmsprop", lambda rng, shape: {
        "learning_rate": 10 ** rng.uniform(-4, -1), "decay_rate": rng.uniform(0.8, 0.999),
        "cache": rng.uniform(0, 1, shape)}, ["cache"])


@check(Q, points=1, targets=["optim.adam"],
       compare=[Close("next_w", 1e-9), Close("m", 1e-9), Close("v", 1e-9), Equal("t")],
       hidden=True, timeout=20)
def hidden_adam(cs, rng):
    """adam with random betas, moments and step count, three steps."""
    return _steps(cs, rng, "adam", lambda rng, shape: {
        "learning_rate": 10 ** rng.uniform(-4, -1), "beta1": rng.uniform(0.8, 0.95),
        "beta2": rng.uniform(0.9, 0.9999), "m": 0.1 * rng.randn(*shape),
        "v": rng.uniform(0, 1, shape), "t": int(rng.randint(0, 20))}, ["m", "v", "t"])
