"""FullyConnectedNets declares a check for every student function, and the checks catch mistakes."""

import numpy as np
import pytest

from cs231n import optim
from cs231n.classifiers import fc_net
from grading import core, refs

CHECKS = {c.name: c for c in core.select("FullyConnectedNets", include_hidden=True)}


def test_question_is_the_notebook_stem_and_every_student_function_has_a_check():
    from grading import assignments

    assert "FullyConnectedNets" in assignments.questions("assignment2")
    public = {t for c in CHECKS.values() if not c.hidden for t in c.targets}
    hidden = {t for c in CHECKS.values() if c.hidden for t in c.targets}
    for fn in ("classifiers.fc_net.FullyConnectedNet.__init__",
               "classifiers.fc_net.FullyConnectedNet.loss",
               "optim.sgd_momentum", "optim.rmsprop", "optim.adam"):
        assert fn in public, fn
    assert {"classifiers.fc_net.FullyConnectedNet.loss", "optim.adam"} <= hidden


def test_stored_initial_losses_are_the_course_values():
    stored = refs.load("FullyConnectedNets")["fc_net_loss"]
    assert float(stored["loss_reg0"]) == pytest.approx(2.300479089768492, rel=1e-12)
    assert float(stored["loss_reg314"]) == pytest.approx(7.052114776533016, rel=1e-12)


def _adam_without_bias_correction(w, dw, config=None):
    config = dict(config or {})
    for k, v in (("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8),
                 ("m", np.zeros_like(w)), ("v", np.zeros_like(w)), ("t", 0)):
        config.setdefault(k, v)
    config["t"] += 1
    config["m"] = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    config["v"] = config["beta2"] * config["v"] + (1 - config["beta2"]) * dw ** 2
    return w - config["learning_rate"] * config["m"] / (np.sqrt(config["v"]) + 1e-8), config


def _momentum_adding_the_gradient(w, dw, config=None):
    config = dict(config or {})
    v = config.get("velocity", np.zeros_like(w))
    v = config.get("momentum", 0.9) * v + config.get("learning_rate", 1e-2) * dw
    config["velocity"] = v
    return w + v, config


@pytest.mark.parametrize("name, wrong, checks", [
    ("adam", _adam_without_bias_correction, ["adam", "update_rules_from_defaults",
                                             "hidden_adam"]),
    ("sgd_momentum", _momentum_adding_the_gradient, ["sgd_momentum", "hidden_sgd_momentum"]),
])
def test_wrong_update_rules_fail(monkeypatch, name, wrong, checks):
    monkeypatch.setattr(optim, name, wrong)
    for check_name in checks:
        c = CHECKS[check_name]
        ref = refs.for_check(c) if not c.hidden else _fresh_reference(c, monkeypatch, name)
        r = core.run_check(c, ref, seed=None if not c.hidden else 7)
        assert r.status == "failed", (check_name, r.status, r.message)


def _fresh_reference(c, monkeypatch, name):
    with monkeypatch.context() as m:
        m.setattr(optim, name, getattr(_ORIGINAL, name))
        return refs.compute(c, 7)


class _ORIGINAL:
    sgd_momentum = staticmethod(optim.sgd_momentum)
    adam = staticmethod(optim.adam)


def test_a_net_that_regularizes_without_the_half_fails(monkeypatch):
    original = fc_net.FullyConnectedNet.loss

    def doubled(self, X, y=None):
        out = original(self, X, y)
        if y is None:
            return out
        loss, grads = out
        extra = 0.5 * self.reg * sum(np.sum(self.params[f"W{i}"] ** 2)
                                     for i in range(1, self.num_layers + 1))
        return loss + extra, grads

    monkeypatch.setattr(fc_net.FullyConnectedNet, "loss", doubled)
    for name in ("fc_net_loss", "fc_net_grads_reg314"):
        c = CHECKS[name]
        assert core.run_check(c, refs.for_check(c)).status == "failed", name
