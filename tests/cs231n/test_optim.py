"""Update rules: sgd_momentum, rmsprop and adam against PyTorch's optimizers and the course."""

import numpy as np
import pytest

from cs231n import optim

torch = pytest.importorskip("torch")


def _linspace_inputs():
    """The course's inputs for the update-rule checks: (4, 5) linspace arrays."""
    N, D = 4, 5

    def lin(a, b):
        return np.linspace(a, b, num=N * D).reshape(N, D)

    return lin, lin(-0.4, 0.6), lin(-0.6, 0.4)


def test_course_first_elements():
    """The first entries the course quotes for its linspace inputs (inventory section 5.1)."""
    lin, w, dw = _linspace_inputs()
    next_w, cfg = optim.sgd_momentum(w.copy(), dw, {"learning_rate": 1e-3,
                                                    "velocity": lin(0.6, 0.9)})
    assert next_w[0, 0] == pytest.approx(0.1406, abs=1e-12)
    assert cfg["velocity"][0, 0] == pytest.approx(0.5406, abs=1e-12)
    next_w, cfg = optim.rmsprop(w.copy(), dw, {"learning_rate": 1e-2, "cache": lin(0.6, 0.9)})
    assert next_w[0, 0] == pytest.approx(-0.39223849, abs=1e-8)
    assert cfg["cache"][0, 0] == pytest.approx(0.5976, abs=1e-12)
    next_w, cfg = optim.adam(w.copy(), dw, {"learning_rate": 1e-2, "m": lin(0.6, 0.9),
                                           "v": lin(0.7, 0.5), "t": 5})
    assert next_w[0, 0] == pytest.approx(-0.40094747, abs=1e-8)
    assert cfg["v"][0, 0] == pytest.approx(0.69966, abs=1e-12)
    assert cfg["m"][0, 0] == pytest.approx(0.48, abs=1e-12)
    assert cfg["t"] == 6


def _torch_steps(make_opt, w0, grads):
    p = torch.nn.Parameter(torch.from_numpy(w0.copy()))
    opt = make_opt([p])
    for g in grads:
        opt.zero_grad()
        p.grad = torch.from_numpy(g.copy())
        opt.step()
    return p.detach().numpy()


RULES = [
    # (rule, our config, the same rule in torch; lr is fixed, so the conventions agree)
    (optim.sgd_momentum, {"learning_rate": 0.05, "momentum": 0.8},
     lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8)),
    (optim.rmsprop, {"learning_rate": 0.01, "decay_rate": 0.9, "epsilon": 1e-8},
     lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-8)),
    (optim.adam, {"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-8},
     lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), eps=1e-8)),
]


@pytest.mark.parametrize("rule, config, make_opt", RULES, ids=[r[0].__name__ for r in RULES])
@pytest.mark.parametrize("shape", [(3, 4), (7,), (2, 3, 2)])
def test_many_steps_agree_with_torch(rule, config, make_opt, shape):
    rng = np.random.RandomState(0)
    w0 = rng.randn(*shape)
    grads = [rng.randn(*shape) for _ in range(25)]
    w, cfg = w0.copy(), dict(config)
    for g in grads:
        w, cfg = rule(w, g, cfg)
    np.testing.assert_allclose(w, _torch_steps(make_opt, w0, grads), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("rule, defaults", [
    (optim.sgd_momentum, {"learning_rate": 1e-2, "momentum": 0.9}),
    (optim.rmsprop, {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8}),
    (optim.adam, {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
                  "t": 1}),
])
def test_defaults_and_state(rule, defaults):
    w, dw = np.ones((2, 3)), np.full((2, 3), 0.5)
    _, cfg = rule(w.copy(), dw, None)
    for k, v in defaults.items():
        assert cfg[k] == v, k
    state = {"sgd_momentum": ["velocity"], "rmsprop": ["cache"], "adam": ["m", "v"]}
    for k in state[rule.__name__]:
        assert cfg[k].shape == w.shape and np.any(cfg[k] != 0), k


def test_user_settings_are_kept_and_state_carries_over():
    w, dw = np.zeros(3), np.ones(3)
    cfg = {"learning_rate": 0.1, "momentum": 0.5}
    w, cfg = optim.sgd_momentum(w, dw, cfg)
    np.testing.assert_allclose(w, -0.1)
    w, cfg = optim.sgd_momentum(w, dw, cfg)  # v = 0.5 * -0.1 - 0.1
    np.testing.assert_allclose(cfg["velocity"], -0.15)
    np.testing.assert_allclose(w, -0.25)
    assert cfg["learning_rate"] == 0.1 and cfg["momentum"] == 0.5


def test_adam_first_step_moves_every_entry_by_about_the_learning_rate():
    # With bias correction m_hat = dw and v_hat = dw**2 at t = 1, so the step is lr * sign(dw).
    dw = np.array([1e-3, -5.0, 200.0])
    next_w, cfg = optim.adam(np.zeros(3), dw, {"learning_rate": 0.1})
    np.testing.assert_allclose(next_w, -0.1 * np.sign(dw), rtol=1e-4)
    assert cfg["t"] == 1
