"""Grading Transformer_Captioning: an assignment 3 submission on its own, and typical mistakes.

Each submission holds only the Transformer files over the release's stubs.
Expected scores count public and hidden checks (12 + 3 points); a failed hidden
check also withholds the public points of the same part (grading.grader.gate).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from grading import core, grader, release, sandbox

pytest.importorskip("torch")

SOURCE = release.SOURCE_ROOT
Q = "Transformer_Captioning"
FILES = ("transformer_layers.py", "classifiers/transformer.py")
CHECKS = [c.id for c in core.select(Q, include_hidden=True)]
FULL = sum(c.points for c in core.select(Q, include_hidden=True))


def _submission(root: Path, stubs: Path, name: str, rel: str = "", old: str = "",
                new: str = "", solved: bool = True) -> Path:
    pkg = root / name / "cs231n"
    shutil.copytree(stubs, pkg)
    for f in FILES if solved else ():
        shutil.copy2(SOURCE / "cs231n" / f, pkg / f)
    if old:
        path = pkg / rel
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))
    return pkg.parent


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


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("a3t")
    rel = release.build(root / "release", only=["cs231n"])
    subs = {name: _submission(root / "subs", rel.out / "cs231n", name, f, old, new, solved)
            for name, (f, old, new, solved, _) in ROWS.items()}
    out = root / "out"
    limits = sandbox.Limits(slack=1.0, startup=30.0)
    grader.grade_all(list(subs.values()), out, jobs=2, assignment="assignment3",
                     questions=[Q], only=CHECKS, timeout=30.0, limits=limits,
                     log=lambda *a: None)
    return subs, out


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


@pytest.mark.parametrize("name", list(ROWS))
def test_scores(graded, name):
    subs, out = graded
    data = json.loads((out / grader.submission_name(subs[name]) / "results.json").read_text())
    lost = [f"{t['name']}: {t['output'][:80]}" for t in data["tests"]
            if t["score"] < t["max_score"]]
    assert data["score"] == ROWS[name][4], "\n".join(lost)
