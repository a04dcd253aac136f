"""Layers with forward and backward passes side by side.

``from cs231n.layers import affine_forward`` works for every layer: each
module's public functions are re-exported here.
"""

from cs231n.layers.activations import relu_backward, relu_forward
from cs231n.layers.affine import affine_backward, affine_forward
from cs231n.layers.losses import softmax_loss, svm_loss

__all__ = ["affine_backward", "affine_forward", "relu_backward", "relu_forward",
           "softmax_loss", "svm_loss"]
