"""The auto-grader: isolated runs, trusted references, Gradescope results, a gradebook.

    python -m grading grade SUBMISSION... --out DIR [--jobs N] [--assignment assignment1]

Each SUBMISSION (a zip or a folder) is taken in safely (``grading.intake``),
its ``cs231n`` files are laid over the release's given files in a private
sandbox, and the assignment's checks run there (``grading.sandbox``): the
judge never imports submission code. Hidden checks get seeds drawn for this
submission (an HMAC of a grading secret and the submission's content: unseen
by students, and the same submission always gets the same inputs); their
reference values come from the reference solution run through the same
sandbox machinery at those seeds. Public checks are judged against the
reference solution run at their public seeds.

Anchoring: outputs and same-run comparisons (``Agree``) are computed by the
submission's process and could be forged; a check is *anchored* when it also
compares a key with the reference (``Close``/``Equal``). Unanchored checks
(thresholds and agreements only) are graded as declared and listed as
"unverified" in the feedback and gradebook, so an instructor can audit them.

Gating: a public check's points are withheld when a hidden check of the same
function fails, so hard-coding the public values earns nothing.

Tampering: the runner notes which numpy, builtin and grading-core functions
the submission replaced; they are listed as flags (points are unaffected:
replaced functions in the runner cannot change what the judge computes).

Notebooks (``--notebooks quick|full``): each submitted notebook is re-executed
in the same jail (loopback-only network, ``--cell-timeout`` per cell) and the
figures it records are scored against ``grading.notebook_targets``.

Time: each check has its declared limit (``--timeout`` caps them all); a hang
or a crash costs that check, and the runner restarts for the rest.

Per submission ``DIR/<name>/results.json`` (Gradescope's schema) and
``DIR/<name>/feedback.txt``; per class ``DIR/gradebook.csv``. Results are
written atomically; re-running skips submissions that already have results.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import csv
import dataclasses
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from grading import assignments, core, intake, sandbox

SOURCE_CS231N = sandbox.SOURCE_ROOT / "cs231n"
GRADER_PROBLEM = "grader problem"


def atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def submission_name(path: Path) -> str:
    stem = path.name[:-4] if path.name.lower().endswith(".zip") else path.name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "submission"


def content_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def anchored(c: core.Check) -> bool:
    return any(isinstance(x, (core.Close, core.Equal)) for x in c.compare)


@dataclasses.dataclass
class CheckResult:
    check: core.Check
    status: str  # passed | failed | not implemented | error | timeout
    message: str = ""
    measured: float | None = None
    bound: float | None = None
    seconds: float = 0.0
    tampered: list = dataclasses.field(default_factory=list)

    @property
    def earned(self) -> float:
        return self.check.points if self.status == "passed" else 0.0


# Per-cell and per-notebook time limits when notebooks are re-executed. Full size
# trains for minutes in one cell (ConvolutionalNetworks' epoch: about 10 minutes on
# two busy cores), so full mode gets far more room than quick mode.
CELL_TIMEOUT_QUICK, CELL_TIMEOUT_FULL = 120.0, 1800.0
NOTEBOOK_WALL_QUICK, NOTEBOOK_WALL_FULL = 3600.0, 4 * 3600.0

class Grader:
    """One grading session: the release's given files, references and settings."""

    def __init__(self, assignment: str = "assignment1", *, questions: list[str] | None = None,
                 limits: sandbox.Limits | None = None, timeout: float | None = None,
                 secret: bytes | None = None, workdir: Path | None = None,
                 hide: list[Path] | None = None, reference: Path = SOURCE_CS231N,
                 only: list[str] | None = None, notebooks: str | None = None,
                 cell_timeout: float | None = None, notebook_memory_mb: int = 8192):
        self.assignment = assignments.get(assignment)
        qs = questions or list(self.assignment.notebooks)
        every = [c for c in core.select(include_hidden=True) if c.question in qs and c.points > 0
                 and (not only or c.id in only)]
        order = {c.id: k for k, c in enumerate(every)}
        self.checks = sorted(every, key=lambda c: (qs.index(c.question), c.hidden, order[c.id]))
        if timeout is not None:
            self.checks = [dataclasses.replace(c, timeout=min(c.timeout, timeout))
                           for c in self.checks]
        self.modules = sorted({c.func.__module__ for c in self.checks})
        self.notebooks = notebooks
        if cell_timeout is None:  # a full-size training cell runs for minutes
            cell_timeout = CELL_TIMEOUT_FULL if notebooks == "full" else CELL_TIMEOUT_QUICK
        self.cell_timeout = cell_timeout
        self.notebook_memory_mb = notebook_memory_mb
        self.nb_checks = notebook_checks(qs, notebooks) if notebooks else []
        self.limits = limits or sandbox.Limits()
        self.secret = secret or secrets.token_bytes(32)
        self.hide = list(hide or [])
        self.reference = Path(reference)
        self.tmp = Path(tempfile.mkdtemp(prefix="cs231n-grade-", dir=workdir))
        os.chmod(self.tmp, 0o711)
        self.given = self.tmp / "given"
        self._given_built = False
        self._public_refs: dict[str, sandbox.Outcome] | None = None
        self._hidden: dict[str, dict[str, sandbox.Outcome]] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    # ------------------------------------------------------------ references
    def given_files(self) -> Path:
        """The release's cs231n (stubs and given code), built once per session."""
        with self._lock:
            if not self._given_built:
                from grading import release

                shipped = self.reference.parent / "given" / "cs231n"
                if shipped.is_dir():  # a Gradescope bundle ships the release's files
                    shutil.copytree(shipped, self.given / "cs231n")
                else:
                    release.build(self.given, force=True, only=["cs231n"])
                self._given_built = True
        return self.given / "cs231n"

    def items(self, seeds: dict[str, int], checks: list[core.Check]) -> list[sandbox.Item]:
        return [sandbox.Item(i, c.id, c.func.__module__, seeds[c.id], c.timeout)
                for i, c in enumerate(checks)]

    def run_reference(self, checks: list[core.Check], seeds: dict[str, int]
                      ) -> dict[str, sandbox.Outcome]:
        # Trusted code: it keeps the judge's uid, and its folder stays private to the judge.
        box = sandbox.Sandbox(self.tmp, [self.reference], self.modules, limits=self.limits,
                              hide=self.hide, private=True)
        try:
            res = box.run(self.items(seeds, checks), None)
        finally:
            box.cleanup()
        return {c.id: res[i] for i, c in enumerate(checks)}

    def public_refs(self) -> dict[str, sandbox.Outcome]:
        with self._lock:
            if self._public_refs is None:
                public = [c for c in self.checks if not c.hidden]
                self._public_refs = self.run_reference(
                    public, {c.id: c.public_seed() for c in public})
                bad = [cid for cid, o in self._public_refs.items() if o.status != "ok"]
                if bad:
                    print(f"warning: the reference solution fails {', '.join(bad)}",
                          file=sys.stderr)
        return self._public_refs

    def seeds(self, digest: str) -> dict[str, int]:
        out = {}
        for c in self.checks:
            if c.hidden:
                mac = hmac.new(self.secret, f"{digest}/{c.id}".encode(), hashlib.sha256)
                out[c.id] = int.from_bytes(mac.digest()[:4], "big") % (2**31)
            else:
                out[c.id] = c.public_seed()
        return out

    # --------------------------------------------------------------- grading
    def grade_tree(self, cs_dir: Path, digest: str) -> list[CheckResult]:
        """Judge one cs231n tree (already taken in safely)."""
        seeds = self.seeds(digest)
        refs = dict(self.public_refs())
        refs.update(self.hidden_refs([digest])[digest])
        box = sandbox.Sandbox(self.tmp, [self.given_files(), cs_dir], self.modules,
                              limits=self.limits, hide=self.hide)
        try:
            with sandbox.uid_slot() as uid:
                outcomes = box.run(self.items(seeds, self.checks), uid)
        finally:
            box.cleanup()
        results = []
        for i, c in enumerate(self.checks):
            o, ref = outcomes[i], refs.get(c.id)
            r = CheckResult(c, "error", seconds=o.seconds, tampered=o.tampered)
            if o.status != "ok":
                r.status, r.message = o.status, o.message
            elif ref is None or ref.status != "ok":
                r.message = f"{GRADER_PROBLEM}: the reference solution failed this check"
            else:
                status, measured, bound, msg = core.judge(c, o.outputs, ref.outputs)
                r.status, r.measured, r.bound = status, measured, bound
                r.message = msg or o.message
            results.append(r)
        return gate(results)

    def hidden_refs(self, digests: list[str]) -> dict[str, dict[str, sandbox.Outcome]]:
        """Reference outputs of the hidden checks at each submission's seeds.

        Computed for many submissions in one trusted runner (``prefetch``), else on demand.
        """
        hidden = [c for c in self.checks if c.hidden]
        with self._lock:
            missing = [d for d in dict.fromkeys(digests) if d not in self._hidden]
        if missing and hidden:
            items, where = [], {}
            for d in missing:
                seeds = self.seeds(d)
                for c in hidden:
                    where[len(items)] = (d, c.id)
                    items.append(sandbox.Item(len(items), c.id, c.func.__module__, seeds[c.id],
                                              c.timeout))
            box = sandbox.Sandbox(self.tmp, [self.reference], self.modules, limits=self.limits,
                                  hide=self.hide, private=True)
            try:
                res = box.run(items, None)
            finally:
                box.cleanup()
            with self._lock:
                for d in missing:
                    self._hidden.setdefault(d, {})
                for i, (d, cid) in where.items():
                    self._hidden[d][cid] = res[i]
        with self._lock:
            return {d: self._hidden.get(d, {}) for d in digests}

    def take(self, path: Path) -> tuple[Path, intake.Intake | None, str, str]:
        """(work folder, intake or None, content digest, refusal reason)."""
        work = Path(tempfile.mkdtemp(prefix="in-", dir=self.tmp))
        try:
            taken = intake.take(path, work / "files")
            if taken.cs231n is None:
                raise intake.IntakeError("no cs231n/ folder with Python files found")
            return work, taken, content_hash(taken.cs231n), ""
        except intake.IntakeError as exc:
            return work, None, "", str(exc)

    def grade(self, path: Path, out_dir: Path, taken=None) -> dict:
        """Grade one submission into ``out_dir``; always returns a results dict."""
        t0 = time.time()
        work, got, digest, reason = taken or self.take(path)
        try:
            notes = got.notes if got else []
            results = self.grade_tree(got.cs231n, digest) if got else []
            if got and self.nb_checks:
                results += self.grade_notebooks(got)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return self.report(path, out_dir, results, reason, notes, time.time() - t0)

    # ------------------------------------------------------------- notebooks
    def grade_notebooks(self, got: intake.Intake) -> list[CheckResult]:
        """Re-execute the submission's notebooks jailed, per-cell timeout; score targets."""
        results = []
        for question in dict.fromkeys(c.question for c in self.nb_checks):
            checks = [c for c in self.nb_checks if c.question == question]
            found = sorted(got.root.rglob(f"{question}.ipynb"), key=lambda p: len(p.parts))
            if not found:
                results += [CheckResult(c, "failed", f"{question}.ipynb not submitted")
                            for c in checks]
                continue
            figures, msg = self.execute_notebook(got, found[0])
            for c in checks:
                if msg and not figures:
                    results.append(CheckResult(c, "error", msg))
                    continue
                status, measured, bound, why = core.judge(c, figures, {})
                results.append(CheckResult(c, status, why or msg, measured, bound))
        return results

    def execute_notebook(self, got: intake.Intake, nb: Path) -> tuple[dict, str]:
        """({figure: value} the notebook recorded, a note on how the run ended)."""
        limits = dataclasses.replace(self.limits, memory_mb=self.notebook_memory_mb)
        box = sandbox.Sandbox(self.tmp, [self.given_files(), got.cs231n], self.modules,
                              limits=limits, hide=self.hide)
        try:
            shutil.copy2(sandbox.GRADING / "refs.py", box.lib / "grading" / "refs.py")
            (box.lib / "grading" / "refs").mkdir()
            for f in (sandbox.GRADING / "refs").glob("*.npz"):
                if not f.name.startswith("hidden"):
                    shutil.copy2(f, box.lib / "grading" / "refs" / f.name)
            nb_dir = box.root / "nb"
            nb_dir.mkdir()
            shutil.copy2(nb, nb_dir / nb.name)
            for d in (nb_dir, box.lib / "grading" / "refs"):
                os.chmod(d, 0o755)
            data = Path(os.environ.get("CS231N_DATA", sandbox.SOURCE_ROOT / "datasets"))
            cells = sum(1 for c in json.loads(nb.read_text(errors="replace")).get("cells", [])
                        if c.get("cell_type") == "code")
            wall = min(max(cells, 1) * self.cell_timeout,
                       NOTEBOOK_WALL_FULL if self.notebooks == "full" else NOTEBOOK_WALL_QUICK)
            with sandbox.uid_slot() as uid:
                work = box.root / "exec"
                results_dir = work / "out" / "results"
                env = {"PYTHONPATH": str(box.lib), "CS231N_DATA": str(data),
                       "CS231N_RESULTS": str(results_dir), "JUPYTER_RUNTIME_DIR": str(
                           work / "home"), "IPYTHONDIR": str(work / "home" / ".ipython"),
                       "MPLCONFIGDIR": str(work / "home"),
                       "CS231N_QUICK": "1" if self.notebooks == "quick" else "0"}
                argv = [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute",
                        f"--ExecutePreprocessor.timeout={int(self.cell_timeout)}",
                        "--ExecutePreprocessor.allow_errors=True",
                        "--output-dir", str(work / "out"), str(nb_dir / nb.name)]
                code, timed_out, figures = box.execute(
                    argv, timeout=wall, uid=uid, env=env, name="exec",
                    keep=[str(data)] if data.is_dir() else [],
                    collect=lambda out: read_figures(out / "results" / f"{nb.stem}.json"))
            note = (f"the notebook ran past {wall:g} s" if timed_out else
                    "" if code == 0 else f"the notebook run stopped (exit code {code}): a cell "
                    f"ran past {self.cell_timeout:g} s, or the kernel died")
            if figures is None:
                figures, note = {}, note or "unreadable results file"
            return figures, note
        finally:
            box.cleanup()

    # ------------------------------------------------------------- reporting
    def report(self, path: Path, out_dir: Path, results: list[CheckResult], reason: str,
               notes: list[str], seconds: float) -> dict:
        every = self.checks + self.nb_checks
        max_total = sum(c.points for c in every)
        tests = []
        by_id = {r.check.id: r for r in results}
        for c in every:
            r = by_id.get(c.id) or CheckResult(c, "error", reason or "not graded")
            out = r.status if r.status != "passed" else "passed"
            if r.measured is not None:
                out += f" (measured {core.fmt(r.measured)}, bound {core.fmt(r.bound)})"
            if r.message:
                out += f": {r.message}"
            if not anchored(c):
                out += " [unverified: computed by the submission]"
            tests.append({
                "name": f"{c.question}: {c.name}" + (" (hidden)" if c.hidden else ""),
                "number": c.id, "score": r.earned, "max_score": c.points,
                "status": "passed" if r.status == "passed" else "failed",
                "output": out, "visibility": "after_published" if c.hidden else "visible",
                "tags": [c.question] + list(c.targets)})
        score = sum(t["score"] for t in tests)
        summary = reason or f"{score:g}/{max_total:g} points"
        tampering = sorted({name for r in results for name in r.tampered})
        flags = []
        if tampering:
            flags.append("replaced grader/numpy/builtin functions: " + ", ".join(tampering[:8]))
            notes = notes + [f"warning: the submission {flags[-1]}"]
        if any(r.status == "withheld" for r in results):
            flags.append("passes public checks but fails hidden ones of the same function")
        data = {"score": score, "max_score": max_total, "execution_time": round(seconds, 2),
                "output": summary + ("; " + "; ".join(notes) if notes else ""),
                "visibility": "visible", "stdout_visibility": "hidden", "tests": tests,
                "extra_data": {"submission": str(path), "assignment": self.assignment.name,
                               "reason": reason, "isolation": sandbox.isolation_mode(),
                               "flags": flags, "tampering": tampering,
                               "unverified_points": sum(t["score"] for t, c in
                                                        zip(tests, every)
                                                        if not anchored(c))}}
        out_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(out_dir / "feedback.txt", feedback_text(data))
        atomic_write(out_dir / "results.json", json.dumps(data, indent=1) + "\n")
        return data


