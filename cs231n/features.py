"""Hand-made image features: HOG (gradient orientations) and a hue histogram.

Shapes: N images, H x W pixels, 3 colour channels; images are (H, W, 3)
arrays of values in [0, 255]. For 32 x 32 CIFAR-10 images ``hog_feature``
gives 4 x 4 cells x 9 orientations = 144 values and ``color_histogram_hsv``
gives ``nbin`` (10) values, so the two together give 154.

Each per-image feature function has a batched twin (``hog_features``,
``color_histograms_hsv``) that computes the same numbers for (N, H, W, 3) at
once; ``extract_features`` uses the twin when it is given the per-image
function (or a ``functools.partial`` of it), so that the 49,000 CIFAR-10
training images take seconds rather than minutes.
Taught in: assignment1/features.ipynb.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.colors import rgb_to_hsv

CELL = 8  # HOG cell side in pixels
ORIENTATIONS = 9  # HOG orientation bins over [0, 180) degrees
CHUNK = 1000  # images per batch in extract_features


def rgb2gray(rgb: np.ndarray) -> np.ndarray:
    """Luma of RGB images, 0.299 R + 0.587 G + 0.114 B.

    Parameters
    ----------
    rgb : ndarray of shape (..., 3)

    Returns
    -------
    gray : ndarray of shape (...)

    The course's copy weights blue by 0.144, a typo for the ITU-R 601 value used here.
    """
    return np.asarray(rgb, dtype=np.float64)[..., :3] @ np.array([0.299, 0.587, 0.114])


def _gradients(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gradient magnitude and orientation bin of (..., H, W) grey images.

    Forward differences along x and y (zero in the last column / row); the
    unsigned orientation in [0, 180) degrees falls into one of ``ORIENTATIONS``
    equal bins.
    """
    gx = np.zeros_like(gray)
    gy = np.zeros_like(gray)
    gx[..., :, :-1] = np.diff(gray, axis=-1)
    gy[..., :-1, :] = np.diff(gray, axis=-2)
    mag = np.hypot(gx, gy)
    ori = np.rad2deg(np.arctan2(gy, gx)) % 180.0
    bins = np.minimum((ori * (ORIENTATIONS / 180.0)).astype(np.intp), ORIENTATIONS - 1)
    return mag, bins


def _as_gray(im: np.ndarray) -> np.ndarray:
    im = np.asarray(im, dtype=np.float64)
    return rgb2gray(im) if im.ndim == 3 else im


