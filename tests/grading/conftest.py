"""Shared fixtures for grading tests: the release's stubs, and grading edited submissions."""

from __future__ import annotations

import json
import shutil

import pytest

from grading import core, grader, release, sandbox


@pytest.fixture(scope="session")
def release_stubs(tmp_path_factory):
    """The student release's ``cs231n`` package (every solution region stubbed), built once."""
    rel = release.build(tmp_path_factory.mktemp("stubs") / "release", only=["cs231n"])
    return rel.out / "cs231n"


@pytest.fixture(scope="session")
def grade_variants(tmp_path_factory, release_stubs):
    """grade_variants(question, files, rows, ...) -> {name: (score, max_score, lost)}.

    Each submission is the release's stubs with ``files`` (paths under ``cs231n/``)
    copied from the source when the row is solved, then one text edit in one file:
    rows map a name to ``(file, old, new, solved)``; an empty ``old`` edits nothing.
    Every check of the question, public and hidden, is graded in the sandbox;
    ``lost`` lists the tests that lost points, one line each, for assert messages.
    """

    def run(question, files, rows, *, timeout=5.0, memory_mb=None, startup=15.0):
        root = tmp_path_factory.mktemp(question)
        subs = {}
        for name, (file, old, new, solved) in rows.items():
            pkg = root / "subs" / name / "cs231n"
            shutil.copytree(release_stubs, pkg)
            for rel in files if solved else ():
                shutil.copy2(release.SOURCE_ROOT / "cs231n" / rel, pkg / rel)
            if old:
                text = (pkg / file).read_text()
                assert old in text, old
                (pkg / file).write_text(text.replace(old, new, 1))
            subs[name] = pkg.parent
        limits = sandbox.Limits(slack=1.0, startup=startup)
        if memory_mb is not None:
            limits = sandbox.Limits(memory_mb=memory_mb, slack=1.0, startup=startup)
        out = root / "out"
        checks = [c.id for c in core.select(question, include_hidden=True)]
        grader.grade_all(list(subs.values()), out, jobs=2, assignment="assignment3",
                         questions=[question], only=checks, timeout=timeout, limits=limits,
                         log=lambda *a: None)
        scores = {}
        for name, p in subs.items():
            data = json.loads((out / grader.submission_name(p) / "results.json").read_text())
            lost = "\n".join(f"{t['name']}: {t['output'][:80]}" for t in data["tests"]
                             if t["score"] < t["max_score"])
            scores[name] = (data["score"], data["max_score"], lost)
        return scores

    return run
