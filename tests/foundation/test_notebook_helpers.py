"""Quick mode, verdict lines, recorded figures and the committed notebook form."""

import importlib
import json
from pathlib import Path

import pytest

import cs231n.notebook as nbh
from grading import nbtools

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def wb(tmp_path, monkeypatch):
    monkeypatch.setenv("CS231N_RESULTS", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("CS231N_STRICT", raising=False)
    return nbh.Workbook("demo")


def test_verdict_lines(wb, capsys):
    assert wb.verdict("accuracy", 0.31, at_least=0.28)
    assert not wb.verdict("loss", 2.5, at_most=2.0)
    assert wb.verdict("error", 3e-10, tol=1e-8)
    assert wb.verdict("initial loss", 2.3027, expected=2.302585, tol=1e-3)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("PASS") and "accuracy" in out[0] and ">= 0.28" in out[0]
    assert out[1].startswith("FAIL") and "<= 2" in out[1]
    assert wb.failures == ["loss"]


def test_failed_verdict_raises_under_ci(wb, monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert wb.verdict("fine", 1.0, at_least=0.5)
    with pytest.raises(nbh.VerdictFailed, match="demo: bad"):
        wb.verdict("bad", 0.1, at_least=0.5)
    with pytest.raises(nbh.VerdictFailed):
        wb.verdict("nothing", None, at_least=0.5)


def test_verdict_needs_a_bound(wb):
    with pytest.raises(ValueError):
        wb.verdict("x", 1.0)


def test_declared_checks_as_verdicts(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CS231N_RESULTS", str(tmp_path))
    w = nbh.Workbook("two_layer_net")
    assert w.checks("affine_forward", "relu_forward")
    out = capsys.readouterr().out
    assert out.count("PASS") == 2 and "affine_forward" in out
    with pytest.raises(KeyError):
        w.checks("no_such_check")


def test_record_merges_figures_atomically(wb, tmp_path):
    import numpy as np

    wb.record(acc=np.float64(0.5))
    path = wb.record(loss=1.25, best={"lr": 1e-3})
    data = json.loads(path.read_text())
    assert path == tmp_path / "demo.json"
    assert data["figures"] == {"acc": 0.5, "loss": 1.25, "best": {"lr": 1e-3}}
    assert data["notebook"] == "demo" and data["mode"] in ("quick", "full")
    assert not list(tmp_path.glob("*.tmp"))


def test_quick_mode_switch(monkeypatch):
    monkeypatch.setenv("CS231N_QUICK", "1")
    mod = importlib.reload(nbh)
    assert mod.QUICK and mod.pick(100, 10) == 10
    monkeypatch.setenv("CS231N_QUICK", "0")
    mod = importlib.reload(nbh)
    assert not mod.QUICK and mod.pick(100, 10) == 100
    monkeypatch.setenv("CS231N_QUICK", "1")
    importlib.reload(nbh)


def test_strip_gives_the_stable_form(tmp_path):
    nb = {"cells": [{"cell_type": "code", "execution_count": 3, "id": "x",
                     "metadata": {"tags": ["t"], "scrolled": True}, "outputs": [{"a": 1}],
                     "source": ["print(1)"]}],
          "metadata": {"kernelspec": {"name": "python3"}, "widgets": {}},
          "nbformat": 4, "nbformat_minor": 5}
    p = tmp_path / "n.ipynb"
    p.write_text(json.dumps(nb))
    assert not nbtools.is_stripped(p)
    assert nbtools.main(["strip", str(p)]) == 0
    assert nbtools.is_stripped(p)
    cell = json.loads(p.read_text())["cells"][0]
    assert cell["outputs"] == [] and cell["execution_count"] is None
    assert cell["metadata"] == {"tags": ["t"]}


def test_committed_notebooks_are_stripped():
    notebooks = sorted(ROOT.glob("assignment*/*.ipynb"))
    bad = [str(p.relative_to(ROOT)) for p in notebooks if not nbtools.is_stripped(p)]
    assert not bad, f"not in committed form: {bad}"
