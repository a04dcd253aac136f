"""Fixtures for the data-layer tests; ``dh`` holds helpers that write tiny CIFAR batches and idx
files on the spot (the tests run under --import-mode=importlib, so helpers travel as a fixture).
"""

from __future__ import annotations

import gzip
import pickle
import struct
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

IDX_TYPES = {np.dtype(np.uint8): 0x08, np.dtype(np.int8): 0x09, np.dtype(">i2"): 0x0B,
             np.dtype(">i4"): 0x0C, np.dtype(">f4"): 0x0D, np.dtype(">f8"): 0x0E}


def write_cifar_batch(path: Path, images: np.ndarray, labels, bytes_keys: bool = False) -> None:
    """Write images (n, 32, 32, 3) uint8 as an official-style batch: rows are R, G, B planes."""
    rows = images.transpose(0, 3, 1, 2).reshape(len(images), -1)
    d = {"data": rows, "labels": list(map(int, labels)), "batch_label": "test batch"}
    if bytes_keys:
        d = {k.encode(): v for k, v in d.items()}
    with open(path, "wb") as f:
        pickle.dump(d, f, protocol=2)


def write_fake_cifar(folder: Path, per_batch: int = 10, seed: int = 0,
                     bytes_keys: bool = False) -> dict:
    """A complete cifar-10-batches-py folder with ``per_batch`` images per batch."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        x = rng.integers(0, 256, size=(per_batch, 32, 32, 3), dtype=np.uint8)
        y = rng.integers(0, 10, size=per_batch)
        write_cifar_batch(folder / name, x, y, bytes_keys)
        out[name] = (x, y)
    with open(folder / "batches.meta", "wb") as f:
        pickle.dump({"label_names": [f"c{i}" for i in range(10)]}, f, protocol=2)
    return out


def idx_bytes(arr: np.ndarray) -> bytes:
    """The idx encoding of ``arr`` (big-endian values after the magic and the sizes)."""
    be = arr.astype(arr.dtype.newbyteorder(">")) if arr.dtype.itemsize > 1 else arr
    code = IDX_TYPES[np.dtype(be.dtype)]
    return (bytes([0, 0, code, arr.ndim]) + struct.pack(f">{arr.ndim}I", *arr.shape)
            + be.tobytes())


def write_idx(path: Path, arr: np.ndarray, gz: bool | None = None) -> Path:
    raw = idx_bytes(arr)
    gz = path.name.endswith(".gz") if gz is None else gz
    path.write_bytes(gzip.compress(raw, mtime=0) if gz else raw)
    return path


def write_fake_mnist(folder: Path, n_train: int = 12, n_test: int = 5, gz: bool = True,
                     seed: int = 0) -> dict:
    """The four MNIST idx files with tiny random contents."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    ext = ".gz" if gz else ""
    for kind, prefix, n in (("train", "train", n_train), ("test", "t10k", n_test)):
        x = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        y = rng.integers(0, 10, size=n).astype(np.uint8)
        write_idx(folder / f"{prefix}-images-idx3-ubyte{ext}", x)
        write_idx(folder / f"{prefix}-labels-idx1-ubyte{ext}", y)
        out[kind] = (x, y)
    return out


@pytest.fixture
def dh():
    """The helpers above, for tests."""
    return SimpleNamespace(write_cifar_batch=write_cifar_batch, write_fake_cifar=write_fake_cifar,
                           idx_bytes=idx_bytes, write_idx=write_idx,
                           write_fake_mnist=write_fake_mnist)


@pytest.fixture(autouse=True)
def _isolated_data_root(tmp_path, monkeypatch):
    """No test reads or writes the workbook's own datasets/ folder by accident."""
    monkeypatch.setenv("CS231N_DATA", str(tmp_path / "default-data-root"))
