"""``python -m grading check``: a per-question table that never crashes."""

import subprocess
import sys

from grading import cli, core


def test_check_command_prints_a_table_with_points():
    proc = subprocess.run([sys.executable, "-m", "grading", "check", "two_layer_net"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "affine_forward" in proc.stdout and "passed" in proc.stdout
    assert "total" in proc.stdout


def test_unknown_question_is_one_line_error():
    proc = subprocess.run([sys.executable, "-m", "grading", "check", "nope"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "unknown question" in proc.stderr


def test_table_shows_failures_with_measured_error_and_bound():
    results = [
        core.Result("q/a", "q", "a", 2, 2, "passed", 1e-10, 1e-8),
        core.Result("q/b", "q", "b", 1, 0, "failed", 3e-2, 1e-8, "out: 0.03 > 1e-08"),
        core.Result("q/c", "q", "c", 1, 0, "not implemented", message="c in x.py: your code"),
    ]
    table = cli.format_table(results, "q")
    assert "FAILED" in table and "0.03" in table and "1.0e-08" in table
    assert "not implemented" in table and "your code" in table
    assert "2/4" in table


def test_refs_verify_exits_zero_when_fresh():
    proc = subprocess.run([sys.executable, "-m", "grading", "refs", "two_layer_net", "--verify"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
