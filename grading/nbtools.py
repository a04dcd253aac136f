"""Notebook housekeeping: the stable committed form.

    python -m grading.nbtools strip NOTEBOOK...   clear outputs, counts and volatile metadata
    python -m grading.nbtools check NOTEBOOK...   exit 1 when a notebook is not stripped

Notebooks are committed without outputs so they do not churn from run to run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KEEP_CELL_METADATA = {"tags"}
KEEP_NB_METADATA = {"kernelspec", "language_info"}


def stripped(nb: dict) -> dict:
    """A copy of the notebook JSON in committed form."""
    nb = json.loads(json.dumps(nb))
    for cell in nb.get("cells", []):
        cell["metadata"] = {k: v for k, v in cell.get("metadata", {}).items()
                            if k in KEEP_CELL_METADATA}
        cell.pop("id", None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    meta = {k: v for k, v in nb.get("metadata", {}).items() if k in KEEP_NB_METADATA}
    if "language_info" in meta:
        meta["language_info"] = {"name": meta["language_info"].get("name", "python")}
    nb["metadata"] = meta
    nb["nbformat"], nb["nbformat_minor"] = 4, 4
    return nb


def dumps(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def is_stripped(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return text == dumps(stripped(json.loads(text)))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 2 or argv[0] not in ("strip", "check"):
        print(__doc__)
        return 2
    bad = 0
    for p in map(Path, argv[1:]):
        if argv[0] == "strip":
            p.write_text(dumps(stripped(json.loads(p.read_text(encoding="utf-8")))),
                         encoding="utf-8")
        elif not is_stripped(p):
            print(f"{p}: not in committed form (run: python -m grading.nbtools strip {p})")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
