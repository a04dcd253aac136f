"""Checks of assignment2/FullyConnectedNets.ipynb: FullyConnectedNet and three update rules."""

import numpy as np

from grading.core import Agree, Close, Equal, check, model_grads, numeric_grad

Q = "FullyConnectedNets"
FC = "classifiers.fc_net.FullyConnectedNet"
PARAMS = ("W1", "b1", "W2", "b2", "W3", "b3")


def course_problem():
    """The course's gradient-check problem: seed 231, N, D, C = 2, 15, 10; X (2, 15), y (2,)."""
    np.random.seed(231)
    X = np.random.randn(2, 15)
    y = np.random.randint(10, size=(2,))
    return X, y


def course_net(cs, reg):
    """FullyConnectedNet([20, 30], input_dim=15, num_classes=10, weight_scale=5e-2), float64."""
    return cs.classifiers.fc_net.FullyConnectedNet([20, 30], input_dim=15, num_classes=10,
                                                   reg=reg, weight_scale=5e-2, dtype=np.float64)



def linspace_inputs():
    """The course's update-rule inputs: (4, 5) arrays from linspace."""
    def lin(a, b):
        return np.linspace(a, b, num=20).reshape(4, 5)

    return lin, lin(-0.4, 0.6), lin(-0.6, 0.4)


@check(Q, points=1, targets=[f"{FC}.__init__"],
       compare=[Equal("shapes_ok"), Equal("std_ok"), Equal("biases_zero"), Equal("dtype_ok"),
                Equal("num_layers")])
def fc_net_init(cs, rng):
    """FullyConnectedNet([50, 40, 30], 60, 7): shapes, weight std 1e-2, zero biases, float32."""
    dims = [60, 50, 40, 30, 7]
    model = cs.classifiers.fc_net.FullyConnectedNet(dims[1:-1], input_dim=60, num_classes=7,
                                                    weight_scale=1e-2)
    p = model.params
    want = {}
    for i in range(1, 5):
        want[f"W{i}"], want[f"b{i}"] = (dims[i - 1], dims[i]), (dims[i],)
    shapes_ok = {k: np.shape(v) for k, v in p.items()} == want
    return {"shapes_ok": shapes_ok,
            "std_ok": bool(shapes_ok and all(abs(p[f"W{i}"].std() - 1e-2) < 2e-3
                                             for i in range(1, 5))),
            "biases_zero": bool(shapes_ok and all(np.all(p[f"b{i}"] == 0) for i in range(1, 5))),
            "dtype_ok": bool(shapes_ok and all(v.dtype == np.float32 for v in p.values())),
            "num_layers": getattr(model, "num_layers", None)}


@check(Q, points=2, targets=[f"{FC}.__init__", f"{FC}.loss"],
       compare=[Close("loss_reg0", 1e-10), Close("loss_reg314", 1e-10), Close("scores", 1e-9)])
def fc_net_loss(cs, rng):
    """The course's 3-layer problem: initial loss with reg 0 and 3.14 (fresh nets), and scores."""
    X, y = course_problem()
    out = {}
    for tag, reg in (("reg0", 0.0), ("reg314", 3.14)):
        model = course_net(cs, reg)
        out[f"loss_{tag}"] = model.loss(X, y)[0]
    out["scores"] = model.loss(X)
    return out


@check(Q, points=2, targets=[f"{FC}.loss"],
       compare=[Close(k, 1e-8) for k in PARAMS] + [Agree(k, f"{k}_num", 1e-4) for k in PARAMS])
def fc_net_grads_reg0(cs, rng):
    """The course's problem with reg 0: gradients against the reference and numeric ones."""
    X, y = course_problem()
    return model_grads(course_net(cs, 0.0), X, y)


@check(Q, points=2, targets=[f"{FC}.loss"],
       compare=[Close(k, 1e-8) for k in PARAMS] + [Agree(k, f"{k}_num", 1e-6) for k in PARAMS])
def fc_net_grads_reg314(cs, rng):
    """The course's problem with reg 3.14: gradients against the reference and numeric ones."""
    X, y = course_problem()
    return model_grads(course_net(cs, 3.14), X, y)


