"""Fully connected networks: the two-layer net and a net of any depth.

``TwoLayerNet`` is affine - relu - affine - softmax. ``FullyConnectedNet`` is
{affine - [batch/layer norm] - relu - [dropout]} x (L - 1) - affine - softmax.

Shapes: N batch, D input features (d_1 * ... * d_k), H hidden units, C classes,
L layers (weight matrices).
Taught in: assignment1/two_layer_net.ipynb (TwoLayerNet) and
assignment2/FullyConnectedNets.ipynb (FullyConnectedNet; its normalization and
dropout options in BatchNormalization.ipynb and Dropout.ipynb).
"""

from __future__ import annotations

import numpy as np

from cs231n.layer_utils import affine_relu_backward, affine_relu_forward
from cs231n.layers import (
    affine_backward,
    affine_forward,
    batchnorm_backward_alt,
    batchnorm_forward,
    dropout_backward,
    dropout_forward,
    layernorm_backward,
    layernorm_forward,
    relu_backward,
    relu_forward,
    softmax_loss,
)


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


NORMALIZATIONS = (None, "batchnorm", "layernorm")


class FullyConnectedNet:
    """A classifier of any depth: L - 1 hidden layers, then affine scores and softmax loss.

    Each hidden layer is affine - [batch/layer norm] - relu - [dropout]; the
    last layer is affine only and is never normalized.

    Parameters live in ``self.params``: ``W1`` (D, H_1), ``b1`` (H_1,), ...,
    ``WL`` (H_{L-1}, C), ``bL`` (C,), and with normalization ``gamma1``,
    ``beta1``, ..., ``gamma{L-1}``, ``beta{L-1}`` (H_i,) for the hidden layers.

    Parameters
    ----------
    hidden_dims : list of int, H_1, ..., H_{L-1}, the width of each hidden layer
    input_dim : int, D
    num_classes : int, C
    dropout_keep_ratio : float in (0, 1], probability of KEEPING a hidden unit;
        1 means no dropout
    normalization : None, ``'batchnorm'`` or ``'layernorm'``
    reg : float, L2 strength; the loss adds 0.5 * reg * sum of W_i**2 over all layers
        (gammas, betas and biases are not regularized)
    weight_scale : float, standard deviation of the Gaussian initial weights
    dtype : numpy float type of every parameter and of the computation
        (float64 for gradient checks)
    seed : int or None; when given, dropout masks are drawn after seeding with it
        (deterministic, for gradient checks)
    """

    def __init__(self, hidden_dims, input_dim: int = 3 * 32 * 32, num_classes: int = 10,
                 dropout_keep_ratio: float = 1, normalization: str | None = None,
                 reg: float = 0.0, weight_scale: float = 1e-2, dtype=np.float32,
                 seed: int | None = None):
        hidden_dims = list(hidden_dims)
        if not all(isinstance(h, (int, np.integer)) and h > 0 for h in hidden_dims):
            raise ValueError(f"FullyConnectedNet: hidden_dims must be positive integers; "
                             f"got {hidden_dims}")
        if normalization not in NORMALIZATIONS:
            raise ValueError(f"FullyConnectedNet: unknown normalization {normalization!r}; "
                             f"use None, 'batchnorm' or 'layernorm'")
        ratio_ok = isinstance(dropout_keep_ratio, (int, float, np.integer, np.floating))
        if isinstance(dropout_keep_ratio, bool) or not (ratio_ok and 0 < dropout_keep_ratio <= 1):
            raise ValueError(f"FullyConnectedNet: dropout_keep_ratio is the probability of "
                             f"keeping a unit and must lie in (0, 1]; got {dropout_keep_ratio!r}")
        self.normalization = normalization
        self.use_dropout = dropout_keep_ratio != 1
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.input_dim = input_dim
        self.dtype = dtype
        self.params: dict[str, np.ndarray] = {}

        # TODO: for i = 1..L draw Wi = weight_scale * np.random.randn(in, out) in layer order
        # (no other random draws) and set bi to zeros; with normalization also gamma_i (ones)
        # and beta_i (zeros) for the hidden layers i = 1..L-1.
        ### BEGIN SOLUTION
        dims = [input_dim, *hidden_dims, num_classes]
        for i in range(1, self.num_layers + 1):
            self.params[f"W{i}"] = weight_scale * np.random.randn(dims[i - 1], dims[i])
            self.params[f"b{i}"] = np.zeros(dims[i])
            if normalization is not None and i < self.num_layers:
                self.params[f"gamma{i}"] = np.ones(dims[i])
                self.params[f"beta{i}"] = np.zeros(dims[i])
        ### END SOLUTION

        # Dropout: one dict shared by every dropout layer; the same mode for all of them.
        self.dropout_param: dict = {}
        if self.use_dropout:
            self.dropout_param = {"mode": "train", "p": dropout_keep_ratio}
            if seed is not None:
                self.dropout_param["seed"] = seed

        # Normalization: one dict per hidden layer, which keeps that layer's running averages.
        self.bn_params: list[dict] = []
        if self.normalization == "batchnorm":
            self.bn_params = [{"mode": "train"} for _ in range(self.num_layers - 1)]
        if self.normalization == "layernorm":
            self.bn_params = [{} for _ in range(self.num_layers - 1)]

        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

    def loss(self, X: np.ndarray, y: np.ndarray | None = None):
        """Scores for a batch, or the loss and its gradients when labels are given.

        Without labels the net runs in test mode (dropout off, batch norm on its
        running averages); with labels in train mode.

        Parameters
        ----------
        X : ndarray of shape (N, d_1, ..., d_k) with d_1 * ... * d_k = D
        y : ndarray of shape (N,) of integer labels in [0, C), or None

        Returns
        -------
        scores : ndarray of shape (N, C), when ``y`` is None
        (loss, grads) : otherwise; ``grads`` has the keys of ``self.params``, each
            gradient the shape of its parameter. The loss includes
            0.5 * reg * sum_i sum(W_i**2).
        """
        X = np.asarray(X).astype(self.dtype)
        if X.ndim < 2 or int(np.prod(X.shape[1:])) != self.input_dim:
            raise ValueError(f"FullyConnectedNet.loss: X must have shape (N, d_1, ..., d_k) "
                             f"with d_1 * ... * d_k = input_dim = {self.input_dim}; "
                             f"got shape {X.shape}")
        mode = "test" if y is None else "train"
        if self.use_dropout:
            self.dropout_param["mode"] = mode
        for bn_param in self.bn_params:
            bn_param["mode"] = mode

        scores = None
        # TODO: the forward pass. For each hidden layer i = 1..L-1: affine, then (with
        # normalization) batchnorm_forward or layernorm_forward with gamma_i, beta_i and
        # self.bn_params[i - 1], then relu, then (with dropout) dropout_forward with
        # self.dropout_param. The last layer is affine only. Keep every cache.
        ### BEGIN SOLUTION
        L = self.num_layers
        caches = []
        h = X
        for i in range(1, L):
            h, fc_cache = affine_forward(h, self.params[f"W{i}"], self.params[f"b{i}"])
            norm_cache = drop_cache = None
            if self.normalization == "batchnorm":
                h, norm_cache = batchnorm_forward(h, self.params[f"gamma{i}"],
                                                  self.params[f"beta{i}"], self.bn_params[i - 1])
            elif self.normalization == "layernorm":
                h, norm_cache = layernorm_forward(h, self.params[f"gamma{i}"],
                                                  self.params[f"beta{i}"], self.bn_params[i - 1])
            h, relu_cache = relu_forward(h)
            if self.use_dropout:
                h, drop_cache = dropout_forward(h, self.dropout_param)
            caches.append((fc_cache, norm_cache, relu_cache, drop_cache))
        scores, last_cache = affine_forward(h, self.params[f"W{L}"], self.params[f"b{L}"])  # (N, C)
        ### END SOLUTION
        if y is None:
            return scores

        loss, grads = 0.0, {}
        # TODO: softmax loss plus 0.5 * reg * sum of squared weights; backpropagate through the
        # layers in reverse order into grads (adding reg * W_i to each weight gradient).
        ### BEGIN SOLUTION
        loss, dh = softmax_loss(scores, y)
        dh, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dh, last_cache)
        for i in range(L - 1, 0, -1):
            fc_cache, norm_cache, relu_cache, drop_cache = caches[i - 1]
            if self.use_dropout:
                dh = dropout_backward(dh, drop_cache)
            dh = relu_backward(dh, relu_cache)
            if self.normalization == "batchnorm":
                dh, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward_alt(dh, norm_cache)
            elif self.normalization == "layernorm":
                dh, grads[f"gamma{i}"], grads[f"beta{i}"] = layernorm_backward(dh, norm_cache)
            dh, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(dh, fc_cache)
        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] += self.reg * W
        ### END SOLUTION
        return loss, grads
