"""Reference values: generated from the reference solution, never typed in.

``python -m grading refs`` runs every public check against this source tree
(the reference solution) with the check's public seed and stores the outputs
its comparisons need in ``grading/refs/<question>.npz``, one array per
``<check name>/<output key>``. ``stale()`` recomputes them and lists what no
longer matches, which the test suite asserts is empty.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

from grading.core import Check, rel_error, run_outputs, select

REFS_DIR = Path(__file__).resolve().parent / "refs"


def ref_path(question: str, refs_dir: Path = REFS_DIR) -> Path:
    return refs_dir / f"{question}.npz"


def compute(c: Check, seed: int | None = None) -> dict[str, np.ndarray]:
    """Run the reference solution for one check; keep the keys it is compared on."""
    out = run_outputs(c, seed)
    missing = [k for k in c.ref_keys if k not in out]
    if missing:
        raise KeyError(f"check {c.id} did not return {missing}")
    return {k: np.asarray(out[k]) for k in c.ref_keys}


def generate(question: str | None = None, refs_dir: Path = REFS_DIR) -> list[Path]:
    """Write the refs of every public check (of one question) and return the files."""
    by_q: dict[str, dict[str, np.ndarray]] = {}
    for c in select(question):
        if not c.ref_keys:
            by_q.setdefault(c.question, {})
            continue
        for k, v in compute(c).items():
            by_q.setdefault(c.question, {})[f"{c.name}/{k}"] = v
    refs_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for q, arrays in by_q.items():
        if not arrays:
            continue
        path = ref_path(q, refs_dir)
        buf = io.BytesIO()
        # A stable archive: sorted members with a fixed timestamp, so regenerating
        # identical values leaves the committed file byte-for-byte unchanged.
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for key in sorted(arrays):
                member = io.BytesIO()
                # np.require keeps 0-d arrays 0-d (ascontiguousarray would make them (1,)).
                np.lib.format.write_array(member, np.require(arrays[key], requirements="C"),
                                          allow_pickle=False)
                info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, member.getvalue())
        tmp = path.with_suffix(".npz.tmp")
        tmp.write_bytes(buf.getvalue())
        tmp.replace(path)
        written.append(path)
    return written


def load(question: str, refs_dir: Path = REFS_DIR) -> dict[str, dict[str, np.ndarray]]:
    """Refs of one question as {check name: {key: array}} (empty when absent)."""
    path = ref_path(question, refs_dir)
    if not path.exists():
        return {}
    out: dict[str, dict[str, np.ndarray]] = {}
    with np.load(path, allow_pickle=False) as data:
        for key in data.files:
            name, _, k = key.partition("/")
            out.setdefault(name, {})[k] = data[key]
    return out


def for_check(c: Check, refs_dir: Path = REFS_DIR) -> dict[str, np.ndarray] | None:
    if not c.ref_keys:
        return {}
    return load(c.question, refs_dir).get(c.name)


def stale(question: str | None = None, refs_dir: Path = REFS_DIR, tol: float = 1e-9) -> list[str]:
    """Checks whose stored refs are missing or differ from a fresh computation."""
    problems = []
    for c in select(question):
        if not c.ref_keys:
            continue
        stored = for_check(c, refs_dir)
        fresh = compute(c)
        if stored is None:
            problems.append(f"{c.id}: no stored reference")
            continue
        for k, v in fresh.items():
            if k not in stored:
                problems.append(f"{c.id}: {k} not stored")
            elif stored[k].shape != v.shape:
                problems.append(f"{c.id}: {k} shape {stored[k].shape} != {v.shape}")
            elif v.dtype.kind in "fc" and rel_error(stored[k], v) > tol:
                problems.append(f"{c.id}: {k} differs (rel error {rel_error(stored[k], v):.1e})")
            elif v.dtype.kind not in "fc" and not np.array_equal(stored[k], v):
                problems.append(f"{c.id}: {k} differs")
    return problems
