"""Grading LSTM_Captioning: an assignment 3 submission on its own, and typical mistakes.

Each submission holds only ``cs231n/rnn_layers.py`` and ``cs231n/classifiers/rnn.py``
over the release's stubs. Expected scores count public and hidden checks
(7 + 6 points); a failed hidden check also withholds the public points of the
same function (grading.grader.gate).
"""

from __future__ import annotations

import pytest

from grading import core

Q = "LSTM_Captioning"
FILES = ("rnn_layers.py", "classifiers/rnn.py")
FULL = sum(c.points for c in core.select(Q, include_hidden=True))


ROWS = {
    # name: (file, pattern, replacement, solved, expected score)
    "correct": ("", "", "", True, FULL),
    "stubs": ("", "", "", False, 0.0),
    # The cell-state gradient from the next step is dropped: the step and sequence
    # backward passes (public and hidden) and the model's gradients fail; the hidden
    # model check fails on its gradients and withholds the public loss.
    "backward_drops_dnext_c": (
        "rnn_layers.py", "dc = dnext_c + dnext_h * o", "dc = dnext_h * o", True,
        FULL - 7),
    # The sequence starts its cell state at h0 instead of zero: lstm_forward, lstm_backward
    # and the model's loss and gradients fail; the step functions and sampling (which
    # starts its own cell state at zero) keep their points.
    "cell_starts_at_h0": (
        "rnn_layers.py", "prev_h, prev_c = h0, np.zeros_like(h0)", "prev_h, prev_c = h0, h0",
        True, 6.0),
}


def test_full_marks_are_the_declared_points():
    assert FULL == 13.0


@pytest.fixture(scope="module")
def graded(grade_variants):
    return grade_variants(Q, FILES, {n: row[:4] for n, row in ROWS.items()}, memory_mb=1024)


@pytest.mark.parametrize("name", list(ROWS))
def test_scores(graded, name):
    score, max_score, lost = graded[name]
    assert score == ROWS[name][4], lost
    assert max_score == FULL
