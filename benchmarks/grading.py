"""Auto-grader throughput: a class of assignment-1 submissions, isolated versus in-process.

The row grades N submissions (100; 4 with ``--quick``) of every assignment-1
check, public and hidden, built from the reference solution (a fifth of
them with a typical bug). The baseline runs the same check bodies and
reference runs in this process, with no isolation; the ratios are the cost
of isolation (sandbox copies, jailed runner processes, trusted reference
runs). Submissions per minute are printed on stderr as each run finishes.
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.core import benchmark

SOURCE = Path(__file__).resolve().parents[1]


def _corpus(root: Path, n: int) -> list[Path]:
    subs = []
    for k in range(n):
        d = root / f"student{k:03d}"
        shutil.copytree(SOURCE / "cs231n", d / "cs231n",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        if k % 5 == 4:  # a typical bug in a fifth of the class
            f = d / "cs231n" / "layers" / "affine.py"
            f.write_text(f.read_text().replace("db = dout.sum(axis=0)", "db = dout.sum(axis=1)"))
        subs.append(d)
    return subs


def _in_process(n: int):
    from grading import core, grader

    g = grader.Grader("assignment1", workdir=Path(tempfile.gettempdir()))
    checks = g.checks
    g.close()
    refs_public = {c.id: core.run_outputs(c) for c in checks if not c.hidden}

    def run():
        for k in range(n):
            seeds = g.seeds(f"student{k}")
            for c in checks:
                ref = core.run_outputs(c, seeds[c.id]) if c.hidden else refs_public[c.id]
                try:
                    with np.errstate(all="ignore"):
                        out = core.run_outputs(c, seeds[c.id])
                    core.judge(c, out, ref)
                except Exception:  # noqa: BLE001 - same accounting as the grader
                    pass

    return run


def _isolated(subs: list[Path], jobs: int, root: Path):
    from grading import grader

    counter = [0]

    def run():
        counter[0] += 1
        out = root / f"out-j{jobs}-{counter[0]}"
        t0 = time.perf_counter()
        grader.grade_all(subs, out, jobs=jobs, log=lambda *a: None)
        dt = time.perf_counter() - t0
        print(f"  isolated --jobs {jobs}: {len(subs)} submissions in {dt:.1f} s = "
              f"{60 * len(subs) / dt:.1f} submissions/minute", file=sys.stderr)
        shutil.rmtree(out, ignore_errors=True)

    return run


@benchmark("grade A1 submissions (100; 4 in --quick)", baseline="in-process, no isolation",
           repeat=1)
def grade_class(quick):
    n = 4 if quick else 100
    root = Path(tempfile.mkdtemp(prefix="cs231n-bench-grade-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    subs = _corpus(root, n)
    return {"in-process, no isolation": _in_process(n),
            "isolated, --jobs 1": _isolated(subs, 1, root),
            "isolated, --jobs 2": _isolated(subs, 2, root)}
