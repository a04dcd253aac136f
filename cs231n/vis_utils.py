"""Pictures of data and of what a network learned: image grids, weights, training curves.

Shapes: N images of H x W pixels and C channels, always (N, H, W, C).
Grid helpers return arrays; ``plot_*`` and ``show_*`` helpers draw with
matplotlib and return the figure.
Taught in: assignment1/two_layer_net.ipynb, assignment1/features.ipynb and assignment2.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil, sqrt

import numpy as np


def visualize_grid(Xs: np.ndarray, ubound: float = 255.0, padding: int = 1) -> np.ndarray:
    """Tile images into one near-square grid, each image min-max scaled to [0, ubound].

    Parameters
    ----------
    Xs : ndarray of shape (N, H, W, C)
    ubound : float, the top of the output range
    padding : int, blank pixels between neighbouring images

    Returns
    -------
    grid : ndarray of shape (G*H + (G-1)*padding, G*W + (G-1)*padding, C), G = ceil(sqrt(N))
    """
    N, H, W, C = Xs.shape
    side = int(ceil(sqrt(N)))
    grid = np.zeros((side * H + (side - 1) * padding, side * W + (side - 1) * padding, C))
    for n in range(N):
        r, c = divmod(n, side)
        img = Xs[n].astype(np.float64)
        lo, hi = img.min(), img.max()
        y0, x0 = r * (H + padding), c * (W + padding)
        grid[y0:y0 + H, x0:x0 + W] = ubound * (img - lo) / (hi - lo) if hi > lo else 0.0
    return grid


def vis_grid(Xs: np.ndarray) -> np.ndarray:
    """Tile images into a near-square grid with one-pixel gaps, the whole grid scaled to [0, 1].

    Parameters
    ----------
    Xs : ndarray of shape (N, H, W, C)

    Returns
    -------
    grid : ndarray of shape (G*(H+1) + 1, G*(W+1) + 1, C), G = ceil(sqrt(N))
    """
    N, H, W, C = Xs.shape
    side = int(ceil(sqrt(N)))
    G = np.ones((side * (H + 1) + 1, side * (W + 1) + 1, C), dtype=np.float64)
    G *= np.min(Xs)
    for n in range(N):
        r, c = divmod(n, side)
        G[r * (H + 1) + 1:(r + 1) * (H + 1), c * (W + 1) + 1:(c + 1) * (W + 1)] = Xs[n]
    lo, hi = np.min(G), np.max(G)
    return (G - lo) / (hi - lo) if hi > lo else np.zeros_like(G)


def vis_nn(rows: Sequence[Sequence[np.ndarray]]) -> np.ndarray:
    """Tile a list of rows of (H, W, C) images into one array, whole grid scaled to [0, 1].

    Parameters
    ----------
    rows : list of R lists of K images, each of shape (H, W, C)

    Returns
    -------
    grid : ndarray of shape (R*(H+1) + 1, K*(W+1) + 1, C)
    """
    R, K = len(rows), len(rows[0])
    H, W, C = rows[0][0].shape
    G = np.ones((R * (H + 1) + 1, K * (W + 1) + 1, C), dtype=np.float64)
    G *= min(np.min(im) for row in rows for im in row)
    for r, row in enumerate(rows):
        for c, im in enumerate(row):
            G[r * (H + 1) + 1:(r + 1) * (H + 1), c * (W + 1) + 1:(c + 1) * (W + 1)] = im
    lo, hi = np.min(G), np.max(G)
    return (G - lo) / (hi - lo) if hi > lo else np.zeros_like(G)


def first_layer_images(W1: np.ndarray, channels: int = 3, size: int = 32) -> np.ndarray:
    """First-layer weights of a network on channels-first images, as images.

    Parameters
    ----------
    W1 : ndarray of shape (channels*size*size, H), rows in (C, H, W) order

    Returns
    -------
    images : ndarray of shape (H, size, size, channels)
    """
    return W1.reshape(channels, size, size, -1).transpose(3, 1, 2, 0)


def show_net_weights(W1: np.ndarray, ax=None, title: str = "first-layer weights"):
    """Draw the first-layer weights of a net on (3, 32, 32) inputs as a grid of images."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 6))
    ax.imshow(visualize_grid(first_layer_images(W1), padding=3).astype("uint8"))
    ax.set_title(title)
    ax.axis("off")
    return ax.figure


def plot_solver_history(solver, title: str = ""):
    """Training loss per iteration, and train/validation accuracy per epoch, of a Solver."""
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 7))
    ax1.plot(solver.loss_history, ".", markersize=2, alpha=0.5)
    ax1.set(xlabel="iteration", ylabel="training loss", title=title or "training loss")
    ax2.plot(solver.train_acc_history, "-o", label="train")
    ax2.plot(solver.val_acc_history, "-o", label="val")
    ax2.set(xlabel="epoch", ylabel="accuracy", title="classification accuracy")
    ax2.legend(loc="lower right")
    fig.tight_layout()
    return fig


def plot_search(results: dict, xlabel: str = "learning rate", ylabel: str = "regularization"):
    """Train and validation accuracy of a hyperparameter search as two colour-coded scatters.

    Parameters
    ----------
    results : dict mapping (x, y) hyperparameter pairs to (train_acc, val_acc)
    """
    import matplotlib.pyplot as plt

    keys = list(results)
    xs = np.log10([k[0] for k in keys])
    ys = np.log10([k[1] for k in keys])
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for i, (ax, name) in enumerate(zip(axes, ("training accuracy", "validation accuracy"))):
        acc = [results[k][i] for k in keys]
        sc = ax.scatter(xs, ys, c=acc, s=200, cmap="viridis", marker="s")
        fig.colorbar(sc, ax=ax)
        ax.set(xlabel=f"log10 {xlabel}", ylabel=f"log10 {ylabel}", title=name)
    fig.tight_layout()
    return fig


def plot_misclassified(X: np.ndarray, y_true: np.ndarray, y_pred: np.ndarray,
                       classes: Sequence[str], examples_per_class: int = 8, seed: int = 0):
    """For each predicted class, a column of images the model wrongly put in that class.

    Parameters
    ----------
    X : ndarray of shape (N, H, W, 3), raw images in [0, 255]
    y_true, y_pred : ndarray of shape (N,), integer labels
    classes : list of C class names
    examples_per_class : int, images per column (drawn at random)
    seed : int, for the random draw
    """
    import matplotlib.pyplot as plt

    rng = np.random.RandomState(seed)
    C = len(classes)
    fig, axes = plt.subplots(examples_per_class, C, figsize=(1.2 * C, 1.2 * examples_per_class),
                             squeeze=False)
    for c in range(C):
        idxs = np.flatnonzero((y_pred == c) & (y_true != c))
        idxs = rng.choice(idxs, min(examples_per_class, len(idxs)), replace=False)
        for r in range(examples_per_class):
            ax = axes[r, c]
            ax.axis("off")
            if r < len(idxs):
                ax.imshow(X[idxs[r]].astype("uint8"))
                ax.set_title(classes[y_true[idxs[r]]], fontsize=7, pad=1)
        axes[0, c].text(0.5, 1.35, classes[c], transform=axes[0, c].transAxes,
                        ha="center", fontsize=9, fontweight="bold")
    fig.suptitle("misclassified test images: column = predicted class, caption = true class",
                 y=1.0)
    fig.tight_layout()
    return fig