def read_figures(path: Path) -> dict | None:
    """Numeric figures of a notebook's results file ({} when absent, None when malformed)."""
    if not path.exists():
        return {}
    data = sandbox.safe_read(path, 1 << 20)
    if data is None:
        return None
    try:
        raw = json.loads(data).get("figures", {})
        return {k: float(v) for k, v in raw.items()
                if isinstance(v, (int, float)) and not isinstance(v, bool)}
    except (OSError, ValueError, AttributeError):
        return None


def notebook_checks(questions: list[str], mode: str) -> list[core.Check]:
    """Pseudo-checks for the notebook targets of these questions."""
    from grading.notebook_targets import TARGETS

    out = []
    for q in questions:
        for t in TARGETS.get(q, ()):
            bound = t.quick if mode == "quick" else t.at_least
            out.append(core.Check(question=q, name=f"notebook_{t.figure}", points=t.points,
                                  func=None, compare=(core.AtLeast(t.figure, bound),),
                                  targets=(f"{q}.ipynb",), timeout=0.0,
                                  doc=f"{q}.ipynb records {t.figure} >= {bound:g}"))
    return out


def gate(results: list[CheckResult]) -> list[CheckResult]:
    """Withhold a public check's points when a hidden check of the same function fails.

    A public check proves a function on the public inputs only; code that
    passes it but fails the hidden checks of the same target on fresh inputs
    (hard-coded public values, say) earns neither.
    """
    failed_hidden = [r for r in results if r.check.hidden and r.status != "passed"
                     and not r.message.startswith(GRADER_PROBLEM)]
    for r in results:
        if r.check.hidden or r.status != "passed":
            continue
        for h in failed_hidden:
            if h.check.question == r.check.question and set(h.check.targets) & set(
                    r.check.targets):
                r.status = "withheld"
                r.message = (f"passes on the public inputs but the hidden check {h.check.name} "
                             "of the same function fails")
                break
    return results


