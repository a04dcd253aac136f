"""An offline stand-in for COCO captioning: rendered shape scenes in CS231n's HDF5 layout.

Shapes: N images of S x S pixels (S = 64), C captions per image (C = 5), T + 1 = 17
tokens per caption, V words, D = 4096 "fc7" features and P = 512 PCA features.

Each image shows one or two filled shapes (circle, square, triangle, cross) in one
of six colours, small or large, placed left/right/top/bottom/middle; two shapes sit
side by side or one above the other. Captions come from a small grammar
("a large red circle on the left", "a small blue square above a green triangle").
Features come from a fixed, seeded extractor (colour grids, oriented-edge
histograms and area cues, lifted by a fixed random ReLU projection to 4096-d, then
reduced to 512-d by a PCA fitted on the training images), so that shape, colour,
size and position can be read off them and a captioning model can learn the set.

The folder it writes has the files of the real ``coco_captioning`` folder
(``coco2014_captions.h5``, ``coco2014_vocab.json``, ``{train,val}2014_vgg16_fc7.h5``,
``{train,val}2014_vgg16_fc7_pca.h5``, ``{train,val}2014_urls.txt``) plus the JPEG
images (``{train,val}2014_images/``) that its url files point to, and a
``STANDIN`` marker. Build it with ``python datasets/fetch.py coco --offline``.
Taught in: assignment3/RNN_Captioning.ipynb and Transformer_Captioning.ipynb.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import h5py
import numpy as np
from PIL import Image, ImageDraw

from cs231n.data.paths import STANDIN_MARKER

SHAPES = ("circle", "square", "triangle", "cross")
COLOURS = {
    "red": (214, 39, 40), "green": (44, 160, 44), "blue": (31, 90, 220),
    "yellow": (235, 200, 25), "purple": (140, 70, 180), "black": (30, 30, 30),
}
SIZES = {"small": 7.0, "large": 13.5}  # half-extent in pixels at S = 64
POSITIONS = {  # single-object centre (x, y) as a fraction of S
    "left": (0.25, 0.5), "right": (0.75, 0.5), "top": (0.5, 0.25),
    "bottom": (0.5, 0.75), "middle": (0.5, 0.5),
}
POSITION_PHRASES = {
    "left": ("on the left", "on the left side"),
    "right": ("on the right", "on the right side"),
    "top": ("at the top", "near the top"),
    "bottom": ("at the bottom", "near the bottom"),
    "middle": ("in the middle", "in the center"),
}
SIZE_WORDS = {"small": ("small", "little"), "large": ("large", "big")}
# Rare synonyms, used now and then: they are left out of the vocabulary and so
# appear as <UNK>, as rare words do in the real set.
RARE_WORDS = {"small": "tiny", "large": "huge", "red": "crimson", "blue": "azure"}
RARE_P = 0.004
SPECIAL = ("<NULL>", "<START>", "<END>", "<UNK>")
MAX_WORDS = 15  # + <START> + <END> = 17 tokens, as in the course's captions
DEFAULTS = {"num_train": 4000, "num_val": 500, "captions_per_image": 5,
            "image_size": 64, "seed": 231}
FC7_DIM, PCA_DIM = 4096, 512
PCA_FIT_IMAGES = 1536  # the PCA is fitted on at most this many training images


# ---------------------------------------------------------------- scenes and captions

def _random_object(rng: np.random.Generator) -> dict:
    return {"shape": SHAPES[rng.integers(len(SHAPES))],
            "colour": list(COLOURS)[rng.integers(len(COLOURS))],
            "size": ("small", "large")[rng.integers(2)]}


def random_scene(rng: np.random.Generator) -> dict:
    """One scene: ``{'objects': [obj, ...], 'layout': 'left'|...|'horizontal'|'vertical'}``.

    Each object is ``{'shape', 'colour', 'size', 'cx', 'cy'}`` with the centre as a
    fraction of the image side. With two objects the first is the left or top one.
    """
    if rng.random() < 0.5:
        layout = list(POSITIONS)[rng.integers(len(POSITIONS))]
        obj = _random_object(rng)
        cx, cy = POSITIONS[layout]
        obj["cx"], obj["cy"] = cx + rng.uniform(-0.06, 0.06), cy + rng.uniform(-0.06, 0.06)
        return {"objects": [obj], "layout": layout}
    layout = ("horizontal", "vertical")[rng.integers(2)]
    a, b = _random_object(rng), _random_object(rng)
    while (a["shape"], a["colour"]) == (b["shape"], b["colour"]):
        b = _random_object(rng)
    near, far, across = 0.26, 0.74, 0.5 + rng.uniform(-0.12, 0.12)
    for obj, along in ((a, near), (b, far)):
        along += rng.uniform(-0.04, 0.04)
        side = across + rng.uniform(-0.05, 0.05)
        obj["cx"], obj["cy"] = (along, side) if layout == "horizontal" else (side, along)
    return {"objects": [a, b], "layout": layout}


def _words(obj: dict, rng: np.random.Generator, with_size: bool) -> list[str]:
    def pick(options):
        return options[rng.integers(len(options))]

    size = pick(SIZE_WORDS[obj["size"]])
    colour = obj["colour"]
    if rng.random() < RARE_P:
        size = RARE_WORDS[obj["size"]]
    if colour in RARE_WORDS and rng.random() < RARE_P:
        colour = RARE_WORDS[colour]
    return ([size] if with_size else []) + [colour, obj["shape"]]


def caption(scene: dict, rng: np.random.Generator) -> list[str]:
    """One caption of the scene from the grammar, as a list of at most 15 words."""
    objs = scene["objects"]
    with_size = rng.random() < 0.8
    if len(objs) == 1:
        x = _words(objs[0], rng, with_size)
        phrases = POSITION_PHRASES[scene["layout"]]
        where = phrases[rng.integers(len(phrases))].split()
        form = rng.integers(4)
        if form == 0:
            return ["a", *x, *where]
        if form == 1:
            return ["there", "is", "a", *x, *where]
        if form == 2:
            return [*where, "there", "is", "a", *x]
        return ["a", *x]
    a = _words(objs[0], rng, with_size)
    b = _words(objs[1], rng, rng.random() < 0.8)
    horizontal = scene["layout"] == "horizontal"
    form = rng.integers(4)
    if form == 0:
        rel = ["to", "the", "left", "of"] if horizontal else ["above"]
        return ["a", *a, *rel, "a", *b]
    if form == 1:
        rel = ["to", "the", "right", "of"] if horizontal else ["below"]
        return ["a", *b, *rel, "a", *a]
    if form == 2:
        first, second = ("on the left", "on the right") if horizontal else \
            ("at the top", "at the bottom")
        return ["a", *a, *first.split(), "and", "a", *b, *second.split()]
    return ["a", *a, "and", "a", *b]


def render(scene: dict, size: int, rng: np.random.Generator) -> np.ndarray:
    """Draw the scene: an image of shape (size, size, 3), uint8."""
    scale = 3  # draw large, then downsample: smooth edges
    big = size * scale
    bg = np.clip(np.array([238, 236, 230]) + rng.integers(-12, 13, size=3), 0, 255)
    img = Image.new("RGB", (big, big), tuple(int(v) for v in bg))
    draw = ImageDraw.Draw(img)
    for obj in scene["objects"]:
        r = SIZES[obj["size"]] * size / 64 * scale * rng.uniform(0.9, 1.1)
        cx, cy = obj["cx"] * big, obj["cy"] * big
        jitter = rng.integers(-15, 16, size=3)
        fill = tuple(int(v) for v in np.clip(np.array(COLOURS[obj["colour"]]) + jitter, 0, 255))
        if obj["shape"] == "circle":
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
        elif obj["shape"] == "square":
            s = r * 0.9
            draw.rectangle([cx - s, cy - s, cx + s, cy + s], fill=fill)
        elif obj["shape"] == "triangle":
            draw.polygon([(cx, cy - r), (cx + r * 1.05, cy + r * 0.8),
                          (cx - r * 1.05, cy + r * 0.8)], fill=fill)
        else:  # cross
            t = r * 0.36
            draw.rectangle([cx - r, cy - t, cx + r, cy + t], fill=fill)
            draw.rectangle([cx - t, cy - r, cx + t, cy + r], fill=fill)
    img = img.resize((size, size), Image.BOX)
    arr = np.asarray(img, dtype=np.int16) + rng.integers(-6, 7, size=(size, size, 3))
    return np.clip(arr, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- fixed feature extractor

def _descriptor(images: np.ndarray) -> np.ndarray:
    """Hand-made descriptor of shape (N, 626) from images of shape (N, S, S, 3), S % 32 == 0."""
    N, S = images.shape[0], images.shape[1]
    f = S // 32
    x = images.astype(np.float32).reshape(N, 32, f, 32, f, 3).mean(axis=(2, 4)) / 255.0
    border = np.concatenate([x[:, 0], x[:, -1], x[:, :, 0], x[:, :, -1]], axis=1)  # (N, 128, 3)
    bg = np.median(border, axis=1)[:, None, None, :]  # (N, 1, 1, 3)
    fg = np.clip((np.linalg.norm(x - bg, axis=-1) - 0.06) / 0.2, 0.0, 1.0)  # (N, 32, 32)
    colour = np.concatenate([x * fg[..., None], fg[..., None]], axis=-1)  # (N, 32, 32, 4)

    def grid(a, g):  # (N, 32, 32, K) -> (N, g * g * K) block means
        k = a.shape[-1]
        return a.reshape(N, g, 32 // g, g, 32 // g, k).mean(axis=(2, 4)).reshape(N, -1)

    gy, gx = np.gradient(fg, axis=(1, 2))
    mag = np.hypot(gx, gy)
    bins = np.floor((np.arctan2(gy, gx) / (2 * np.pi) + 1 / 16) * 8).astype(int) % 8  # 0 = +x
    orient = np.zeros((N, 32, 32, 8), np.float32)
    np.put_along_axis(orient, bins[..., None], mag[..., None], axis=-1)
    area = fg.mean(axis=(1, 2))
    edge = mag.mean(axis=(1, 2))

    def hist(o):  # (N, ..., 8) -> (N, 8) orientation histogram summing to 1
        h = o.reshape(N, -1, 8).sum(axis=1)
        return h / (h.sum(axis=1, keepdims=True) + 1e-6)

    # shape cues that do not depend on where the shape is: whole image and each half
    halves = [hist(orient)] + [hist(h) for h in (orient[:, :, :16], orient[:, :, 16:],
                                                 orient[:, :16], orient[:, 16:])]
    # colour cues that do not depend on where the colour is: a soft 3x3x3 RGB histogram
    # of the foreground, over the whole image and each half
    x16 = x.reshape(N, 16, 2, 16, 2, 3).mean(axis=(2, 4))  # (N, 16, 16, 3)
    fg16 = fg.reshape(N, 16, 2, 16, 2).mean(axis=(2, 4))  # (N, 16, 16)
    centres = np.array([0.0, 0.5, 1.0], np.float32)
    soft = np.maximum(0.0, 1.0 - np.abs(x16[..., None] - centres) * 2)  # (N, 16, 16, 3, 3)
    rgb = (soft[..., 0, :, None, None] * soft[..., 1, None, :, None]
           * soft[..., 2, None, None, :]).reshape(N, 16, 16, 27) * fg16[..., None]

    def colour_hist(c):  # (N, h, w, 27) -> (N, 27) summing to 1 (0 without foreground)
        h = c.reshape(N, -1, 27).sum(axis=1)
        return h / (h.sum(axis=1, keepdims=True) + 1e-3)

    colours = [colour_hist(c) for c in (rgb, rgb[:, :, :8], rgb[:, :, 8:], rgb[:, :8],
                                        rgb[:, 8:])]
    scalars = np.stack([area * 8, edge * 8, area / (edge ** 2 + 1e-3) / 10], axis=1)
    return np.concatenate([grid(colour, 4) * 4, grid(colour, 8) * 3, grid(orient, 4) * 4,
                           *(h * 6 for h in halves), *(c * 6 for c in colours), scalars],
                          axis=1).astype(np.float32)


def _projection(dim_in: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng([seed, 4096])
    W = rng.standard_normal((dim_in, FC7_DIM)).astype(np.float32) / np.sqrt(dim_in / 4)
    b = rng.normal(-0.5, 0.5, size=FC7_DIM).astype(np.float32)
    return W, b


def extract_features(images: np.ndarray, seed: int = DEFAULTS["seed"],
                     chunk: int = 512) -> np.ndarray:
    """Fixed "fc7" features: images (N, S, S, 3) uint8 -> (N, 4096) float32, non-negative.

    The same images and seed always give the same features.
    """
    out = np.empty((images.shape[0], FC7_DIM), np.float32)
    W = b = None
    for i in range(0, images.shape[0], chunk):
        d = _descriptor(images[i:i + chunk])  # (n, 626)
        if W is None:
            W, b = _projection(d.shape[1], seed)
        out[i:i + chunk] = np.maximum(d @ W + b, 0.0)  # (n, 4096)
    return out


def _orthonormal(Y: np.ndarray) -> np.ndarray:
    """An orthonormal basis (N, r) of the columns of Y (N, p), from the eigenvectors of Y^T Y.

    Only matrix products and one small symmetric eigensolve: QR and SVD of tall
    matrices are very slow in some multi-threaded LAPACK builds on busy machines.
    """
    w, U = np.linalg.eigh(Y.T.astype(np.float64) @ Y)  # (p,), (p, p), ascending
    keep = w > w[-1] * 1e-10
    return (Y @ (U[:, keep] / np.sqrt(w[keep]))).astype(Y.dtype)


def fit_pca(X: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean (D,) and top-k principal directions (D, k) of X (N, D), by a seeded randomized SVD.

    When the data's rank is below k the remaining directions are zero columns.
    """
    mean = X.mean(axis=0, dtype=np.float64)
    Xc = (X - mean).astype(np.float32)  # (N, D)
    rng = np.random.default_rng([seed, 512])
    p = min(k + 16, Xc.shape[0], Xc.shape[1])
    Q = _orthonormal(Xc @ rng.standard_normal((Xc.shape[1], p), dtype=np.float32))  # (N, r)
    Q = _orthonormal(Xc @ (Xc.T @ Q))  # one power iteration
    B = (Q.T @ Xc).astype(np.float64)  # (r, D)
    w, U = np.linalg.eigh(B @ B.T)  # ascending
    order = np.argsort(w)[::-1]
    w, U = w[order], U[:, order]
    keep = w > max(w[0], 0) * 1e-10
    Vt = (U[:, keep].T @ B) / np.sqrt(w[keep])[:, None]  # (r', D) orthonormal rows
    V = np.zeros((X.shape[1], k), np.float32)
    m = min(k, Vt.shape[0])
    V[:, :m] = Vt[:m].T
    return mean.astype(np.float32), V


