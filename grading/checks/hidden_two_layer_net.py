"""Hidden checks of two_layer_net: the layers on fresh random inputs and shapes.

Left out of the student release. The grader draws each seed at grading time
and runs the reference solution with it for the reference values, so code
that hard-codes the public values earns nothing here.
"""

import numpy as np

from grading.core import Close, check

Q = "two_layer_net"


def _batch(rng):
    N, M = rng.randint(2, 7), rng.randint(2, 9)
    dims = tuple(int(d) for d in rng.randint(1, 5, size=rng.randint(1, 4)))
    return N, M, dims


@check(Q, points=2, targets=["layers.affine_forward"], compare=[Close("out", 1e-9)],
       hidden=True, timeout=20)
def hidden_affine_forward(cs, rng):
    """affine_forward on a fresh random batch."""
    N, M, dims = _batch(rng)
    x, w, b = rng.randn(N, *dims), rng.randn(int(np.prod(dims)), M), rng.randn(M)
    out, _ = cs.layers.affine_forward(x, w, b)
    return {"out": out}


@check(Q, points=2, targets=["layers.affine_backward"],
       compare=[Close("dx", 1e-9), Close("dw", 1e-9), Close("db", 1e-9)], hidden=True, timeout=20)
def hidden_affine_backward(cs, rng):
    """affine_backward on a fresh random batch."""
    N, M, dims = _batch(rng)
    x, w, b = rng.randn(N, *dims), rng.randn(int(np.prod(dims)), M), rng.randn(M)
    _, cache = cs.layers.affine_forward(x, w, b)
    dx, dw, db = cs.layers.affine_backward(rng.randn(N, M), cache)
    return {"dx": dx, "dw": dw, "db": db}


@check(Q, points=1, targets=["layers.relu_forward"], compare=[Close("out", 1e-12)],
       hidden=True, timeout=20)
def hidden_relu_forward(cs, rng):
    """relu_forward on a fresh random array."""
    out, _ = cs.layers.relu_forward(rng.randn(*rng.randint(1, 6, size=3)))
    return {"out": out}


@check(Q, points=1, targets=["layers.relu_backward"], compare=[Close("dx", 1e-12)],
       hidden=True, timeout=20)
def hidden_relu_backward(cs, rng):
    """relu_backward on a fresh random array."""
    x = rng.randn(*rng.randint(1, 6, size=3))
    _, cache = cs.layers.relu_forward(x)
    return {"dx": cs.layers.relu_backward(rng.randn(*x.shape), cache)}
