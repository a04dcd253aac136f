"""The benchmark registry and timer.

A benchmark row is a workload timed under several implementations in the
same run; the table reports each implementation's time and its ratio to the
row's baseline (the BLAS floor, PyTorch on the CPU, or the naive version).
Ratios, not seconds, are the result: these machines are shared and noisy,
so nothing here is a timed test.

    @benchmark("knn distances 500x5000x3072", baseline="GEMM floor")
    def knn_distances(quick):
        X, Y = ...
        return {"GEMM floor": lambda: X @ Y.T, "no loops": lambda: ...}
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

BENCHMARKS: dict[str, Callable] = {}
BASELINES: dict[str, str] = {}
REPEATS: dict[str, int] = {}


def benchmark(name: str, *, baseline: str, repeat: int = 3):
    """Register a row. The function takes ``quick`` and returns {implementation: thunk}.

    A thunk may instead be a pair ``(thunk, repeat)`` to time a slow implementation
    fewer times than the rest.
    """

    def register(fn):
        if name in BENCHMARKS:
            raise ValueError(f"benchmark {name!r} declared twice")
        BENCHMARKS[name] = fn
        BASELINES[name] = baseline
        REPEATS[name] = repeat
        return fn

    return register


def best_time(thunk: Callable, repeat: int) -> float:
    """Best of ``repeat`` wall-clock runs, in seconds (after one warm-up when repeat > 1)."""
    if repeat > 1:
        thunk()
    best = float("inf")
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        thunk()
        best = min(best, time.perf_counter() - t0)
    return best


@dataclasses.dataclass
class Row:
    workload: str
    implementation: str
    seconds: float
    ratio: float  # seconds / baseline seconds
    baseline: str
    extra: dict = dataclasses.field(default_factory=dict)


def run(name: str, quick: bool = False) -> list[Row]:
    impls = BENCHMARKS[name](quick)
    base = BASELINES[name]
    if base not in impls:
        raise KeyError(f"benchmark {name!r} has no baseline implementation {base!r}")
    times, extras = {}, {}
    for impl, thunk in impls.items():
        repeat = REPEATS[name]
        if isinstance(thunk, tuple):
            thunk, repeat = thunk
        times[impl] = best_time(thunk, repeat)
    rows = []
    for impl, secs in times.items():
        rows.append(Row(name, impl, secs, secs / times[base], base, extras.get(impl, {})))
    return rows
