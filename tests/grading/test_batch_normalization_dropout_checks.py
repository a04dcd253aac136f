"""BatchNormalization and Dropout declare a check per student function, and the checks bite."""

import numpy as np
import pytest

from cs231n import layers
from grading import assignments, core, refs

BN = {c.name: c for c in core.select("BatchNormalization", include_hidden=True)}
DROP = {c.name: c for c in core.select("Dropout", include_hidden=True)}
FC = "classifiers.fc_net.FullyConnectedNet"


@pytest.mark.parametrize("question, checks, functions", [
    ("BatchNormalization", BN, ["layers.batchnorm_forward", "layers.batchnorm_backward",
                                "layers.batchnorm_backward_alt", "layers.layernorm_forward",
                                "layers.layernorm_backward", f"{FC}.loss"]),
    ("Dropout", DROP, ["layers.dropout_forward", "layers.dropout_backward", f"{FC}.loss"]),
])
def test_every_function_has_a_public_and_a_hidden_check(question, checks, functions):
    assert question in assignments.questions("assignment2")
    for fn in functions:
        assert any(fn in c.targets for c in checks.values() if not c.hidden), fn
        hidden = [c for c in checks.values() if c.hidden and fn in c.targets]
        assert len(hidden) == 1, (fn, hidden)


@pytest.mark.parametrize("question, check, keys, want", [
    ("BatchNormalization", "fc_net_batchnorm", ["loss_reg0", "loss_reg314"],
     [2.2611955101340957, 6.996533220108303]),
    ("Dropout", "fc_net_dropout", ["loss_keep100", "loss_keep75", "loss_keep50"],
     [2.300479089768492, 2.302371489704412, 2.30427592207859]),
])
def test_stored_initial_losses_are_the_course_values(question, check, keys, want):
    stored = refs.load(question)[check]
    np.testing.assert_allclose([float(stored[k]) for k in keys], want, rtol=1e-12)


@pytest.mark.parametrize("question", ["BatchNormalization", "Dropout"])
def test_hidden_checks_pass_on_the_reference_and_depend_on_the_seed(question):
    for c in core.select(question, include_hidden=True):
        if not c.hidden:
            continue
        a, b = refs.compute(c, 11), refs.compute(c, 12)
        assert core.judge(c, a, a)[0] == "passed", c.id
        assert core.run_check(c, a, seed=11).status == "passed", c.id
        assert any(np.shape(a[k]) != np.shape(b[k]) or not np.array_equal(a[k], b[k])
                   for k in c.ref_keys), c.id


def _unbiased_batchnorm(x, gamma, beta, bn_param):
    N = x.shape[0]
    out, cache = _ORIGINAL["batchnorm_forward"](x * np.sqrt((N - 1) / N), gamma, beta, bn_param)
    return out, cache


def _dropout_without_rescaling(x, dropout_param):
    out, (param, mask) = _ORIGINAL["dropout_forward"](x, dropout_param)
    if mask is None:
        return out, (param, mask)
    p = dropout_param["p"]
    return out * p, (param, mask * p)


def _backward_alt_without_mean_term(dout, cache):
    x_hat, gamma, inv_std = cache
    g = dout * gamma
    return inv_std * (g - g.mean(axis=0)), np.sum(dout * x_hat, axis=0), dout.sum(axis=0)


_ORIGINAL = {"batchnorm_forward": layers.batchnorm_forward,
             "dropout_forward": layers.dropout_forward}


@pytest.mark.parametrize("name, wrong, checks", [
    ("batchnorm_forward", _unbiased_batchnorm, [BN["batchnorm_forward_train"]]),
    ("dropout_forward", _dropout_without_rescaling, [DROP["dropout_forward"]]),
    ("batchnorm_backward_alt", _backward_alt_without_mean_term, [BN["batchnorm_backward_alt"]]),
])
def test_wrong_layers_fail_their_checks(monkeypatch, name, wrong, checks):
    monkeypatch.setattr(layers, name, wrong)
    for c in checks:
        r = core.run_check(c, refs.for_check(c))
        assert r.status == "failed", (c.id, r.status, r.message)


def test_a_wrong_hidden_layer_fails_its_hidden_check(monkeypatch):
    c = BN["hidden_batchnorm_backward_alt"]
    ref = refs.compute(c, 5)
    monkeypatch.setattr(layers, "batchnorm_backward_alt", _backward_alt_without_mean_term)
    assert core.run_check(c, ref, seed=5).status == "failed"