# ---------------------------------------------------------------- the build

def _encode(words: list[str], word_to_idx: dict, T: int) -> np.ndarray:
    ids = [word_to_idx["<START>"]] + [word_to_idx.get(w, word_to_idx["<UNK>"]) for w in words]
    ids.append(word_to_idx["<END>"])
    row = np.full(T, word_to_idx["<NULL>"], np.int32)
    row[:len(ids)] = ids
    return row


def _write_features(path: Path, features: np.ndarray) -> None:
    with h5py.File(path, "w") as f:
        f.create_dataset("features", data=features.astype(np.float32))


def build(dest: str | os.PathLike, num_train: int = DEFAULTS["num_train"],
          num_val: int = DEFAULTS["num_val"],
          captions_per_image: int = DEFAULTS["captions_per_image"],
          image_size: int = DEFAULTS["image_size"], seed: int = DEFAULTS["seed"]) -> Path:
    """Write the synthetic captioning set into the folder ``dest`` (created if needed).

    Parameters
    ----------
    dest : folder to write; it is what ``load_coco_data(base_dir=dest)`` reads.
    num_train, num_val : number of images per split.
    captions_per_image : captions drawn from the grammar for each image.
    image_size : side S of the square images, a multiple of 32.
    seed : seeds scenes, captions, noise, the feature projection and the PCA.

    Returns
    -------
    Path of ``dest``. The same arguments always give the same files.
    """
    if image_size % 32:
        raise ValueError(f"image_size must be a multiple of 32, not {image_size}")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    T = MAX_WORDS + 2
    splits = {}
    for split, n, tag in (("train", num_train, 1), ("val", num_val, 2)):
        rng = np.random.default_rng([seed, tag])
        scenes = [random_scene(rng) for _ in range(n)]
        images = np.stack([render(s, image_size, rng) for s in scenes]) if n else \
            np.zeros((0, image_size, image_size, 3), np.uint8)
        caps = [[caption(s, rng) for _ in range(captions_per_image)] for s in scenes]
        splits[split] = (images, caps)

    # vocabulary: the specials, then every grammar word seen in train, most frequent first
    counts: dict[str, int] = {}
    for caps in splits["train"][1]:
        for c in caps:
            for w in c:
                counts[w] = counts.get(w, 0) + 1
    rare = set(RARE_WORDS.values())
    words = sorted((w for w in counts if w not in rare), key=lambda w: (-counts[w], w))
    idx_to_word = list(SPECIAL) + words
    word_to_idx = {w: i for i, w in enumerate(idx_to_word)}
    with open(dest / "coco2014_vocab.json", "w", encoding="utf-8") as f:
        json.dump({"idx_to_word": idx_to_word, "word_to_idx": word_to_idx}, f)

    fc7 = {s: extract_features(splits[s][0], seed) for s in splits}
    fit_rows = np.random.default_rng([seed, 3]).permutation(num_train)[:PCA_FIT_IMAGES]
    mean, V = fit_pca(fc7["train"][np.sort(fit_rows)], PCA_DIM, seed) if num_train else \
        (np.zeros(FC7_DIM, np.float32), np.zeros((FC7_DIM, PCA_DIM), np.float32))
    with h5py.File(dest / "coco2014_captions.h5", "w") as h5:
        for split, (images, caps) in splits.items():
            ncap = captions_per_image
            rows = [_encode(c, word_to_idx, T) for cs in caps for c in cs]
            captions = np.stack(rows) if rows else np.zeros((0, T), np.int32)
            h5.create_dataset(f"{split}_captions", data=captions.astype(np.int32))
            h5.create_dataset(f"{split}_image_idxs",
                              data=np.repeat(np.arange(len(caps)), ncap).astype(np.int32))
            _write_features(dest / f"{split}2014_vgg16_fc7.h5", fc7[split])
            _write_features(dest / f"{split}2014_vgg16_fc7_pca.h5", (fc7[split] - mean) @ V)
            folder = f"{split}2014_images"
            (dest / folder).mkdir(exist_ok=True)
            names = [f"{folder}/{split}2014_{i:06d}.jpg" for i in range(len(images))]
            for name, img in zip(names, images):
                Image.fromarray(img).save(dest / name, quality=92, subsampling=0)
            with open(dest / f"{split}2014_urls.txt", "w", encoding="utf-8") as f:
                f.write("".join(n + "\n" for n in names))
    (dest / STANDIN_MARKER).write_text(
        f"synthetic shape-scene captions built by cs231n.data.synth_coco (seed {seed}, "
        f"{num_train} train / {num_val} val images)\n", encoding="utf-8")
    return dest


