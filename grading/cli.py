"""The grading command line.

    python -m grading check [QUESTION]        self-check: a table of public checks
    python -m grading refs [QUESTION]         regenerate reference values
    python -m grading refs --verify           exit 1 when stored refs are stale
    python -m grading release OUT             the student tree, linted
    python -m grading collect assignmentN     pack a student's submission
    python -m grading grade SUB... --out DIR  auto-grade in a sandbox (Gradescope results)
    python -m grading gradescope-bundle assignmentN
    python -m grading similarity SUB... --out report.csv
"""

from __future__ import annotations

import argparse
import sys

from grading import core, refs


def format_table(results: list[core.Result], title: str | None = None) -> str:
    """One row per check: name, status, measured error vs bound, points."""
    lines = []
    if title:
        lines.append(title)
    width = max([len(r.name) for r in results] + [5])
    lines.append(f"  {'check':<{width}}  {'status':<15} {'measured':>9} {'bound':>9}  points")
    for r in results:
        status = "FAILED" if r.status == "failed" else r.status
        pts = f"{r.earned:g}/{r.points:g}"
        lines.append(f"  {r.name:<{width}}  {status:<15} {core.fmt(r.measured):>9} "
                     f"{core.fmt(r.bound):>9}  {pts}")
        if r.status != "passed" and r.message:
            lines.append(f"  {'':<{width}}    -> {r.message}")
    earned = sum(r.earned for r in results)
    total = sum(r.points for r in results)
    lines.append(f"  {'total':<{width}}  {'':<15} {'':>9} {'':>9}  {earned:g}/{total:g}")
    return "\n".join(lines)


def cmd_check(args) -> int:
    try:
        checks = core.select(args.question)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    order = []
    for c in checks:
        if c.question not in order:
            order.append(c.question)
    grand_earned = grand_total = 0.0
    summary = []
    for q in order:
        results = [core.run_check(c, refs.for_check(c)) for c in checks if c.question == q]
        print(format_table(results, title=f"{q}"))
        print()
        e, t = sum(r.earned for r in results), sum(r.points for r in results)
        grand_earned += e
        grand_total += t
        summary.append((q, e, t, sum(r.status == "passed" for r in results), len(results)))
    if len(order) > 1:
        print("summary")
        for q, e, t, n_ok, n in summary:
            print(f"  {q:<32} {n_ok:>3}/{n:<3} checks  {e:g}/{t:g} points")
        print(f"  {'total':<32} {'':>11}  {grand_earned:g}/{grand_total:g} points")
    return 0


def cmd_refs(args) -> int:
    if args.verify:
        problems = refs.stale(args.question)
        for p in problems:
            print(p)
        print("refs are up to date" if not problems else f"{len(problems)} stale refs")
        return 1 if problems else 0
    for path in refs.generate(args.question):
        print(f"wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m grading", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="run the public checks and print a score table")
    c.add_argument("question", nargs="?", help="a question (notebook) name; all when omitted")
    c.set_defaults(func=cmd_check)
    r = sub.add_parser("refs", help="regenerate reference values from the reference solution")
    r.add_argument("question", nargs="?")
    r.add_argument("--verify", action="store_true", help="only report stale refs")
    r.set_defaults(func=cmd_refs)
    for extra in _extensions():
        extra(sub)
    return p


def _extensions():
    """Sub-commands contributed by other grading modules (release, grade, ...)."""
    import importlib

    found = []
    for name in ("grading.release", "grading.collect", "grading.grader", "grading.bundle",
                 "grading.similarity"):
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        if hasattr(mod, "add_parser"):
            found.append(mod.add_parser)
    return found


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)
