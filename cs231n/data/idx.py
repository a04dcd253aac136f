"""MNIST-style idx files (gzipped or raw): MNIST, Fashion-MNIST and their kin.

Shapes: N images of H x W = 28 x 28 pixels. ``load_mnist`` returns images of
shape (N, 28, 28) uint8 in [0, 255] and labels of shape (N,) int64.

The idx format is a 4-byte magic number ``0x00 0x00 TYPE NDIM``, NDIM
big-endian uint32 sizes, then the values in row-major order, big-endian.
Taught in: assignment3/Generative_Adversarial_Networks.ipynb (MNIST digits).
"""

from __future__ import annotations

import gzip
import os
import struct
import zlib
from pathlib import Path

import numpy as np

from cs231n.data.paths import DataCorrupt, dataset_dir, missing, notice_standin

# idx TYPE byte -> big-endian numpy dtype
IDX_DTYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

# split -> (images file, labels file), as the official archives name them
MNIST_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}

# A file of this name in the mnist folder marks an offline stand-in; its first
# line says what the data really is.



def _read_bytes(path: Path) -> bytes:
    """The decompressed bytes of ``path`` (gzip is detected by its magic, not the name)."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as exc:
            raise DataCorrupt(f"{path} is a truncated or damaged gzip file "
                              f"({exc}); fetch it again") from None
    return raw


def load_idx(path: str | os.PathLike) -> np.ndarray:
    """Read one idx file, gzipped or raw, into an array of its declared shape and type.

    Parameters
    ----------
    path : path of an idx file (``.gz`` or not; gzip is detected from the content)

    Returns
    -------
    ndarray of the file's shape, e.g. (N, 28, 28) uint8 for images, (N,) uint8 for labels;
    multi-byte types are converted to native byte order.

    Raises
    ------
    FileNotFoundError when the file does not exist; DataCorrupt, naming the file, on a
    bad magic number or a truncated file.
    """
    path = Path(path)
    data = _read_bytes(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in IDX_DTYPES:
        raise DataCorrupt(f"{path} is not an idx file (bad magic number "
                          f"{data[:4].hex() or 'empty'})")
    dtype, ndim = IDX_DTYPES[data[2]], data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DataCorrupt(f"{path} is truncated: its header is cut short")
    shape = struct.unpack(f">{ndim}I", data[4:header])
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) - header < expected:
        raise DataCorrupt(f"{path} is truncated: {len(data) - header} of {expected} "
                          f"data bytes for shape {shape}")
    if len(data) - header > expected:
        raise DataCorrupt(f"{path} has {len(data) - header - expected} bytes beyond "
                          f"the shape {shape} its header declares")
    arr = np.frombuffer(data, dtype=dtype, count=expected // dtype.itemsize, offset=header)
    return arr.reshape(shape).astype(dtype.newbyteorder("="), copy=True)


def find_idx(folder: Path, stem: str) -> Path | None:
    """``folder/stem.gz`` or ``folder/stem`` (also the ``stem.idx3-ubyte`` spelling), if present."""
    for name in (stem + ".gz", stem, stem.replace("-idx", ".idx") + ".gz",
                 stem.replace("-idx", ".idx")):
        if (folder / name).is_file():
            return folder / name
    return None


def load_mnist(root: str | os.PathLike | None = None,
               kind: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """Load the MNIST training or test split from idx files.

    Parameters
    ----------
    root : folder holding ``train-images-idx3-ubyte[.gz]`` and its three siblings;
        default ``<data root>/mnist``.
    kind : ``'train'`` (60,000 images) or ``'test'`` (10,000 images).

    Returns
    -------
    images : ndarray of shape (N, 28, 28), uint8 in [0, 255]
    labels : ndarray of shape (N,), int64 in [0, 9]

    When the folder holds the offline stand-in (Fashion-MNIST), a one-line notice
    is printed the first time it is loaded.
    """
    if kind not in MNIST_FILES:
        raise ValueError(f"kind must be 'train' or 'test', not {kind!r}")
    folder = Path(root) if root is not None else dataset_dir("mnist")
    paths = [find_idx(folder, stem) for stem in MNIST_FILES[kind]]
    if any(p is None for p in paths):
        raise missing("mnist", folder)
    images, labels = load_idx(paths[0]), load_idx(paths[1])
    if images.ndim != 3 or labels.ndim != 1:
        raise DataCorrupt(f"{paths[0]} / {paths[1]} hold arrays of shape {images.shape} / "
                          f"{labels.shape}, not (N, H, W) images and (N,) labels")
    if images.shape[0] != labels.shape[0]:
        raise DataCorrupt(f"{paths[0]} holds {images.shape[0]} images but {paths[1]} "
                          f"holds {labels.shape[0]} labels")
    notice_standin(folder, "MNIST")
    return images.astype(np.uint8, copy=False), labels.astype(np.int64)
