"""Where datasets live, and the errors loaders raise.

``data_root()`` is ``$CS231N_DATA`` when set, else ``<workbook>/datasets``.
"""

from __future__ import annotations

import os
from pathlib import Path

WORKBOOK_ROOT = Path(__file__).resolve().parents[2]

FETCH_HINT = {
    "cifar10": "python datasets/fetch.py cifar10",
    "mnist": "python datasets/fetch.py mnist",
    "coco": "python datasets/fetch.py coco",
}

# Folder names under the data root, as the official archives unpack.
DATASET_DIRS = {
    "cifar10": "cifar-10-batches-py",
    "mnist": "mnist",
    "coco": "coco_captioning",
}


class DataError(RuntimeError):
    """A dataset could not be loaded; the message is one sentence for a person."""

    def __str__(self) -> str:  # keep notebooks' error lines to the message itself
        return self.args[0] if self.args else "data error"


class DataMissing(DataError, FileNotFoundError):
    """The dataset is not where the loaders look."""


class DataCorrupt(DataError):
    """A dataset file is truncated or malformed."""


def data_root() -> Path:
    env = os.environ.get("CS231N_DATA")
    return Path(env).expanduser() if env else WORKBOOK_ROOT / "datasets"


def dataset_dir(name: str, root: str | os.PathLike | None = None) -> Path:
    """The folder of one dataset (``cifar10``, ``mnist``, ``coco``) under the data root."""
    base = Path(root) if root is not None else data_root()
    return base / DATASET_DIRS[name]


STANDIN_MARKER = "STANDIN"
_noticed: set[str] = set()


def standin_note(folder: str | os.PathLike) -> str | None:
    """The first line of the folder's stand-in marker, or None for real data."""
    marker = Path(folder) / STANDIN_MARKER
    if not marker.is_file():
        return None
    text = marker.read_text(encoding="utf-8", errors="replace").strip()
    return text.splitlines()[0] if text else "offline stand-in"


def notice_standin(folder: str | os.PathLike, real_name: str) -> None:
    """Print once per folder that it holds an offline stand-in, not ``real_name``."""
    note = standin_note(folder)
    key = str(Path(folder).resolve())
    if note is not None and key not in _noticed:
        _noticed.add(key)
        print(f"Notice: {folder} holds an offline stand-in, not {real_name}: {note}")


def missing(name: str, where: Path) -> DataMissing:
    return DataMissing(f"{name} data not found at {where}; fetch it with: {FETCH_HINT[name]}")
