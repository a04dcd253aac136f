"""Grading RNN_Captioning: an assignment 3 submission on its own, and typical mistakes.

Each submission holds only assignment 3's files (``cs231n/rnn_layers.py`` and
``cs231n/classifiers/rnn.py``) over the release's stubs, so assignments 1 and 2
are not implemented: the checks must not depend on them. Expected scores
count public and hidden checks (19 + 9 points); a failed hidden check also
withholds the public points of the same function (grading.grader.gate).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from grading import core, grader, release, sandbox

SOURCE = release.SOURCE_ROOT
Q = "RNN_Captioning"
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
    # dW[x] += dout keeps one of several updates of a repeated word: the embedding
    # backward, the model's gradients and, withheld, the model's loss lose their points.
    "embedding_overwrites_repeats": ("np.add.at(dW, x, dout)", "dW[x] += dout", True,
                                     FULL - 10),
    # BPTT that forgets the gradient from later steps: rnn_backward and the model's
    # gradients fail; the model's loss is withheld.
    "bptt_drops_future_gradient": ("rnn_step_backward(dh[:, t] + dprev_h, steps[t])",
                                   "rnn_step_backward(dh[:, t], steps[t])", True, FULL - 12),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("a3")
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
    assert FULL == 28.0


@pytest.mark.parametrize("name", list(ROWS))
def test_scores(graded, name):
    subs, out = graded
    data = json.loads((out / grader.submission_name(subs[name]) / "results.json").read_text())
    lost = [f"{t['name']}: {t['output'][:80]}" for t in data["tests"]
            if t["score"] < t["max_score"]]
    assert data["score"] == ROWS[name][3], "\n".join(lost)
    assert data["max_score"] == FULL
