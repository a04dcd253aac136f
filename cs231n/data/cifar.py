"""CIFAR-10 in the official python format (pickled batches of 10,000 images).

Shapes: N images, 32x32 pixels, 3 channels. Raw images are (N, 32, 32, 3)
float64 in [0, 255]; ``get_CIFAR10_data`` returns channels-first (N, 3, 32, 32).
Taught in: assignment1/knn.ipynb and every CIFAR-10 notebook after it.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np

from cs231n.data.paths import DataCorrupt, dataset_dir, missing, notice_standin


def load_pickle(f):
    """Unpickle an open file with latin1 decoding (str keys, as the course expects)."""
    return pickle.load(f, encoding="latin1")


def _key(d: dict, name: str):
    if name in d:
        return d[name]
    if name.encode() in d:
        return d[name.encode()]
    raise KeyError(name)


def load_CIFAR_batch(filename) -> tuple[np.ndarray, np.ndarray]:
    """Load one batch file: X of shape (10000, 32, 32, 3) float64, Y of shape (10000,) int."""
    filename = Path(filename)
    try:
        with open(filename, "rb") as f:
            d = load_pickle(f)
        X = np.asarray(_key(d, "data"))
        Y = np.asarray(_key(d, "labels"), dtype=np.int64)
        X = X.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).astype(np.float64)
    except FileNotFoundError:
        raise
    except (pickle.UnpicklingError, EOFError, KeyError, ValueError, TypeError,
            AttributeError, UnicodeDecodeError, IndexError) as exc:
        raise DataCorrupt(f"{filename} is truncated or not a CIFAR-10 batch "
                          f"({type(exc).__name__}); fetch it again with: "
                          "python datasets/fetch.py cifar10 --force") from None
    if X.shape[0] != Y.shape[0]:
        raise DataCorrupt(f"{filename} holds {X.shape[0]} images but {Y.shape[0]} labels")
    return X, Y


def load_CIFAR10(ROOT=None):
    """Load all of CIFAR-10: Xtr (50000, 32, 32, 3), Ytr (50000,), Xte (10000, 32, 32, 3), Yte."""
    root = Path(ROOT) if ROOT is not None else dataset_dir("cifar10")
    names = [f"data_batch_{b}" for b in range(1, 6)] + ["test_batch"]
    if not all((root / n).exists() for n in names):
        raise missing("cifar10", root)
    xs, ys = zip(*(load_CIFAR_batch(root / n) for n in names[:5]))
    Xtr, Ytr = np.concatenate(xs), np.concatenate(ys)
    Xte, Yte = load_CIFAR_batch(root / "test_batch")
    notice_standin(root, "the official CIFAR-10 release")
    return Xtr, Ytr, Xte, Yte


def get_CIFAR10_data(num_training: int = 49000, num_validation: int = 1000,
                     num_test: int = 1000, subtract_mean: bool = True,
                     cifar10_dir: str | os.PathLike | None = None) -> dict:
    """CIFAR-10 split for the classifiers, channels first.

    Train is the first ``num_training`` training rows, validation the
    ``num_validation`` rows after them, test the first ``num_test`` test rows.
    With ``subtract_mean`` the mean image of the training rows is subtracted
    from every split.

    Returns
    -------
    dict with X_train (num_training, 3, 32, 32), y_train, X_val, y_val, X_test, y_test
    """
    X_train, y_train, X_test, y_test = load_CIFAR10(cifar10_dir)
    if num_training + num_validation > X_train.shape[0] or num_test > X_test.shape[0]:
        raise ValueError(f"asked for {num_training}+{num_validation} training/validation and "
                         f"{num_test} test images; CIFAR-10 has {X_train.shape[0]} and "
                         f"{X_test.shape[0]}")
    val = slice(num_training, num_training + num_validation)
    X_val, y_val = X_train[val], y_train[val]
    X_train, y_train = X_train[:num_training], y_train[:num_training]
    X_test, y_test = X_test[:num_test], y_test[:num_test]
    if subtract_mean:
        mean_image = X_train.mean(axis=0)
        X_train = X_train - mean_image
        X_val = X_val - mean_image
        X_test = X_test - mean_image
    chw = (0, 3, 1, 2)
    return {
        "X_train": X_train.transpose(chw).copy(), "y_train": y_train,
        "X_val": X_val.transpose(chw).copy(), "y_val": y_val,
        "X_test": X_test.transpose(chw).copy(), "y_test": y_test,
    }
