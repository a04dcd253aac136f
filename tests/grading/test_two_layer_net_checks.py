"""Every declared two_layer_net check passes on the source, fast, with fresh refs."""

import pytest

from grading import core, refs

CHECKS = core.select("two_layer_net")


@pytest.mark.parametrize("c", CHECKS, ids=[c.name for c in CHECKS])
def test_check_passes_quickly(c):
    r = core.run_check(c, refs.for_check(c))
    assert r.status == "passed", f"{c.id}: {r.status}: {r.message}"
    assert r.seconds < 1.0, f"{c.id} took {r.seconds:.2f} s"
    assert c.points > 0


def test_every_student_function_has_a_check():
    targets = {t for c in CHECKS for t in c.targets}
    for fn in ("layers.affine_forward", "layers.affine_backward", "layers.relu_forward",
               "layers.relu_backward", "layers.svm_loss", "layers.softmax_loss",
               "classifiers.fc_net.TwoLayerNet.__init__", "classifiers.fc_net.TwoLayerNet.loss"):
        assert fn in targets, fn


def test_refs_are_fresh():
    assert refs.stale("two_layer_net") == []


HIDDEN = [c for c in core.select("two_layer_net", include_hidden=True) if c.hidden]


@pytest.mark.parametrize("seed", [1, 2, 12345])
@pytest.mark.parametrize("c", HIDDEN, ids=[c.name for c in HIDDEN])
def test_hidden_check_passes_against_a_fresh_reference_run(c, seed):
    ref = refs.compute(c, seed)
    r = core.run_check(c, ref, seed=seed)
    assert r.status == "passed", f"{c.id} (seed {seed}): {r.status}: {r.message}"
    assert r.seconds < 1.0
