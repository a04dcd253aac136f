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
from cs231n.layers.conv import conv_backward_naive, conv_forward_naive
from cs231n.layers.dropout import dropout_backward, dropout_forward
from cs231n.layers.losses import softmax_loss, svm_loss
from cs231n.layers.pooling import max_pool_backward_naive, max_pool_forward_naive
from cs231n.layers.spatial import (
    spatial_batchnorm_backward,
    spatial_batchnorm_forward,
    spatial_groupnorm_backward,
    spatial_groupnorm_forward,
)

__all__ = ["affine_backward", "affine_forward", "batchnorm_backward", "batchnorm_backward_alt",
           "batchnorm_forward", "conv_backward_naive", "conv_forward_naive", "dropout_backward",
           "dropout_forward", "layernorm_backward", "layernorm_forward", "max_pool_backward_naive",
           "max_pool_forward_naive", "relu_backward", "relu_forward", "softmax_loss",
           "spatial_batchnorm_backward", "spatial_batchnorm_forward", "spatial_groupnorm_backward",
           "spatial_groupnorm_forward", "svm_loss"]
