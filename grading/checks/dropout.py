"""Checks of assignment2/Dropout.ipynb: inverted dropout and a net that uses it."""

import numpy as np

from grading.checks.fully_connected_nets import PARAMS, course_problem
from grading.core import Agree, Close, Equal, check, model_grads, numeric_grad

Q = "Dropout"
FC = "classifiers.fc_net.FullyConnectedNet"
KEEP = (0.25, 0.4, 0.7)


@check(Q, points=2, targets=["layers.dropout_forward"],
       compare=[Agree("train_means", "input_means", 1e-2), Agree("zero_fractions", "drop", 1e-2),
                Equal("test_identity"), Equal("test_mask_none"), Close("seeded_out", 1e-12)])
def dropout_forward(cs, rng):
    """x = randn(500, 500) + 10 at keep 0.25, 0.4, 0.7: the mean is kept, 1 - p is zeroed."""
    x = rng.randn(500, 500) + 10
    train_means, zero_fractions, identity, mask_none = [], [], [], []
    for p in KEEP:
        out, _ = cs.layers.dropout_forward(x, {"mode": "train", "p": p})
        test_out, (_, mask) = cs.layers.dropout_forward(x, {"mode": "test", "p": p})
        train_means.append(out.mean())
        zero_fractions.append(np.mean(out == 0))
        identity.append(np.array_equal(test_out, x))
        mask_none.append(mask is None)
    small = rng.randn(10, 10)
    seeded_out, _ = cs.layers.dropout_forward(small, {"mode": "train", "p": 0.6, "seed": 17})
    return {"train_means": np.array(train_means), "input_means": np.full(3, x.mean()),
            "zero_fractions": np.array(zero_fractions), "drop": 1 - np.array(KEEP),
            "test_identity": np.array(identity), "test_mask_none": np.array(mask_none),
            "seeded_out": seeded_out}


@check(Q, points=2, targets=["layers.dropout_backward"],
       compare=[Close("dx", 1e-10), Agree("dx", "dx_num", 1e-8), Equal("test_dx")])
def dropout_backward(cs, rng):
    """x (10, 10) + 10, keep 0.2, seed 123: dx against the reference and a numeric gradient."""
    x, dout = rng.randn(10, 10) + 10, rng.randn(10, 10)
    param = {"mode": "train", "p": 0.2, "seed": 123}
    _, cache = cs.layers.dropout_forward(x, param)
    dx = cs.layers.dropout_backward(dout, cache)
    dx_num = numeric_grad(lambda v: cs.layers.dropout_forward(v, param)[0], x, dout)
    _, test_cache = cs.layers.dropout_forward(x, {"mode": "test", "p": 0.2})
    test_dx = cs.layers.dropout_backward(dout, test_cache)
    return {"dx": dx, "dx_num": dx_num, "test_dx": test_dx}


def _tag(keep):
    return f"keep{int(round(100 * keep))}"


TAGS = [_tag(k) for k in (1, 0.75, 0.5)]


@check(Q, points=2, targets=[f"{FC}.__init__", f"{FC}.loss"],
       compare=[Close(f"loss_{t}", 1e-10) for t in TAGS]
       + [Close(f"{k}_{t}", 1e-7) for t in TAGS for k in PARAMS]
       + [Agree(f"{k}_{t}", f"{k}_num_{t}", 1e-4) for t in TAGS for k in PARAMS])
def fc_net_dropout(cs, rng):
    """The course's problem at keep 1, 0.75, 0.5 (seed 123), one fresh net each after X and y."""
    X, y = course_problem()
    out = {}
    for keep in (1, 0.75, 0.5):
        model = cs.classifiers.fc_net.FullyConnectedNet(
            [20, 30], input_dim=15, num_classes=10, weight_scale=5e-2, dtype=np.float64,
            dropout_keep_ratio=keep, seed=123)
        t = _tag(keep)
        out[f"loss_{t}"] = model.loss(X, y)[0]
        out.update({f"{k}_{t}": v for k, v in model_grads(model, X, y).items()})
    return out
