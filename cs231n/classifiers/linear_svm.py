"""Multiclass SVM (hinge) loss of a linear classifier, and its gradient.

    L = (1/N) sum_i sum_{j != y_i} max(0, s_ij - s_iy_i + 1) + reg * sum(W * W),
    with scores s = X @ W.

Shapes: N examples, D features (3073 with the bias column), C classes.
The regularisation is reg * sum(W**2), with no 1/2, so its gradient is 2 * reg * W.
Taught in: assignment1/svm.ipynb.
"""

from __future__ import annotations

import numpy as np

from cs231n._inputs import check_loss_inputs


def svm_loss_naive(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float):
    """Multiclass SVM loss (margin 1) and its gradient, with explicit loops.

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
    check_loss_inputs(W, X, y, "svm_loss_naive")
    dW = np.zeros(W.shape)
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # delta = 1
            if margin > 0:
                loss += margin
                # TODO: this margin adds X[i] to column j of dW and takes it from column y[i].
                ### BEGIN SOLUTION
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
                ### END SOLUTION

    # The loss is a sum over the batch so far; make it an average and regularise.
    loss /= num_train
    loss += reg * np.sum(W * W)

    # TODO: average dW over the batch as the loss was, and add the gradient of the
    # regularisation term.
    ### BEGIN SOLUTION
    dW /= num_train
    dW += 2 * reg * W
    ### END SOLUTION
    return loss, dW


def svm_loss_vectorized(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float):
    """The same loss and gradient as ``svm_loss_naive``, without loops.

    Parameters and returns are those of ``svm_loss_naive``.
    """
    check_loss_inputs(W, X, y, "svm_loss_vectorized")
    loss = 0.0
    dW = np.zeros(W.shape)
    # TODO: the loss. Compute all scores at once, pick out each row's correct-class
    # score with scores[np.arange(N), y], and sum the positive margins of the other classes.
    ### BEGIN SOLUTION
    N = X.shape[0]
    rows = np.arange(N)
    margins = X @ W  # (N, C) scores
    margins -= margins[rows, y][:, None]
    margins += 1.0
    margins[rows, y] = 0.0  # the correct class contributes no margin
    np.maximum(margins, 0.0, out=margins)
    loss = margins.sum() / N + reg * np.sum(W * W)
    ### END SOLUTION

    # TODO: the gradient. Each positive margin has derivative 1 with respect to its score
    # and -1 with respect to the correct score; chain that back to W through X.
    ### BEGIN SOLUTION
    coeff = (margins > 0).astype(margins.dtype)  # (N, C)
    coeff[rows, y] = -coeff.sum(axis=1)
    coeff /= N  # d loss / d scores
    dW = (coeff.T @ X).T  # (D, C); this operand order is the faster GEMM here
    dW += 2 * reg * W
    ### END SOLUTION
    return float(loss), dW