def build_single_threaded(dest: str | os.PathLike, **options) -> Path:
    """``build(dest, **options)`` in a child process whose BLAS uses one thread.

    The build's small eigensolves crawl when a multi-threaded BLAS competes for the
    cores of a busy machine; one thread keeps the build time predictable.
    Raises RuntimeError with the child's last error line when it fails.
    """
    import subprocess
    import sys

    unknown = set(options) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"unknown build options: {', '.join(sorted(unknown))}")
    args = [f"--{k.replace('_', '-')}={int(v)}" for k, v in {**DEFAULTS, **options}.items()]
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-m", "cs231n.data.synth_coco", str(dest), *args],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines() or ["no output"]
        raise RuntimeError(f"building the captioning stand-in failed: {lines[-1]}")
    return Path(dest)


def main(argv: list[str] | None = None) -> None:
    """``python -m cs231n.data.synth_coco DEST [--num-train N] [--num-val N] [--seed S]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m cs231n.data.synth_coco",
                                     description="Write the synthetic captioning set.")
    parser.add_argument("dest")
    for key, value in DEFAULTS.items():
        parser.add_argument("--" + key.replace("_", "-"), type=int, default=value)
    args = parser.parse_args(argv)
    build(args.dest, **{k: getattr(args, k) for k in DEFAULTS})


if __name__ == "__main__":
    main()
