"""ConvolutionalNetworks declares a check for every student function, and the checks catch
mistakes."""

import numpy as np
import pytest

from cs231n import layers
from grading import core, refs

CHECKS = {c.name: c for c in core.select("ConvolutionalNetworks", include_hidden=True)}
STUDENT_FUNCTIONS = [f"layers.{name}" for name in (
    "conv_forward_naive", "conv_backward_naive", "max_pool_forward_naive",
    "max_pool_backward_naive", "spatial_batchnorm_forward", "spatial_batchnorm_backward",
    "spatial_groupnorm_forward", "spatial_groupnorm_backward")] + [
    "classifiers.cnn.ThreeLayerConvNet.__init__", "classifiers.cnn.ThreeLayerConvNet.loss"]


def test_question_is_the_notebook_stem_and_every_student_function_has_checks():
    from grading import assignments

    assert "ConvolutionalNetworks" in assignments.questions("assignment2")
    public = {t for c in CHECKS.values() if not c.hidden for t in c.targets}
    hidden = {t for c in CHECKS.values() if c.hidden for t in c.targets}
    for fn in STUDENT_FUNCTIONS:
        assert fn in public, fn
        assert fn in hidden, fn


def _true_convolution(x, w, b, conv_param):
    """Flips the filters: a convolution in the signal-processing sense, not the course's."""
    return ORIGINAL["conv_forward_naive"](x, w[:, :, ::-1, ::-1], b, conv_param)


def _pool_backward_to_every_entry(dout, cache):
    """Spreads dout over the whole window instead of routing it to the maximum."""
    x, p = cache
    dx = np.zeros_like(x)
    s, ph, pw = p["stride"], p["pool_height"], p["pool_width"]
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * s:i * s + ph, j * s:j * s + pw] += dout[:, :, i:i + 1, j:j + 1]
    return dx


def _groupnorm_per_channel(x, gamma, beta, G, gn_param):
    """Ignores G: normalizes every channel on its own (instance norm)."""
    return ORIGINAL["spatial_groupnorm_forward"](x, gamma, beta, x.shape[1], gn_param)


ORIGINAL = {name: getattr(layers, name) for name in (
    "conv_forward_naive", "max_pool_backward_naive", "spatial_groupnorm_forward")}


@pytest.mark.parametrize("name, wrong, checks", [
    ("conv_forward_naive", _true_convolution, ["conv_forward_naive", "hidden_conv_forward"]),
    ("max_pool_backward_naive", _pool_backward_to_every_entry,
     ["max_pool_backward_naive", "hidden_max_pool_backward"]),
    ("spatial_groupnorm_forward", _groupnorm_per_channel,
     ["spatial_groupnorm_forward", "hidden_spatial_groupnorm_forward"]),
])
def test_wrong_layers_fail(monkeypatch, name, wrong, checks):
    fresh = {c: refs.compute(CHECKS[c], 7) for c in checks if CHECKS[c].hidden}
    monkeypatch.setattr(layers, name, wrong)
    for check_name in checks:
        c = CHECKS[check_name]
        ref = fresh[check_name] if c.hidden else refs.for_check(c)
        r = core.run_check(c, ref, seed=7 if c.hidden else None)
        assert r.status == "failed", (check_name, r.status, r.message)


def test_a_net_that_forgets_the_half_in_its_l2_term_fails(monkeypatch):
    from cs231n.classifiers import cnn

    original = cnn.ThreeLayerConvNet.loss

    def doubled(self, X, y=None):
        out = original(self, X, y)
        if y is None:
            return out
        loss, grads = out
        extra = 0.5 * self.reg * sum(np.sum(self.params[k] ** 2) for k in ("W1", "W2", "W3"))
        return loss + extra, grads

    monkeypatch.setattr(cnn.ThreeLayerConvNet, "loss", doubled)
    for name in ("three_layer_convnet_loss", "three_layer_convnet_grads"):
        c = CHECKS[name]
        assert core.run_check(c, refs.for_check(c)).status == "failed", name


def test_stored_reference_is_the_course_conv_output():
    # The course prints the first entry of its conv_forward_naive check; ours is generated
    # from the reference solution and must agree with an independent PyTorch computation.
    torch = pytest.importorskip("torch")
    x = np.linspace(-0.1, 0.5, num=96).reshape(2, 3, 4, 4)
    w = np.linspace(-0.2, 0.3, num=144).reshape(3, 3, 4, 4)
    b = np.linspace(-0.1, 0.2, num=3)
    want = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(w),
                                      torch.from_numpy(b), stride=2, padding=1).numpy()
    stored = refs.load("ConvolutionalNetworks")["conv_forward_naive"]["out"]
    assert np.allclose(stored, want, rtol=1e-12, atol=0)
