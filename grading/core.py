"""Check declarations, comparisons and the in-process check runner.

A *check* is declared once, with the ``@check`` decorator, in a module under
``grading/checks/``. It names its question, its points, whether it is public
or hidden, the student functions it exercises, and how its outputs are
judged. The decorated function builds its inputs from a seeded
``np.random.RandomState`` and calls the library through ``cs`` (a lazy view
of the ``cs231n`` package), returning a dict of named outputs::

    @check("two_layer_net", points=1, targets=["layers.affine_forward"],
           compare=[Close("out", 1e-9)])
    def affine_forward(cs, rng):
        x = rng.randn(2, 4, 5, 6)
        ...
        out, _ = cs.layers.affine_forward(x, w, b)
        return {"out": out}

Comparisons:

- ``Close(key, tol)``: relative error of ``out[key]`` against the reference
  solution's output (generated refs for public checks, a fresh run of the
  reference solution for hidden ones) is at most ``tol``.
- ``Equal(key)``: exact agreement with the reference output.
- ``Agree(a, b, tol)``: two outputs of the same run agree (analytic vs numeric
  gradient, naive vs vectorized).
- ``AtLeast(key, value)`` / ``AtMost(key, value)``: a threshold.

The same declarations drive pytest, ``python -m grading check``, notebook
verdict lines and the auto-grader.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import random
import signal
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

# ---------------------------------------------------------------- comparisons


def rel_error(x, y) -> float:
    """The course's relative error (``cs231n.gradient_check.rel_error``).

    Imported when first used, so that importing ``grading.core`` (as the
    grader's sandboxed runner does) never imports the ``cs231n`` package.
    """
    from cs231n.gradient_check import rel_error as impl

    return impl(x, y)


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one comparison measured: ``ok``, the figure and the bound."""

    ok: bool
    measured: float | None
    bound: float | None
    what: str
    message: str = ""


def _shape_mismatch(what: str, got, want) -> Outcome:
    msg = f"{what}: shape {np.shape(got)}, expected {np.shape(want)}"
    return Outcome(False, None, None, what, msg)


def _as_array(value, what: str):
    if value is None:
        raise _CompareError(f"{what} is None (nothing returned?)")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise _CompareError(f"{what} is not numeric ({type(value).__name__})") from exc
    return arr


class _CompareError(Exception):
    """A comparison could not be made (missing or malformed output)."""


@dataclasses.dataclass(frozen=True)
class Close:
    """Relative error of output ``key`` against the reference is <= ``tol``."""

    key: str
    tol: float
    needs_ref = True

    def __call__(self, out: Mapping, ref: Mapping) -> Outcome:
        got = _as_array(out.get(self.key), self.key)
        want = np.asarray(ref[self.key], dtype=np.float64)
        if got.shape != want.shape:
            return _shape_mismatch(self.key, got, want)
        if not np.all(np.isfinite(got)):
            return Outcome(False, float("nan"), self.tol, self.key,
                           f"{self.key}: contains nan or inf")
        err = rel_error(got, want)
        return Outcome(err <= self.tol, err, self.tol, self.key)


@dataclasses.dataclass(frozen=True)
class Equal:
    """Output ``key`` equals the reference exactly (labels, counts, flags)."""

    key: str
    needs_ref = True

    def __call__(self, out: Mapping, ref: Mapping) -> Outcome:
        got = out.get(self.key)
        if got is None:
            raise _CompareError(f"{self.key} is None (nothing returned?)")
        got = np.asarray(got)
        want = np.asarray(ref[self.key])
        if got.shape != want.shape:
            return _shape_mismatch(self.key, got, want)
        wrong = int(np.sum(got != want))
        return Outcome(wrong == 0, float(wrong), 0.0, self.key,
                       f"{self.key}: {wrong} of {want.size} entries differ" if wrong else "")


@dataclasses.dataclass(frozen=True)
class Agree:
    """Outputs ``a`` and ``b`` of the same run agree within ``tol`` (relative error)."""

    a: str
    b: str
    tol: float
    needs_ref = False

    def __call__(self, out: Mapping, ref: Mapping) -> Outcome:
        x = _as_array(out.get(self.a), self.a)
        y = _as_array(out.get(self.b), self.b)
        what = f"{self.a} vs {self.b}"
        if x.shape != y.shape:
            return _shape_mismatch(what, x, y)
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            return Outcome(False, float("nan"), self.tol, what, f"{what}: contains nan or inf")
        err = rel_error(x, y)
        return Outcome(err <= self.tol, err, self.tol, what)


@dataclasses.dataclass(frozen=True)
class AtLeast:
    """Scalar output ``key`` is >= ``value`` (an accuracy, say)."""

    key: str
    value: float
    needs_ref = False

    def __call__(self, out: Mapping, ref: Mapping) -> Outcome:
        got = _as_array(out.get(self.key), self.key)
        if got.size != 1:
            return Outcome(False, None, self.value, self.key, f"{self.key}: expected a scalar")
        v = float(got.reshape(()))
        return Outcome(bool(v >= self.value), v, self.value, f"{self.key} >=")


@dataclasses.dataclass(frozen=True)
class AtMost:
    """Scalar output ``key`` is <= ``value`` (a loss, say)."""

    key: str
    value: float
    needs_ref = False

    def __call__(self, out: Mapping, ref: Mapping) -> Outcome:
        got = _as_array(out.get(self.key), self.key)
        if got.size != 1:
            return Outcome(False, None, self.value, self.key, f"{self.key}: expected a scalar")
        v = float(got.reshape(()))
        return Outcome(bool(v <= self.value), v, self.value, f"{self.key} <=")


Comparison = Close | Equal | Agree | AtLeast | AtMost

# ------------------------------------------------------------- declarations


@dataclasses.dataclass(frozen=True)
class Check:
    """One declared check. ``id`` is ``question/name``."""

    question: str
    name: str
    points: float
    func: Callable[..., dict]
    compare: tuple
    targets: tuple[str, ...]
    hidden: bool = False
    timeout: float = 60.0
    doc: str = ""

    @property
    def id(self) -> str:
        return f"{self.question}/{self.name}"

    @property
    def ref_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.compare if c.needs_ref)

    def public_seed(self) -> int:
        """The fixed seed of a public check, derived from its id."""
        return zlib.crc32(self.id.encode()) % (2**31)


