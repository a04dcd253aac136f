"""HOG + hue-histogram feature extraction over the CIFAR-10 training images.

Baseline: the per-image loop, each feature function called once per image
(what ``extract_features`` does with functions it cannot batch). Against it:
``extract_features`` with the batched HOG and histogram twins. Divide the
image count (2,000 quick, 49,000 full) by the seconds for images per second.
"""

import functools

import numpy as np

from benchmarks.core import benchmark


def _images(n: int) -> np.ndarray:
    try:
        from cs231n.data.cifar import load_CIFAR_batch
        from cs231n.data.paths import dataset_dir

        root = dataset_dir("cifar10")
        X = np.concatenate([load_CIFAR_batch(root / f"data_batch_{b}")[0]
                            for b in range(1, 1 + int(np.ceil(n / 10000)))])
        return X[:n]
    except (FileNotFoundError, OSError):  # no data fetched: random images of the same shape
        return np.random.default_rng(0).uniform(0, 255, size=(n, 32, 32, 3))


@benchmark("HOG + hue histogram features (49000 images; quick: 2000)",
           baseline="per-image loop", repeat=1)
def features(quick):
    from cs231n.features import color_histogram_hsv, extract_features, hog_feature

    imgs = _images(2000 if quick else 49000)
    hist = functools.partial(color_histogram_hsv, nbin=10)
    return {
        "per-image loop": lambda: extract_features(
            imgs, [lambda im: hog_feature(im), lambda im: hist(im)]),
        "extract_features (batched)": lambda: extract_features(imgs, [hog_feature, hist]),
    }
