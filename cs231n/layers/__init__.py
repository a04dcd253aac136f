"""Layers with forward and backward passes side by side.

``from cs231n.layers import affine_forward`` works for every layer: each
module's public functions are re-exported here.
"""

from cs231n.layers.activations import relu_backward, relu_forward
from cs231n.layers.affine import affine_backward, affine_forward
from cs231n.layers.batchnorm import (
    batchnorm_backward,
    batchnorm_backward_alt,
    batchnorm_forward,
    layernorm_backward,
    layernorm_forward,
)
from cs231n.layers.dropout import dropout_backward, dropout_forward
from cs231n.layers.losses import softmax_loss, svm_loss

__all__ = ["affine_backward", "affine_forward", "batchnorm_backward", "batchnorm_backward_alt",
           "batchnorm_forward", "dropout_backward", "dropout_forward", "layernorm_backward",
           "layernorm_forward", "relu_backward", "relu_forward", "softmax_loss", "svm_loss"]