def feedback_text(data: dict) -> str:
    lines = [f"{data['extra_data']['assignment']}: {data['score']:g}/{data['max_score']:g} "
             f"points", data["output"], ""]
    q = None
    for t in data["tests"]:
        question = t["name"].split(":")[0]
        if question != q:
            q = question
            lines.append(question)
        mark = "ok  " if t["status"] == "passed" else "FAIL"
        name = t["name"].split(": ", 1)[1]
        lines.append(f"  {mark} {t['score']:>4g}/{t['max_score']:<4g} {name}")
        if t["status"] != "passed":
            lines.append(f"         {t['output'][:300]}")
    return "\n".join(lines) + "\n"


def write_gradebook(out_dir: Path) -> Path:
    """Rebuild ``gradebook.csv`` from every results.json under ``out_dir``."""
    rows, questions = [], []
    for res in sorted(out_dir.glob("*/results.json")):
        try:
            data = json.loads(res.read_text())
        except (OSError, json.JSONDecodeError):
            continue
        per_q: dict[str, float] = {}
        for t in data.get("tests", []):
            q = t["name"].split(":")[0]
            per_q[q] = per_q.get(q, 0.0) + t["score"]
            if q not in questions:
                questions.append(q)
        rows.append((res.parent.name, data, per_q))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["submission", "score", "max_score", *questions, "unverified_points", "note",
                "flags"])
    for name, data, per_q in rows:
        w.writerow([name, f"{data['score']:g}", f"{data['max_score']:g}",
                    *[f"{per_q.get(q, 0):g}" for q in questions],
                    f"{data.get('extra_data', {}).get('unverified_points', 0):g}",
                    data.get("extra_data", {}).get("reason", ""),
                    "; ".join(data.get("extra_data", {}).get("flags", []))])
    path = out_dir / "gradebook.csv"
    atomic_write(path, buf.getvalue())
    return path


