"""A three-layer convnet: conv - relu - 2x2 max pool - affine - relu - affine - softmax.

Shapes: N batch, C input channels, H/W input height/width, F filters,
fs filter size, Hd hidden units, K classes. The conv keeps H x W (stride 1,
pad (fs - 1) / 2) and the pool halves it, so the hidden affine layer sees
F * H/2 * W/2 features.
Taught in: assignment2/ConvolutionalNetworks.ipynb.
"""

from __future__ import annotations

import numpy as np

from cs231n.layer_utils import (
    affine_relu_backward,
    affine_relu_forward,
    conv_relu_pool_backward,
    conv_relu_pool_forward,
)
from cs231n.layers import affine_backward, affine_forward, softmax_loss


class ThreeLayerConvNet:
    """conv - relu - 2x2 max pool - affine - relu - affine - softmax, on (N, C, H, W) images.

    Parameters live in ``self.params``: ``W1`` (F, C, fs, fs) and ``b1`` (F,) for
    the conv; ``W2`` (F * H/2 * W/2, Hd) and ``b2`` (Hd,) for the hidden affine
    layer; ``W3`` (Hd, K) and ``b3`` (K,) for the output layer. A ``Solver``
    trains it.

    Parameters
    ----------
    input_dim : tuple (C, H, W), with H and W even
    num_filters : int, F
    filter_size : int, fs, odd (so that the conv keeps the spatial size)
    hidden_dim : int, Hd
    num_classes : int, K
    weight_scale : float, standard deviation of the Gaussian initial weights
    reg : float, L2 strength; the loss adds 0.5 * reg * sum of W_i**2 over W1, W2, W3
    dtype : numpy float type of the parameters (float64 for gradient checks)
    """

    def __init__(self, input_dim: tuple = (3, 32, 32), num_filters: int = 32,
                 filter_size: int = 7, hidden_dim: int = 100, num_classes: int = 10,
                 weight_scale: float = 1e-3, reg: float = 0.0, dtype=np.float32):
        if len(input_dim) != 3 or input_dim[1] % 2 or input_dim[2] % 2:
            raise ValueError(f"ThreeLayerConvNet: input_dim must be (C, H, W) with H and W even "
                             f"(for the 2x2 pool); got {input_dim!r}")
        if filter_size < 1 or filter_size % 2 == 0:
            raise ValueError(f"ThreeLayerConvNet: filter_size must be odd so that the conv keeps "
                             f"the spatial size; got {filter_size!r}")
        self.params: dict[str, np.ndarray] = {}
        self.reg = reg
        self.dtype = dtype
        self.input_dim = tuple(input_dim)
        # TODO: draw W1, W2, W3 (in that order) as weight_scale * np.random.randn(...) of the
        # shapes in the class docstring, with b1, b2, b3 zeros; key them "W1", "b1", ...
        ### BEGIN SOLUTION
        C, H, W = input_dim
        F, fs = num_filters, filter_size
        self.params["W1"] = weight_scale * np.random.randn(F, C, fs, fs)
        self.params["b1"] = np.zeros(F)
        self.params["W2"] = weight_scale * np.random.randn(F * (H // 2) * (W // 2), hidden_dim)
        self.params["b2"] = np.zeros(hidden_dim)
        self.params["W3"] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params["b3"] = np.zeros(num_classes)
        ### END SOLUTION
        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

    def loss(self, X: np.ndarray, y: np.ndarray | None = None):
        """Scores for a batch, or the loss and its gradients when labels are given.

        Parameters
        ----------
        X : ndarray of shape (N, C, H, W)
        y : ndarray of shape (N,) of integer labels in [0, K), or None

        Returns
        -------
        scores : ndarray of shape (N, K), when ``y`` is None
        (loss, grads) : otherwise; ``grads`` has the keys of ``self.params``, each
            gradient the shape of its parameter. The loss includes
            0.5 * reg * (sum W1**2 + sum W2**2 + sum W3**2).
        """
        X = np.asarray(X)
        if X.ndim != 4 or X.shape[1:] != self.input_dim:
            raise ValueError(f"ThreeLayerConvNet.loss: X must have shape (N, *input_dim) = "
                             f"(N, {', '.join(map(str, self.input_dim))}); got shape {X.shape}")
        X = X.astype(self.dtype)
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]

        # Size-preserving conv and a 2x2 pool of stride 2 (given).
        filter_size = W1.shape[2]
        conv_param = {"stride": 1, "pad": (filter_size - 1) // 2}
        pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}

        scores = None
        # TODO: the forward pass to class scores with conv_relu_pool_forward,
        # affine_relu_forward and affine_forward (cs231n.layer_utils, cs231n.layers).
        ### BEGIN SOLUTION
        pooled, cache1 = conv_relu_pool_forward(X, W1, b1, conv_param, pool_param)
        hidden, cache2 = affine_relu_forward(pooled, W2, b2)  # (N, Hd)
        scores, cache3 = affine_forward(hidden, W3, b3)  # (N, K)
        ### END SOLUTION
        if y is None:
            return scores

        loss, grads = 0.0, {}
        # TODO: softmax loss plus the L2 term, and the backward pass into grads
        # (remember the regularization gradient reg * W of each weight).
        ### BEGIN SOLUTION
        data_loss, dscores = softmax_loss(scores, y)
        loss = data_loss + 0.5 * self.reg * sum(np.sum(Wi * Wi) for Wi in (W1, W2, W3))
        dhidden, grads["W3"], grads["b3"] = affine_backward(dscores, cache3)
        dpooled, grads["W2"], grads["b2"] = affine_relu_backward(dhidden, cache2)
        _, grads["W1"], grads["b1"] = conv_relu_pool_backward(dpooled, cache1)
        for k, Wi in (("W1", W1), ("W2", W2), ("W3", W3)):
            grads[k] += self.reg * Wi
        ### END SOLUTION
        return loss, grads
