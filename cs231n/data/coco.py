"""COCO captioning in CS231n's HDF5 layout: captions, image features, vocabulary, URLs.

Shapes: N captions, T + 1 = 17 tokens per caption (``<START> ... <END> <NULL>...``),
M images, D = 512 PCA features (4096 raw fc7 features), B minibatch, V words.

The folder ``<data root>/coco_captioning`` holds ``coco2014_captions.h5``
(``train_captions (N, 17) int32``, ``train_image_idxs (N,) int32`` and the ``val_``
pair), ``{train,val}2014_vgg16_fc7_pca.h5`` and ``{train,val}2014_vgg16_fc7.h5``
(dataset ``features``, (M, 512) / (M, 4096) float32), ``coco2014_vocab.json``
(``idx_to_word``, ``word_to_idx``; ``<NULL>`` is 0) and ``{train,val}2014_urls.txt``
(one image URL per line). The offline stand-in (``cs231n.data.synth_coco``) lists
local image files instead of URLs; they are loaded as ``file://`` URLs.
Taught in: assignment3/RNN_Captioning.ipynb and Transformer_Captioning.ipynb.
"""

from __future__ import annotations

import io
import json
import os
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

from cs231n.data.paths import DataCorrupt, dataset_dir, missing, notice_standin

CAPTIONS_FILE = "coco2014_captions.h5"
VOCAB_FILE = "coco2014_vocab.json"
CAPTION_KEYS = ("train_captions", "train_image_idxs", "val_captions", "val_image_idxs")



def _features_file(split: str, pca_features: bool) -> str:
    return f"{split}2014_vgg16_fc7{'_pca' if pca_features else ''}.h5"


def required_files(pca_features: bool = True) -> list[str]:
    """The files ``load_coco_data`` reads, relative to the captioning folder."""
    return [CAPTIONS_FILE, VOCAB_FILE,
            _features_file("train", pca_features), _features_file("val", pca_features),
            "train2014_urls.txt", "val2014_urls.txt"]


def _read_h5(path: Path, keys: tuple[str, ...]) -> dict[str, np.ndarray]:
    import h5py  # imported here: the rest of the data layer works without it

    try:
        with h5py.File(path, "r") as f:
            missing_keys = [k for k in keys if k not in f]
            if missing_keys:
                raise DataCorrupt(f"{path} lacks the dataset(s) {', '.join(missing_keys)}; "
                                  "fetch it again with: python datasets/fetch.py coco --force")
            return {k: np.asarray(f[k]) for k in keys}
    except DataCorrupt:
        raise
    except (OSError, KeyError, ValueError, RuntimeError) as exc:
        raise DataCorrupt(f"{path} is truncated or not an HDF5 file ({type(exc).__name__}); "
                          "fetch it again with: python datasets/fetch.py coco --force") from None


def _read_urls(path: Path) -> np.ndarray:
    """One URL per line; a line without a scheme is a file next to ``path``: a file:// URL."""
    urls = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and "://" not in line:
                line = (path.parent / line).resolve().as_uri()
            urls.append(line)
    return np.asarray(urls)


