"""The student release, and the lint that proves it sound.

    python -m grading release OUT [--force] [--no-lint]

builds the student tree from this source (the reference solution):

- ``cs231n/``: every solution region becomes one line that raises
  ``NotImplementedError`` naming the function and file;
- ``assignment*/``: notebooks with solution regions stubbed, answer regions
  blanked and outputs cleared; other files copied;
- ``grading/``: the self-check (core, public checks, public refs, collect),
  without hidden checks, hidden refs or judge-only code;
- ``datasets/`` fetch code (no data), ``requirements.txt``, ``pyproject.toml``
  and a student README.

The release lint (``lint(source, release)``, run after each release and in
CI) proves: no line of a solution or answer region appears in the release;
the release imports cleanly; every graded public check fails as "not
implemented" on the release and passes on the source; copying the source's
solution files back into the release restores full marks.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from grading import assignments, regions
from grading.nbtools import dumps, stripped

SOURCE_ROOT = Path(__file__).resolve().parents[1]

# grading/ modules only the instructor and the auto-grader use.
JUDGE_ONLY = {"release.py", "grader.py", "sandbox.py", "jail.py", "runner.py", "intake.py",
              "bundle.py", "similarity.py", "regions.py",
              "notebook_targets.py"}
TOP_FILES = {"pyproject.toml", "requirements.txt", ".gitignore"}
TOP_DIRS = ("cs231n", "grading", "datasets")


class ReleaseError(RuntimeError):
    """The release cannot be built; the message is one line."""


def source_files(src: Path) -> list[str]:
    """Files of the source tree: git's view (tracked + untracked, not ignored), else a walk."""
    try:
        res = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=src,
                             capture_output=True, check=True, timeout=60)
        files = [f for f in res.stdout.decode().split("\0") if f]
        return sorted(f for f in files if (src / f).is_file())
    except (OSError, subprocess.SubprocessError):
        out = []
        for dirpath, dirnames, filenames in os.walk(src):
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
            for f in filenames:
                out.append(str(Path(dirpath, f).relative_to(src)))
        return sorted(out)


