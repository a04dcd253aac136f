"""Every declared check passes on the source, fast, and the stored references are fresh.

Per-question test files only add what is specific to their question (say,
that every student function of it has a check).
"""

import pytest

from grading import core, refs

PUBLIC = core.select()
# A guard against a check that does real training, not a timing: checks take
# milliseconds, and a busy shared machine (or torch's first import) can stretch
# one past a second, so the bound is loose.
SLOW = 5.0


@pytest.fixture(scope="module", autouse=True)
def _torch_loaded():
    """Import torch and its optimizers once (about 2 s), not inside the first torch check."""
    try:
        import torch
    except ImportError:
        return
    torch.optim.Adam(torch.nn.Linear(1, 1).parameters())


@pytest.mark.parametrize("c", PUBLIC, ids=[c.id for c in PUBLIC])
def test_public_check_passes_on_reference_solution(c):
    r = core.run_check(c, refs.for_check(c))
    assert r.status == "passed", f"{c.id}: {r.status}: {r.message}"
    assert r.seconds < SLOW, f"{c.id} took {r.seconds:.2f} s"


HIDDEN = [c for c in core.select(include_hidden=True) if c.hidden]


@pytest.mark.parametrize("seed", [1, 2, 12345])
@pytest.mark.parametrize("c", HIDDEN, ids=[c.id for c in HIDDEN])
def test_hidden_check_passes_against_a_fresh_reference_run(c, seed):
    r = core.run_check(c, refs.compute(c, seed), seed=seed)
    assert r.status == "passed", f"{c.id} (seed {seed}): {r.status}: {r.message}"
    assert r.seconds < SLOW, f"{c.id} took {r.seconds:.2f} s"


def test_every_check_declares_points_targets_and_a_comparison():
    for c in core.select(include_hidden=True):
        assert c.points > 0, c.id
        assert c.targets, c.id
        assert c.compare, c.id


def test_reference_values_are_not_stale():
    problems = refs.stale()
    assert not problems, "stale refs (run: python -m grading refs):\n" + "\n".join(problems)


def test_refs_round_trip_and_staleness_detection(tmp_path, monkeypatch):
    import numpy as np

    generated = refs.generate("two_layer_net", refs_dir=tmp_path)
    assert [p.name for p in generated] == ["two_layer_net.npz"]
    assert generated[0].read_bytes() == refs.ref_path("two_layer_net", tmp_path).read_bytes()
    # regeneration is byte-for-byte stable
    first = generated[0].read_bytes()
    refs.generate("two_layer_net", refs_dir=tmp_path)
    assert generated[0].read_bytes() == first
    assert refs.stale("two_layer_net", refs_dir=tmp_path) == []
    # tamper with one stored value: stale() must name it
    stored = refs.load("two_layer_net", tmp_path)
    arrays = {f"{n}/{k}": v for n, d in stored.items() for k, v in d.items()}
    arrays["affine_forward/out"] = arrays["affine_forward/out"] + 1e-3
    np.savez(tmp_path / "two_layer_net.npz", **arrays)
    problems = refs.stale("two_layer_net", refs_dir=tmp_path)
    assert any("affine_forward" in p for p in problems)
