"""Input checks shared by the losses (given code; students do not edit it).

Shapes: N examples, D features, C classes.
"""

from __future__ import annotations

import numpy as np


def check_loss_inputs(W: np.ndarray, X: np.ndarray, y: np.ndarray, where: str) -> None:
    """Raise ValueError unless W is (D, C), X is (N, D) and y is (N,) labels in [0, C)."""
    W, X, y = np.asarray(W), np.asarray(X), np.asarray(y)
    if W.ndim != 2:
        raise ValueError(f"{where}: W must have shape (D, C); got shape {W.shape}")
    D, C = W.shape
    if X.ndim != 2 or X.shape[1] != D:
        raise ValueError(f"{where}: X must have shape (N, {D}) to match W {W.shape}; "
                         f"got shape {X.shape}")
    check_labels(y, X.shape[0], C, where, scores=f"X {X.shape}")


def check_labels(y: np.ndarray, N: int, C: int, where: str, scores: str = "") -> None:
    """Raise ValueError unless y is (N,) integer labels in [0, C), N > 0.

    ``scores`` names what y must match in the message (say ``"X (500, 3073)"``).
    """
    y = np.asarray(y)
    if y.shape != (N,):
        raise ValueError(f"{where}: y must have shape (N,) = ({N},) to match {scores or N}; "
                         f"got shape {y.shape}")
    if N == 0:
        raise ValueError(f"{where}: the batch is empty")
    if y.dtype.kind not in "iu":
        raise ValueError(f"{where}: y must hold integer labels (integers); got dtype {y.dtype}")
    if y.min() < 0 or y.max() >= C:
        raise ValueError(f"{where}: labels must lie in [0, {C}) for {C} classes; "
                         f"got labels from {y.min()} to {y.max()}")
