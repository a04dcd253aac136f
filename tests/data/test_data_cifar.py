"""CIFAR-10 loaders on tiny handmade batches: key decoding, shapes, splits, errors."""

import numpy as np
import pytest

from cs231n.data import (
    DataCorrupt,
    DataMissing,
    get_CIFAR10_data,
    load_CIFAR10,
    load_CIFAR_batch,
)


@pytest.mark.parametrize("bytes_keys", [False, True])
def test_batch_reads_str_and_bytes_keys(tmp_path, bytes_keys, dh):
    rng = np.random.default_rng(1)
    x = rng.integers(0, 256, size=(7, 32, 32, 3), dtype=np.uint8)
    y = [3, 1, 4, 1, 5, 9, 2]
    dh.write_cifar_batch(tmp_path / "b", x, y, bytes_keys=bytes_keys)
    X, Y = load_CIFAR_batch(tmp_path / "b")
    assert X.shape == (7, 32, 32, 3) and X.dtype == np.float64
    np.testing.assert_array_equal(X, x)  # channels last, pixel for pixel
    np.testing.assert_array_equal(Y, y)


def test_truncated_batch_is_corrupt_and_named(tmp_path, dh):
    dh.write_fake_cifar(tmp_path / "c", per_batch=4)
    path = tmp_path / "c" / "data_batch_3"
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(DataCorrupt, match="data_batch_3"):
        load_CIFAR_batch(path)
    with pytest.raises(DataCorrupt, match="data_batch_3"):
        load_CIFAR10(tmp_path / "c")


def test_missing_folder_names_the_fetch_command(tmp_path):
    with pytest.raises(DataMissing) as err:
        load_CIFAR10(tmp_path / "nowhere")
    assert "python datasets/fetch.py cifar10" in str(err.value)
    assert "\n" not in str(err.value)


def test_load_cifar10_concatenates_in_order(tmp_path, dh):
    parts = dh.write_fake_cifar(tmp_path / "c", per_batch=6, bytes_keys=True)
    Xtr, Ytr, Xte, Yte = load_CIFAR10(tmp_path / "c")
    assert Xtr.shape == (30, 32, 32, 3) and Ytr.shape == (30,)
    assert Xte.shape == (6, 32, 32, 3) and Yte.shape == (6,)
    np.testing.assert_array_equal(Xtr[6:12], parts["data_batch_2"][0])
    np.testing.assert_array_equal(Yte, parts["test_batch"][1])


def test_default_root_follows_cs231n_data(tmp_path, monkeypatch, dh):
    dh.write_fake_cifar(tmp_path / "root" / "cifar-10-batches-py", per_batch=2)
    monkeypatch.setenv("CS231N_DATA", str(tmp_path / "root"))
    assert load_CIFAR10()[0].shape == (10, 32, 32, 3)


def test_get_cifar10_data_splits_and_mean_from_training_rows(tmp_path, dh):
    parts = dh.write_fake_cifar(tmp_path / "c", per_batch=10)
    raw = np.concatenate([parts[f"data_batch_{i}"][0] for i in range(1, 6)]).astype(float)
    labels = np.concatenate([parts[f"data_batch_{i}"][1] for i in range(1, 6)])
    raw[30:40] = 255.0  # validation rows differ wildly: a mean over them would show
    for b in range(4):
        dh.write_cifar_batch(tmp_path / "c" / f"data_batch_{b + 1}", raw[10 * b:10 * b + 10]
                          .astype(np.uint8), labels[10 * b:10 * b + 10])
    data = get_CIFAR10_data(num_training=30, num_validation=10, num_test=5,
                            cifar10_dir=tmp_path / "c")
    assert data["X_train"].shape == (30, 3, 32, 32)
    assert data["X_val"].shape == (10, 3, 32, 32)
    assert data["X_test"].shape == (5, 3, 32, 32)
    mean = raw[:30].mean(axis=0)  # (32, 32, 3), training rows only
    np.testing.assert_allclose(data["X_train"].mean(axis=0), 0.0, atol=1e-9)
    np.testing.assert_allclose(data["X_val"], (raw[30:40] - mean).transpose(0, 3, 1, 2))
    np.testing.assert_allclose(data["X_test"],
                               (parts["test_batch"][0][:5] - mean).transpose(0, 3, 1, 2))
    np.testing.assert_array_equal(data["y_val"], labels[30:40])
    plain = get_CIFAR10_data(30, 10, 5, subtract_mean=False, cifar10_dir=tmp_path / "c")
    np.testing.assert_array_equal(plain["X_train"], raw[:30].transpose(0, 3, 1, 2))


def test_get_cifar10_data_refuses_more_rows_than_exist(tmp_path, dh):
    dh.write_fake_cifar(tmp_path / "c", per_batch=4)
    with pytest.raises(ValueError):
        get_CIFAR10_data(num_training=18, num_validation=4, cifar10_dir=tmp_path / "c")
