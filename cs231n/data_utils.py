"""The course's ``cs231n.data_utils`` names, re-exported from ``cs231n.data``."""

from cs231n.data import get_CIFAR10_data, load_CIFAR10, load_CIFAR_batch, load_pickle

__all__ = ["get_CIFAR10_data", "load_CIFAR10", "load_CIFAR_batch", "load_pickle"]
