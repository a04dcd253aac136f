"""Hidden checks: one per A1 question left out of the release, sound on the reference."""

from __future__ import annotations

from grading import core, grader, release


def test_hidden_checks_pass_on_the_reference_at_fresh_seeds(tmp_path):
    g = grader.Grader("assignment1", workdir=tmp_path)
    try:
        hidden = [c for c in g.checks if c.hidden]
        assert {"knn", "svm", "softmax", "two_layer_net"} <= {c.question for c in hidden}
        refs = g.hidden_refs(["first", "second", "third"])
        for digest, outcomes in refs.items():
            bad = {cid: o.message for cid, o in outcomes.items() if o.status != "ok"}
            assert not bad, f"{digest}: {bad}"
            for c in hidden:
                assert core.judge(c, outcomes[c.id].outputs, outcomes[c.id].outputs)[0] == \
                    "passed"
        a, b = refs["first"], refs["second"]
        c = hidden[0]
        key = c.ref_keys[0]
        assert a[c.id].outputs[key].shape != b[c.id].outputs[key].shape or not (
            a[c.id].outputs[key] == b[c.id].outputs[key]).all()
    finally:
        g.close()


def test_every_hidden_check_is_anchored_and_left_out_of_the_release():
    hidden = [c for c in core.select(include_hidden=True) if c.hidden]
    assert hidden
    for c in hidden:
        assert grader.anchored(c), c.id
        assert release.is_hidden_check(f"grading/checks/{c.func.__module__.rsplit('.', 1)[-1]}.py")
