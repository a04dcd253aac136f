"""Softmax (cross-entropy) loss of a linear classifier, and its gradient.

    L = (1/N) sum_i -log(exp(s_iy_i) / sum_j exp(s_ij)) + reg * sum(W * W),
    with scores s = X @ W.

Shapes: N examples, D features (3073 with the bias column), C classes.
The regularisation is reg * sum(W**2), with no 1/2, as for the SVM.
Taught in: assignment1/softmax.ipynb.
"""

from __future__ import annotations

import numpy as np

from cs231n._inputs import check_loss_inputs


def softmax_loss_naive(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float):
    """Softmax loss and its gradient, with explicit loops over the examples.

    Parameters
    ----------
    W : ndarray of shape (D, C), weights
    X : ndarray of shape (N, D), a minibatch, one example per row
    y : ndarray of shape (N,), labels; y[i] = c means X[i] has label c, 0 <= c < C
    reg : float, regularisation strength

    Returns
    -------
    loss : float
    dW : ndarray of shape (D, C), the gradient of the loss with respect to W
    """
    check_loss_inputs(W, X, y, "softmax_loss_naive")
    loss = 0.0
    dW = np.zeros_like(W, dtype=np.float64)
    # TODO: loop over the examples: scores, probabilities (shift the scores by their
    # maximum first so that exp cannot overflow), the example's loss and its gradient.
    # Then average over the batch and add the regularisation and its gradient.
    ### BEGIN SOLUTION
    num_train, num_classes = X.shape[0], W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        scores = scores - np.max(scores)
        exp_scores = np.exp(scores)
        total = np.sum(exp_scores)
        loss += np.log(total) - scores[y[i]]
        for j in range(num_classes):
            p = exp_scores[j] / total
            dW[:, j] += (p - (j == y[i])) * X[i]
    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    ### END SOLUTION
    return float(loss), dW


def softmax_loss_vectorized(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float):
    """The same loss and gradient as ``softmax_loss_naive``, without loops.

    Parameters and returns are those of ``softmax_loss_naive``.
    """
    check_loss_inputs(W, X, y, "softmax_loss_vectorized")
    loss = 0.0
    dW = np.zeros_like(W, dtype=np.float64)
    # TODO: all scores at once, shifted by each row's maximum; log-probabilities of the
    # correct classes for the loss; (probabilities - one-hot) chained back through X for dW.
    ### BEGIN SOLUTION
    N = X.shape[0]
    rows = np.arange(N)
    scores = X @ W  # (N, C)
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    sums = probs.sum(axis=1)  # (N,)
    loss = (np.sum(np.log(sums)) - np.sum(scores[rows, y])) / N + reg * np.sum(W * W)
    probs /= sums[:, None]  # (N, C) softmax
    probs[rows, y] -= 1.0
    probs /= N  # d loss / d scores
    dW = (probs.T @ X).T  # (D, C); this operand order is the faster GEMM here
    dW += 2 * reg * W
    ### END SOLUTION
    return float(loss), dW
