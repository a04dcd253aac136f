"""Checks of assignment1/two_layer_net.ipynb: layers, losses and TwoLayerNet."""

import numpy as np

from grading.core import Agree, Close, check, numeric_grad

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
