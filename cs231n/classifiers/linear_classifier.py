"""Linear classifiers trained by minibatch stochastic gradient descent.

Shapes: N examples, D features (3073 with the bias column), C classes;
scores = X @ W with W of shape (D, C).
Taught in: assignment1/svm.ipynb and assignment1/softmax.ipynb.
"""

from __future__ import annotations

import numpy as np

from cs231n.classifiers.linear_svm import svm_loss_vectorized
from cs231n.classifiers.softmax import softmax_loss_vectorized


class LinearClassifier:
    """Scores X @ W; subclasses say which loss ``train`` minimises."""

    def __init__(self):
        self.W = None

    def train(self, X: np.ndarray, y: np.ndarray, learning_rate: float = 1e-3,
              reg: float = 1e-5, num_iters: int = 100, batch_size: int = 200,
              verbose: bool = False) -> list[float]:
        """Minimise the loss by vanilla SGD on minibatches sampled with replacement.

        ``W`` is created on the first call as 0.001 * randn(D, C), with C = max(y) + 1;
        later calls continue from the current ``W``. Randomness comes from numpy's
        global generator, so ``np.random.seed`` makes a run repeatable.

        Parameters
        ----------
        X : ndarray of shape (N, D), training data
        y : ndarray of shape (N,), labels in [0, C)
        learning_rate : float, SGD step size
        reg : float, regularisation strength
        num_iters : int, number of SGD steps
        batch_size : int, examples per step
        verbose : bool, print the loss every 100 steps

        Returns
        -------
        loss_history : list of float, the minibatch loss at each step
        """
        X, y = np.asarray(X), np.asarray(y)
        if X.ndim != 2 or y.shape != (X.shape[0],):
            raise ValueError(f"train needs X of shape (N, D) and y of shape (N,); "
                             f"got {X.shape} and {y.shape}")
        num_train, dim = X.shape
        num_classes = int(np.max(y)) + 1  # labels run from 0 to C - 1
        if self.W is None:
            self.W = 0.001 * np.random.randn(dim, num_classes)
        elif self.W.shape[0] != dim:
            raise ValueError(f"X has {dim} features but W has shape {self.W.shape}")

        loss_history = []
        for it in range(num_iters):
            X_batch = None
            y_batch = None
            # TODO: sample batch_size examples with replacement (np.random.choice) into
            # X_batch (batch_size, D) and y_batch (batch_size,).
            ### BEGIN SOLUTION
            idx = np.random.choice(num_train, batch_size, replace=True)
            X_batch = X[idx]
            y_batch = y[idx]
            ### END SOLUTION

            loss, grad = self.loss(X_batch, y_batch, reg)
            loss_history.append(float(loss))

            # TODO: one vanilla gradient-descent step on self.W.
            ### BEGIN SOLUTION
            self.W -= learning_rate * grad
            ### END SOLUTION

            if verbose and it % 100 == 0:
                print(f"iteration {it} / {num_iters}: loss {loss:f}")
        return loss_history

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The highest-scoring class of each example.

        Parameters
        ----------
        X : ndarray of shape (N, D)

        Returns
        -------
        y_pred : ndarray of shape (N,), integer labels
        """
        if self.W is None:
            raise ValueError("the classifier has no weights yet; call train first")
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.W.shape[0]:
            raise ValueError(f"X must have shape (N, {self.W.shape[0]}); got shape {X.shape}")
        y_pred = np.zeros(X.shape[0], dtype=np.int64)
        # TODO: the argmax of the scores X @ W in each row.
        ### BEGIN SOLUTION
        y_pred = np.argmax(X @ self.W, axis=1)
        ### END SOLUTION
        return y_pred

    def loss(self, X_batch: np.ndarray, y_batch: np.ndarray, reg: float):
        """Loss and gradient on a minibatch; subclasses override this.

        Returns
        -------
        loss : float
        dW : ndarray of the shape of self.W
        """
        raise NotImplementedError("LinearClassifier is abstract: use LinearSVM or Softmax")


class LinearSVM(LinearClassifier):
    """A linear classifier trained on the multiclass SVM loss."""

    def loss(self, X_batch, y_batch, reg):
        return svm_loss_vectorized(self.W, X_batch, y_batch, reg)


class Softmax(LinearClassifier):
    """A linear classifier trained on the softmax (cross-entropy) loss."""

    def loss(self, X_batch, y_batch, reg):
        return softmax_loss_vectorized(self.W, X_batch, y_batch, reg)
