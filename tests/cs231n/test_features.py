"""Feature extraction: HOG and hue histograms, per image and batched."""

import functools

import numpy as np
import pytest
from matplotlib.colors import rgb_to_hsv

from cs231n.features import (
    color_histogram_hsv,
    color_histograms_hsv,
    extract_features,
    hog_feature,
    hog_features,
    rgb2gray,
)


@pytest.fixture(scope="module")
def images():
    rng = np.random.RandomState(0)
    imgs = rng.randint(0, 256, size=(12, 32, 32, 3)).astype(np.float64)
    imgs[0] = 0.0  # a blank image
    imgs[1] = 128.0  # grey: hue 0 everywhere
    # smooth images: gradients in every direction, hues on bin edges
    yy, xx = np.mgrid[:32, :32]
    imgs[2] = np.stack([8 * xx, 8 * yy, 255 - 4 * (xx + yy)], -1).clip(0, 255)
    imgs[3] = np.stack([255 * (xx > 15), 0 * xx, 0 * xx], -1)
    return imgs


def _hog_loops(im):
    """HOG by explicit loops over cells and pixels, the definition written out."""
    g = 0.299 * im[..., 0] + 0.587 * im[..., 1] + 0.114 * im[..., 2]
    H, W = g.shape
    feat = np.zeros((H // 8, W // 8, 9))
    for r in range(H // 8 * 8):
        for c in range(W // 8 * 8):
            gx = g[r, c + 1] - g[r, c] if c + 1 < W else 0.0
            gy = g[r + 1, c] - g[r, c] if r + 1 < H else 0.0
            angle = np.degrees(np.arctan2(gy, gx)) % 180.0
            feat[r // 8, c // 8, min(int(angle // 20), 8)] += np.hypot(gx, gy) / 64
    return feat.ravel()


def test_rgb2gray():
    np.testing.assert_allclose(rgb2gray(np.array([[255.0, 255.0, 255.0]])), [255.0])
    assert rgb2gray(np.zeros((5, 4, 4, 3))).shape == (5, 4, 4)


def test_dimensions(images):
    assert hog_feature(images[4]).shape == (144,)
    assert color_histogram_hsv(images[4]).shape == (10,)
    assert color_histogram_hsv(images[4], nbin=7).shape == (7,)
    feats = extract_features(images, [hog_feature, color_histogram_hsv])
    assert feats.shape == (12, 154)


def test_hog_matches_the_loop_definition(images):
    for im in images[[2, 3, 4, 5]]:
        np.testing.assert_allclose(hog_feature(im), _hog_loops(im), atol=1e-10)


def test_batched_hog_equals_per_image_hog(images):
    per_image = np.stack([hog_feature(im) for im in images])
    np.testing.assert_allclose(hog_features(images), per_image, rtol=1e-12, atol=1e-12)


def test_hog_of_a_vertical_edge_votes_horizontal_gradient_only():
    im = np.zeros((16, 16))
    im[:, 8:] = 100.0
    f = hog_feature(im).reshape(2, 2, 9)
    assert np.all(f[..., 1:] == 0) and f[:, 0, 0].sum() > 0
    assert np.all(hog_feature(np.zeros((32, 32, 3))) == 0)


def test_hog_drops_partial_cells():
    assert hog_feature(np.random.RandomState(1).rand(20, 27)).shape == (2 * 3 * 9,)


@pytest.mark.parametrize("nbin", [10, 7, 1])
def test_batched_histogram_equals_per_image(images, nbin):
    per_image = np.stack([color_histogram_hsv(im, nbin=nbin) for im in images])
    np.testing.assert_array_equal(color_histograms_hsv(images, nbin=nbin), per_image)
    counts = np.stack([color_histogram_hsv(im, nbin=nbin, normalized=False) for im in images])
    np.testing.assert_array_equal(color_histograms_hsv(images, nbin=nbin, normalized=False),
                                  counts)


def test_histogram_counts_hues(images):
    hue = rgb_to_hsv(images[4] / 255)[..., 0] * 255
    expected, _ = np.histogram(hue, bins=np.linspace(0, 255, 11))
    np.testing.assert_array_equal(color_histogram_hsv(images[4], normalized=False), expected)
    assert color_histogram_hsv(images[4]).sum() == pytest.approx(1.0)
    assert color_histogram_hsv(images[1])[0] == 1.0  # grey has hue 0


def test_extract_features_batched_and_per_image_paths_agree(images):
    hist = functools.partial(color_histogram_hsv, nbin=6)
    batched = extract_features(images, [hog_feature, hist])
    looped = extract_features(images, [lambda im: hog_feature(im), lambda im: hist(im)])
    np.testing.assert_allclose(batched, looped, atol=1e-12)
    assert batched.shape == (12, 150)
    np.testing.assert_allclose(batched[:, 144:].sum(1), 1.0)


def test_extract_features_chunks_and_progress(images, monkeypatch, capsys):
    import cs231n.features as features

    monkeypatch.setattr(features, "CHUNK", 5)
    many = np.concatenate([images] * 2)
    feats = extract_features(many, [hog_feature], verbose=True)
    np.testing.assert_allclose(feats, hog_features(many))
    assert "24/24" in capsys.readouterr().err


def test_extract_features_of_no_images():
    assert extract_features(np.zeros((0, 32, 32, 3)), [hog_feature]).size == 0
