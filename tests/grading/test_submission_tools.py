"""Intake limits, collect, the Gradescope bundle and the similarity report."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grading import assignments, bundle, collect, intake, release, similarity

SOURCE = release.SOURCE_ROOT


# ------------------------------------------------------------------ intake
def test_intake_caps_files_and_bytes(tmp_path, monkeypatch):
    z = tmp_path / "many.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for i in range(30):
            zf.writestr(f"cs231n/m{i}.py", "x = 1\n")
    monkeypatch.setattr(intake, "MAX_FILES", 10)
    with pytest.raises(intake.IntakeError, match="more than 10 files"):
        intake.take(z, tmp_path / "a")
    monkeypatch.setattr(intake, "MAX_FILES", 100)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("cs231n/big.py", "#" * (4 * 2**20))
    monkeypatch.setattr(intake, "MAX_BYTES", 2**20)
    with pytest.raises(intake.IntakeError, match="MiB"):
        intake.take(bomb, tmp_path / "b")


def test_intake_refuses_absolute_paths_and_skips_links(tmp_path):
    z = tmp_path / "abs.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("/etc/evil.py", "")
    with pytest.raises(intake.IntakeError, match="absolute"):
        intake.take(z, tmp_path / "a")
    z2 = tmp_path / "link.zip"
    with zipfile.ZipFile(z2, "w") as zf:
        zf.writestr("cs231n/__init__.py", "")
        info = zipfile.ZipInfo("cs231n/secret.py")
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/work/main/cs231n/layers/affine.py")
    taken = intake.take(z2, tmp_path / "b")
    assert not (taken.root / "cs231n" / "secret.py").exists()
    assert any("link" in n for n in taken.notes)


# ----------------------------------------------------------------- collect
def _workbook(tmp_path: Path, run: bool = True) -> Path:
    root = tmp_path / "wb"
    shutil.copytree(SOURCE / "cs231n", root / "cs231n",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (root / "assignment1").mkdir()
    for nb in assignments.get("assignment1").notebooks:
        cell = {"cell_type": "code", "metadata": {}, "source": ["x = 1\n", "print(x)"],
                "execution_count": 1 if run else None,
                "outputs": [{"output_type": "stream", "name": "stdout", "text": "1\n"}]
                if run else []}
        doc = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": [f"# {nb}\n", "x"]},
                         cell],
               "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
        (root / "assignment1" / f"{nb}.ipynb").write_text(json.dumps(doc))
    return root


def test_collect_packs_code_notebooks_and_an_export(tmp_path):
    root = _workbook(tmp_path)
    lines = []
    zip_path, exported = collect.collect("assignment1", root, tmp_path / "out", log=lines.append)
    names = zipfile.ZipFile(zip_path).namelist()
    assert zip_path.name == "a1_code_submission.zip"
    assert "cs231n/layers/affine.py" in names and "assignment1/knn.ipynb" in names
    assert [n for n in names if n.endswith(".ipynb")] == [
        f"assignment1/{nb}.ipynb" for nb in assignments.get("assignment1").notebooks]
    assert exported.suffix in (".pdf", ".html") and exported.stat().st_size > 1000
    assert any("Done!" in line for line in lines)
    assert any("cs231n/layers/affine.py" in line for line in lines)


def test_collect_refuses_unrun_notebook_and_missing_file(tmp_path):
    root = _workbook(tmp_path, run=False)
    with pytest.raises(collect.CollectError, match="knn.ipynb was never run"):
        collect.collect("assignment1", root)
    root = _workbook(tmp_path / "2")
    (root / "cs231n" / "layers" / "affine.py").unlink()
    with pytest.raises(collect.CollectError, match="cs231n/layers/affine.py is missing"):
        collect.collect("assignment1", root)


def test_collect_cli_says_one_line(tmp_path):
    root = _workbook(tmp_path, run=False)
    shutil.copytree(SOURCE / "grading", root / "grading",
                    ignore=shutil.ignore_patterns("__pycache__"))
    res = subprocess.run([sys.executable, "-m", "grading", "collect", "assignment1"], cwd=root,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 1
    assert res.stderr.strip().count("\n") == 0 and "never run" in res.stderr
    assert "Traceback" not in res.stderr


# ------------------------------------------------------------------ bundle
def test_bundle_run_autograder_writes_valid_results(tmp_path):
    zip_path = bundle.build_bundle("assignment1", tmp_path / "autograder.zip")
    ag = tmp_path / "autograder"
    (ag / "source").mkdir(parents=True)
    (ag / "results").mkdir()
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        zf.extractall(ag / "source")
    assert {"setup.sh", "run_autograder", "grading/grader.py", "cs231n/layers/affine.py",
            "given/cs231n/layers/affine.py", "grading-secret"} <= set(names)
    assert any(n.startswith("grading/checks/hidden_") for n in names)
    sub = ag / "submission"
    shutil.copytree(SOURCE / "cs231n", sub / "cs231n", ignore=shutil.ignore_patterns("__py*"))
    aff = sub / "cs231n" / "layers" / "affine.py"
    aff.write_text(aff.read_text().replace("db = dout.sum(axis=0)", "db = dout.sum(axis=1)"))
    env = dict(os.environ, AUTOGRADER_ROOT=str(ag), PYTHON=sys.executable)
    res = subprocess.run(["bash", str(ag / "source" / "run_autograder")], env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    data = json.loads((ag / "results" / "results.json").read_text())
    assert data["tests"] and all({"name", "score", "max_score", "output", "visibility"}
                                 <= set(t) for t in data["tests"])
    lost = {t["number"] for t in data["tests"] if t["score"] < t["max_score"]}
    assert {"two_layer_net/affine_backward", "two_layer_net/hidden_affine_backward"} <= lost
    assert "knn/distances_two_loops" not in lost
    assert data["score"] == sum(t["score"] for t in data["tests"])
    assert 0 < data["score"] < sum(t["max_score"] for t in data["tests"])


# -------------------------------------------------------------- similarity
CAROL = """def svm_loss_vectorized(W, X, y, reg):
    num = X.shape[0]
    scores_all = X.dot(W)
    picked = scores_all[range(num), y]
    hinge = scores_all - picked.reshape(-1, 1) + 1
    hinge[hinge < 0] = 0
    hinge[range(num), y] = 0
    loss = np.sum(hinge) / num + reg * np.sum(W ** 2)
    mask = (hinge > 0) * 1.0
    mask[range(num), y] = -mask.sum(1)
    dW = X.T.dot(mask) / num + 2 * reg * W
    return float(loss), dW"""


def test_similarity_flags_copies_not_independent_work(tmp_path):
    subs = tmp_path / "subs"
    for name in ("alice", "bob", "carol", "dave"):
        shutil.copytree(SOURCE / "cs231n", subs / name / "cs231n",
                        ignore=shutil.ignore_patterns("__pycache__"))
    f = "classifiers/linear_svm.py"
    bob = subs / "bob" / "cs231n" / f
    # bob copies alice, renaming variables and rewording comments
    text = bob.read_text().replace("margins", "marg").replace("# ", "# note: ")
    bob.write_text(text)
    carol = subs / "carol" / "cs231n" / f
    text = carol.read_text()
    a = text.index("def svm_loss_vectorized")
    b = text.index("return float(loss), dW", a) + len("return float(loss), dW")
    carol.write_text(text[:a] + CAROL + text[b:])
    (subs / "dave" / "cs231n" / f).write_text(
        (subs / "dave" / "cs231n" / f).read_text().replace("### BEGIN SOLUTION", "pass  #"))
    out = tmp_path / "report.csv"
    res = subprocess.run([sys.executable, "-m", "grading", "similarity", *sorted(
        str(p) for p in subs.iterdir()), "--out", str(out)], cwd=SOURCE, capture_output=True,
        text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(out.open()))
    vec = {(r["submission_a"], r["submission_b"]): float(r["score"]) for r in rows
           if r["function"] == f"{f}:svm_loss_vectorized"}
    assert vec.get(("alice", "bob")) == 1.0  # renaming does not hide a copy
    assert ("alice", "carol") not in vec and ("bob", "carol") not in vec
    assert all(float(r["score"]) >= 0.9 for r in rows)


def test_similarity_leaves_out_the_starter(tmp_path):
    rel = release.build(tmp_path / "rel", only=["cs231n"])
    subs = []
    for name in ("s1", "s2"):
        shutil.copytree(rel.out / "cs231n", tmp_path / name / "cs231n")
        subs.append(tmp_path / name)
    assert similarity.report(subs, stubs=rel.out / "cs231n") == []
