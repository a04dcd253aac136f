"""COCO captioning loader on the synthetic stand-in: layout, decoding, minibatches, errors,
and whether the stand-in's features carry what its captions say."""

import json
import shutil

import h5py
import numpy as np
import pytest
from PIL import Image

from cs231n.data import (
    DataCorrupt,
    DataMissing,
    decode_captions,
    load_caption_image,
    load_coco_data,
    sample_coco_minibatch,
    synth_coco,
)
from cs231n.data import coco as coco_module
from cs231n.data import paths as paths_module

KEYS = {"train_captions", "train_image_idxs", "val_captions", "val_image_idxs",
        "train_features", "val_features", "idx_to_word", "word_to_idx", "train_urls",
        "val_urls"}
NUM_TRAIN, NUM_VAL, PER_IMAGE = 500, 150, 5


@pytest.fixture(scope="module")
def coco_dir(tmp_path_factory):
    dest = tmp_path_factory.mktemp("synth") / "coco_captioning"
    return synth_coco.build_single_threaded(dest, num_train=NUM_TRAIN, num_val=NUM_VAL,
                                            captions_per_image=PER_IMAGE)


@pytest.fixture(scope="module")
def data(coco_dir):
    return load_coco_data(coco_dir)


def test_layout_keys_shapes_and_dtypes(coco_dir, data):
    assert set(data) == KEYS
    assert data["train_captions"].shape == (NUM_TRAIN * PER_IMAGE, 17)
    assert data["val_captions"].shape == (NUM_VAL * PER_IMAGE, 17)
    for split, n in (("train", NUM_TRAIN), ("val", NUM_VAL)):
        assert data[f"{split}_captions"].dtype == np.int32
        assert data[f"{split}_image_idxs"].dtype == np.int32
        assert data[f"{split}_image_idxs"].max() == n - 1
        assert data[f"{split}_features"].shape == (n, 512)
        assert data[f"{split}_features"].dtype == np.float32
        assert data[f"{split}_urls"].shape == (n,)
    raw = load_coco_data(coco_dir, pca_features=False)
    assert raw["train_features"].shape == (NUM_TRAIN, 4096)
    assert (raw["train_features"] >= 0).all()  # post-ReLU, like fc7
    with h5py.File(coco_dir / "coco2014_captions.h5") as f:
        assert set(f) == {"train_captions", "train_image_idxs", "val_captions",
                          "val_image_idxs"}


def test_vocabulary_and_caption_rows(data):
    idx_to_word, word_to_idx = data["idx_to_word"], data["word_to_idx"]
    assert idx_to_word[:4] == ["<NULL>", "<START>", "<END>", "<UNK>"]
    assert all(word_to_idx[w] == i for i, w in enumerate(idx_to_word))
    caps = data["train_captions"]
    assert (caps[:, 0] == 1).all()  # every row opens with <START>
    ends = (caps == 2).argmax(axis=1)
    assert ((caps == 2).sum(axis=1) == 1).all() and (ends >= 3).all()
    after = np.arange(17)[None, :] > ends[:, None]
    assert (caps[after] == 0).all() and (caps[~after] != 0).all()  # <NULL> only after <END>
    assert (caps == 3).any()  # rare words show up as <UNK>, as in the real set


def test_urls_point_at_the_images(data, coco_dir):
    url = str(data["val_urls"][7])
    assert url.startswith("file://") and url.endswith(".jpg")
    img = load_caption_image(data, "val", 7)
    assert img.shape == (64, 64, 3) and img.dtype == np.uint8
    name = (coco_dir / "val2014_urls.txt").read_text().splitlines()[7]
    np.testing.assert_array_equal(img, np.asarray(Image.open(coco_dir / name).convert("RGB")))
    assert coco_module.image_from_url("file:///nonexistent/x.jpg") is None
    assert coco_module.image_from_url("http://127.0.0.1:9/x.jpg", timeout=2) is None


def test_max_train_subsamples_captions_with_numpy_rng(coco_dir, data):
    np.random.seed(231)
    small = load_coco_data(coco_dir, max_train=50)
    np.random.seed(231)
    again = load_coco_data(coco_dir, max_train=50)
    np.random.seed(231)
    rows = np.random.randint(NUM_TRAIN * PER_IMAGE, size=50)
    assert small["train_captions"].shape == (50, 17)
    np.testing.assert_array_equal(small["train_captions"], again["train_captions"])
    np.testing.assert_array_equal(small["train_captions"], data["train_captions"][rows])
    np.testing.assert_array_equal(small["train_image_idxs"], data["train_image_idxs"][rows])
    assert small["train_features"].shape == (NUM_TRAIN, 512)  # features kept whole
    assert small["val_captions"].shape == data["val_captions"].shape


def test_decode_captions():
    vocab = ["<NULL>", "<START>", "<END>", "<UNK>", "a", "red", "circle"]
    one = np.array([1, 4, 5, 6, 2, 0, 0])
    assert decode_captions(one, vocab) == "<START> a red circle <END>"
    two = np.array([[1, 4, 0, 6, 2, 5, 5], [4, 3, 6, 0, 0, 0, 0]])
    assert decode_captions(two, vocab) == ["<START> a circle <END>", "a <UNK> circle"]


