"""Data loaders: where data lives, CIFAR-10, MNIST-style idx files, COCO captioning.

Data is looked up under ``$CS231N_DATA`` when set, else under ``datasets/`` at
the top of the workbook. A missing dataset stops with one sentence naming
the command that fetches it (``DataMissing``); a truncated or corrupt file
stops with one naming the file (``DataCorrupt``).
"""

from cs231n.data.cifar import get_CIFAR10_data, load_CIFAR10, load_CIFAR_batch, load_pickle
from cs231n.data.coco import (
    decode_captions,
    image_from_url,
    load_caption_image,
    load_coco_data,
    sample_coco_minibatch,
)
from cs231n.data.idx import load_idx, load_mnist
from cs231n.data.paths import DataCorrupt, DataError, DataMissing, data_root, dataset_dir

__all__ = [
    "DataCorrupt", "DataError", "DataMissing", "data_root", "dataset_dir",
    "get_CIFAR10_data", "load_CIFAR10", "load_CIFAR_batch", "load_pickle",
    "load_idx", "load_mnist",
    "decode_captions", "image_from_url", "load_caption_image", "load_coco_data",
    "sample_coco_minibatch",
]
