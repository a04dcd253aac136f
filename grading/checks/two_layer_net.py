"""Checks of assignment1/two_layer_net.ipynb: layers, losses and TwoLayerNet."""

import numpy as np

from grading.core import Agree, Close, Equal, check, model_grads, numeric_grad

Q = "two_layer_net"


@check(Q, points=2, targets=["layers.affine_forward"], compare=[Close("out", 1e-9)])
def affine_forward(cs, rng):
    """affine_forward on a (2, 4, 5, 6) batch of linspace inputs."""
    x = np.linspace(-0.1, 0.5, num=2 * 120).reshape(2, 4, 5, 6)
    w = np.linspace(-0.2, 0.3, num=120 * 3).reshape(120, 3)
    b = np.linspace(-0.3, 0.1, num=3)
    out, _ = cs.layers.affine_forward(x, w, b)
    return {"out": out}


@check(Q, points=1, targets=["layers.affine_forward"], compare=[Close("out", 1e-9)])
def affine_forward_random(cs, rng):
    """affine_forward on random inputs of a random shape."""
    N, M = rng.randint(1, 6), rng.randint(1, 8)
    dims = tuple(rng.randint(1, 4, size=rng.randint(1, 4)))
    x = rng.randn(N, *dims)
    w = rng.randn(int(np.prod(dims)), M)
    b = rng.randn(M)
    out, _ = cs.layers.affine_forward(x, w, b)
    return {"out": out}


@check(Q, points=2, targets=["layers.affine_backward"],
       compare=[Close("dx", 1e-9), Close("dw", 1e-9), Close("db", 1e-9),
                Agree("dx", "dx_num", 1e-8), Agree("dw", "dw_num", 1e-8)])
def affine_backward(cs, rng):
    """affine_backward on (10, 2, 3) inputs against the reference and a numeric gradient."""
    x, w, b = rng.randn(10, 2, 3), rng.randn(6, 5), rng.randn(5)
    dout = rng.randn(10, 5)
    fwd = cs.layers.affine_forward
    _, cache = fwd(x, w, b)
    dx, dw, db = cs.layers.affine_backward(dout, cache)
    dx_num = numeric_grad(lambda v: fwd(v, w, b)[0], x.copy(), dout)
    dw_num = numeric_grad(lambda v: fwd(x, v, b)[0], w.copy(), dout)
    return {"dx": dx, "dw": dw, "db": db, "dx_num": dx_num, "dw_num": dw_num}


@check(Q, points=1, targets=["layers.relu_forward"], compare=[Close("out", 1e-8)])
def relu_forward(cs, rng):
    """relu_forward on linspace(-0.5, 0.5, 12) as (3, 4)."""
    x = np.linspace(-0.5, 0.5, num=12).reshape(3, 4)
    out, _ = cs.layers.relu_forward(x)
    return {"out": out}


@check(Q, points=1, targets=["layers.relu_backward"],
       compare=[Close("dx", 1e-12), Agree("dx", "dx_num", 1e-8)])
def relu_backward(cs, rng):
    """relu_backward on a (10, 10) input against the reference and a numeric gradient."""
    x = rng.randn(10, 10)
    x[np.abs(x) < 1e-3] = 0.5  # keep clear of the kink so the numeric gradient is exact
    dout = rng.randn(*x.shape)
    _, cache = cs.layers.relu_forward(x)
    dx = cs.layers.relu_backward(dout, cache)
    dx_num = numeric_grad(lambda v: cs.layers.relu_forward(v)[0], x.copy(), dout)
    return {"dx": dx, "dx_num": dx_num}


@check(Q, points=2, targets=["layers.svm_loss"],
       compare=[Close("loss", 1e-9), Close("dx", 1e-9), Agree("dx", "dx_num", 1e-7)])
def svm_loss(cs, rng):
    """svm_loss on 0.001 * randn(50, 10) scores (loss near 9) and its numeric gradient."""
    x = 0.001 * rng.randn(50, 10)
    y = rng.randint(10, size=50)
    loss, dx = cs.layers.svm_loss(x, y)
    dx_num = numeric_grad(lambda v: cs.layers.svm_loss(v, y)[0], x.copy())
    return {"loss": loss, "dx": dx, "dx_num": dx_num}


