"""The Solver contract (inventory section 3) and the sgd update rule."""

import numpy as np
import pytest

from cs231n import optim
from cs231n.classifiers.fc_net import TwoLayerNet
from cs231n.solver import Solver


class WindowModel:
    """A one-parameter model that walks w up by the learning rate every step.

    Its loss is constant with gradient -1, so sgd adds ``learning_rate`` to w.
    It predicts class 0 (right on the all-zero labels below) only while w is in
    [lo, hi], so the best validation accuracy is reached mid-training and lost again.
    """

    def __init__(self, lo=2.5, hi=3.5):
        self.params = {"w": np.zeros(1)}
        self.lo, self.hi = lo, hi
        self.batches = []

    def loss(self, X, y=None):
        if y is None:
            self.batches.append(len(X))
            inside = self.lo <= self.params["w"][0] <= self.hi
            scores = np.zeros((len(X), 2))
            scores[:, 0 if inside else 1] = 1.0
            return scores
        return 0.0, {"w": -np.ones(1)}


def _data(n_train=50, n_val=30, D=4):
    return {"X_train": np.zeros((n_train, D)), "y_train": np.zeros(n_train, dtype=int),
            "X_val": np.zeros((n_val, D)), "y_val": np.zeros(n_val, dtype=int)}


def test_unknown_kwargs_are_rejected():
    with pytest.raises(ValueError, match="Unrecognized arguments"):
        Solver(WindowModel(), _data(), learning_rate=1e-3)


def test_unknown_update_rule_is_rejected():
    with pytest.raises(ValueError, match="update_rule"):
        Solver(WindowModel(), _data(), update_rule="no_such_rule")


def test_missing_data_keys_are_rejected():
    data = _data()
    del data["y_val"]
    with pytest.raises(ValueError, match="y_val"):
        Solver(WindowModel(), data)


def test_each_parameter_gets_its_own_config_copy():
    np.random.seed(0)
    model = TwoLayerNet(input_dim=4, hidden_dim=3, num_classes=2)
    cfg = {"learning_rate": 0.1}
    solver = Solver(model, _data(), optim_config=cfg)
    assert set(solver.optim_configs) == set(model.params)
    ids = {id(c) for c in solver.optim_configs.values()}
    assert len(ids) == 4 and id(cfg) not in ids
    assert all(c == cfg for c in solver.optim_configs.values())


def test_training_schedule_lr_decay_and_best_params():
    np.random.seed(0)
    model = WindowModel()
    # 50 examples / batch 10: 5 iterations per epoch, w grows by 1/5 per step at lr 0.2
    solver = Solver(model, _data(), optim_config={"learning_rate": 0.2}, lr_decay=1.0,
                    batch_size=10, num_epochs=6, verbose=False)
    solver.train()
    assert len(solver.loss_history) == 30
    # first iteration, then the end of each of 6 epochs (the last one included once)
    assert len(solver.val_acc_history) == 7 == len(solver.train_acc_history)
    assert solver.epoch == 6
    # w was 3.0 after epoch 3, the only checked value inside [2.5, 3.5]
    assert solver.best_val_acc == 1.0
    assert model.params["w"][0] == pytest.approx(3.0)
    assert solver.val_acc_history.count(1.0) == 1


def test_lr_decay_applies_once_per_epoch():
    model = WindowModel()
    solver = Solver(model, _data(), optim_config={"learning_rate": 1.0}, lr_decay=0.5,
                    batch_size=25, num_epochs=3, verbose=False)
    solver.train()
    assert solver.optim_configs["w"]["learning_rate"] == pytest.approx(0.125)
    # w = 2 * (1 + 0.5 + 0.25) = 3.5 at the end; the last checked value is best
    assert solver.best_val_acc == 1.0


def test_check_accuracy_runs_in_batches_and_subsamples():
    model = WindowModel(lo=-1, hi=1)
    solver = Solver(model, _data(), verbose=False)
    X, y = np.zeros((250, 4)), np.zeros(250, dtype=int)
    y[:50] = 1
    assert solver.check_accuracy(X, y, batch_size=100) == pytest.approx(0.8)
    assert model.batches == [100, 100, 50]
    model.batches.clear()
    solver.check_accuracy(X, y, num_samples=30, batch_size=100)
    assert model.batches == [30]


def test_checkpoints_and_printing(tmp_path, capsys):
    name = str(tmp_path / "ckpt")
    solver = Solver(WindowModel(), _data(), batch_size=25, num_epochs=2, print_every=1,
                    checkpoint_name=name)
    solver.train()
    out = capsys.readouterr().out
    assert "(Iteration 1 / 4) loss:" in out
    assert "(Epoch 0 / 2) train acc:" in out and "(Epoch 2 / 2)" in out
    assert (tmp_path / "ckpt_epoch_1.pkl").exists() and (tmp_path / "ckpt_epoch_2.pkl").exists()


def test_quiet_solver_prints_nothing(capsys):
    Solver(WindowModel(), _data(), num_epochs=1, verbose=False).train()
    assert capsys.readouterr().out == ""


def test_two_layer_net_learns_separable_data():
    rng = np.random.RandomState(0)
    np.random.seed(0)
    centres = 4 * rng.randn(3, 10)
    y = rng.randint(3, size=300)
    X = centres[y] + rng.randn(300, 10)
    data = {"X_train": X[:200], "y_train": y[:200], "X_val": X[200:], "y_val": y[200:]}
    model = TwoLayerNet(input_dim=10, hidden_dim=20, num_classes=3, weight_scale=0.1)
    solver = Solver(model, data, optim_config={"learning_rate": 0.1}, num_epochs=5,
                    batch_size=20, verbose=False)
    solver.train()
    assert solver.best_val_acc >= 0.95
    assert solver.check_accuracy(data["X_val"], data["y_val"]) == solver.best_val_acc


def test_sgd_defaults_and_updates_in_place():
    w, dw = np.ones(3), np.full(3, 2.0)
    next_w, config = optim.sgd(w, dw)
    assert config["learning_rate"] == 1e-2
    np.testing.assert_allclose(next_w, 1 - 2e-2)
    next_w, config = optim.sgd(next_w, dw, {"learning_rate": 0.5})
    np.testing.assert_allclose(next_w, 1 - 2e-2 - 1.0)


@pytest.mark.parametrize("rule", ["np", "_private", 3, None])
def test_update_rule_must_name_a_rule(rule):
    with pytest.raises(ValueError, match="update_rule"):
        Solver(WindowModel(), _data(), update_rule=rule)


def test_update_rule_may_be_a_callable():
    calls = []

    def rule(w, dw, config):
        calls.append(1)
        return w, config

    Solver(WindowModel(), _data(), update_rule=rule, num_epochs=1, verbose=False).train()
    assert calls