def load_coco_data(base_dir: str | os.PathLike | None = None, max_train: int | None = None,
                   pca_features: bool = True) -> dict:
    """Load the captioning data set.

    Parameters
    ----------
    base_dir : the ``coco_captioning`` folder; default ``<data root>/coco_captioning``.
    max_train : if given, keep that many training captions drawn with replacement by
        ``np.random.randint`` (seed numpy first for a repeatable draw); features,
        URLs and the validation split are kept whole.
    pca_features : 512-d PCA features when True, else the raw 4096-d fc7 features.

    Returns
    -------
    dict with
        train_captions : ndarray of shape (N, 17) int32, rows ``<START> ... <END> <NULL>...``
        train_image_idxs : ndarray of shape (N,) int32, row of ``train_features`` per caption
        val_captions, val_image_idxs : the same for validation
        train_features, val_features : ndarray of shape (M, D) float32, D = 512 or 4096
        idx_to_word : list of V words, ``idx_to_word[0] == '<NULL>'``
        word_to_idx : dict word -> index
        train_urls, val_urls : ndarray of shape (M,) str, one image URL per feature row
    """
    base = Path(base_dir) if base_dir is not None else dataset_dir("coco")
    if not all((base / name).is_file() for name in required_files(pca_features)):
        raise missing("coco", base)
    data = _read_h5(base / CAPTIONS_FILE, CAPTION_KEYS)
    try:
        with open(base / VOCAB_FILE, encoding="utf-8") as f:
            vocab = json.load(f)
        data["idx_to_word"] = list(vocab["idx_to_word"])
        data["word_to_idx"] = dict(vocab["word_to_idx"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise DataCorrupt(f"{base / VOCAB_FILE} is truncated or not the vocabulary file "
                          f"({type(exc).__name__}); fetch it again with: "
                          "python datasets/fetch.py coco --force") from None
    for split in ("train", "val"):
        path = base / _features_file(split, pca_features)
        data[f"{split}_features"] = _read_h5(path, ("features",))["features"]
        data[f"{split}_urls"] = _read_urls(base / f"{split}2014_urls.txt")
        n_images = data[f"{split}_features"].shape[0]
        idxs = data[f"{split}_image_idxs"]
        if idxs.size and (idxs.min() < 0 or idxs.max() >= n_images):
            raise DataCorrupt(f"{base / CAPTIONS_FILE} points {split} captions at image "
                              f"{idxs.max()}, but {path} holds {n_images} images")
    if max_train is not None:
        num_train = data["train_captions"].shape[0]
        mask = np.random.randint(num_train, size=max_train)
        data["train_captions"] = data["train_captions"][mask]
        data["train_image_idxs"] = data["train_image_idxs"][mask]
    notice_standin(base, "COCO")
    return data


def decode_captions(captions: np.ndarray, idx_to_word: list[str]) -> str | list[str]:
    """Turn token ids back into text.

    Parameters
    ----------
    captions : ndarray of shape (T,) or (N, T) of word indices
    idx_to_word : list of V words

    Returns
    -------
    str for 1-D input, list of N str for 2-D input. ``<NULL>`` tokens are skipped and
    decoding stops after ``<END>``, which is kept; ``<START>`` is kept too.
    """
    captions = np.asarray(captions)
    single = captions.ndim == 1
    rows = captions[None] if single else captions
    decoded = []
    for row in rows:
        words = []
        for idx in row:
            word = idx_to_word[int(idx)]
            if word != "<NULL>":
                words.append(word)
            if word == "<END>":
                break
        decoded.append(" ".join(words))
    return decoded[0] if single else decoded


def sample_coco_minibatch(data: dict, batch_size: int = 100,
                          split: str = "train") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw ``batch_size`` captions (with replacement, ``np.random.choice``) and their images.

    Returns
    -------
    captions : ndarray of shape (B, 17) int32
    image_features : ndarray of shape (B, D) float32
    urls : ndarray of shape (B,) str
    """
    split_size = data[f"{split}_captions"].shape[0]
    mask = np.random.choice(split_size, batch_size)
    captions = data[f"{split}_captions"][mask]
    image_idxs = data[f"{split}_image_idxs"][mask]
    return captions, data[f"{split}_features"][image_idxs], data[f"{split}_urls"][image_idxs]


def image_from_url(url: str, timeout: float = 10.0) -> np.ndarray | None:
    """Read an image from an http(s) or file:// URL, or a local path.

    Returns
    -------
    ndarray of shape (H, W, 3) uint8, or None when the image cannot be read (a dead
    URL, no network, an unreadable file), as the course's helper does.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        if "://" in url:
            with urllib.request.urlopen(url, timeout=timeout) as resp:
                raw = resp.read()
        else:
            raw = Path(url).read_bytes()
        with Image.open(io.BytesIO(raw)) as img:
            return np.asarray(img.convert("RGB"))
    except (urllib.error.URLError, OSError, ValueError, UnidentifiedImageError):
        return None


def load_caption_image(data: dict, split: str, index: int) -> np.ndarray | None:
    """The image of feature row ``index`` of ``split`` (``'train'`` or ``'val'``) for display.

    Returns
    -------
    ndarray of shape (H, W, 3) uint8, or None when it cannot be read. The stand-in's
    images are local files; the real set's are Flickr URLs that need a network.
    """
    return image_from_url(str(data[f"{split}_urls"][index]))
