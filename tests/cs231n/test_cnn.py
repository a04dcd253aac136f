"""ThreeLayerConvNet: parameters, initial loss, gradients, training on a tiny set, bad input."""

import numpy as np
import pytest

from cs231n.classifiers.cnn import ThreeLayerConvNet
from cs231n.gradient_check import eval_numerical_gradient, rel_error
from cs231n.solver import Solver


def test_parameters_follow_the_course_layout_and_init_order():
    np.random.seed(0)
    model = ThreeLayerConvNet(input_dim=(2, 6, 4), num_filters=3, filter_size=5, hidden_dim=7,
                              num_classes=4, weight_scale=0.5, dtype=np.float64)
    np.random.seed(0)
    want_W1 = 0.5 * np.random.randn(3, 2, 5, 5)
    want_W2 = 0.5 * np.random.randn(3 * 3 * 2, 7)
    want_W3 = 0.5 * np.random.randn(7, 4)
    assert np.array_equal(model.params["W1"], want_W1)
    assert np.array_equal(model.params["W2"], want_W2)
    assert np.array_equal(model.params["W3"], want_W3)
    for k, n in (("b1", 3), ("b2", 7), ("b3", 4)):
        assert np.array_equal(model.params[k], np.zeros(n))
    assert all(v.dtype == np.float32 for v in ThreeLayerConvNet().params.values())


def test_initial_loss_is_log_of_the_number_of_classes_and_reg_adds_to_it():
    rng = np.random.RandomState(1)
    X, y = rng.randn(8, 3, 32, 32), rng.randint(10, size=8)
    model = ThreeLayerConvNet()
    loss0 = model.loss(X, y)[0]
    assert abs(loss0 - np.log(10)) < 1e-3
    model.reg = 0.5
    assert model.loss(X, y)[0] > loss0
    assert model.loss(X).shape == (8, 10)


@pytest.mark.parametrize("reg", [0.0, 0.7])
def test_gradients_against_numeric(reg):
    rng = np.random.RandomState(2)
    model = ThreeLayerConvNet(input_dim=(2, 6, 6), num_filters=3, filter_size=3, hidden_dim=5,
                              num_classes=4, reg=reg, dtype=np.float64)
    for k, v in model.params.items():
        model.params[k] = 0.3 * rng.randn(*v.shape)
    X, y = rng.randn(3, 2, 6, 6), rng.randint(4, size=3)
    _, grads = model.loss(X, y)
    assert set(grads) == set(model.params)
    for k in model.params:
        num = eval_numerical_gradient(lambda _: model.loss(X, y)[0], model.params[k],
                                      verbose=False, h=1e-6)
        assert rel_error(num, grads[k]) < 1e-6, k


def test_overfits_a_tiny_set():
    rng = np.random.RandomState(3)
    data = {"X_train": rng.randn(20, 3, 8, 8), "y_train": rng.randint(10, size=20),
            "X_val": rng.randn(10, 3, 8, 8), "y_val": rng.randint(10, size=10)}
    np.random.seed(0)
    model = ThreeLayerConvNet(input_dim=(3, 8, 8), num_filters=8, hidden_dim=50,
                              weight_scale=1e-1)
    solver = Solver(model, data, num_epochs=15, batch_size=10, update_rule="adam",
                    optim_config={"learning_rate": 1e-2}, verbose=False)
    solver.train()
    assert solver.train_acc_history[-1] == 1.0


@pytest.mark.parametrize("kwargs, match", [
    ({"input_dim": (3, 32)}, "input_dim"), ({"input_dim": (3, 31, 32)}, "even"),
    ({"filter_size": 4}, "odd"),
])
def test_bad_construction_is_a_one_line_value_error(kwargs, match):
    with pytest.raises(ValueError, match=match) as info:
        ThreeLayerConvNet(**kwargs)
    assert "\n" not in str(info.value)


def test_input_of_the_wrong_shape_is_a_value_error():
    with pytest.raises(ValueError, match="X must have shape"):
        ThreeLayerConvNet(input_dim=(3, 8, 8)).loss(np.zeros((2, 3, 8, 6)))
