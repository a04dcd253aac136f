"""The runner: runs check bodies against one copy of ``cs231n`` and writes their outputs.

Runs inside the sandbox (see ``grading.sandbox``), with ``sys.path`` holding
only the sandbox's ``lib/`` (the submission's ``cs231n`` and a copy of the
grading core and check declarations) and the interpreter's site-packages.
It never judges: it writes, per check ``i`` of the job,

- ``out/i.npz``: the numeric outputs (plain arrays; no pickles);
- ``out/i.json``: ``{"status", "message", "seconds", "dropped"}``,

and reports progress as ``S i`` / ``D i`` lines on the progress descriptor,
so that the judge can enforce each check's wall time and restart the runner
after a crash with the checks that remain.

    python -I -S -c "...; from grading.runner import main; main()" JOB_JSON PROGRESS_FD
"""

from __future__ import annotations

import builtins
import io
import json
import os
import sys
import time

import numpy as np

from grading import core

# Captured before any submission code runs, so monkeypatching these later
# cannot stop the runner from writing (or change what it writes).
_open, _write, _replace, _dumps = builtins.open, os.write, os.replace, json.dumps
_savez, _asarray, _perf = np.savez, np.asarray, time.perf_counter
_NUMERIC = set("biufc")


class CappedText(io.TextIOBase):
    """A text stream that keeps the first ``cap`` characters and drops the rest."""

    def __init__(self, cap: int = 20000):
        self.cap, self.parts, self.size = cap, [], 0

    def writable(self) -> bool:
        return True

    def write(self, s) -> int:
        s = str(s)
        if self.size < self.cap:
            self.parts.append(s[: self.cap - self.size])
            self.size += len(self.parts[-1])
        return len(s)

    def text(self) -> str:
        return "".join(self.parts)


def _numeric(outputs: dict) -> tuple[dict, list[str]]:
    """Numeric arrays of the outputs; the names of those that are not numeric."""
    arrays, dropped = {}, []
    for key, value in outputs.items():
        try:
            arr = _asarray(value)
        except Exception:  # noqa: BLE001 - anything odd is simply not an output
            dropped.append(str(key))
            continue
        if arr.dtype.kind in _NUMERIC and isinstance(key, str) and "/" not in key:
            arrays[key] = arr
        else:
            dropped.append(str(key))
    return arrays, dropped


def snapshot() -> dict[str, object]:
    """The functions a cheat would replace: numpy's, builtins', the grading core's."""
    import numpy.linalg

    snap: dict[str, object] = {}
    for name, mod in (("builtins", builtins), ("numpy", np), ("numpy.linalg", numpy.linalg),
                      ("grading.core", core), ("grading.runner", sys.modules[__name__])):
        for key, value in list(vars(mod).items()):
            if callable(value) and not key.startswith("__"):
                snap[f"{name}.{key}"] = value
    for cls in (core.Close, core.Equal, core.Agree, core.AtLeast, core.AtMost, core.Lib):
        for key in ("__call__", "__getattr__"):
            if key in vars(cls):
                snap[f"grading.core.{cls.__name__}.{key}"] = vars(cls)[key]
    return snap


def replaced(before: dict[str, object]) -> list[str]:
    """Names in ``before`` now bound to another object (or deleted)."""
    after = snapshot()
    return sorted(k for k, v in before.items() if after.get(k) is not v)


def run_one(c: core.Check, seed: int) -> tuple[str, str, dict]:
    """(status, message, outputs) of one check body; never raises for student errors."""
    try:
        with core.time_limit(c.timeout), np.errstate(all="ignore"):
            out = core.run_outputs(c, seed)
        return "ok", "", out
    except (Exception, core.CheckTimeout, RecursionError) as exc:  # noqa: BLE001
        status, msg = core.describe_exception(exc, c)
        return status, msg, {}
    except SystemExit as exc:
        return "error", f"student code called exit({exc.code})", {}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    job = json.loads(argv[0])
    progress = int(argv[1])
    out_dir = job["out"]
    sys.stdout = CappedText()
    sys.stderr = CappedText()
    pristine = snapshot()
    reported: set[str] = set()
    for item in job["checks"]:
        i, cid, module, seed = item["index"], item["id"], item["module"], item["seed"]
        _write(progress, f"S {i}\n".encode())
        start = _perf()
        try:
            __import__(module)
            c = core.REGISTRY[cid]
        except BaseException as exc:  # noqa: BLE001 - a declaration module may fail to import
            status, msg, out = "error", f"cannot load check {cid}: {type(exc).__name__}", {}
        else:
            status, msg, out = run_one(c, seed)
        arrays, dropped = _numeric(out)
        seconds = _perf() - start
        try:
            tampered = [k for k in replaced(pristine) if k not in reported]
        except Exception:  # noqa: BLE001 - a broken snapshot is itself a sign
            tampered = ["(the grader's snapshot failed)"]
        reported.update(tampered)
        with _open(os.path.join(out_dir, f"{i}.npz.tmp"), "wb") as f:
            _savez(f, **arrays)
        _replace(os.path.join(out_dir, f"{i}.npz.tmp"), os.path.join(out_dir, f"{i}.npz"))
        meta = {"status": status, "message": str(msg)[:500], "seconds": seconds,
                "dropped": dropped[:20], "tampered": tampered[:20]}
        with _open(os.path.join(out_dir, f"{i}.json"), "w") as f:
            f.write(_dumps(meta))
        _write(progress, f"D {i}\n".encode())
    _write(progress, b"END\n")
