"""``grade --notebooks``: notebooks re-executed in the jail, a per-cell timeout, targets scored."""

from __future__ import annotations

import json
import shutil

from grading import grader, release


def _nb(cells):
    return {"cells": [{"cell_type": "code", "metadata": {}, "source": c, "outputs": [],
                       "execution_count": None} for c in cells],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 4}


def test_notebook_targets_with_cell_timeout(tmp_path):
    head = "from cs231n.notebook import Workbook\nwb = Workbook('two_layer_net')"
    mine = ("import os, cs231n\n"  # the submission's package, not the grader's source
            "assert cs231n.__file__.startswith(os.environ['PYTHONPATH'])\n"
            "wb.record(best_test_acc=0.61)")
    cases = {"reaches": [head, "wb.checks('affine_forward')", mine],
             "falls_short": [head, "wb.record(best_test_acc=0.1)"],
             "hangs": [head, "while True:\n    pass", "wb.record(best_test_acc=0.61)"]}
    for name, cells in cases.items():
        d = tmp_path / "subs" / name
        shutil.copytree(release.SOURCE_ROOT / "cs231n", d / "cs231n",
                        ignore=shutil.ignore_patterns("__pycache__"))
        (d / "assignment1").mkdir()
        (d / "assignment1" / "two_layer_net.ipynb").write_text(json.dumps(_nb(cells)))
    out = tmp_path / "out"
    grader.grade_all(sorted((tmp_path / "subs").iterdir()), out, jobs=2,
                     only=["two_layer_net/affine_forward"], questions=["two_layer_net"],
                     notebooks="quick", cell_timeout=4, log=lambda *a: None)
    scores = {}
    for name in cases:
        data = json.loads((out / name / "results.json").read_text())
        nb = [t for t in data["tests"] if "notebook_" in t["number"]]
        assert len(nb) == 1 and "unverified" in nb[0]["output"]
        scores[name] = (data["score"], nb[0]["score"])
    assert scores == {"reaches": (4, 2), "falls_short": (2, 0), "hangs": (2, 0)}


def test_cell_timeout_defaults_to_the_mode():
    """Full size trains for minutes in one cell; quick mode keeps the short limit."""
    seen = {}
    for mode, given in (("quick", None), ("full", None), ("full", 30.0)):
        g = grader.Grader("assignment1", questions=["knn"], notebooks=mode, cell_timeout=given)
        try:
            seen[(mode, given)] = g.cell_timeout
        finally:
            g.close()
    assert seen == {("quick", None): grader.CELL_TIMEOUT_QUICK,
                    ("full", None): grader.CELL_TIMEOUT_FULL, ("full", 30.0): 30.0}
    assert grader.CELL_TIMEOUT_FULL >= 600 > grader.CELL_TIMEOUT_QUICK