def load_secret(out_dir: Path) -> bytes:
    env = os.environ.get("CS231N_GRADING_SECRET")
    if env:
        return env.encode()
    path = out_dir / ".grading-secret"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def grade_all(paths: list[Path], out_dir: Path, *, jobs: int = 1,
              assignment: str = "assignment1", questions: list[str] | None = None,
              timeout: float | None = None, limits: sandbox.Limits | None = None,
              only: list[str] | None = None, batch: int = 50, notebooks: str | None = None,
              cell_timeout: float | None = None, log=print) -> list[dict]:
    """Grade submissions (skipping those already graded) and rebuild the gradebook."""
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    names: dict[str, Path] = {}
    for p in sorted(Path(x) for x in paths):
        name = submission_name(p)
        k = 2
        while name in names:
            name = f"{submission_name(p)}-{k}"
            k += 1
        names[name] = p
    todo = [(n, p) for n, p in names.items() if not (out_dir / n / "results.json").exists()]
    skipped = len(names) - len(todo)
    if skipped:
        log(f"skipping {skipped} submission(s) already graded in {out_dir}")
    hide = sorted({str(Path(p).resolve().parent) for p in paths} | {str(out_dir)})
    mode = sandbox.isolation_mode()
    if mode != "namespace":
        log(f"warning: isolation mode '{mode}': no network or mount namespace here, so keep "
            "the source tree, the submissions and --out unreadable to other users")
    grader = Grader(assignment, questions=questions, timeout=timeout, limits=limits,
                    secret=load_secret(out_dir), hide=[Path(h) for h in hide], only=only,
                    notebooks=notebooks, cell_timeout=cell_timeout)
    results = []
    try:
        def one(item):
            name, p, taken = item
            try:
                data = grader.grade(p, out_dir / name, taken)
            except Exception as exc:  # noqa: BLE001 - every submission gets a result
                data = grader.report(p, out_dir / name, [], f"grader error: {exc}", [], 0.0)
            log(f"{name}: {data['score']:g}/{data['max_score']:g}"
                + (f"  ({data['extra_data']['reason']})" if data["extra_data"]["reason"]
                   else ""))
            return data

        if todo:
            grader.public_refs()
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for start in range(0, len(todo), batch):
                chunk = [(n, p, grader.take(p)) for n, p in todo[start:start + batch]]
                # one trusted reference run for the hidden checks of the whole batch
                grader.hidden_refs([t[2] for _, _, t in chunk if t[1] is not None])
                results += list(pool.map(one, chunk))
    finally:
        grader.close()
    path = write_gradebook(out_dir)
    log(f"gradebook: {path}")
    return results


