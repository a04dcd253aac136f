"""Hidden checks of two_layer_net: the losses and TwoLayerNet on fresh random inputs.

Left out of the student release, like ``hidden_two_layer_net`` (the layers).
The grader draws each seed at grading time and runs the reference solution
with it for the reference values.
"""


from grading.core import Close, check

Q = "two_layer_net"


def _scores(rng):
    N, C = rng.randint(1, 40), rng.randint(2, 12)
    x = 10.0 ** rng.uniform(-3, 1) * rng.randn(N, C)
    return x, rng.randint(C, size=N)


@check(Q, points=1, targets=["layers.svm_loss"], compare=[Close("loss", 1e-9), Close("dx", 1e-9)],
       hidden=True, timeout=20)
def hidden_svm_loss(cs, rng):
    """svm_loss on fresh random scores of a random shape and scale."""
    x, y = _scores(rng)
    loss, dx = cs.layers.svm_loss(x, y)
    return {"loss": loss, "dx": dx}


@check(Q, points=1, targets=["layers.softmax_loss"],
       compare=[Close("loss", 1e-9), Close("dx", 1e-9)], hidden=True, timeout=20)
def hidden_softmax_loss(cs, rng):
    """softmax_loss on fresh random scores of a random shape and scale."""
    x, y = _scores(rng)
    loss, dx = cs.layers.softmax_loss(x, y)
    return {"loss": loss, "dx": dx}


@check(Q, points=2, targets=["classifiers.fc_net.TwoLayerNet.loss"],
       compare=[Close("scores", 1e-9), Close("loss", 1e-9)]
       + [Close(k, 1e-8) for k in ("dW1", "db1", "dW2", "db2")], hidden=True, timeout=20)
def hidden_two_layer_net(cs, rng):
    """TwoLayerNet scores, loss and gradients with random sizes, parameters and reg."""
    N, D, H, C = rng.randint(1, 8), rng.randint(2, 20), rng.randint(2, 30), rng.randint(2, 10)
    model = cs.classifiers.fc_net.TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C,
                                              weight_scale=1e-2, reg=float(rng.uniform(0, 2)))
    model.params = {"W1": 0.3 * rng.randn(D, H), "b1": 0.1 * rng.randn(H),
                    "W2": 0.3 * rng.randn(H, C), "b2": 0.1 * rng.randn(C)}
    X, y = rng.randn(N, D), rng.randint(C, size=N)
    scores = model.loss(X)
    loss, grads = model.loss(X, y)
    return {"scores": scores, "loss": loss, **{f"d{k}": grads.get(k) for k in model.params}}
