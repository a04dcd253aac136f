"""The student release: stubs, blanked answers, left-out files, and the release lint."""

from __future__ import annotations

import json
import shutil

import pytest

from grading import regions, release

SOURCE = release.SOURCE_ROOT


@pytest.fixture(scope="module")
def rel(tmp_path_factory):
    return release.build(tmp_path_factory.mktemp("rel") / "release")


def test_stub_names_function_and_file():
    text = ("class Net:\n    def loss(self, X):\n        out = None\n        # TODO: do it\n"
            "        ### BEGIN SOLUTION\n        out = X * 2\n        ### END SOLUTION\n"
            "        return out\n")
    new, n = regions.stub_text(text, "cs231n/net.py")
    assert n == 1
    assert ('        raise NotImplementedError("Net.loss in cs231n/net.py: your code here")'
            in new.splitlines())
    assert "X * 2" not in new and "# TODO: do it" in new and "return out" in new


def test_notebook_cell_without_def_names_the_notebook():
    cell = "%matplotlib inline\n### BEGIN SOLUTION\nbest = 3\n### END SOLUTION\nprint(best)"
    new, n = regions.stub_text(cell, "assignment1/knn.ipynb", fallback="knn.ipynb")
    assert n == 1 and "knn.ipynb in assignment1/knn.ipynb" in new and "best = 3" not in new


def test_unbalanced_markers_are_an_error():
    with pytest.raises(regions.RegionError, match="never closed"):
        regions.stub_text("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "x.py")
    with pytest.raises(regions.RegionError, match="without"):
        regions.stub_text("def f():\n    ### END SOLUTION\n", "x.py")


def test_answers_are_blanked():
    md = "**Q1**\n<!-- BEGIN ANSWER -->\nBecause the loss is convex.\n<!-- END ANSWER -->\nend"
    new, n = regions.blank_answers(md, "nb")
    assert n == 1 and "convex" not in new and regions.ANSWER_PLACEHOLDER in new


def test_release_layout(rel):
    out = rel.out
    assert (out / "cs231n" / "layers" / "affine.py").exists()
    assert (out / "README.md").exists() and (out / "grading" / "release.json").exists()
    assert not list(out.glob("grading/checks/hidden_*.py"))
    for judge_only in ("grader.py", "sandbox.py", "jail.py", "runner.py", "release.py",
                       "bundle.py", "similarity.py"):
        assert not (out / "grading" / judge_only).exists(), judge_only
    assert not (out / "tests").exists() and not (out / "benchmarks").exists()
    assert not list(out.rglob("__pycache__"))
    assert rel.regions > 0
    text = (out / "cs231n" / "layers" / "affine.py").read_text()
    assert "BEGIN SOLUTION" not in text
    assert "affine_forward in cs231n/layers/affine.py: your code here" in text


def test_release_notebooks_are_cleared(rel):
    for nb_path in rel.out.glob("assignment*/*.ipynb"):
        nb = json.loads(nb_path.read_text())
        for cell in nb["cells"]:
            src = regions.cell_source(cell)
            assert "BEGIN SOLUTION" not in src and "BEGIN ANSWER -->\n" not in src.replace(
                regions.ANSWER_BEGIN + "\n" + regions.ANSWER_PLACEHOLDER, "")
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None


def test_release_refuses_to_overwrite(rel):
    with pytest.raises(release.ReleaseError, match="not empty"):
        release.build(rel.out)


def test_release_lint_is_clean(rel):
    """CI's release lint: no leak, clean import, stubs fail, the round trip restores marks."""
    problems = release.lint(SOURCE, rel.out)
    assert problems == [], "\n".join(problems)


def test_lint_catches_a_leak_and_a_passing_stub(rel, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(rel.out, bad)
    path = bad / "cs231n" / "layers" / "activations.py"
    path.write_text(path.read_text().replace(
        'raise NotImplementedError("relu_forward in cs231n/layers/activations.py: your code here")',
        "out = np.maximum(x, 0)"))
    problems = release.lint(SOURCE, bad, questions=["two_layer_net"])
    assert any(p.startswith("leak:") and "np.maximum(x, 0)" in p for p in problems)
    assert any("two_layer_net/relu_forward is passed" in p for p in problems)