REGISTRY: dict[str, Check] = {}


def check(question: str, *, points: float, targets: Iterable[str], compare: Iterable,
          hidden: bool = False, timeout: float = 60.0, name: str | None = None):
    """Declare a check (see the module docstring)."""

    def register(func):
        c = Check(question=question, name=name or func.__name__, points=float(points), func=func,
                  compare=tuple(compare), targets=tuple(targets), hidden=hidden,
                  timeout=float(timeout), doc=(func.__doc__ or "").strip().splitlines()[0]
                  if func.__doc__ else "")
        if c.id in REGISTRY:
            raise ValueError(f"check {c.id} is declared twice")
        REGISTRY[c.id] = c
        return func

    return register


def load_checks() -> dict[str, Check]:
    """Import every declaration module under grading/checks and return the registry."""
    import pkgutil

    import grading.checks as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        importlib.import_module(f"grading.checks.{info.name}")
    return REGISTRY


def course_order(question: str) -> tuple[int, str]:
    """Sort key: the question's place in the course (assignment, then notebook), unknown last."""
    from grading.assignments import ASSIGNMENTS

    stems = [nb for a in ASSIGNMENTS.values() for nb in a.notebooks]
    return (stems.index(question) if question in stems else len(stems), question)


def select(question: str | None = None, *, include_hidden: bool = False) -> list[Check]:
    """Checks of one question (or all), in declaration order."""
    checks = load_checks().values()
    out = [c for c in checks if include_hidden or not c.hidden]
    out.sort(key=lambda c: course_order(c.question))  # stable: declaration order within one
    if question is not None:
        matched = [c for c in out if c.question == question or c.id == question]
        if not matched:
            known = sorted({c.question for c in out})
            raise KeyError(f"unknown question {question!r}; known: {', '.join(known)}")
        out = matched
    return out


def questions() -> list[str]:
    return sorted({c.question for c in load_checks().values()}, key=course_order)


# ------------------------------------------------------------------ running


