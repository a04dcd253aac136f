"""Grading Transformer_Captioning: an assignment 3 submission on its own, and typical mistakes.

Each submission holds only the Transformer files over the release's stubs.
Expected scores count public and hidden checks (12 + 3 points); a failed hidden
check also withholds the public points of the same part (grading.grader.gate).
"""

from __future__ import annotations

import pytest

from grading import core

pytest.importorskip("torch")

Q = "Transformer_Captioning"
FILES = ("transformer_layers.py", "classifiers/transformer.py")
FULL = sum(c.points for c in core.select(Q, include_hidden=True))


ROWS = {
    # name: (file, pattern, replacement, solved, expected score)
    "correct": ("", "", "", True, FULL),
    "stubs": ("", "", "", False, 0.0),
    # Unscaled scores: attention and both model checks fail; the hidden attention
    # check withholds the dropout check's point too.
    "no_sqrt_scaling": ("transformer_layers.py", "q @ k.transpose(2, 3) / math.sqrt(E // H)",
                        "q @ k.transpose(2, 3)", True, FULL - 11),
    # No causal mask: later words leak into earlier scores. The course's linspace fixture
    # does not see it; the causal check and the hidden check do, and the hidden failure
    # withholds the linspace check's points.
    "no_causal_mask": ("classifiers/transformer.py", "tgt_mask=tgt_mask)  # (N, T, W)",
                       "tgt_mask=None)", True, FULL - 6),
    # Dropout forgotten on the attention weights: only the train-mode check sees it.
    "no_attention_dropout": ("transformer_layers.py",
                             "self.attn_drop(F.softmax(scores, dim=-1))",
                             "F.softmax(scores, dim=-1)", True, FULL - 1),
}


STUDENT_PARTS = ["transformer_layers.PositionalEncoding",
                 "transformer_layers.MultiHeadAttention.forward",
                 "classifiers.transformer.CaptioningTransformer.forward"]


def test_question_is_the_notebook_stem_and_every_student_part_has_checks():
    from grading import assignments

    assert Q in assignments.questions("assignment3")
    checks = core.select(Q, include_hidden=True)
    for part in STUDENT_PARTS:
        assert any(part in c.targets for c in checks if not c.hidden), part
        assert any(part in c.targets for c in checks if c.hidden), part


def test_full_marks_are_the_declared_points():
    assert FULL == 15.0


@pytest.fixture(scope="module")
def graded(grade_variants):
    return grade_variants(Q, FILES, {n: row[:4] for n, row in ROWS.items()}, timeout=30.0,
                          startup=30.0)


@pytest.mark.parametrize("name", list(ROWS))
def test_scores(graded, name):
    score, max_score, lost = graded[name]
    assert score == ROWS[name][4], lost
    assert max_score == FULL


def test_hidden_attention_check_catches_missing_scaling_at_every_seed(monkeypatch):
    """With a single key the scaling cancels; the hidden check must never draw one."""
    import math
    import types

    from cs231n import transformer_layers
    from grading import refs

    c = core.load_checks()["Transformer_Captioning/hidden_multi_head_attention"]
    seeds = range(64)
    expected = {s: refs.compute(c, s) for s in seeds}
    unscaled = types.SimpleNamespace(**{k: getattr(math, k) for k in dir(math)
                                        if not k.startswith("__")})
    unscaled.sqrt = lambda x: 1.0
    monkeypatch.setattr(transformer_layers, "math", unscaled)
    assert [s for s in seeds if core.run_check(c, expected[s], seed=s).status == "passed"] == []
