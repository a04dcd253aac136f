"""Grading LSTM_Captioning: an assignment 3 submission on its own, and typical mistakes.

Each submission holds only ``cs231n/rnn_layers.py`` and ``cs231n/classifiers/rnn.py``
over the release's stubs. Expected scores count public and hidden checks
(7 + 6 points); a failed hidden check also withholds the public points of the
same function (grading.grader.gate).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from grading import core, grader, release, sandbox

SOURCE = release.SOURCE_ROOT
Q = "LSTM_Captioning"
A3_FILES = ("rnn_layers.py", "classifiers/rnn.py")
CHECKS = [c.id for c in core.select(Q, include_hidden=True)]
FULL = sum(c.points for c in core.select(Q, include_hidden=True))


def _submission(root: Path, stubs: Path, name: str, old: str = "", new: str = "",
                solved: bool = True) -> Path:
    pkg = root / name / "cs231n"
    shutil.copytree(stubs, pkg)
    for rel in A3_FILES if solved else ():
        shutil.copy2(SOURCE / "cs231n" / rel, pkg / rel)
    if old:
        path = pkg / "rnn_layers.py"
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))
    return pkg.parent


ROWS = {
    # name: (pattern, replacement, solved, expected score)
    "correct": ("", "", True, FULL),
    "stubs": ("", "", False, 0.0),
    # The cell-state gradient from the next step is dropped: the step and sequence
    # backward passes (public and hidden) and the model's gradients fail; the hidden
    # model check fails on its gradients and withholds the public loss.
    "backward_drops_dnext_c": ("dc = dnext_c + dnext_h * o", "dc = dnext_h * o", True,
                               FULL - 7),
    # The sequence starts its cell state at h0 instead of zero: lstm_forward, lstm_backward
    # and the model's loss and gradients fail; the step functions and sampling (which
    # starts its own cell state at zero) keep their points.
    "cell_starts_at_h0": ("prev_h, prev_c = h0, np.zeros_like(h0)", "prev_h, prev_c = h0, h0",
                          True, 6.0),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("a3lstm")
    rel = release.build(root / "release", only=["cs231n"])
    subs = {name: _submission(root / "subs", rel.out / "cs231n", name, old, new, solved)
            for name, (old, new, solved, _) in ROWS.items()}
    out = root / "out"
    limits = sandbox.Limits(memory_mb=1024, slack=1.0, startup=15.0)
    grader.grade_all(list(subs.values()), out, jobs=2, assignment="assignment3",
                     questions=[Q], only=CHECKS, timeout=5.0, limits=limits,
                     log=lambda *a: None)
    return subs, out


def test_full_marks_are_the_declared_points():
    assert FULL == 13.0


@pytest.mark.parametrize("name", list(ROWS))
def test_scores(graded, name):
    subs, out = graded
    data = json.loads((out / grader.submission_name(subs[name]) / "results.json").read_text())
    lost = [f"{t['name']}: {t['output'][:80]}" for t in data["tests"]
            if t["score"] < t["max_score"]]
    assert data["score"] == ROWS[name][3], "\n".join(lost)
