"""Similarity across a class: ``python -m grading similarity SUBMISSION... --out report.csv``.

For every student function (a function that holds a solution region in the
source), each submission's version is parsed and normalised: docstrings and
comments dropped, local names renamed in order of first use (``v0``, ``v1``,
...), constants replaced by their type; attribute names (``np.sum`` versus
``np.mean``) are kept. Versions identical to the starter stub, too short to
mean anything, or unparsable are left out; what is compared is the part of
each version that the starter stub does not contain (the student's own
tokens). Every pair of submissions is scored per function with ``difflib``'s
ratio on the normalised token streams; pairs at or above ``--threshold`` are listed, highest first.
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import difflib
import itertools
import re
import shutil
import sys
import tempfile
from pathlib import Path

from grading import intake, regions, release

TOKEN = re.compile(r"[A-Za-z_]\w*|\d+|\S")


class _Normaliser(ast.NodeTransformer):
    def __init__(self):
        self.names: dict[str, str] = {}

    def _rename(self, name: str) -> str:
        if name not in self.names:
            self.names[name] = f"v{len(self.names)}"
        return self.names[name]

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id=self._rename(node.id), ctx=node.ctx), node)

    def visit_arg(self, node):
        node.arg = self._rename(node.arg)
        node.annotation = None
        return node

    def visit_Constant(self, node):
        return ast.copy_location(ast.Constant(value=type(node.value).__name__), node)

    def visit_FunctionDef(self, node):
        node.name = "f"
        node.returns = None
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(
                getattr(body[0], "value", None), ast.Constant) and isinstance(
                body[0].value.value, str):
            body = body[1:] or [ast.Pass()]
        node.body = body
        node.decorator_list = []
        self.generic_visit(node)
        return node

    visit_AsyncFunctionDef = visit_FunctionDef


def normalise(node: ast.AST) -> list[str]:
    """Token stream of a function's normalised AST."""
    import copy

    tree = _Normaliser().visit(copy.deepcopy(node))
    return TOKEN.findall(ast.dump(tree, annotate_fields=False, include_attributes=False))


def functions(text: str) -> dict[str, ast.AST]:
    """{qualified name: FunctionDef} of a module's text ({} when it does not parse)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}
    found: dict[str, ast.AST] = {}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[prefix + child.name] = child
                visit(child, prefix + child.name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")

    visit(tree, "")
    return found


def student_functions(src: Path = release.SOURCE_ROOT) -> dict[str, set[str]]:
    """{file relative to cs231n/: names of functions holding a solution region}."""
    out: dict[str, set[str]] = {}
    for rel in release.solution_files(src):
        text = (src / rel).read_text(encoding="utf-8")
        lines = text.split("\n")
        for r in regions.find_regions(lines, rel):
            name = regions.enclosing_name(text, lines, r.begin, "")
            if name:
                out.setdefault(rel.removeprefix("cs231n/"), set()).add(name)
    return out


def own_part(tokens: list[str], starter: list[str]) -> list[str]:
    """The tokens of a student's version that the starter stub does not have."""
    sm = difflib.SequenceMatcher(None, starter, tokens, autojunk=False)
    out: list[str] = []
    for op, _i1, _i2, j1, j2 in sm.get_opcodes():
        if op in ("replace", "insert"):
            out.extend(tokens[j1:j2])
    return out


@dataclasses.dataclass
class Pair:
    function: str
    a: str
    b: str
    score: float
    tokens: int


def report(paths: list[Path], *, threshold: float = 0.9, min_tokens: int = 150,
           src: Path = release.SOURCE_ROOT, stubs: Path | None = None) -> list[Pair]:
    """Near-identical pairs of student functions across submissions."""
    from grading.grader import submission_name

    targets = student_functions(src)
    with tempfile.TemporaryDirectory(prefix="cs231n-sim-") as tmp:
        if stubs is None:
            stubs = release.build(Path(tmp) / "release", src, only=["cs231n"]).out / "cs231n"
        starter = {}
        for rel, names in targets.items():
            p = stubs / rel
            funcs = functions(p.read_text(encoding="utf-8")) if p.exists() else {}
            for n in names:
                if n in funcs:
                    starter[f"{rel}:{n}"] = normalise(funcs[n])
        versions: dict[str, dict[str, list[str]]] = {}
        for k, path in enumerate(paths):
            name = submission_name(Path(path))
            try:
                taken = intake.take(Path(path), Path(tmp) / f"s{k}")
            except intake.IntakeError:
                continue
            if taken.cs231n is None:
                continue
            for rel, names in targets.items():
                f = taken.cs231n / rel
                if not f.is_file():
                    continue
                funcs = functions(f.read_text(encoding="utf-8", errors="replace"))
                for n in names:
                    if n not in funcs:
                        continue
                    key = f"{rel}:{n}"
                    toks = own_part(normalise(funcs[n]), starter.get(key, []))
                    if len(toks) < min_tokens:
                        continue
                    versions.setdefault(key, {})[name] = toks
            shutil.rmtree(Path(tmp) / f"s{k}", ignore_errors=True)
    pairs = []
    for key, by_sub in sorted(versions.items()):
        for (a, ta), (b, tb) in itertools.combinations(sorted(by_sub.items()), 2):
            if ta == tb:
                pairs.append(Pair(key, a, b, 1.0, len(ta)))
                continue
            sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
            if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
                continue
            score = sm.ratio()
            if score >= threshold:
                pairs.append(Pair(key, a, b, round(score, 4), min(len(ta), len(tb))))
    pairs.sort(key=lambda p: (-p.score, p.function, p.a, p.b))
    return pairs


def write_csv(pairs: list[Pair], out: Path) -> None:
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["function", "submission_a", "submission_b", "score", "tokens"])
        for p in pairs:
            w.writerow([p.function, p.a, p.b, f"{p.score:.4f}", p.tokens])


def cmd_similarity(args) -> int:
    missing = [p for p in args.submissions if not Path(p).exists()]
    if missing:
        print(f"error: no such submission: {missing[0]}", file=sys.stderr)
        return 2
    pairs = report([Path(p) for p in args.submissions], threshold=args.threshold,
                   min_tokens=args.min_tokens)
    write_csv(pairs, Path(args.out))
    subs = {p.a for p in pairs} | {p.b for p in pairs}
    print(f"{len(pairs)} near-identical function pairs (score >= {args.threshold}) among "
          f"{len(subs)} submissions; written to {args.out}")
    for p in pairs[:10]:
        print(f"  {p.score:.3f}  {p.function}  {p.a} ~ {p.b}")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("similarity", help="near-identical student functions across submissions")
    p.add_argument("submissions", nargs="+", metavar="SUBMISSION")
    p.add_argument("--out", required=True, help="CSV report path")
    p.add_argument("--threshold", type=float, default=0.9)
    p.add_argument("--min-tokens", type=int, default=150,
                   help="ignore functions shorter than this (normalised tokens)")
    p.set_defaults(func=cmd_similarity)