def hog_feature(im: np.ndarray) -> np.ndarray:
    """Histogram of oriented gradients of one image.

    The image is turned grey and cut into 8 x 8-pixel cells (a partial last
    row or column of cells is dropped). In each cell, every pixel votes its
    gradient magnitude into one of 9 unsigned orientation bins over
    [0, 180) degrees; each bin holds the mean vote per pixel of the cell.

    Parameters
    ----------
    im : ndarray of shape (H, W, 3) or (H, W)

    Returns
    -------
    feat : ndarray of shape (H//8 * W//8 * 9,), cells in row-major order, 144 for 32 x 32
    """
    gray = _as_gray(im)
    H, W = gray.shape
    ncy, ncx = H // CELL, W // CELL
    mag, bins = _gradients(gray)
    mag, bins = mag[:ncy * CELL, :ncx * CELL], bins[:ncy * CELL, :ncx * CELL]
    rows, cols = np.indices(mag.shape)
    cell = (rows // CELL) * ncx + cols // CELL  # (H', W') cell index of each pixel
    votes = np.bincount((cell * ORIENTATIONS + bins).ravel(), weights=mag.ravel(),
                        minlength=ncy * ncx * ORIENTATIONS)
    return votes / (CELL * CELL)


def hog_features(imgs: np.ndarray) -> np.ndarray:
    """``hog_feature`` of a batch of images at once.

    Parameters
    ----------
    imgs : ndarray of shape (N, H, W, 3) or (N, H, W)

    Returns
    -------
    feats : ndarray of shape (N, H//8 * W//8 * 9)
    """
    imgs = np.asarray(imgs, dtype=np.float64)
    gray = rgb2gray(imgs) if imgs.ndim == 4 else imgs  # (N, H, W)
    N, H, W = gray.shape
    ncy, ncx = H // CELL, W // CELL
    mag, bins = _gradients(gray)
    mag, bins = mag[:, :ncy * CELL, :ncx * CELL], bins[:, :ncy * CELL, :ncx * CELL]
    rows, cols = np.indices((ncy * CELL, ncx * CELL))
    cell = (rows // CELL) * ncx + cols // CELL  # (H', W') cell index of each pixel
    per_image = ncy * ncx * ORIENTATIONS
    slot = np.arange(N)[:, None, None] * per_image + cell * ORIENTATIONS + bins  # (N, H', W')
    votes = np.bincount(slot.ravel(), weights=mag.ravel(), minlength=N * per_image)
    return votes.reshape(N, per_image) / (CELL * CELL)


def _hue(im: np.ndarray, xmax: float) -> np.ndarray:
    """Hue of one image, scaled to [0, xmax], by matplotlib's ``rgb_to_hsv``."""
    return rgb_to_hsv(np.asarray(im, dtype=np.float64) / xmax)[..., 0] * xmax


def _hues(imgs: np.ndarray, xmax: float) -> np.ndarray:
    """Hue of (..., 3) pixels scaled to [0, xmax]: the hue part of ``rgb_to_hsv`` alone.

    The same operations in the same order as matplotlib's conversion, so the
    values agree to the last bit, while skipping saturation and value.
    """
    arr = np.asarray(imgs, dtype=np.float64) / xmax
    r, g, b = arr[..., 0], arr[..., 1], arr[..., 2]
    top = arr.max(axis=-1)
    delta = np.ptp(arr, axis=-1)
    safe = np.where(delta > 0, delta, 1.0)
    hue = np.zeros_like(top)
    hue = np.where((r == top) & (delta > 0), (g - b) / safe, hue)
    hue = np.where((g == top) & (delta > 0), 2.0 + (b - r) / safe, hue)
    hue = np.where((b == top) & (delta > 0), 4.0 + (r - g) / safe, hue)
    return (hue / 6.0) % 1.0 * xmax


def color_histogram_hsv(im: np.ndarray, nbin: int = 10, xmin: float = 0, xmax: float = 255,
                        normalized: bool = True) -> np.ndarray:
    """Histogram of the hue of one image.

    Pixels are converted to HSV (hue scaled to [0, xmax]) and their hue is
    counted in ``nbin`` equal bins over [xmin, xmax].

    Parameters
    ----------
    im : ndarray of shape (H, W, 3), values in [0, xmax]
    nbin : int, number of bins
    xmin, xmax : float, the range of the bins (and xmax the pixel scale)
    normalized : bool, return fractions of the counted pixels (summing to 1) instead of counts

    Returns
    -------
    hist : ndarray of shape (nbin,)
    """
    edges = np.linspace(xmin, xmax, nbin + 1)
    hist, _ = np.histogram(_hue(im, xmax), bins=edges)
    hist = hist.astype(np.float64)
    if normalized:
        hist /= max(hist.sum(), 1.0)
    return hist


def color_histograms_hsv(imgs: np.ndarray, nbin: int = 10, xmin: float = 0, xmax: float = 255,
                         normalized: bool = True) -> np.ndarray:
    """``color_histogram_hsv`` of a batch of images at once.

    Parameters
    ----------
    imgs : ndarray of shape (N, H, W, 3)

    Returns
    -------
    hists : ndarray of shape (N, nbin)
    """
    hue = _hues(imgs, xmax).reshape(len(imgs), -1)  # (N, H*W)
    N = hue.shape[0]
    edges = np.linspace(xmin, xmax, nbin + 1)
    inside = (hue >= xmin) & (hue <= xmax)
    # The bin of each value, with the right edge belonging to the last bin
    # (np.histogram's rule, including its correction at the edges).
    idx = np.clip(((hue - xmin) * (nbin / (xmax - xmin))).astype(np.intp), 0, nbin - 1)
    idx -= hue < edges[idx]
    idx += (hue >= edges[np.minimum(idx + 1, nbin)]) & (idx != nbin - 1)
    idx = np.clip(idx, 0, nbin - 1)
    flat = (np.arange(N)[:, None] * nbin + idx)[inside]
    hists = np.bincount(flat, minlength=N * nbin).reshape(N, nbin).astype(np.float64)
    if normalized:
        hists /= np.maximum(hists.sum(axis=1, keepdims=True), 1.0)
    return hists


BATCHED: dict[Callable, Callable] = {
    hog_feature: hog_features,
    color_histogram_hsv: color_histograms_hsv,
}


def _batched(fn: Callable) -> Callable | None:
    """The batched twin of a per-image feature function (or of a partial of one), if any."""
    if fn in BATCHED:
        return BATCHED[fn]
    if isinstance(fn, functools.partial) and fn.func in BATCHED:
        return functools.partial(BATCHED[fn.func], *fn.args, **fn.keywords)
    return None


def extract_features(imgs: np.ndarray, feature_fns: Sequence[Callable],
                     verbose: bool = False) -> np.ndarray:
    """Apply each feature function to each image and concatenate the results.

    Parameters
    ----------
    imgs : ndarray of shape (N, H, W, C)
    feature_fns : list of k functions, each taking one image and returning a 1-d array
        of length F_i. ``hog_feature``, ``color_histogram_hsv`` and
        ``functools.partial`` of them run batched.
    verbose : bool, show a progress bar

    Returns
    -------
    feats : ndarray of shape (N, F_1 + ... + F_k); column block i is feature_fns[i]
    """
    num_images = imgs.shape[0]
    if num_images == 0:
        return np.array([])
    fns = [(_batched(fn), fn) for fn in feature_fns]

    def apply(chunk: np.ndarray) -> list[np.ndarray]:
        out = []
        for batched, fn in fns:
            if batched is not None:
                out.append(np.asarray(batched(chunk), dtype=np.float64).reshape(len(chunk), -1))
            else:
                out.append(np.stack([np.asarray(fn(im), dtype=np.float64).ravel()
                                     for im in chunk]))
        return out

    first = apply(imgs[:1])
    dims = [f.shape[1] for f in first]
    bounds = np.concatenate([[0], np.cumsum(dims)])
    feats = np.empty((num_images, bounds[-1]))

    from tqdm.auto import tqdm

    with tqdm(total=num_images, desc="features", unit="img", disable=not verbose) as bar:
        for start in range(0, num_images, CHUNK):
            chunk = imgs[start:start + CHUNK]
            for i, block in enumerate(apply(chunk)):
                if block.shape[1] != dims[i]:
                    raise ValueError(f"feature function {i} gave {block.shape[1]} values "
                                     f"for images {start}.., {dims[i]} for image 0")
                feats[start:start + len(chunk), bounds[i]:bounds[i + 1]] = block
            bar.update(len(chunk))
    return feats
