"""Classifiers of assignment 1: kNN and the linear classifiers with their losses.

``from cs231n.classifiers import KNearestNeighbor, LinearSVM, Softmax`` works;
the neural-network models live in their own modules (``cs231n.classifiers.fc_net``).
"""

from cs231n.classifiers.k_nearest_neighbor import KNearestNeighbor
from cs231n.classifiers.linear_classifier import LinearClassifier, LinearSVM, Softmax
from cs231n.classifiers.linear_svm import svm_loss_naive, svm_loss_vectorized
from cs231n.classifiers.softmax import softmax_loss_naive, softmax_loss_vectorized

__all__ = [
    "KNearestNeighbor", "LinearClassifier", "LinearSVM", "Softmax",
    "softmax_loss_naive", "softmax_loss_vectorized", "svm_loss_naive", "svm_loss_vectorized",
]
