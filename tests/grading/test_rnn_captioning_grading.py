"""Grading RNN_Captioning: an assignment 3 submission on its own, and typical mistakes.

Each submission holds only assignment 3's files (``cs231n/rnn_layers.py`` and
``cs231n/classifiers/rnn.py``) over the release's stubs, so assignments 1 and 2
are not implemented: the checks must not depend on them. Expected scores
count public and hidden checks (19 + 9 points); a failed hidden check also
withholds the public points of the same function (grading.grader.gate).
"""

from __future__ import annotations

import pytest

from grading import core

Q = "RNN_Captioning"
FILES = ("rnn_layers.py", "classifiers/rnn.py")
FULL = sum(c.points for c in core.select(Q, include_hidden=True))


ROWS = {
    # name: (file, pattern, replacement, solved, expected score)
    "correct": ("", "", "", True, FULL),
    "stubs": ("", "", "", False, 0.0),
    # dW[x] += dout keeps one of several updates of a repeated word: the embedding
    # backward, the model's gradients and, withheld, the model's loss lose their points.
    "embedding_overwrites_repeats": (
        "rnn_layers.py", "np.add.at(dW, x, dout)", "dW[x] += dout", True,
        FULL - 10),
    # BPTT that forgets the gradient from later steps: rnn_backward and the model's
    # gradients fail; the model's loss is withheld.
    "bptt_drops_future_gradient": (
        "rnn_layers.py", "rnn_step_backward(dh[:, t] + dprev_h, steps[t])",
        "rnn_step_backward(dh[:, t], steps[t])", True, FULL - 12),
}


def test_full_marks_are_the_declared_points():
    assert FULL == 28.0


@pytest.fixture(scope="module")
def graded(grade_variants):
    return grade_variants(Q, FILES, {n: row[:4] for n, row in ROWS.items()}, memory_mb=1024)


@pytest.mark.parametrize("name", list(ROWS))
def test_scores(graded, name):
    score, max_score, lost = graded[name]
    assert score == ROWS[name][4], lost
    assert max_score == FULL