class Lib:
    """Attribute access to ``cs231n`` submodules: ``cs.layers.affine_forward``."""

    def __init__(self, name: str = "cs231n"):
        self._name = name

    def __getattr__(self, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        module = importlib.import_module(self._name)
        if hasattr(module, attr):
            value = getattr(module, attr)
            if isinstance(value, type(importlib)):
                return Lib(value.__name__)
            return value
        try:
            importlib.import_module(f"{self._name}.{attr}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{self._name}.{attr}":
                raise AttributeError(f"{self._name} has no {attr}") from None
            raise
        return Lib(f"{self._name}.{attr}")


def seed_everything(seed: int) -> None:
    """Seed numpy's global generator, ``random`` and torch (when installed)."""
    np.random.seed(seed % (2**32))
    random.seed(seed)
    try:
        import sys

        if "torch" in sys.modules:
            sys.modules["torch"].manual_seed(seed)
    except Exception:  # noqa: BLE001 - a broken torch must not stop a numpy check
        pass


class CheckTimeout(Exception):
    """A check ran past its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise CheckTimeout after ``seconds`` (main thread on Unix; else no limit)."""
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def on_alarm(signum, frame):
        raise CheckTimeout(f"ran past its {seconds:g} s limit")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run_outputs(c: Check, seed: int | None = None, lib: Lib | None = None) -> dict[str, Any]:
    """Run a check's body with the given seed (its public seed by default)."""
    seed = c.public_seed() if seed is None else seed
    seed_everything(seed)
    out = c.func(lib or Lib(), np.random.RandomState(seed % (2**32)))
    if not isinstance(out, Mapping):
        raise TypeError(f"check {c.id} returned {type(out).__name__}, not a dict")
    return dict(out)


@dataclasses.dataclass
class Result:
    """The verdict of one check."""

    id: str
    question: str
    name: str
    points: float
    earned: float
    status: str  # passed | failed | not implemented | error | timeout
    measured: float | None = None
    bound: float | None = None
    message: str = ""
    seconds: float = 0.0
    hidden: bool = False

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


def judge(c: Check, out: Mapping | None, ref: Mapping | None) -> tuple[str, float | None,
                                                                        float | None, str]:
    """Compare outputs with the reference: (status, worst measured, its bound, message)."""
    if c.ref_keys and ref is None:
        return "error", None, None, "no reference values (run: python -m grading refs)"
    worst: Outcome | None = None
    for comp in c.compare:
        try:
            oc = comp(out or {}, ref or {})
        except _CompareError as exc:
            return "failed", None, None, str(exc)
        except KeyError as exc:
            return "error", None, None, (f"reference value {exc} missing "
                                         "(run: python -m grading refs)")
        if not oc.ok:
            msg = oc.message or f"{oc.what}: {fmt(oc.measured)} > {fmt(oc.bound)}"
            if isinstance(comp, AtLeast):
                msg = oc.message or f"{comp.key} = {fmt(oc.measured)} < {fmt(oc.bound)}"
            return "failed", oc.measured, oc.bound, msg
        if worst is None or _ratio(oc) > _ratio(worst):
            worst = oc
    if worst is None:
        return "passed", None, None, ""
    return "passed", worst.measured, worst.bound, ""


def _ratio(oc: Outcome) -> float:
    if oc.measured is None or not oc.bound:
        return 0.0
    return abs(oc.measured) / abs(oc.bound)


def fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if x == 0 or 1e-3 <= abs(x) < 1e4:
        return f"{x:.4g}"
    return f"{x:.1e}"


def describe_exception(exc: BaseException, c: Check) -> tuple[str, str]:
    """(status, one-line message) for an exception raised inside a check."""
    if isinstance(exc, NotImplementedError):
        return "not implemented", str(exc) or "NotImplementedError"
    if isinstance(exc, CheckTimeout):
        return "timeout", str(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    for fr in reversed(frames):
        if "/grading/" not in fr.filename.replace("\\", "/"):
            where = f" ({fr.filename.rsplit('/', 1)[-1]}:{fr.lineno} in {fr.name})"
            break
    text = str(exc).splitlines()[0] if str(exc) else ""
    return "error", f"{type(exc).__name__}: {text}{where}"[:300]


def run_check(c: Check, ref: Mapping | None = None, seed: int | None = None) -> Result:
    """Run one check in this process and judge it. Never raises for student errors."""
    start = time.perf_counter()
    res = Result(c.id, c.question, c.name, c.points, 0.0, "error", hidden=c.hidden)
    try:
        with time_limit(c.timeout), np.errstate(all="ignore"):
            out = run_outputs(c, seed)
        status, measured, bound, msg = judge(c, out, ref)
    except (Exception, CheckTimeout, RecursionError) as exc:  # student code may raise anything
        status, msg = describe_exception(exc, c)
        measured = bound = None
    except SystemExit as exc:
        status, msg, measured, bound = "error", f"student code called exit({exc.code})", None, None
    res.status, res.measured, res.bound, res.message = status, measured, bound, msg
    res.earned = c.points if status == "passed" else 0.0
    res.seconds = time.perf_counter() - start
    return res


# ------------------------------------------------------- helpers for bodies


def numeric_grad(f: Callable, x: np.ndarray, df: np.ndarray | None = None,
                 h: float = 1e-5) -> np.ndarray:
    """Centred-difference gradient of ``sum(f(x) * df)`` (or of scalar ``f``) in float64.

    The grader's own copy, so that a check never trusts the submission's
    ``gradient_check`` module.
    """
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        pos = np.array(f(x), dtype=np.float64, copy=True)
        flat[i] = old - h
        neg = np.array(f(x), dtype=np.float64, copy=True)
        flat[i] = old
        diff = pos - neg if df is None else (pos - neg) * df
        gflat[i] = np.sum(diff) / (2 * h)
    return grad


def model_grads(model, *loss_args, names=None) -> dict:
    """Analytic and numeric gradients of ``model.loss(*loss_args)``, one pair per parameter.

    Returns ``{k: analytic (None when loss gave no dict), f"{k}_num": numeric}`` for the
    parameters in ``names`` (default: all of ``model.params``, in order).
    """
    _, grads = model.loss(*loss_args)
    out = {}
    for k in list(model.params) if names is None else names:
        param = model.params[k]

        def f(v, k=k):
            model.params[k] = v
            return model.loss(*loss_args)[0]

        out[f"{k}_num"] = numeric_grad(f, param.copy())
        model.params[k] = param
        out[k] = grads.get(k) if isinstance(grads, dict) else None
    return out