def test_sample_coco_minibatch(data):
    np.random.seed(0)
    caps, feats, urls = sample_coco_minibatch(data, batch_size=25, split="val")
    assert caps.shape == (25, 17) and feats.shape == (25, 512) and urls.shape == (25,)
    url_row = {u: i for i, u in enumerate(data["val_urls"])}
    for c, f, u in zip(caps, feats, urls):
        row = url_row[u]
        np.testing.assert_array_equal(f, data["val_features"][row])
        owners = data["val_image_idxs"][(data["val_captions"] == c).all(axis=1)]
        assert row in owners  # the caption belongs to the image the features come from
    caps, feats, urls = sample_coco_minibatch(data)
    assert caps.shape == (100, 17) and feats.shape == (100, 512)


def test_missing_and_corrupt(tmp_path, coco_dir):
    with pytest.raises(DataMissing) as err:
        load_coco_data(tmp_path / "none")
    assert "python datasets/fetch.py coco" in str(err.value)
    broken = tmp_path / "broken"
    shutil.copytree(coco_dir, broken, ignore=shutil.ignore_patterns("*_images"))
    (broken / "val2014_vgg16_fc7.h5").unlink()
    with pytest.raises(DataMissing):  # the raw features are missing, the PCA ones are not
        load_coco_data(broken, pca_features=False)
    path = broken / "coco2014_captions.h5"
    path.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(DataCorrupt, match="coco2014_captions.h5"):
        load_coco_data(broken)
    with h5py.File(path, "w") as f:
        f.create_dataset("train_captions", data=np.zeros((2, 17), np.int32))
    with pytest.raises(DataCorrupt, match="lacks.*train_image_idxs"):
        load_coco_data(broken)
    (broken / "coco2014_vocab.json").write_text('{"idx_to_word": [')
    shutil.copyfile(coco_dir / "coco2014_captions.h5", path)
    with pytest.raises(DataCorrupt, match="coco2014_vocab.json"):
        load_coco_data(broken)


def test_standin_notice(coco_dir, capsys, monkeypatch):
    monkeypatch.setattr(paths_module, "_noticed", set())
    load_coco_data(coco_dir)
    load_coco_data(coco_dir)
    out = capsys.readouterr().out
    assert out.count("Notice") == 1 and "stand-in" in out


def test_build_is_deterministic(tmp_path):
    a = synth_coco.build(tmp_path / "a", num_train=8, num_val=3, seed=5)
    b = synth_coco.build(tmp_path / "b", num_train=8, num_val=3, seed=5)
    c = synth_coco.build(tmp_path / "c", num_train=8, num_val=3, seed=6)
    da, db, dc = (load_coco_data(p) for p in (a, b, c))
    for k in ("train_captions", "val_captions", "train_features", "val_features"):
        np.testing.assert_array_equal(da[k], db[k])
    assert not np.array_equal(da["train_captions"], dc["train_captions"])
    assert json.loads((a / "coco2014_vocab.json").read_text()) == \
        json.loads((b / "coco2014_vocab.json").read_text())


ATTRIBUTES = {
    "shape": ["circle", "square", "triangle", "cross"],
    "colour": ["red", "green", "blue", "yellow", "purple", "black"],
    "position": ["left", "right", "top", "bottom", "middle"],
}


def _single_object_labels(data, split):
    """attribute -> (N,) label per image (-1 where unknown), for one-object images."""
    words = [set() for _ in range(data[f"{split}_features"].shape[0])]
    for cap, img in zip(data[f"{split}_captions"], data[f"{split}_image_idxs"]):
        words[img].update(data["idx_to_word"][i] for i in cap)
    labels = {}
    for attr, values in ATTRIBUTES.items():
        lab = []
        for w in words:
            w = {"middle" if x == "center" else x for x in w}
            hits = [i for i, v in enumerate(values) if v in w]
            single = not w & {"and", "of", "above", "below"}
            lab.append(hits[0] if single and len(hits) == 1 else -1)
        labels[attr] = np.array(lab)
    return labels


def test_features_carry_shape_colour_and_position(data):
    """A ridge-regression probe on the PCA features reads what the captions say."""
    Xtr, Xva = data["train_features"], data["val_features"]
    mu, sd = Xtr.mean(axis=0), Xtr.std(axis=0) + 1e-6
    Xtr, Xva = (Xtr - mu) / sd, (Xva - mu) / sd
    ltr, lva = _single_object_labels(data, "train"), _single_object_labels(data, "val")
    for attr, values in ATTRIBUTES.items():
        m, mv = ltr[attr] >= 0, lva[attr] >= 0
        assert m.sum() > 100 and mv.sum() > 30
        Y = np.eye(len(values))[ltr[attr][m]]
        A = Xtr[m]
        W = np.linalg.solve(A.T @ A + 50.0 * np.eye(A.shape[1]), A.T @ Y)
        acc = ((Xva[mv] @ W).argmax(axis=1) == lva[attr][mv]).mean()
        assert acc > 0.8, f"{attr}: probe accuracy {acc:.2f} (chance {1 / len(values):.2f})"
    sq = (Xtr ** 2).sum(axis=1)
    d = sq[:, None] - 2 * Xtr @ Xtr.T + sq[None, :] + np.eye(len(Xtr)) * 1e9  # (N, N)
    assert d.min() > 1.0  # every image has its own features: a model can overfit captions
