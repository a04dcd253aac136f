"""Grading Generative_Adversarial_Networks in the sandbox: torch checks, and typical mistakes.

Each submission holds only ``cs231n/gan_pytorch.py`` over the release's stubs.
Expected scores count public and hidden checks; a failed hidden check also
withholds the public points of the same function (grading.grader.gate).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from grading import core, grader, release, sandbox

SOURCE = release.SOURCE_ROOT
Q = "Generative_Adversarial_Networks"
CHECKS = [c.id for c in core.select(Q, include_hidden=True)]
FULL = sum(c.points for c in core.select(Q, include_hidden=True))


def _submission(root: Path, stubs: Path, name: str, old: str, new: str, solved: bool) -> Path:
    pkg = root / name / "cs231n"
    shutil.copytree(stubs, pkg)
    if solved:
        path = pkg / "gan_pytorch.py"
        text = (SOURCE / "cs231n" / "gan_pytorch.py").read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))
    return pkg.parent


ROWS = {
    # name: (pattern, replacement, solved, expected score)
    "correct": ("", "", True, FULL),
    "stubs": ("", "", False, 0.0),
    # The saturating generator loss, log(1 - D(G(z))) as BCE(fake, 0) negated: generator_loss
    # fails, public (2) and hidden (1).
    "saturating_generator_loss": (
        "loss = bce_loss(logits_fake, torch.ones_like(logits_fake))",
        "loss = -bce_loss(logits_fake, torch.zeros_like(logits_fake))", True, FULL - 3),
    # A ReLU for the LeakyReLU in the first discriminator layer: same parameter count, wrong
    # outputs; discriminator fails, public and hidden.
    "discriminator_relu": ("nn.Linear(784, 256), nn.LeakyReLU(0.01)",
                           "nn.Linear(784, 256), nn.ReLU()", True, FULL - 2),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("gan")
    rel = release.build(root / "release", only=["cs231n"])
    subs = {name: _submission(root / "subs", rel.out / "cs231n", name, old, new, solved)
            for name, (old, new, solved, _) in ROWS.items()}
    out = root / "out"
    # The default address-space limit, which must leave room for importing torch.
    limits = sandbox.Limits(slack=1.0, startup=15.0)
    grader.grade_all(list(subs.values()), out, jobs=2, assignment="assignment3",
                     questions=[Q], only=CHECKS, timeout=30.0, limits=limits,
                     log=lambda *a: None)
    return subs, out


def test_full_marks_are_the_declared_points():
    assert FULL == 26.0


@pytest.mark.parametrize("name", list(ROWS))
def test_scores(graded, name):
    subs, out = graded
    data = json.loads((out / grader.submission_name(subs[name]) / "results.json").read_text())
    lost = [f"{t['name']}: {t['output'][:80]}" for t in data["tests"]
            if t["score"] < t["max_score"]]
    assert data["score"] == ROWS[name][3], "\n".join(lost)
