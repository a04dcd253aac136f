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
