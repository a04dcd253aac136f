"""Classification losses on class scores: multiclass hinge (SVM) and softmax cross-entropy.

Shapes: N batch, C classes. Scores ``x`` are (N, C); labels ``y`` are (N,)
integers in [0, C). Each loss is averaged over the batch and returns the
gradient with respect to the scores, dx of shape (N, C).
Taught in: assignment1/two_layer_net.ipynb.
"""

from __future__ import annotations

import numpy as np

from cs231n._inputs import check_labels


def _check_scores_labels(x: np.ndarray, y: np.ndarray, name: str) -> None:
    """Raise a ValueError naming ``name`` when x is not (N, C) or y not N labels in [0, C)."""
    x = np.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"{name}: scores x must have shape (N, C), got {x.shape}")
    check_labels(y, x.shape[0], x.shape[1], name, scores=f"scores x {x.shape}")


def svm_loss(x: np.ndarray, y: np.ndarray):
    """Multiclass hinge loss L = (1/N) sum_i sum_{j != y_i} max(0, x_ij - x_iy_i + 1).

    Parameters
    ----------
    x : ndarray of shape (N, C), class scores
    y : ndarray of shape (N,), integer labels in [0, C)

    Returns
    -------
    loss : float
    dx : ndarray of shape (N, C), gradient of the loss with respect to x

    No regularization is included: the model adds its own.
    See assignment1/two_layer_net.ipynb.
    """
    _check_scores_labels(x, y, "svm_loss")
    loss, dx = None, None
    # TODO: hinge margins against the correct-class score (delta 1), averaged over N, and dx.
    ### BEGIN SOLUTION
    N = x.shape[0]
    rows = np.arange(N)
    margins = np.maximum(0.0, x - x[rows, y][:, None] + 1.0)  # (N, C)
    margins[rows, y] = 0.0
    loss = margins.sum() / N
    active = (margins > 0).astype(x.dtype)  # (N, C)
    active[rows, y] = -active.sum(axis=1)
    dx = active / N
    ### END SOLUTION
    return loss, dx


def softmax_loss(x: np.ndarray, y: np.ndarray):
    """Softmax cross-entropy L = -(1/N) sum_i log(exp(x_iy_i) / sum_j exp(x_ij)).

    Parameters
    ----------
    x : ndarray of shape (N, C), class scores
    y : ndarray of shape (N,), integer labels in [0, C)

    Returns
    -------
    loss : float
    dx : ndarray of shape (N, C), gradient of the loss with respect to x

    Computed stably: scores are shifted by their row maximum before exponentiating.
    See assignment1/two_layer_net.ipynb.
    """
    _check_scores_labels(x, y, "softmax_loss")
    loss, dx = None, None
    # TODO: a numerically stable softmax, the mean negative log-probability of y, and dx.
    ### BEGIN SOLUTION
    N = x.shape[0]
    rows = np.arange(N)
    shifted = x - x.max(axis=1, keepdims=True)  # (N, C)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[rows, y].sum() / N
    dx = np.exp(log_probs)
    dx[rows, y] -= 1.0
    dx /= N
    ### END SOLUTION
    return loss, dx