@check(Q, points=2, targets=["layers.softmax_loss"],
       compare=[Close("loss", 1e-9), Close("dx", 1e-9), Agree("dx", "dx_num", 1e-7)])
def softmax_loss(cs, rng):
    """softmax_loss on 0.001 * randn(50, 10) scores (loss near 2.3) and its numeric gradient."""
    x = 0.001 * rng.randn(50, 10)
    y = rng.randint(10, size=50)
    loss, dx = cs.layers.softmax_loss(x, y)
    dx_num = numeric_grad(lambda v: cs.layers.softmax_loss(v, y)[0], x.copy())
    return {"loss": loss, "dx": dx, "dx_num": dx_num}


@check(Q, points=1, targets=["layers.softmax_loss"], compare=[Close("loss", 1e-9),
                                                              Close("dx", 1e-9)])
def softmax_loss_large_scores(cs, rng):
    """softmax_loss stays finite on scores in the thousands (a stable softmax)."""
    x = 1000.0 * rng.randn(8, 5)
    y = rng.randint(5, size=8)
    loss, dx = cs.layers.softmax_loss(x, y)
    return {"loss": loss, "dx": dx}


@check(Q, points=1, targets=["layer_utils.affine_relu_forward", "layer_utils.affine_relu_backward"],
       compare=[Close("out", 1e-9), Close("dx", 1e-9), Close("dw", 1e-9), Close("db", 1e-9),
                Agree("dx", "dx_num", 1e-8), Agree("dw", "dw_num", 1e-8),
                Agree("db", "db_num", 1e-8)])
def affine_relu(cs, rng):
    """The affine-relu sandwich on (2, 3, 4) inputs against the reference and numeric gradients."""
    x, w, b = rng.randn(2, 3, 4), rng.randn(12, 10), rng.randn(10)
    dout = rng.randn(2, 10)
    fwd = cs.layer_utils.affine_relu_forward
    out, cache = fwd(x, w, b)
    dx, dw, db = cs.layer_utils.affine_relu_backward(dout, cache)
    return {"out": out, "dx": dx, "dw": dw, "db": db,
            "dx_num": numeric_grad(lambda v: fwd(v, w, b)[0], x.copy(), dout),
            "dw_num": numeric_grad(lambda v: fwd(x, v, b)[0], w.copy(), dout),
            "db_num": numeric_grad(lambda v: fwd(x, w, v)[0], b.copy(), dout)}


def _linspace_net(cs, N=3, D=5, H=50, C=7):
    """A TwoLayerNet whose parameters are set from linspace, and a linspace batch."""
    model = cs.classifiers.fc_net.TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C,
                                              weight_scale=1e-3)
    model.params["W1"] = np.linspace(-0.7, 0.3, num=D * H).reshape(D, H)
    model.params["b1"] = np.linspace(-0.1, 0.9, num=H)
    model.params["W2"] = np.linspace(-0.3, 0.4, num=H * C).reshape(H, C)
    model.params["b2"] = np.linspace(-0.9, 0.1, num=C)
    X = np.linspace(-5.5, 4.5, num=N * D).reshape(D, N).T
    return model, X


@check(Q, points=1, targets=["classifiers.fc_net.TwoLayerNet.__init__"],
       compare=[Equal("shapes_ok"), Equal("w1_std_ok"), Equal("w2_std_ok"),
                Equal("biases_zero"), Equal("reg_stored")])
