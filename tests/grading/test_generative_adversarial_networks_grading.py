"""Grading Generative_Adversarial_Networks in the sandbox: torch checks, and typical mistakes.

Each submission holds only ``cs231n/gan_pytorch.py`` over the release's stubs.
Expected scores count public and hidden checks; a failed hidden check also
withholds the public points of the same function (grading.grader.gate).
"""

from __future__ import annotations

import pytest

from grading import core

Q = "Generative_Adversarial_Networks"
FILES = ("gan_pytorch.py",)
FULL = sum(c.points for c in core.select(Q, include_hidden=True))


ROWS = {
    # name: (file, pattern, replacement, solved, expected score)
    "correct": ("", "", "", True, FULL),
    "stubs": ("", "", "", False, 0.0),
    # The saturating generator loss, log(1 - D(G(z))) as BCE(fake, 0) negated: generator_loss
    # fails, public (2) and hidden (1).
    "saturating_generator_loss": (
        "gan_pytorch.py", "loss = bce_loss(logits_fake, torch.ones_like(logits_fake))",
        "loss = -bce_loss(logits_fake, torch.zeros_like(logits_fake))", True, FULL - 3),
    # A ReLU for the LeakyReLU in the first discriminator layer: same parameter count, wrong
    # outputs; discriminator fails, public and hidden.
    "discriminator_relu": (
        "gan_pytorch.py", "nn.Linear(784, 256), nn.LeakyReLU(0.01)",
        "nn.Linear(784, 256), nn.ReLU()", True, FULL - 2),
}


def test_full_marks_are_the_declared_points():
    assert FULL == 26.0


@pytest.fixture(scope="module")
def graded(grade_variants):
    return grade_variants(Q, FILES, {n: row[:4] for n, row in ROWS.items()}, timeout=30.0)


@pytest.mark.parametrize("name", list(ROWS))
def test_scores(graded, name):
    score, max_score, lost = graded[name]
    assert score == ROWS[name][4], lost
    assert max_score == FULL
