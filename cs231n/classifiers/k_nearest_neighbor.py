"""k-nearest-neighbour classifier with the Euclidean (L2) distance.

Shapes: N test examples (``num_test``), M training examples (``num_train``),
D features. Distances are (N, M): row i holds the distances from test example
i to every training example.
Taught in: assignment1/knn.ipynb.
"""

from __future__ import annotations

import numpy as np


class KNearestNeighbor:
    """A kNN classifier: remember the training set, vote among the k closest examples."""

    def __init__(self):
        self.X_train = None
        self.y_train = None

    def train(self, X: np.ndarray, y: np.ndarray) -> None:
        """Remember the training data; for kNN that is all training does.

        Parameters
        ----------
        X : ndarray of shape (M, D), one training example per row (stored as float64)
        y : ndarray of shape (M,), integer labels; y[i] is the label of X[i]
        """
        X, y = np.asarray(X), np.asarray(y)
        if X.ndim != 2:
            raise ValueError(f"X must have shape (num_train, D); got shape {X.shape}")
        if y.shape != (X.shape[0],):
            raise ValueError(f"y must have shape ({X.shape[0]},) to match X {X.shape}; "
                             f"got shape {y.shape}")
        if X.shape[0] == 0:
            raise ValueError("the training set is empty")
        self.X_train = X.astype(np.float64, copy=False)
        self.y_train = y

    def predict(self, X: np.ndarray, k: int = 1, num_loops: int = 0) -> np.ndarray:
        """Predict a label for each row of X by a vote of its k nearest training examples.

        Parameters
        ----------
        X : ndarray of shape (N, D)
        k : number of neighbours that vote, 1 <= k <= M
        num_loops : which distance implementation to use: 0, 1 or 2 Python loops

        Returns
        -------
        y_pred : ndarray of shape (N,), integer labels
        """
        if num_loops == 0:
            dists = self.compute_distances_no_loops(X)
        elif num_loops == 1:
            dists = self.compute_distances_one_loop(X)
        elif num_loops == 2:
            dists = self.compute_distances_two_loops(X)
        else:
            raise ValueError(f"num_loops must be 0, 1 or 2; got {num_loops!r}")
        return self.predict_labels(dists, k=k)

    def _test_points(self, X: np.ndarray) -> np.ndarray:
        """X as float64 (N, D), after checking it against the training set."""
        if self.X_train is None:
            raise ValueError("call train(X, y) before computing distances")
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.X_train.shape[1]:
            raise ValueError(f"X must have shape (num_test, {self.X_train.shape[1]}) to match "
                             f"the training data; got shape {X.shape}")
        return X

    def compute_distances_two_loops(self, X: np.ndarray) -> np.ndarray:
        """dists[i, j] = sqrt(sum_d (X[i, d] - X_train[j, d])**2), with a loop over i and j.

        Parameters
        ----------
        X : ndarray of shape (N, D)

        Returns
        -------
        dists : ndarray of shape (N, M)
        """
        X = self._test_points(X)
        num_test, num_train = X.shape[0], self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            for j in range(num_train):
                # TODO: the L2 distance between X[i] and X_train[j], without a loop over
                # the features and without np.linalg.norm.
                ### BEGIN SOLUTION
                dists[i, j] = np.sqrt(np.sum((X[i] - self.X_train[j]) ** 2))
                ### END SOLUTION
        return dists

    def compute_distances_one_loop(self, X: np.ndarray) -> np.ndarray:
        """The same distances as ``compute_distances_two_loops``, with one loop over i.

        Parameters
        ----------
        X : ndarray of shape (N, D)

        Returns
        -------
        dists : ndarray of shape (N, M)
        """
        X = self._test_points(X)
        num_test, num_train = X.shape[0], self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            # TODO: fill row i (the distances from X[i] to every training example) using
            # broadcasting; no np.linalg.norm.
            ### BEGIN SOLUTION
            diff = self.X_train - X[i]  # (M, D)
            dists[i, :] = np.sqrt(np.einsum("md,md->m", diff, diff))
            ### END SOLUTION
        return dists

    def compute_distances_no_loops(self, X: np.ndarray) -> np.ndarray:
        """The same distances without Python loops: ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2.

        Parameters
        ----------
        X : ndarray of shape (N, D)

        Returns
        -------
        dists : ndarray of shape (N, M)
        """
        X = self._test_points(X)
        dists = None
        # TODO: one matrix multiply and two broadcast sums; no loops, no scipy and no
        # np.linalg.norm. Rounding can make a squared distance slightly negative.
        ### BEGIN SOLUTION
        test_sq = np.einsum("nd,nd->n", X, X)  # (N,)
        train_sq = np.einsum("md,md->m", self.X_train, self.X_train)  # (M,)
        dists = X @ self.X_train.T  # (N, M)
        dists *= -2.0
        dists += test_sq[:, None]
        dists += train_sq[None, :]
        np.maximum(dists, 0.0, out=dists)
        np.sqrt(dists, out=dists)
        ### END SOLUTION
        return dists

    def predict_labels(self, dists: np.ndarray, k: int = 1) -> np.ndarray:
        """Majority vote among the k nearest training examples of each test example.

        Ties in the vote go to the smaller label.

        Parameters
        ----------
        dists : ndarray of shape (N, M), as returned by the distance methods
        k : number of neighbours that vote, 1 <= k <= M

        Returns
        -------
        y_pred : ndarray of shape (N,), integer labels
        """
        if self.y_train is None:
            raise ValueError("call train(X, y) before predicting")
        dists = np.asarray(dists)
        num_train = self.y_train.shape[0]
        if dists.ndim != 2 or dists.shape[1] != num_train:
            raise ValueError(f"dists must have shape (num_test, {num_train}); "
                             f"got shape {dists.shape}")
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"k must be a positive integer; got {k!r}")
        if k > num_train:
            raise ValueError(f"k={k} is larger than the training set ({num_train} examples)")
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test, dtype=np.int64)
        for i in range(num_test):
            closest_y = None
            # TODO: closest_y = the labels of the k training examples nearest to test
            # example i (np.argsort), then the most common of them, the smaller label on a tie.
            ### BEGIN SOLUTION
            nearest = np.argsort(dists[i], kind="stable")[:k]
            closest_y = self.y_train[nearest]
            y_pred[i] = np.argmax(np.bincount(closest_y))
            ### END SOLUTION
        return y_pred
