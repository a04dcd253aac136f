"""The check declaration format, comparisons, the in-process runner and seeding."""

import random

import numpy as np
import pytest

from grading import core


def test_rel_error_matches_course_definition():
    x, y = np.array([1.0, 2.0]), np.array([1.0, 2.2])
    assert core.rel_error(x, y) == pytest.approx(0.2 / 4.2)
    assert core.rel_error(np.zeros(3), np.zeros(3)) == 0.0


@pytest.mark.parametrize("comp, out, ref, ok", [
    (core.Close("a", 1e-6), {"a": [1.0, 2.0]}, {"a": [1.0, 2.0]}, True),
    (core.Close("a", 1e-6), {"a": [1.0, 2.0]}, {"a": [1.0, 2.1]}, False),
    (core.Close("a", 1e-6), {"a": [1.0, 2.0, 3.0]}, {"a": [1.0, 2.0]}, False),
    (core.Close("a", 1e-6), {"a": [np.nan, 2.0]}, {"a": [1.0, 2.0]}, False),
    (core.Equal("a"), {"a": [1, 2, 3]}, {"a": [1, 2, 3]}, True),
    (core.Equal("a"), {"a": [1, 2, 4]}, {"a": [1, 2, 3]}, False),
    (core.Agree("a", "b", 1e-8), {"a": [1.0], "b": [1.0 + 1e-12]}, {}, True),
    (core.Agree("a", "b", 1e-8), {"a": [1.0], "b": [1.1]}, {}, False),
    (core.AtLeast("acc", 0.5), {"acc": 0.6}, {}, True),
    (core.AtLeast("acc", 0.5), {"acc": 0.4}, {}, False),
    (core.AtMost("loss", 0.1), {"loss": 0.05}, {}, True),
    (core.AtMost("loss", 0.1), {"loss": np.array([0.2])}, {}, False),
])
def test_comparisons(comp, out, ref, ok):
    assert comp(out, ref).ok is ok


def test_missing_output_is_a_failure_not_a_crash():
    c = _make(lambda cs, rng: {"b": 1.0}, [core.Close("a", 1e-6)])
    status, _, _, msg = core.judge(c, {"b": 1.0}, {"a": np.ones(1)})
    assert status == "failed" and "a is None" in msg


def _make(func, compare, name="demo", timeout=5.0, points=2.0):
    return core.Check(question="demo_q", name=name, points=points, func=func,
                      compare=tuple(compare), targets=("demo",), timeout=timeout)


def _stub(cs, rng):
    raise NotImplementedError("affine_forward in cs231n/layers/affine.py: your code here")


def _crash(cs, rng):
    return {"a": np.ones(3)[5]}


def _hang(cs, rng):
    while True:
        pass


def _exit(cs, rng):
    raise SystemExit(3)


def _not_a_dict(cs, rng):
    return [1, 2]


@pytest.mark.parametrize("func, status, words", [
    (_stub, "not implemented", "your code here"),
    (_crash, "error", "IndexError"),
    (_hang, "timeout", "limit"),
    (_exit, "error", "exit(3)"),
    (_not_a_dict, "error", "not a dict"),
])
def test_run_check_never_raises(func, status, words):
    c = _make(func, [core.Close("a", 1e-6)], timeout=0.5)
    r = core.run_check(c, {"a": np.ones(3)})
    assert r.status == status
    assert words in r.message
    assert r.earned == 0.0


def test_run_check_scores_points_and_reports_measured_error():
    c = _make(lambda cs, rng: {"a": np.ones(3) * (1 + 1e-9)}, [core.Close("a", 1e-6)])
    r = core.run_check(c, {"a": np.ones(3)})
    assert r.status == "passed" and r.earned == 2.0
    assert 0 < r.measured < 1e-8 and r.bound == 1e-6
    r = core.run_check(c, {"a": np.full(3, 2.0)})
    assert r.status == "failed" and r.earned == 0.0 and r.measured > 1e-6


def test_missing_reference_is_reported():
    c = _make(lambda cs, rng: {"a": 1.0}, [core.Close("a", 1e-6)])
    r = core.run_check(c, None)
    assert r.status == "error" and "grading refs" in r.message


def _draws(cs, rng):
    import torch

    return {"rng": rng.randn(3), "np": np.random.randn(3), "random": random.random(),
            "torch": torch.randn(3).numpy()}


def test_seeding_is_deterministic_per_seed():
    pytest.importorskip("torch")
    c = _make(_draws, [])
    a, b = core.run_outputs(c, seed=7), core.run_outputs(c, seed=7)
    other = core.run_outputs(c, seed=8)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])
        assert not np.array_equal(a[k], other[k])


def test_public_seed_is_stable_and_distinct():
    a, b = _make(_draws, [], name="x"), _make(_draws, [], name="y")
    assert a.public_seed() == _make(_draws, [], name="x").public_seed()
    assert a.public_seed() != b.public_seed()


def test_lib_resolves_submodules_lazily():
    cs = core.Lib()
    assert cs.layers.affine_forward.__name__ == "affine_forward"
    assert cs.gradient_check.rel_error(1.0, 1.0) == 0.0
    with pytest.raises(AttributeError):
        _ = cs.no_such_module


def test_duplicate_declaration_is_rejected(monkeypatch):
    monkeypatch.setattr(core, "REGISTRY", {})
    core.check("q", points=1, targets=["x"], compare=[])(lambda cs, rng: {})
    with pytest.raises(ValueError, match="declared twice"):
        core.check("q", points=1, targets=["x"], compare=[], name="<lambda>")(
            lambda cs, rng: {})


def test_select_unknown_question_names_the_known_ones():
    with pytest.raises(KeyError, match="two_layer_net"):
        core.select("no_such_question")


def test_numeric_grad_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    g = core.numeric_grad(lambda v: np.sum(v ** 3), x.copy())
    np.testing.assert_allclose(g, 3 * x ** 2, rtol=1e-7)
    df = np.array([[1.0, 2.0], [3.0, 4.0]])
    g = core.numeric_grad(lambda v: v ** 2, x.copy(), df)
    np.testing.assert_allclose(g, 2 * x * df, rtol=1e-7)


def test_questions_come_in_course_order():
    from grading import assignments

    course = [nb for a in assignments.ASSIGNMENTS.values() for nb in a.notebooks]
    qs = core.questions()
    assert qs[:4] == ["knn", "svm", "softmax", "two_layer_net"]
    assert [course.index(q) for q in qs] == sorted(course.index(q) for q in qs)
    assert [c.question for c in core.select()] == sorted(
        (c.question for c in core.select()), key=core.course_order)
