"""First-order update rules: next_w, config = rule(w, dw, config).

Shapes: ``w`` and ``dw`` share any shape. ``config`` is a dict of
hyperparameters (``learning_rate``, ...) and, for rules with memory, their
state; a rule fills in its defaults and returns the dict so the caller can
pass it back on the next step. A rule may update ``w`` in place.
Taught in: assignment1/two_layer_net.ipynb (sgd) and assignment2/FullyConnectedNets.ipynb.
"""

from __future__ import annotations

import numpy as np


def sgd(w: np.ndarray, dw: np.ndarray, config: dict | None = None):
    """Vanilla stochastic gradient descent: w <- w - learning_rate * dw.

    Parameters
    ----------
    w : ndarray, the parameter
    dw : ndarray of the shape of w, its gradient
    config : dict with ``learning_rate`` (default 1e-2)

    Returns
    -------
    next_w : ndarray of the shape of w (``w`` updated in place)
    config : the config dict
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    w -= config["learning_rate"] * dw
    return w, config


def sgd_momentum(w: np.ndarray, dw: np.ndarray, config: dict | None = None):
    """SGD with momentum: v <- momentum * v - learning_rate * dw; w <- w + v.

    Parameters
    ----------
    w : ndarray, the parameter
    dw : ndarray of the shape of w, its gradient
    config : dict with ``learning_rate`` (default 1e-2), ``momentum`` (default 0.9)
        and ``velocity``, an ndarray of the shape of w (default zeros), the
        running average of the steps

    Returns
    -------
    next_w : ndarray of the shape of w
    config : the config dict, holding the new ``velocity``
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    next_w = None
    # TODO: update the velocity v, then step w along it into next_w.
    ### BEGIN SOLUTION
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    ### END SOLUTION
    config["velocity"] = v
    return next_w, config


def rmsprop(w: np.ndarray, dw: np.ndarray, config: dict | None = None):
    """RMSProp: cache <- d * cache + (1 - d) * dw**2; w <- w - lr * dw / (sqrt(cache) + eps).

    Parameters
    ----------
    w : ndarray, the parameter
    dw : ndarray of the shape of w, its gradient
    config : dict with ``learning_rate`` (default 1e-2), ``decay_rate`` d (default
        0.99), ``epsilon`` (default 1e-8) and ``cache``, an ndarray of the shape
        of w (default zeros), the moving average of squared gradients

    Returns
    -------
    next_w : ndarray of the shape of w
    config : the config dict, holding the new ``cache``
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))
    next_w = None
    # TODO: update config["cache"], then take the scaled step into next_w.
    ### BEGIN SOLUTION
    decay = config["decay_rate"]
    config["cache"] = decay * config["cache"] + (1 - decay) * dw * dw
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])
    ### END SOLUTION
    return next_w, config


def adam(w: np.ndarray, dw: np.ndarray, config: dict | None = None):
    """Adam: moving averages m of dw and v of dw**2, bias-corrected, then a scaled step.

    With t counting steps (incremented *before* use, so the first step has t = 1)::

        m <- beta1 * m + (1 - beta1) * dw        m_hat = m / (1 - beta1**t)
        v <- beta2 * v + (1 - beta2) * dw**2     v_hat = v / (1 - beta2**t)
        w <- w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)

    Parameters
    ----------
    w : ndarray, the parameter
    dw : ndarray of the shape of w, its gradient
    config : dict with ``learning_rate`` (default 1e-3), ``beta1`` (default 0.9),
        ``beta2`` (default 0.999), ``epsilon`` (default 1e-8), the moments ``m``
        and ``v`` (ndarrays of the shape of w, default zeros) and the step count
        ``t`` (default 0)

    Returns
    -------
    next_w : ndarray of the shape of w
    config : the config dict, holding the new ``m``, ``v`` and ``t``
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)
    next_w = None
    # TODO: increment config["t"], update config["m"] and config["v"], and step with the
    # bias-corrected moments into next_w.
    ### BEGIN SOLUTION
    beta1, beta2 = config["beta1"], config["beta2"]
    config["t"] += 1
    t = config["t"]
    config["m"] = beta1 * config["m"] + (1 - beta1) * dw
    config["v"] = beta2 * config["v"] + (1 - beta2) * dw * dw
    m_hat = config["m"] / (1 - beta1 ** t)
    v_hat = config["v"] / (1 - beta2 ** t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    ### END SOLUTION
    return next_w, config
