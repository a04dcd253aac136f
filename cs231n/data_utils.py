"""The course's ``cs231n.data_utils`` names, re-exported from ``cs231n.data``."""

from cs231n.data import get_CIFAR10_data, load_CIFAR10, load_CIFAR_batch, load_pickle
from cs231n.data.idx import load_idx, load_mnist

__all__ = ["get_CIFAR10_data", "load_CIFAR10", "load_CIFAR_batch", "load_pickle",
           "load_idx", "load_mnist"]
