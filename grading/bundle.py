"""Gradescope autograder bundle: ``python -m grading gradescope-bundle assignmentN [--out ZIP]``.

The zip holds, at its top level (Gradescope unpacks it into ``/autograder/source``):

- ``setup.sh``: installs the Python requirements and makes the source
  readable by root only (the reference solution and hidden checks live there);
- ``run_autograder``: grades ``/autograder/submission`` into
  ``/autograder/results/results.json``;
- ``grading/``: the judge, runner, jail, every check (hidden ones included);
- ``cs231n/``: the reference solution; ``given/cs231n/``: the release's files;
- ``grading-secret``: the key hidden-check seeds are drawn from.

Student code runs in the sandbox of ``grading.sandbox``: its own unprivileged
uid, resource limits and, where the container allows namespaces, no network
and no view of ``/autograder/source``. Set ``AUTOGRADER_ROOT`` to point
``run_autograder`` at another layout (the tests use temporary folders) and
``PYTHON`` to choose the interpreter.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path

from grading import assignments, release

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once when the autograder image is built.
set -euo pipefail
cd /autograder/source
if ! command -v python3 >/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3 python3-pip
fi
python3 -m pip install -q -r requirements-grader.txt
# The reference solution, hidden checks and the seed key: root only.
chmod -R go-rwx /autograder/source
chmod 700 /autograder/source
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this (as root) for each submission.
set -uo pipefail
AG="${AUTOGRADER_ROOT:-/autograder}"
PY="${PYTHON:-python3}"
cd "$AG/source"
mkdir -p "$AG/results"
exec "$PY" -c 'import sys; sys.path.insert(0, "."); from grading.bundle import autograde; \\
sys.exit(autograde(sys.argv[1], sys.argv[2], sys.argv[3]))' \\
  "$AG/submission" "$AG/results/results.json" "{assignment}"
"""

REQUIREMENTS = {"assignment1": "numpy>=1.24\n",
                "assignment2": "numpy>=1.24\ntorch>=2.2\n",
                "assignment3": "numpy>=1.24\ntorch>=2.2\nh5py>=3.8\n"}


def build_bundle(assignment: str, out: Path, src: Path = release.SOURCE_ROOT) -> Path:
    """Write the autograder zip for ``assignment`` to ``out``."""
    a = assignments.get(assignment)
    out = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="cs231n-bundle-") as tmp:
        stage = Path(tmp) / "stage"
        stage.mkdir()
        release.build(Path(tmp) / "given", src, only=["cs231n"])
        shutil.copytree(Path(tmp) / "given" / "cs231n", stage / "given" / "cs231n")
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.tmp")
        shutil.copytree(src / "cs231n", stage / "cs231n", ignore=ignore)
        shutil.copytree(src / "grading", stage / "grading", ignore=ignore)
        (stage / "setup.sh").write_text(SETUP_SH)
        (stage / "run_autograder").write_text(RUN_AUTOGRADER.replace("{assignment}", a.name))
        (stage / "requirements-grader.txt").write_text(REQUIREMENTS[a.name])
        (stage / "grading-secret").write_text(secrets.token_hex(32) + "\n")
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp_zip = out.with_name(out.name + ".tmp")
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(stage.rglob("*")):
                if p.is_file():
                    info = zipfile.ZipInfo(str(p.relative_to(stage)),
                                           date_time=(1980, 1, 1, 0, 0, 0))
                    executable = p.name in ("setup.sh", "run_autograder")
                    info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    zf.writestr(info, p.read_bytes())
        tmp_zip.replace(out)
    return out


def autograde(submission: str, results: str, assignment: str) -> int:
    """Entry point of ``run_autograder``: always leaves a valid results.json."""
    from grading import grader

    results_path = Path(results)
    here = Path(__file__).resolve().parents[1]
    try:
        secret_file = here / "grading-secret"
        secret = secret_file.read_bytes().strip() if secret_file.exists() else None
        g = grader.Grader(assignment, secret=secret,
                          hide=[here, results_path.parent])
        try:
            with tempfile.TemporaryDirectory(prefix="cs231n-ag-") as tmp:
                g.grade(Path(submission), Path(tmp) / "out")
                text = (Path(tmp) / "out" / "results.json").read_text()
        finally:
            g.close()
    except Exception as exc:  # noqa: BLE001 - Gradescope must always get a results.json
        traceback.print_exc()
        text = json.dumps({"score": 0.0, "output": f"autograder error: {exc}",
                           "visibility": "visible", "tests": []}) + "\n"
    tmp_out = results_path.with_name(f".{results_path.name}.{os.getpid()}.tmp")
    tmp_out.write_text(text)
    os.replace(tmp_out, results_path)
    print(json.loads(text).get("output", ""))
    return 0


def cmd_bundle(args) -> int:
    try:
        a = assignments.get(args.assignment)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    out = Path(args.out or f"autograder_{a.name}.zip")
    try:
        path = build_bundle(a.name, out)
    except (release.ReleaseError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} (upload it as the Gradescope autograder of {a.name})")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("gradescope-bundle", help="build the Gradescope autograder zip")
    p.add_argument("assignment")
    p.add_argument("--out", help="zip path (default: autograder_<assignment>.zip)")
    p.set_defaults(func=cmd_bundle)
