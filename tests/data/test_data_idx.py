"""The idx reader (gzipped and raw) and the MNIST loader."""

import gzip
from pathlib import Path

import numpy as np
import pytest

from cs231n.data import DataCorrupt, DataMissing, load_idx, load_mnist
from cs231n.data import paths as paths_module

FASHION = Path("/usr/share/datasets/fashion-mnist")


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32,
                                   np.float64])
def test_round_trip_gz_and_raw(tmp_path, gz, dtype, dh):
    arr = (np.arange(2 * 3 * 5) - 7).reshape(2, 3, 5).astype(dtype) * (1 if gz else 3)
    path = dh.write_idx(tmp_path / "a.idx", arr, gz=gz)  # gzip detected by content, not name
    out = load_idx(path)
    assert out.shape == (2, 3, 5)
    assert out.dtype == np.dtype(dtype) and out.dtype.isnative
    np.testing.assert_array_equal(out, arr)


def test_bad_magic_names_the_file(tmp_path, dh):
    bad = bytearray(dh.idx_bytes(np.zeros((2, 2), np.uint8)))
    bad[0] = 0x12
    (tmp_path / "bad-idx").write_bytes(bytes(bad))
    with pytest.raises(DataCorrupt, match="bad-idx.*magic"):
        load_idx(tmp_path / "bad-idx")
    (tmp_path / "html.gz").write_bytes(gzip.compress(b"<html>Not Found</html>"))
    with pytest.raises(DataCorrupt, match="html.gz"):
        load_idx(tmp_path / "html.gz")


def test_truncation_is_reported_raw_and_gz(tmp_path, dh):
    raw = dh.idx_bytes(np.ones((10, 28, 28), np.uint8))
    (tmp_path / "short").write_bytes(raw[:-100])
    with pytest.raises(DataCorrupt, match="short.*truncated"):
        load_idx(tmp_path / "short")
    (tmp_path / "header").write_bytes(raw[:9])
    with pytest.raises(DataCorrupt, match="header.*truncated"):
        load_idx(tmp_path / "header")
    gz = gzip.compress(raw)
    (tmp_path / "cut.gz").write_bytes(gz[: len(gz) // 2])
    with pytest.raises(DataCorrupt, match="cut.gz"):
        load_idx(tmp_path / "cut.gz")


@pytest.mark.parametrize("gz", [True, False])
def test_load_mnist_shapes(tmp_path, gz, dh):
    parts = dh.write_fake_mnist(tmp_path / "m", gz=gz)
    X, y = load_mnist(tmp_path / "m", "train")
    assert X.shape == (12, 28, 28) and X.dtype == np.uint8
    assert y.shape == (12,) and y.dtype == np.int64
    np.testing.assert_array_equal(X, parts["train"][0])
    Xt, yt = load_mnist(tmp_path / "m", kind="test")
    assert Xt.shape == (5, 28, 28)
    np.testing.assert_array_equal(yt, parts["test"][1])
    with pytest.raises(ValueError):
        load_mnist(tmp_path / "m", kind="validation")


def test_load_mnist_missing_and_mismatched(tmp_path, dh):
    with pytest.raises(DataMissing, match="python datasets/fetch.py mnist"):
        load_mnist(tmp_path / "none")
    dh.write_fake_mnist(tmp_path / "m")
    dh.write_idx(tmp_path / "m" / "train-labels-idx1-ubyte.gz", np.zeros(3, np.uint8))
    with pytest.raises(DataCorrupt, match="12 images.*3 labels"):
        load_mnist(tmp_path / "m")


def test_standin_notice_printed_once(tmp_path, capsys, monkeypatch, dh):
    monkeypatch.setattr(paths_module, "_noticed", set())
    dh.write_fake_mnist(tmp_path / "m")
    (tmp_path / "m" / "STANDIN").write_text("Fashion-MNIST, standing in for MNIST\n")
    load_mnist(tmp_path / "m")
    load_mnist(tmp_path / "m", "test")
    out = capsys.readouterr().out
    assert out.count("Notice") == 1 and "Fashion-MNIST" in out
    dh.write_fake_mnist(tmp_path / "real")
    load_mnist(tmp_path / "real")
    assert "Notice" not in capsys.readouterr().out


@pytest.mark.skipif(not FASHION.is_dir(), reason="dataset-fashion-mnist not installed")
def test_reads_debian_fashion_mnist():
    X, y = load_mnist(FASHION, "test")
    assert X.shape == (10000, 28, 28) and y.shape == (10000,)
    assert set(np.unique(y)) == set(range(10))