def two_layer_net_init(cs, rng):
    """TwoLayerNet(5, 50, 7, weight_scale=1e-2): shapes, weight std within std/10, zero biases."""
    D, H, C, std = 5, 50, 7, 1e-2
    model = cs.classifiers.fc_net.TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C,
                                              weight_scale=std, reg=0.3)
    p = model.params
    shapes = {k: np.shape(p.get(k)) for k in ("W1", "b1", "W2", "b2")}
    shapes_ok = shapes == {"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}
    return {"shapes_ok": shapes_ok,
            "w1_std_ok": bool(shapes_ok and abs(p["W1"].std() - std) < std / 10),
            "w2_std_ok": bool(shapes_ok and abs(p["W2"].std() - std) < std / 10),
            "biases_zero": bool(shapes_ok and np.all(p["b1"] == 0) and np.all(p["b2"] == 0)),
            "reg_stored": getattr(model, "reg", None) == 0.3}


@check(Q, points=2, targets=["classifiers.fc_net.TwoLayerNet.loss"],
       compare=[Close("scores", 1e-9)])
def two_layer_net_scores(cs, rng):
    """TwoLayerNet test-time scores (y=None) with linspace parameters and inputs."""
    model, X = _linspace_net(cs)
    return {"scores": model.loss(X)}


@check(Q, points=2, targets=["classifiers.fc_net.TwoLayerNet.loss"],
       compare=[Close("loss", 1e-10), Close("loss_reg", 1e-10)])
def two_layer_net_loss(cs, rng):
    """TwoLayerNet training loss with y = [0, 5, 1], without and with reg = 1.0."""
    model, X = _linspace_net(cs)
    y = np.asarray([0, 5, 1])
    loss, _ = model.loss(X, y)
    model.reg = 1.0
    loss_reg, _ = model.loss(X, y)
    return {"loss": loss, "loss_reg": loss_reg}


@check(Q, points=3, targets=["classifiers.fc_net.TwoLayerNet.loss"],
       compare=[Agree(f"{k}_{r}", f"{k}_{r}_num", 1e-6)
                for r in ("reg0", "reg07") for k in ("W1", "b1", "W2", "b2")])
def two_layer_net_grads(cs, rng):
    """TwoLayerNet gradients against numeric ones (float64), with reg 0.0 and 0.7."""
    N, D, H, C = 3, 5, 50, 7
    X, y = rng.randn(N, D), rng.randint(C, size=N)
    model = cs.classifiers.fc_net.TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C,
                                              weight_scale=5e-2)
    out = {}
    for tag, reg in (("reg0", 0.0), ("reg07", 0.7)):
        model.reg = reg
        g = model_grads(model, X, y, names=("W1", "b1", "W2", "b2"))
        for k in ("W1", "b1", "W2", "b2"):
            out[f"{k}_{tag}"], out[f"{k}_{tag}_num"] = g[k], g[f"{k}_num"]
    return out


@check(Q, points=1, targets=["solver.Solver", "classifiers.fc_net.TwoLayerNet"],
       compare=[Equal("rejects_unknown_kwargs"), Equal("rejects_bad_update_rule"),
                Equal("lr_decayed"), Equal("best_params_swapped_in"),
                Equal("best_is_max_val"), Equal("history_lengths")])
def solver_contract(cs, rng):
    """Solver: unknown kwargs and rules rejected, lr decay per epoch, best params swapped in."""
    N, D, C = 60, 8, 3
    centres = 3 * rng.randn(C, D)
    y = rng.randint(C, size=2 * N)
    X = centres[y] + rng.randn(2 * N, D)
    data = {"X_train": X[:N], "y_train": y[:N], "X_val": X[N:], "y_val": y[N:]}
    Solver = cs.solver.Solver
    model = cs.classifiers.fc_net.TwoLayerNet(input_dim=D, hidden_dim=10, num_classes=C,
                                              weight_scale=1e-1)
    flags = {}
    for key, kwargs in (("rejects_unknown_kwargs", {"learning_rate": 1e-3}),
                        ("rejects_bad_update_rule", {"update_rule": "no_such_rule"})):
        try:
            Solver(model, data, verbose=False, **kwargs)
            flags[key] = False
        except ValueError:
            flags[key] = True
    solver = Solver(model, data, optim_config={"learning_rate": 0.2}, lr_decay=0.5,
                    batch_size=20, num_epochs=4, verbose=False)
    solver.train()
    lrs = [cfg["learning_rate"] for cfg in solver.optim_configs.values()]
    flags["lr_decayed"] = bool(np.allclose(lrs, 0.2 * 0.5 ** 4))
    same = all(np.array_equal(model.params[k], v) for k, v in solver.best_params.items())
    val_now = solver.check_accuracy(data["X_val"], data["y_val"])
    flags["best_params_swapped_in"] = bool(same and val_now == solver.best_val_acc)
    flags["best_is_max_val"] = bool(solver.best_val_acc == max(solver.val_acc_history))
    flags["history_lengths"] = np.array([len(solver.loss_history),
                                         len(solver.val_acc_history),
                                         len(solver.train_acc_history)])
    return flags
