"""``python -m benchmarks [--quick] [--only SUBSTRING] [--json PATH]``: print the ratio table."""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import pkgutil
import sys

import benchmarks
from benchmarks import core


def load_all() -> None:
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda i: i.name):
        if info.name not in ("core", "__main__"):
            importlib.import_module(f"benchmarks.{info.name}")


def format_table(rows: list[core.Row]) -> str:
    w = max([len(r.workload) for r in rows] + [8])
    iw = max([len(r.implementation) for r in rows] + [14])
    out = [f"{'workload':<{w}}  {'implementation':<{iw}}  {'seconds':>10}  ratio to baseline"]
    for r in rows:
        note = " (baseline)" if r.implementation == r.baseline else ""
        # Below 0.1 two decimals lose the figure; a speed-up of 21x reads "1/21.0x".
        ratio = f"{r.ratio:.2f}x" if r.ratio >= 0.1 or r.ratio == 0 else f"1/{1 / r.ratio:.1f}x"
        out.append(f"{r.workload:<{w}}  {r.implementation:<{iw}}  {r.seconds:>10.4f}  "
                   f"{ratio:>9}{note}")
    return "\n".join(out)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=core.__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    p.add_argument("--only", help="run rows whose workload contains this text")
    p.add_argument("--json", help="also write the table as JSON to this path")
    args = p.parse_args(argv)
    load_all()
    rows = []
    for name in core.BENCHMARKS:
        if args.only and args.only.lower() not in name.lower():
            continue
        rows.extend(core.run(name, quick=args.quick))
    if not rows:
        print("no benchmark matched", file=sys.stderr)
        return 2
    print(format_table(rows))
    if args.json:
        with open(args.json, "w") as f:
            json.dump([dataclasses.asdict(r) for r in rows], f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
