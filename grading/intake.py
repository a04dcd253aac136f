"""Safe intake of a submission (a zip or a folder) into a private folder.

Rules: no absolute paths or ``..`` (a zip that tries is refused), links are
ignored, at most ``MAX_FILES`` files and ``MAX_BYTES`` in all (counted while
reading, so a zip bomb stops early), junk (``__MACOSX``, caches, checkpoints)
skipped. ``IntakeError`` carries the one-line reason that becomes the
submission's zero.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import zipfile
from pathlib import Path, PurePosixPath

MAX_FILES = 2000
MAX_BYTES = 64 * 2**20
SKIP_PARTS = {"__MACOSX", "__pycache__", ".ipynb_checkpoints", ".git"}


class IntakeError(Exception):
    """A submission that cannot be graded; the message is the reason."""


@dataclasses.dataclass
class Intake:
    root: Path  # the private copy
    cs231n: Path | None  # its cs231n package folder, if any
    notes: list[str]


def _safe_name(name: str) -> PurePosixPath | None:
    """A relative, normalised path, or None for entries to skip; raises on traversal."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise IntakeError(f"refused: the archive holds an absolute path ({name[:80]})")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise IntakeError(f"refused: the archive holds a path outside it ({name[:80]})")
    if not parts or SKIP_PARTS.intersection(parts) or parts[-1].endswith(".pyc"):
        return None
    return PurePosixPath(*parts)


def _extract_zip(path: Path, dest: Path, notes: list[str]) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IntakeError(f"not a readable zip file ({type(exc).__name__})") from None
    total = files = links = 0
    with zf:
        infos = zf.infolist()
        if len(infos) > 4 * MAX_FILES:
            raise IntakeError(f"refused: more than {MAX_FILES} files")
        for info in infos:
            rel = _safe_name(info.filename)
            if rel is None or info.is_dir():
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                links += 1
                continue
            files += 1
            if files > MAX_FILES:
                raise IntakeError(f"refused: more than {MAX_FILES} files")
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(info) as src, open(target, "wb") as out:
                    while True:
                        chunk = src.read(1 << 16)
                        if not chunk:
                            break
                        total += len(chunk)
                        if total > MAX_BYTES:
                            raise IntakeError(f"refused: more than {MAX_BYTES >> 20} MiB unpacked")
                        out.write(chunk)
            except IntakeError:
                raise
            except (zipfile.BadZipFile, OSError, ValueError, EOFError,
                    NotImplementedError) as exc:
                raise IntakeError(f"corrupt zip member {rel} ({type(exc).__name__})") from None
    if links:
        notes.append(f"ignored {links} symbolic link(s)")


def _copy_folder(path: Path, dest: Path, notes: list[str]) -> None:
    total = files = links = 0
    for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
        keep = []
        for d in dirnames:
            if os.path.islink(os.path.join(dirpath, d)):
                links += 1
            elif d not in SKIP_PARTS:
                keep.append(d)
        dirnames[:] = keep
        rel_dir = Path(dirpath).relative_to(path)
        for f in filenames:
            src = Path(dirpath, f)
            st = os.lstat(src)
            if stat.S_ISLNK(st.st_mode):
                links += 1
                continue
            if not stat.S_ISREG(st.st_mode) or f.endswith(".pyc"):
                continue
            files += 1
            total += st.st_size
            if files > MAX_FILES:
                raise IntakeError(f"refused: more than {MAX_FILES} files")
            if total > MAX_BYTES:
                raise IntakeError(f"refused: more than {MAX_BYTES >> 20} MiB")
            (dest / rel_dir).mkdir(parents=True, exist_ok=True)
            with open(src, "rb") as fi, open(dest / rel_dir / f, "wb") as fo:
                fo.write(fi.read(MAX_BYTES + 1))
    if links:
        notes.append(f"ignored {links} symbolic link(s)")


def find_package(root: Path, name: str = "cs231n") -> Path | None:
    """The shallowest folder called ``name`` holding Python files."""
    best = None
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        p = Path(dirpath)
        if p.name == name and any(f.endswith(".py") for f in filenames):
            if best is None or len(p.parts) < len(best.parts):
                best = p
    return best


def take(path: Path, dest: Path) -> Intake:
    """Copy a submission into ``dest`` (which must not exist); raises IntakeError."""
    path = Path(path)
    notes: list[str] = []
    if path.is_symlink():
        raise IntakeError("refused: the submission is a symbolic link")
    dest.mkdir(parents=True)
    if path.is_dir():
        _copy_folder(path, dest, notes)
    elif path.is_file():
        _extract_zip(path, dest, notes)
    else:
        raise IntakeError("no such file or folder")
    pkg = find_package(dest)
    if pkg is None and (dest / "__init__.py").is_file():  # the package folder itself
        pkg = dest
    return Intake(dest, pkg, notes)
