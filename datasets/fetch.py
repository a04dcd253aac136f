"""Fetch the workbook's datasets, or build their offline stand-ins.

    python datasets/fetch.py {cifar10,mnist,coco,all} [--offline] [--from PATH]
                             [--force] [--data-dir DIR] [--no-fallback]

Data lands in ``datasets/`` (or ``$CS231N_DATA``, or ``--data-dir``). Errors are
one line on stderr and exit status 1. The work is done by ``cs231n.data.fetch``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a plain checkout


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and exit 1, like every other error
        self.exit(1, f"fetch: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(
        prog="python datasets/fetch.py",
        description="Download, verify and install a dataset; or build its offline stand-in.")
    parser.add_argument("name", choices=["cifar10", "mnist", "coco", "all"])
    parser.add_argument("--offline", action="store_true",
                        help="do not use the network: install the offline stand-in")
    parser.add_argument("--from", dest="from_path", metavar="PATH",
                        help="install from a local archive or folder")
    parser.add_argument("--force", action="store_true", help="reinstall even if installed")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="data root (default: $CS231N_DATA or datasets/)")
    parser.add_argument("--no-fallback", action="store_true",
                        help="fail instead of installing a stand-in when offline")
    args = parser.parse_args(argv)
    try:
        from cs231n.data.fetch import fetch

        fetch(args.name, force=args.force, offline=args.offline, from_path=args.from_path,
              data_dir=args.data_dir, fallback=not args.no_fallback)
    except KeyboardInterrupt:
        print("fetch: interrupted; run the same command again to resume", file=sys.stderr)
        return 1
    except Exception as exc:  # one line, never a traceback
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"fetch: {msg}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
