"""Notebooks run under nbval in quick mode; a failed verdict or an exception fails the run."""

import os
import subprocess
import sys

import nbformat
import pytest


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _run(path, tmp_path):
    env = dict(os.environ, CS231N_RESULTS=str(tmp_path / "results"))
    env.pop("CS231N_QUICK", None)
    env.pop("CS231N_STRICT", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
         f"--rootdir={tmp_path}", "-c", os.devnull, str(path)],
        capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)


HEAD = ("import os\n"
        "from cs231n.notebook import Workbook, QUICK, strict\n"
        "wb = Workbook('demo')")


@pytest.mark.parametrize("body, passes", [
    ("wb.verdict('ok', 0.9, at_least=0.5)\nwb.record(acc=0.9)", True),
    ("wb.verdict('bad', 0.1, at_least=0.5)", False),
    ("raise RuntimeError('boom')", False),
])
def test_nbval_verdicts(tmp_path, body, passes):
    # The conftest of this repo sets quick and strict mode; a bare pytest run
    # inherits them through the environment of the test session.
    path = _notebook(tmp_path / "demo.ipynb", HEAD, "assert QUICK and strict()", body)
    env_conftest = tmp_path / "conftest.py"
    env_conftest.write_text("import os\nos.environ['CS231N_QUICK'] = '1'\n"
                            "os.environ['CS231N_STRICT'] = '1'\n")
    proc = _run(path, tmp_path)
    assert (proc.returncode == 0) is passes, proc.stdout[-2000:]
    if passes:
        assert (tmp_path / "results" / "demo.json").exists()
