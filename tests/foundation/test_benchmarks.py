"""The benchmark runner prints ratios measured in one run and writes them as JSON."""

import json

from benchmarks import __main__ as bench
from benchmarks import core


def test_floor_row_in_quick_mode(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert bench.main(["--quick", "--only", "GEMM", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "numpy matmul" in text and "(baseline)" in text
    rows = json.loads(out.read_text())
    base = [r for r in rows if r["implementation"] == "numpy matmul"]
    assert len(base) == 1 and base[0]["ratio"] == 1.0
    assert all(r["seconds"] > 0 for r in rows)


def test_unknown_filter_is_an_error(capsys):
    assert bench.main(["--quick", "--only", "no such workload"]) == 2


def test_ratio_is_relative_to_the_baseline(monkeypatch):
    monkeypatch.setattr(core, "BENCHMARKS", {})
    monkeypatch.setattr(core, "BASELINES", {})
    monkeypatch.setattr(core, "REPEATS", {})
    import time

    @core.benchmark("sleep", baseline="short", repeat=1)
    def _rows(quick):
        return {"short": lambda: time.sleep(0.01), "long": lambda: time.sleep(0.05)}

    rows = {r.implementation: r for r in core.run("sleep")}
    assert rows["short"].ratio == 1.0
    assert 2.0 < rows["long"].ratio < 10.0
