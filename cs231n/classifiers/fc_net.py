"""Fully connected networks: the two-layer net affine - relu - affine - softmax.

Shapes: N batch, D input features (d_1 * ... * d_k), H hidden units, C classes.
Taught in: assignment1/two_layer_net.ipynb.
"""

from __future__ import annotations

import numpy as np

from cs231n.layer_utils import affine_relu_backward, affine_relu_forward
from cs231n.layers import affine_backward, affine_forward, softmax_loss


class TwoLayerNet:
    """A two-layer classifier: scores = relu(X W1 + b1) W2 + b2, trained with softmax loss.

    Parameters live in ``self.params``: ``W1`` (D, H), ``b1`` (H,), ``W2`` (H, C),
    ``b2`` (C,). The class does no optimisation itself; a ``Solver`` drives it.

    Parameters
    ----------
    input_dim : int, D
    hidden_dim : int, H
    num_classes : int, C
    weight_scale : float, standard deviation of the Gaussian initial weights
    reg : float, L2 strength; the loss adds 0.5 * reg * (sum W1**2 + sum W2**2)
    """

    def __init__(self, input_dim: int = 3 * 32 * 32, hidden_dim: int = 100,
                 num_classes: int = 10, weight_scale: float = 1e-3, reg: float = 0.0):
        self.params: dict[str, np.ndarray] = {}
        self.reg = reg
        # TODO: W1 then W2 drawn as weight_scale * np.random.randn(...); b1 and b2 zeros.
        ### BEGIN SOLUTION
        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)
        self.params["b1"] = np.zeros(hidden_dim)
        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params["b2"] = np.zeros(num_classes)
        ### END SOLUTION

    def loss(self, X: np.ndarray, y: np.ndarray | None = None):
        """Scores for a batch, or the loss and its gradients when labels are given.

        Parameters
        ----------
        X : ndarray of shape (N, d_1, ..., d_k)
        y : ndarray of shape (N,) of integer labels, or None

        Returns
        -------
        scores : ndarray of shape (N, C), when ``y`` is None
        (loss, grads) : otherwise; ``grads`` has the keys of ``self.params``,
            each gradient the shape of its parameter. The loss includes
            0.5 * reg * (sum W1**2 + sum W2**2).
        """
        scores = None
        # TODO: the forward pass to class scores.
        ### BEGIN SOLUTION
        W1, b1, W2, b2 = (self.params[k] for k in ("W1", "b1", "W2", "b2"))
        hidden, cache1 = affine_relu_forward(X, W1, b1)  # (N, H)
        scores, cache2 = affine_forward(hidden, W2, b2)  # (N, C)
        ### END SOLUTION
        if y is None:
            return scores

        loss, grads = 0.0, {}
        # TODO: softmax loss plus L2 on the weights, then backpropagate into grads.
        ### BEGIN SOLUTION
        data_loss, dscores = softmax_loss(scores, y)
        loss = data_loss + 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, cache2)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, cache1)
        grads["W2"] += self.reg * W2
        grads["W1"] += self.reg * W1
        ### END SOLUTION
        return loss, grads
