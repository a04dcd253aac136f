"""Pack a submission: ``python -m grading collect assignmentN [--out DIR]``.

Writes, next to the workbook (or into ``--out``):

- ``aN_code_submission.zip``: every ``cs231n/**/*.py`` (and ``.pyx``) file and
  the assignment's notebooks, in the course's order;
- ``aN_inline_submission.pdf`` (nbconvert, when LaTeX is installed), else
  ``aN_inline_submission.html``: the notebooks in one document, for the
  manual grading of written answers.

It refuses, with one line naming the file, when a required file is missing
or a notebook was never run (no execution counts and no outputs). The
required files are the course's ``collectSubmission.sh`` list adapted to this
layout (``grading.assignments``); a release records the list that applies to
it in ``grading/release.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from grading import assignments

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = "grading/release.json"


class CollectError(Exception):
    """Why a submission cannot be packed (one line)."""


def required_files(root: Path, a: assignments.Assignment) -> list[str]:
    """The release manifest's list (at ``root``, else beside this module), else the
    assignment's list as far as this workbook's own files go."""
    for manifest in (root / MANIFEST, ROOT / MANIFEST):
        if manifest.exists():
            data = json.loads(manifest.read_text())
            return list(data.get("assignments", {}).get(a.name, {}).get("required", []))
    return a.required_files(ROOT)


def was_run(nb: dict) -> bool:
    """True when some code cell has an execution count or outputs."""
    code = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    if not code:
        return True
    return any(c.get("execution_count") is not None or c.get("outputs") for c in code)


def check_ready(root: Path, a: assignments.Assignment) -> list[Path]:
    """The notebooks to pack; raises CollectError for the first problem found."""
    for rel in required_files(root, a):
        if not (root / rel).is_file():
            raise CollectError(f"required file {rel} is missing; restore it (an unfinished "
                               "file is fine) and collect again")
    notebooks = a.notebook_paths(root)
    for nb_path in notebooks:
        rel = nb_path.relative_to(root)
        if not nb_path.is_file():
            raise CollectError(f"notebook {rel} is missing")
        try:
            nb = json.loads(nb_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise CollectError(f"notebook {rel} is not valid notebook JSON") from None
        if not was_run(nb):
            raise CollectError(f"notebook {rel} was never run: run it top to bottom so its "
                               "outputs show, save it, and collect again")
    return notebooks


def code_files(root: Path) -> list[Path]:
    pkg = root / "cs231n"
    return sorted(p for p in pkg.rglob("*") if p.suffix in (".py", ".pyx") and p.is_file()
                  and "__pycache__" not in p.parts and not p.is_symlink())


def merged_notebook(notebooks: list[Path]) -> dict:
    """One notebook holding every cell of ``notebooks``, each under a heading."""
    merged: dict = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        merged["metadata"] = merged["metadata"] or nb.get("metadata", {})
        merged["cells"].append({"cell_type": "markdown", "metadata": {},
                                "source": f"# {path.parent.name}/{path.name}"})
        for cell in nb.get("cells", []):
            cell = dict(cell)
            cell.pop("id", None)
            merged["cells"].append(cell)
    return merged


def export(notebooks: list[Path], dest_stem: Path) -> Path:
    """PDF through nbconvert when LaTeX is available, else HTML; returns the file."""
    import nbformat
    from nbconvert import HTMLExporter, PDFExporter

    nb = nbformat.reads(json.dumps(merged_notebook(notebooks)), as_version=4)
    if shutil.which("xelatex"):
        try:
            body, _ = PDFExporter().from_notebook_node(nb)
            out = dest_stem.with_suffix(".pdf")
            out.write_bytes(body)
            return out
        except Exception as exc:  # noqa: BLE001 - LaTeX fails in many ways; HTML still works
            print(f"note: PDF export failed ({type(exc).__name__}); writing HTML instead")
    body, _ = HTMLExporter().from_notebook_node(nb)
    out = dest_stem.with_suffix(".html")
    out.write_text(body, encoding="utf-8")
    return out


def collect(name: str, root: Path = ROOT, out_dir: Path | None = None,
            log=print) -> tuple[Path, Path]:
    """Check, pack and export; returns (zip, export). Raises CollectError or KeyError."""
    a = assignments.get(name)
    root = Path(root).resolve()
    out_dir = Path(out_dir or root).resolve()
    notebooks = check_ready(root, a)
    out_dir.mkdir(parents=True, exist_ok=True)
    zip_path = out_dir / f"a{a.number}_code_submission.zip"
    files = code_files(root) + notebooks
    with tempfile.NamedTemporaryFile(dir=out_dir, suffix=".zip.tmp", delete=False) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in files:
                zf.write(p, str(p.relative_to(root)))
    os.chmod(tmp.name, 0o644)
    Path(tmp.name).replace(zip_path)
    pdf_nbs = [p for p in notebooks if a.pdf_notebooks is None or p.stem in a.pdf_notebooks]
    try:
        exported = export(pdf_nbs, out_dir / f"a{a.number}_inline_submission")
    except Exception as exc:  # noqa: BLE001 - name the problem in one line
        raise CollectError(f"the code zip is written ({zip_path.name}), but exporting the "
                           f"notebooks failed: {type(exc).__name__}: {exc}") from None
    log(f"packed {len(files)} files into {zip_path}:")
    for p in files:
        log(f"  {p.relative_to(root)}")
    log(f"exported {len(pdf_nbs)} notebooks to {exported}")
    log(f"### Done! Please submit {zip_path.name} and {exported.name} to Gradescope. ###")
    return zip_path, exported


def cmd_collect(args) -> int:
    try:
        collect(args.assignment, out_dir=Path(args.out) if args.out else None)
    except (CollectError, KeyError) as exc:
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    except subprocess.SubprocessError as exc:
        print(f"error: export failed: {exc}", file=sys.stderr)
        return 1
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("collect", help="pack your code and notebooks for submission")
    p.add_argument("assignment", help="assignment1, assignment2 or assignment3")
    p.add_argument("--out", help="folder for the zip and the export (default: the workbook)")
    p.set_defaults(func=cmd_collect)
