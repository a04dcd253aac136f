"""Helpers every notebook uses: quick mode, verdict lines and recorded figures.

    from cs231n.notebook import Workbook, QUICK, pick
    wb = Workbook("two_layer_net")
    wb.checks("affine_forward", "affine_backward")   # declared checks, one line each
    wb.verdict("validation accuracy", val_acc, at_least=0.48)
    wb.record(val_acc=val_acc)                        # -> results/two_layer_net.json

A verdict prints ``name  measured  bound  PASS|FAIL``. Under CI (``CI`` or
``CS231N_STRICT`` set to a true value) a failed verdict raises, so a notebook
run by nbval fails on it. ``CS231N_QUICK=1`` turns on quick mode: notebooks
shrink data and epochs through ``pick(full, quick)``.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

from cs231n.data.paths import WORKBOOK_ROOT


def _truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


QUICK = _truthy("CS231N_QUICK")


def strict() -> bool:
    """True when failed verdicts should raise (CI, or CS231N_STRICT=1)."""
    return _truthy("CI") or _truthy("CS231N_STRICT")


def pick(full, quick):
    """``quick`` in quick mode, else ``full``."""
    return quick if QUICK else full


def results_dir() -> Path:
    env = os.environ.get("CS231N_RESULTS")
    return Path(env) if env else WORKBOOK_ROOT / "results"


class VerdictFailed(AssertionError):
    """A notebook verdict failed while running under CI."""


def _fmt(x) -> str:
    if x is None:
        return "-"
    if isinstance(x, bool):
        return str(x)
    x = float(x)
    if x == 0 or 1e-3 <= abs(x) < 1e5:
        return f"{x:.4g}"
    return f"{x:.2e}"


class Workbook:
    """Verdicts, declared checks and recorded figures for one notebook."""

    def __init__(self, name: str):
        self.name = name
        self.failures: list[str] = []

    # -- verdicts ------------------------------------------------------------
    def _line(self, name: str, measured, bound: str, ok: bool, note: str = "") -> bool:
        verdict = "PASS" if ok else "FAIL"
        print(f"{verdict}  {name:<40} {_fmt(measured):>10}  {bound:<14}{note}")
        if not ok:
            self.failures.append(name)
            if strict():
                raise VerdictFailed(f"{self.name}: {name}: measured {_fmt(measured)}, "
                                    f"wanted {bound}")
        return ok

    def verdict(self, name: str, measured, *, tol: float | None = None,
                at_least: float | None = None, at_most: float | None = None,
                expected: float | None = None) -> bool:
        """Judge one figure: an error below ``tol``, a value within bounds.

        With ``expected``, ``measured`` is compared to it by relative error
        against ``tol``. Returns True when the verdict passes.
        """
        if measured is None:
            return self._line(name, None, "a value", False, "  (nothing computed)")
        m = float(measured)
        if expected is not None:
            err = abs(m - expected) / max(1e-8, abs(m) + abs(expected))
            t = 1e-6 if tol is None else tol
            return self._line(name, m, f"~{_fmt(expected)}", bool(err <= t),
                              f"  rel err {_fmt(err)} (tol {_fmt(t)})")
        if tol is not None:
            return self._line(name, m, f"<= {_fmt(tol)}", bool(m <= tol and not math.isnan(m)))
        ok, parts = not math.isnan(m), []
        if at_least is not None:
            ok &= m >= at_least
            parts.append(f">= {_fmt(at_least)}")
        if at_most is not None:
            ok &= m <= at_most
            parts.append(f"<= {_fmt(at_most)}")
        if not parts:
            raise ValueError("verdict needs tol, expected, at_least or at_most")
        return self._line(name, m, " and ".join(parts), bool(ok))

    def checks(self, *names: str) -> bool:
        """Run this notebook's declared public checks (or the named ones); one line each."""
        from grading import core, refs

        selected = core.select(self.name)
        if names:
            known = {c.name for c in selected}
            unknown = [n for n in names if n not in known]
            if unknown:
                raise KeyError(f"{self.name} declares no check named {', '.join(unknown)}")
            selected = [c for c in selected if c.name in names]
        ok = True
        for c in selected:
            r = core.run_check(c, refs.for_check(c))
            passed = r.status == "passed"
            bound = f"<= {_fmt(r.bound)}" if r.bound is not None else ""
            note = "" if passed else f"  {r.status}: {r.message}"
            ok &= self._line(c.name, r.measured, bound, passed, note)
        return ok

    # -- figures ---------------------------------------------------------------
    def record(self, **figures) -> Path:
        """Merge headline figures into ``results/<notebook>.json``; returns the path."""
        path = results_dir() / f"{self.name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {}
        if path.exists():
            try:
                data = json.loads(path.read_text())
            except (OSError, json.JSONDecodeError):
                data = {}
        clean = {}
        for k, v in figures.items():
            if hasattr(v, "item") and getattr(v, "size", 2) == 1:
                v = v.item()
            clean[k] = v
        data.setdefault("figures", {}).update(clean)
        data["notebook"] = self.name
        data["mode"] = "quick" if QUICK else "full"
        data["updated"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True, default=float) + "\n")
        tmp.replace(path)
        return path
