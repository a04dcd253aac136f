"""CaptioningSolver: its contract (inventory section 6), and that it trains a CaptioningRNN."""

import numpy as np
import pytest

from cs231n.captioning_solver import CaptioningSolver
from cs231n.classifiers.rnn import CaptioningRNN


class ConstantModel:
    """Loss 1 with gradient -1 for its one parameter; records the batches it sees."""

    def __init__(self):
        self.params = {"w": np.zeros(1)}
        self.batches = []

    def loss(self, features, captions):
        self.batches.append((features.copy(), captions.copy()))
        return 1.0, {"w": -np.ones(1)}


def _data(num_captions=30, num_images=10, D=6, V=8, T=5, seed=0):
    """A tiny data dict in load_coco_data's layout: caption i shows image i % num_images."""
    rng = np.random.RandomState(seed)
    captions = rng.randint(3, V, size=(num_captions, T + 1)).astype(np.int32)
    captions[:, 0], captions[:, -1] = 1, 2  # <START> ... <END>
    words = ["<NULL>", "<START>", "<END>"] + [f"w{i}" for i in range(V - 3)]
    return {"train_captions": captions,
            "train_image_idxs": (np.arange(num_captions) % num_images).astype(np.int32),
            "train_features": rng.randn(num_images, D).astype(np.float32),
            "train_urls": np.asarray([f"img{i}.jpg" for i in range(num_images)]),
            "idx_to_word": words, "word_to_idx": {w: i for i, w in enumerate(words)}}


def test_unknown_kwargs_rule_and_data_are_rejected():
    with pytest.raises(ValueError, match="Unrecognized arguments"):
        CaptioningSolver(ConstantModel(), _data(), learning_rate=1e-3)
    with pytest.raises(ValueError, match="update_rule"):
        CaptioningSolver(ConstantModel(), _data(), update_rule="no_such_rule")
    with pytest.raises(ValueError, match="update_rule"):
        CaptioningSolver(ConstantModel(), _data(), update_rule="_private")
    bad = _data()
    del bad["train_features"]
    with pytest.raises(ValueError, match="train_features"):
        CaptioningSolver(ConstantModel(), bad)


@pytest.mark.parametrize("num_captions, batch_size, epochs, per_epoch", [
    (30, 10, 2, 3), (30, 7, 3, 4), (5, 10, 4, 1)])
def test_iterations_batches_and_history(num_captions, batch_size, epochs, per_epoch):
    np.random.seed(0)
    model, d = ConstantModel(), _data(num_captions=num_captions)
    solver = CaptioningSolver(model, d, batch_size=batch_size, num_epochs=epochs,
                              optim_config={"learning_rate": 0.5}, verbose=False)
    solver.train()
    assert len(solver.loss_history) == len(model.batches) == epochs * per_epoch
    assert solver.epoch == epochs
    feats, caps = model.batches[0]
    assert feats.shape == (batch_size, 6) and caps.shape == (batch_size, 6)
    # every (features, caption) pair is a training caption with its own image
    for f, c in zip(feats, caps):
        rows = np.flatnonzero((d["train_captions"] == c).all(axis=1))
        assert any(np.array_equal(d["train_features"][d["train_image_idxs"][r]], f)
                   for r in rows)
    # sgd moves w by lr per step
    assert model.params["w"][0] == pytest.approx(0.5 * epochs * per_epoch)


def test_learning_rate_decays_once_per_epoch():
    solver = CaptioningSolver(ConstantModel(), _data(), update_rule="sgd_momentum",
                              optim_config={"learning_rate": 0.1}, lr_decay=0.5,
                              batch_size=10, num_epochs=3, verbose=False)
    solver.train()
    assert solver.optim_configs["w"]["learning_rate"] == pytest.approx(0.1 * 0.5 ** 3)
    assert solver.optim_config["learning_rate"] == 0.1  # the caller's config is untouched
    assert solver.check_accuracy() == 0.0


def test_accepts_a_callable_rule_and_prints_progress(capsys):
    calls = []

    def rule(w, dw, config):
        calls.append(config)
        return w - dw, config

    CaptioningSolver(ConstantModel(), _data(), update_rule=rule, batch_size=10, num_epochs=1,
                     print_every=2).train()
    out = capsys.readouterr().out
    assert len(calls) == 3
    assert "(Iteration 1 / 3)" in out and "(Iteration 3 / 3)" in out


@pytest.mark.parametrize("cell_type", ["rnn", "lstm"])
def test_overfits_a_few_captions_with_adam(cell_type):
    np.random.seed(1)
    d = _data(num_captions=8, num_images=8)
    model = CaptioningRNN(d["word_to_idx"], input_dim=6, wordvec_dim=16, hidden_dim=32,
                          cell_type=cell_type)
    solver = CaptioningSolver(model, d, update_rule="adam", optim_config={"learning_rate": 1e-2},
                              batch_size=8, num_epochs=150, verbose=False)
    solver.train()
    assert solver.loss_history[0] > 5 * solver.loss_history[-1]
    assert solver.loss_history[-1] < 0.5
    sampled = model.sample(d["train_features"], max_length=d["train_captions"].shape[1] - 1)
    np.testing.assert_array_equal(sampled, d["train_captions"][:, 1:])