@check(Q, points=1, targets=[f"{FC}.__init__", f"{FC}.loss"],
       compare=[Equal("shapes"), Equal("grad_keys_ok"), Close("loss_1", 1e-9),
                Close("loss_5", 1e-9), Agree("dW1_1", "dW1_1_num", 1e-6),
                Agree("dW5_5", "dW5_5_num", 1e-6)])
def fc_net_depths(cs, rng):
    """No hidden layer and four hidden layers, on (N, 2, 3, 2) inputs: shapes, loss, gradients."""
    FCN = cs.classifiers.fc_net.FullyConnectedNet
    X, y = rng.randn(4, 2, 3, 2), rng.randint(3, size=4)
    out, shapes, keys_ok = {}, [], True
    for hidden in ([], [9, 8, 7, 6]):
        L = len(hidden) + 1
        model = FCN(hidden, input_dim=12, num_classes=3, reg=0.2, weight_scale=0.3,
                    dtype=np.float64)
        shapes.append(np.shape(model.loss(X)))
        loss, grads = model.loss(X, y)
        keys_ok &= set(grads) == set(model.params) and all(
            np.shape(grads[k]) == np.shape(v) for k, v in model.params.items())
        out[f"loss_{L}"] = loss
        W = model.params[f"W{L}"]

        def f(v, L=L, W=W, model=model):
            model.params[f"W{L}"] = v
            return model.loss(X, y)[0]

        out[f"dW{L}_{L}"] = grads[f"W{L}"]
        out[f"dW{L}_{L}_num"] = numeric_grad(f, W.copy())
        model.params[f"W{L}"] = W
    out["shapes"] = np.array(shapes)
    out["grad_keys_ok"] = bool(keys_ok)
    return out


@check(Q, points=2, targets=["optim.sgd_momentum"],
       compare=[Close("next_w", 1e-8), Close("velocity", 1e-8)])
def sgd_momentum(cs, rng):
    """sgd_momentum on the course's linspace w, dw and velocity, learning rate 1e-3."""
    lin, w, dw = linspace_inputs()
    next_w, config = cs.optim.sgd_momentum(w, dw, {"learning_rate": 1e-3,
                                                   "velocity": lin(0.6, 0.9)})
    return {"next_w": next_w, "velocity": config.get("velocity")}


@check(Q, points=2, targets=["optim.rmsprop"], compare=[Close("next_w", 1e-7),
                                                        Close("cache", 1e-7)])
def rmsprop(cs, rng):
    """rmsprop on the course's linspace w, dw and cache, learning rate 1e-2."""
    lin, w, dw = linspace_inputs()
    next_w, config = cs.optim.rmsprop(w, dw, {"learning_rate": 1e-2, "cache": lin(0.6, 0.9)})
    return {"next_w": next_w, "cache": config.get("cache")}


@check(Q, points=2, targets=["optim.adam"],
       compare=[Close("next_w", 1e-7), Close("v", 1e-7), Close("m", 1e-7), Equal("t")])
def adam(cs, rng):
    """adam on the course's linspace w, dw, m and v at t = 5, learning rate 1e-2."""
    lin, w, dw = linspace_inputs()
    next_w, config = cs.optim.adam(w, dw, {"learning_rate": 1e-2, "m": lin(0.6, 0.9),
                                           "v": lin(0.7, 0.5), "t": 5})
    return {"next_w": next_w, "v": config.get("v"), "m": config.get("m"), "t": config.get("t")}


@check(Q, points=1, targets=["optim.sgd_momentum", "optim.rmsprop", "optim.adam"],
       compare=[Close("momentum_w", 1e-9), Close("rmsprop_w", 1e-9), Close("adam_w", 1e-9),
                Equal("defaults")])
def update_rules_from_defaults(cs, rng):
    """Each rule from an empty config (its defaults), five steps on random gradients."""
    w0 = rng.randn(3, 4)
    grads = [rng.randn(3, 4) for _ in range(5)]
    out, defaults = {}, []
    for name, key in (("sgd_momentum", "momentum_w"), ("rmsprop", "rmsprop_w"),
                      ("adam", "adam_w")):
        rule = getattr(cs.optim, name)
        w, config = w0.copy(), None
        for g in grads:
            w, config = rule(w, g, config)
        out[key] = w
        defaults.append([config.get(k, -1) for k in ("learning_rate", "momentum", "decay_rate",
                                                     "beta1", "beta2", "epsilon", "t")])
    out["defaults"] = np.array(defaults, dtype=float)
    return out