def cmd_grade(args) -> int:
    missing = [p for p in args.submissions if not Path(p).exists()]
    if missing:
        print(f"error: no such submission: {missing[0]}", file=sys.stderr)
        return 2
    try:
        a = assignments.get(args.assignment)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    bad = [q for q in args.question or [] if q not in a.notebooks]
    if bad:
        print(f"error: {a.name} has no question {bad[0]!r}; choose from "
              f"{', '.join(a.notebooks)}", file=sys.stderr)
        return 2
    known = {c.id for c in core.select(include_hidden=True)}
    unknown = [c for c in args.only or [] if c not in known]
    if unknown:
        print(f"error: no check {unknown[0]!r} (ids look like two_layer_net/affine_forward)",
              file=sys.stderr)
        return 2
    limits = sandbox.Limits(memory_mb=args.memory_mb)
    with contextlib.suppress(KeyboardInterrupt):
        grade_all([Path(p) for p in args.submissions], Path(args.out), jobs=args.jobs,
                  assignment=args.assignment, timeout=args.timeout, limits=limits,
                  questions=args.question, only=args.only, notebooks=args.notebooks,
                  cell_timeout=args.cell_timeout)
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("grade", help="auto-grade submissions (zips or folders) in isolation")
    p.add_argument("submissions", nargs="+", metavar="SUBMISSION")
    p.add_argument("--out", required=True, help="folder for results (resumable)")
    p.add_argument("--jobs", type=int, default=1, help="submissions graded in parallel")
    p.add_argument("--assignment", default="assignment1")
    p.add_argument("--timeout", type=float, default=None,
                   help="cap every check's time limit at this many seconds")
    p.add_argument("--memory-mb", type=int, default=sandbox.Limits().memory_mb,
                   help="address-space limit per runner, in MiB")
    p.add_argument("--question", action="append", help="grade only this question (repeatable)")
    p.add_argument("--only", action="append", help="grade only this check id (repeatable)")
    p.add_argument("--notebooks", choices=("quick", "full"), default=None,
                   help="also re-execute the notebooks (quick or full mode) and score "
                        "their accuracy targets")
    p.add_argument("--cell-timeout", type=float, default=None,
                   help="per-cell time limit when re-executing notebooks, in seconds "
                        f"(default {CELL_TIMEOUT_QUICK:g} quick, {CELL_TIMEOUT_FULL:g} full)")
    p.set_defaults(func=cmd_grade)