def is_hidden_check(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return (rel.startswith("grading/checks/") and name.startswith("hidden_")) or (
        rel.startswith("grading/refs/") and name.startswith("hidden"))


def included(rel: str) -> bool:
    """Whether a source file (relative path) belongs in the release."""
    parts = rel.split("/")
    if "__pycache__" in parts or ".ipynb_checkpoints" in parts or rel.endswith((".pyc", ".tmp")):
        return False
    if len(parts) == 1:
        return rel in TOP_FILES
    top = parts[0]
    if top == "grading":
        if is_hidden_check(rel):
            return False
        return not (len(parts) == 2 and parts[1] in JUDGE_ONLY)
    if top == "datasets":
        return len(parts) == 2 and not rel.endswith((".tar.gz", ".zip", ".npz"))
    return top in TOP_DIRS or (top.startswith("assignment") and len(parts) >= 2)


@dataclasses.dataclass
class ReleaseInfo:
    out: Path
    files: list[str]
    regions: int
    answers: int


def release_notebook(text: str, rel: str) -> tuple[str, int, int]:
    nb = json.loads(text)
    name = Path(rel).stem
    n_reg = n_ans = 0
    for cell in nb.get("cells", []):
        src = regions.cell_source(cell)
        if cell.get("cell_type") == "code":
            new, k = regions.stub_text(src, rel, fallback=f"{name}.ipynb")
            n_reg += k
        elif cell.get("cell_type") == "markdown":
            new, k = regions.blank_answers(src, rel)
            n_ans += k
        else:
            continue
        if k:
            cell["source"] = new.splitlines(keepends=True)
    return dumps(stripped(nb)), n_reg, n_ans


STUDENT_README = """\
# CS231n workbook: {title}

Your work goes in the `cs231n/` package: every function that raises
`NotImplementedError("... your code here")` is yours to write (a `# TODO:`
line above it says what). The notebooks in `assignment1/`, `assignment2/` and
`assignment3/` explain each step, call the package and check it.

## Set up

    python -m pip install -r requirements.txt -e .
    python datasets/fetch.py cifar10          # data (see datasets/)

## Check your work

    python -m grading check                   # every public check, a table per notebook
    python -m grading check two_layer_net     # one notebook's checks

Each row says `passed`, `FAIL` (with the measured error and the tolerance)
or `todo` (not implemented yet). The auto-grader runs these checks and
hidden ones like them on fresh inputs, so code that only matches the
public values will not earn their points.

## Submit

Run every notebook top to bottom (outputs visible), then

    python -m grading collect assignment1

which packs `a1_code_submission.zip` (your `cs231n` files and notebooks) and
an export of the notebooks for the written answers. Upload both to Gradescope.
"""


def build(out: Path, src: Path = SOURCE_ROOT, *, force: bool = False,
          only: list[str] | None = None) -> ReleaseInfo:
    """Write the release of ``src`` into ``out``; ``only`` restricts to these top dirs."""
    out = Path(out).resolve()
    src = Path(src).resolve()
    if out == src or src in out.parents and out.parts[len(src.parts)] in TOP_DIRS:
        raise ReleaseError(f"{out} is inside the source's package folders; pick another folder")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ReleaseError(f"{out} exists and is not empty (use --force to replace it)")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    files, n_reg, n_ans = [], 0, 0
    for rel in source_files(src):
        if not included(rel) or (only and rel.split("/")[0] not in only):
            continue
        path, dest = src / rel, out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            if rel.endswith(".py"):
                text, k = regions.stub_text(path.read_text(encoding="utf-8"), rel)
                dest.write_text(text, encoding="utf-8")
                n_reg += k
            elif rel.endswith(".ipynb"):
                text, k, a = release_notebook(path.read_text(encoding="utf-8"), rel)
                dest.write_text(text, encoding="utf-8")
                n_reg, n_ans = n_reg + k, n_ans + a
            else:
                shutil.copy2(path, dest)
        except (regions.RegionError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ReleaseError(f"{rel}: {exc}") from None
        files.append(rel)
    if not only:
        (out / "README.md").write_text(STUDENT_README.format(title="student release"))
        files.append("README.md")
        manifest = {"assignments": {
            a.name: {"notebooks": list(a.notebooks), "required": a.required_files(src)}
            for a in assignments.ASSIGNMENTS.values()}}
        (out / "grading" / "release.json").write_text(json.dumps(manifest, indent=1) + "\n")
        files.append("grading/release.json")
    return ReleaseInfo(out, files, n_reg, n_ans)


# ---------------------------------------------------------------------- lint


def _solution_lines(src: Path) -> tuple[set[str], set[str]]:
    """(non-trivial lines inside regions, lines outside regions) over the source."""
    inside, outside = set(), set()
    for rel in source_files(src):
        if not included(rel):
            continue
        path = src / rel
        if rel.endswith(".py"):
            i, o = regions.region_lines(path.read_text(encoding="utf-8"), rel)
            inside.update(i)
            outside.update(o)
        elif rel.endswith(".ipynb"):
            for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
                text = regions.cell_source(cell)
                if cell.get("cell_type") == "code":
                    i, o = regions.region_lines(text, rel)
                    inside.update(i)
                    outside.update(o)
                elif cell.get("cell_type") == "markdown":
                    inside.update(regions.answer_lines(text, rel))
    return {s for s in inside if not regions.is_trivial(s)} - outside, outside


def leaked_lines(src: Path, rel_root: Path) -> list[str]:
    """'file:line: text' for each solution line found in the release."""
    secret, _ = _solution_lines(src)
    found = []
    for path in sorted(rel_root.rglob("*")):
        if not path.is_file() or path.suffix not in (".py", ".ipynb", ".md", ".txt", ".json"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".ipynb":
            try:
                cells = json.loads(text).get("cells", [])
                text = "\n".join(regions.cell_source(c) for c in cells)
            except json.JSONDecodeError:
                pass
        for n, line in enumerate(text.split("\n"), 1):
            if line.strip() in secret:
                found.append(f"{path.relative_to(rel_root)}:{n}: {line.strip()}")
    return found


def python_cmd(root: Path, code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter that sees ``root`` and the site-packages only.

    ``-S`` keeps editable-install hooks (which point at the source) out.
    """
    from grading.sandbox import interpreter_paths

    paths = [str(root)] + interpreter_paths()
    boot = f"import sys; sys.path[:] = {paths!r}; "
    return [sys.executable, "-S", "-c", boot + code]


def _run_json(root: Path, code: str, timeout: float) -> object:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               PYTHONDONTWRITEBYTECODE="1")
    res = subprocess.run(python_cmd(root, code), cwd=root, capture_output=True, text=True,
                         timeout=timeout, env=env)
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("@@JSON ")]
    if res.returncode != 0 or not lines:
        tail = (res.stderr.strip().splitlines() or ["no output"])[-1]
        raise ReleaseError(f"subprocess in {root} failed: {tail}")
    return json.loads(lines[-1][len("@@JSON "):])


IMPORT_ALL = (
    "import importlib, json, pkgutil, cs231n, grading.cli; bad = []\n"
    "for m in pkgutil.walk_packages(cs231n.__path__, 'cs231n.'):\n"
    "    try: importlib.import_module(m.name)\n"
    "    except ModuleNotFoundError as e:\n"
    "        if e.name in ('torch', 'torchvision', 'h5py'): continue\n"
    "        bad.append(f'{m.name}: {type(e).__name__}: {e}')\n"
    "    except Exception as e: bad.append(f'{m.name}: {type(e).__name__}: {e}')\n"
    "print('@@JSON ' + json.dumps({'file': cs231n.__file__, 'bad': bad}))\n"
)


def check_statuses(root: Path, questions: list[str] | None = None,
                   timeout: float = 600) -> dict[str, str]:
    """{check id: status} of the public checks run inside ``root`` (a fresh interpreter)."""
    code = (f"import json; from grading import core, refs; qs = {questions!r}; res = {{}}\n"
            "for c in core.select():\n"
            "    if qs is None or c.question in qs:\n"
            "        res[c.id] = [core.run_check(c, refs.for_check(c)).status, c.points]\n"
            "print('@@JSON ' + json.dumps(res))\n")
    return _run_json(root, code, timeout)


def lint(src: Path, rel_root: Path, questions: list[str] | None = None) -> list[str]:
    """Problems with a release (empty when sound); see the module docstring."""
    src, rel_root = Path(src).resolve(), Path(rel_root).resolve()
    problems = [f"leak: {x}" for x in leaked_lines(src, rel_root)]
    res = _run_json(rel_root, IMPORT_ALL, 300)
    if not str(res["file"]).startswith(str(rel_root)):
        problems.append(f"import: cs231n came from {res['file']}, not the release")
    problems += [f"import: {b}" for b in res["bad"]]
    on_release = check_statuses(rel_root, questions)
    on_source = check_statuses(src, questions)
    for cid, (status, points) in on_source.items():
        if points <= 0:
            continue
        if status != "passed":
            problems.append(f"source: {cid} is {status} on the reference solution")
        rstatus = on_release.get(cid, ["missing"])[0]
        if rstatus != "not implemented":
            problems.append(f"release: {cid} is {rstatus}, expected 'not implemented'")
    with tempfile.TemporaryDirectory(prefix="cs231n-roundtrip-") as tmp:
        trip = Path(tmp) / "release"
        shutil.copytree(rel_root, trip, ignore=shutil.ignore_patterns("__pycache__"))
        for rel in solution_files(src):
            shutil.copy2(src / rel, trip / rel)
        round_trip = check_statuses(trip, questions)
        for cid, (status, points) in on_source.items():
            if points > 0 and round_trip.get(cid, ["missing"])[0] != status:
                problems.append(f"round trip: {cid} is {round_trip.get(cid, ['missing'])[0]}, "
                                f"{status} on the source")
    return problems


def solution_files(src: Path) -> list[str]:
    """cs231n files of the source that hold solution regions."""
    out = []
    for rel in source_files(src):
        if rel.startswith("cs231n/") and rel.endswith(".py"):
            if regions.BEGIN in (src / rel).read_text(encoding="utf-8"):
                out.append(rel)
    return out


# ----------------------------------------------------------------------- CLI


def cmd_release(args) -> int:
    try:
        info = build(Path(args.out), force=args.force)
    except (ReleaseError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"released {len(info.files)} files to {info.out} "
          f"({info.regions} solution regions stubbed, {info.answers} answers blanked)")
    if args.no_lint:
        return 0
    try:
        problems = lint(SOURCE_ROOT, info.out)
    except (ReleaseError, subprocess.TimeoutExpired) as exc:
        print(f"release lint could not run: {exc}", file=sys.stderr)
        return 1
    for p in problems:
        print(f"lint: {p}")
    print("release lint: clean" if not problems else f"release lint: {len(problems)} problems")
    return 1 if problems else 0


def add_parser(sub) -> None:
    p = sub.add_parser("release", help="build the student release (and lint it)")
    p.add_argument("out", help="folder to write the release into")
    p.add_argument("--force", action="store_true", help="replace a non-empty OUT")
    p.add_argument("--no-lint", action="store_true", help="skip the release lint")
    p.set_defaults(func=cmd_release)
