"""Fetch, verify and install the datasets, or build their offline stand-ins.

``fetch('cifar10' | 'mnist' | 'coco' | 'all')`` downloads from the official
sources with a progress bar, resumes an interrupted download (HTTP Range into a
``.partial`` file under ``<data root>/.partial``), checks published checksums,
unpacks into a temporary folder under the data root and only then renames the
finished folder into place, so a half-done dataset is never where the loaders
look. A second fetch of an installed dataset does nothing and says so.

When the network cannot be reached, or with ``offline=True``, an offline
stand-in in the same format is installed instead and marked with a ``STANDIN``
file, which the loaders mention when they load it:

- cifar10: ``../shared/datasets/build_cifar10.py`` (CIFAR-10 rebuilt from a JPEG
  mirror), when that script exists beside the workbook;
- mnist: Fashion-MNIST from ``/usr/share/datasets/fashion-mnist`` (Debian's
  ``dataset-fashion-mnist``), same idx format and sizes;
- coco: the synthetic shape-scene captions of ``cs231n.data.synth_coco``.

The command line is ``python datasets/fetch.py NAME [--offline] [--from PATH]``.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cs231n.data import coco, synth_coco
from cs231n.data.idx import MNIST_FILES, find_idx, load_mnist
from cs231n.data.paths import (
    DATASET_DIRS,
    STANDIN_MARKER,
    WORKBOOK_ROOT,
    DataError,
    data_root,
    dataset_dir,
)

NAMES = ("cifar10", "mnist", "coco")
RECORD_FILE = ".fetched.json"
FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")
BUILD_CIFAR10 = WORKBOOK_ROOT.parent / "shared" / "datasets" / "build_cifar10.py"
USER_AGENT = "cs231n-workbook-fetch/1.0"
CHUNK = 1 << 16


@dataclass(frozen=True)
class Remote:
    """One file to download and the checksums it must match (None: none published)."""

    url: str
    md5: str | None = None
    sha256: str | None = None

    @property
    def filename(self) -> str:
        return Path(urllib.parse.urlsplit(self.url).path).name or "download"


@dataclass(frozen=True)
class Source:
    """Where a dataset comes from: one archive to unpack, or files to install as they are."""

    remotes: tuple[Remote, ...]
    archive: bool = True


MNIST_MIRROR = "https://ossci-datasets.s3.amazonaws.com/mnist/"
SOURCES: dict[str, Source] = {
    "cifar10": Source((Remote("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
                              md5="c58f30108f718f92721af3b95e74349a"),)),
    "mnist": Source(tuple(Remote(MNIST_MIRROR + name, md5=md5) for name, md5 in (
        ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
        ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
        ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
    )), archive=False),
    # The course publishes no checksum for this archive: its sha256 is printed and
    # recorded in the installed folder's .fetched.json.
    "coco": Source((Remote("http://cs231n.stanford.edu/coco_captioning.zip"),)),
}


class FetchError(DataError):
    """Fetching failed; the message is one line for a person."""


class NetworkError(FetchError):
    """The host could not be reached, or the connection kept dropping."""

    def __init__(self, host: str, reason: str):
        super().__init__(f"could not reach {host}: {reason}; offline? "
                         "use --offline or --from PATH")
        self.host, self.reason = host, reason


# ---------------------------------------------------------------- what is installed

def is_complete(name: str, folder: Path) -> bool:
    """True when ``folder`` holds every file the loaders of ``name`` read."""
    folder = Path(folder)
    if not folder.is_dir():
        return False
    if name == "cifar10":
        files = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch", "batches.meta"]
        return all((folder / f).is_file() for f in files)
    if name == "mnist":
        return all(find_idx(folder, stem) is not None
                   for pair in MNIST_FILES.values() for stem in pair)
    if name == "coco":
        return all((folder / f).is_file() for f in coco.required_files())
    raise ValueError(f"unknown dataset {name!r}; choose from {', '.join(NAMES)}")


def installed(name: str, root: str | os.PathLike | None = None) -> str | None:
    """``'real'``, ``'standin'`` or None: what the loaders of ``name`` would find."""
    folder = dataset_dir(name, root)
    if not is_complete(name, folder):
        return None
    return "standin" if (folder / STANDIN_MARKER).is_file() else "real"


# ---------------------------------------------------------------- download and verify

def _digest(path: Path, algo: str) -> str:
    h = hashlib.new(algo)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _range_start(resp) -> int | None:
    value = resp.headers.get("Content-Range", "")  # "bytes START-END/TOTAL"
    try:
        return int(value.split()[1].split("-")[0])
    except (IndexError, ValueError):
        return None


def _progress(total: int | None, initial: int, desc: str):
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=initial, unit="B", unit_scale=True,
                unit_divisor=1024, desc=desc, disable=None, leave=False)


def http_get(url: str, partial: Path, log: Callable[[str], None] = print,
             retries: int = 5, timeout: float = 30.0) -> None:
    """Download ``url`` into ``partial``, resuming from its current size with HTTP Range.

    A connection that drops mid-way is resumed up to ``retries`` times. Raises
    NetworkError when the host cannot be reached, FetchError on an HTTP error.
    """
    host = urllib.parse.urlsplit(url).netloc or url
    drops = 0
    while True:
        offset = partial.stat().st_size if partial.exists() else 0
        headers = {"User-Agent": USER_AGENT}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        try:
            resp = urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                          timeout=timeout)
        except urllib.error.HTTPError as exc:
            if exc.code == 416 and offset:  # nothing left to send: the checksum decides
                return
            raise FetchError(f"{url} answered HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            if drops and drops <= retries:
                drops += 1
                time.sleep(min(2.0 ** drops / 4, 5.0))
                continue
            raise NetworkError(host, str(reason) or type(exc).__name__) from None
        with resp:
            if offset and resp.status == 206 and _range_start(resp) == offset:
                mode = "ab"
            else:  # a fresh start, or a server that ignored the Range header
                mode, offset = "wb", 0
            length = resp.headers.get("Content-Length")
            total = offset + int(length) if length and length.isdigit() else None
            got = offset
            try:
                with open(partial, mode) as f, _progress(total, offset, partial.stem) as bar:
                    while chunk := resp.read(CHUNK):
                        f.write(chunk)
                        got += len(chunk)
                        bar.update(len(chunk))
            except (http.client.HTTPException, ConnectionError, TimeoutError):
                got = partial.stat().st_size
        if total is None or got >= total:
            return
        drops += 1
        if drops > retries:
            raise NetworkError(host, f"the connection dropped {drops} times, last at {got} "
                                     f"of {total} bytes; run the command again to resume")
        log(f"connection to {host} dropped at {got} of {total} bytes; resuming")


def verify(path: Path, remote: Remote, log: Callable[[str], None] = print) -> str:
    """Check ``path`` against the remote's checksums; returns its sha256.

    Raises FetchError naming the file on a mismatch.
    """
    sha256 = _digest(path, "sha256")
    expected = [("md5", remote.md5, None), ("sha256", remote.sha256, sha256)]
    for algo, want, have in expected:
        if want is None:
            continue
        have = have or _digest(path, algo)
        if have.lower() != want.lower():
            raise FetchError(f"{remote.filename} failed its {algo} check (got {have}, expected "
                             f"{want}); it was discarded and nothing was installed")
    if remote.md5 is None and remote.sha256 is None:
        log(f"{remote.filename}: no published checksum; its sha256 is {sha256}")
    return sha256


def download(remote: Remote, downloads: Path, log: Callable[[str], None] = print) -> Path:
    """Download and verify one file into ``downloads``; returns the verified file."""
    downloads.mkdir(parents=True, exist_ok=True)
    partial = downloads / (remote.filename + ".partial")
    final = downloads / remote.filename
    if final.is_file() and (remote.md5 or remote.sha256):  # verified by an earlier run
        try:
            verify(final, remote, log)
            return final
        except FetchError:
            final.unlink()
    if partial.exists() and partial.stat().st_size:
        log(f"resuming {remote.filename} from {partial.stat().st_size} bytes")
    http_get(remote.url, partial, log)
    try:
        verify(partial, remote, log)
    except FetchError:
        partial.unlink(missing_ok=True)  # a bad file must not be resumed
        raise
    os.replace(partial, final)
    return final


# ---------------------------------------------------------------- unpack and install

def extract(archive: Path, into: Path) -> None:
    """Unpack a zip or tar archive into ``into``, refusing members that leave it."""
    into = into.resolve()
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                for member in zf.namelist():
                    dest = (into / member).resolve()
                    if dest != into and into not in dest.parents:
                        raise FetchError(f"{archive} holds a path outside its folder: {member}")
                zf.extractall(into)
        elif tarfile.is_tarfile(archive):
            with tarfile.open(archive) as tf:
                if hasattr(tarfile, "data_filter"):
                    tf.extractall(into, filter="data")
                else:  # Python < 3.10.12 / 3.11.4
                    for member in tf.getmembers():
                        dest = (into / member.name).resolve()
                        if dest != into and into not in dest.parents:
                            raise FetchError(f"{archive} holds a path outside its folder: "
                                             f"{member.name}")
                    tf.extractall(into)
        else:
            raise FetchError(f"{archive} is neither a zip nor a tar archive")
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise FetchError(f"{archive} is damaged ({type(exc).__name__}: {exc})") from None


def locate(name: str, top: Path, depth: int = 3) -> Path | None:
    """The folder under ``top`` (itself included) that holds dataset ``name``."""
    frontier = [top]
    for _ in range(depth + 1):
        hits = [d for d in frontier if is_complete(name, d)]
        if hits:
            hits.sort(key=lambda d: d.name != DATASET_DIRS[name])
            return hits[0]
        frontier = [c for d in frontier for c in sorted(d.iterdir())
                    if c.is_dir() and not c.name.startswith(".")]
    return None


def install(name: str, staged: Path, root: Path, record: dict) -> Path:
    """Move the finished folder ``staged`` to where the loaders look, in one rename.

    An existing folder is first renamed aside and deleted only after the new one is
    in place. ``staged`` must be on the same filesystem as ``root``.
    """
    if not is_complete(name, staged):
        raise FetchError(f"{staged} does not hold a complete {name} dataset")
    (staged / RECORD_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    target = dataset_dir(name, root)
    old = None
    if target.exists() or target.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=f".old-{name}-", dir=root))
        os.replace(target, old / "data")
    os.replace(staged, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


# ---------------------------------------------------------------- offline stand-ins

def _standin_coco(work: Path, log: Callable[[str], None]) -> Path:
    log("building the synthetic captioning stand-in (shape scenes in the COCO layout)")
    dest = work / DATASET_DIRS["coco"]
    try:
        synth_coco.build_single_threaded(dest, **synth_coco.DEFAULTS)
    except RuntimeError as exc:
        raise FetchError(str(exc)) from None
    return dest


def _standin_mnist(work: Path, log: Callable[[str], None]) -> Path:
    src = FASHION_MNIST_DIR
    if not is_complete("mnist", src):
        raise FetchError(f"no offline stand-in for mnist: Fashion-MNIST is not in {src} "
                         "(apt-get install dataset-fashion-mnist), or use --from PATH")
    dest = work / DATASET_DIRS["mnist"]
    dest.mkdir()
    for stem in (s for pair in MNIST_FILES.values() for s in pair):
        f = find_idx(src, stem)
        shutil.copyfile(f, dest / f.name)
    for kind in MNIST_FILES:
        load_mnist(dest, kind)  # proves the copies read back
    (dest / STANDIN_MARKER).write_text(
        f"Fashion-MNIST (clothing, 10 classes) from {src}, standing in for the MNIST digits "
        "in the same idx format and sizes\n", encoding="utf-8")
    return dest


def _standin_cifar10(work: Path, log: Callable[[str], None]) -> Path:
    script = BUILD_CIFAR10
    if not script.is_file():
        raise FetchError(f"no offline stand-in for cifar10: {script} is not there; "
                         "use --from PATH with a copy of cifar-10-python.tar.gz")
    log(f"building CIFAR-10 from the JPEG mirror with {script}")
    proc = subprocess.run([sys.executable, str(script), str(work)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines() or ["no output"]
        raise FetchError(f"{script.name} failed (exit {proc.returncode}): {lines[-1]}")
    dest = locate("cifar10", work)
    if dest is None:
        raise FetchError(f"{script.name} did not write a complete cifar-10-batches-py")
    (dest / STANDIN_MARKER).write_text(
        f"CIFAR-10 rebuilt from a JPEG mirror by {script} (pixels differ slightly from the "
        "official release)\n", encoding="utf-8")
    return dest


STANDINS: dict[str, Callable[[Path, Callable[[str], None]], Path]] = {
    "cifar10": _standin_cifar10, "mnist": _standin_mnist, "coco": _standin_coco,
}


# ---------------------------------------------------------------- the front door

def _fetch_remote(name: str, source: Source, root: Path, work: Path,
                  log: Callable[[str], None]) -> tuple[Path, dict]:
    downloads = root / ".partial"
    files = [download(r, downloads, log) for r in source.remotes]
    sums = {f.name: _digest(f, "sha256") for f in files}
    if source.archive:
        for f in files:
            extract(f, work / "unpacked")
        staged = locate(name, work / "unpacked")
        if staged is None:
            raise FetchError(f"{files[0].name} does not hold a complete {name} dataset")
    else:
        staged = work / DATASET_DIRS[name]
        staged.mkdir()
        for f in files:
            shutil.copyfile(f, staged / f.name)
    record = {"source": [r.url for r in source.remotes], "sha256": sums}
    return staged, record | {"_downloads": [str(f) for f in files]}


def _from_path(name: str, path: Path, source: Source, work: Path) -> tuple[Path, dict]:
    if not path.exists():
        raise FetchError(f"--from {path}: no such file or folder")
    if path.is_dir():
        found = locate(name, path)
        if found is None:
            raise FetchError(f"--from {path}: no complete {name} dataset in that folder")
        staged = work / DATASET_DIRS[name]
        shutil.copytree(found, staged)
        return staged, {"source": [str(path.resolve())]}
    for r in source.remotes:  # an official archive by its official name must match
        if r.filename == path.name and (r.md5 or r.sha256):
            verify(path, r)
    extract(path, work / "unpacked")
    staged = locate(name, work / "unpacked")
    if staged is None:
        raise FetchError(f"--from {path}: the archive does not hold a complete {name} dataset")
    return staged, {"source": [str(path.resolve())], "sha256": {path.name: _digest(path,
                                                                                   "sha256")}}


def _fetch_one(name: str, force: bool, source: Source, offline: bool,
               from_path: Path | None, root: Path, fallback: bool,
               log: Callable[[str], None]) -> str:
    target = dataset_dir(name, root)
    have = installed(name, root)
    what = {"real": "the data", "standin": "an offline stand-in"}
    if have and not force and (have == "real" or offline):
        return f"{name}: {what[have]} is already installed at {target}; nothing to do"
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".tmp-{name}-", dir=root))
    try:
        if from_path is not None:
            staged, record = _from_path(name, Path(from_path).expanduser(), source, work)
            install(name, staged, root, record)
            return f"{name}: installed from {from_path} at {target}"
        if not offline:
            try:
                staged, record = _fetch_remote(name, source, root, work, log)
            except NetworkError as exc:
                if not fallback or have == "real":  # never trade real data for a stand-in
                    raise
                if have == "standin":
                    return (f"{name}: could not reach {exc.host} ({exc.reason}); keeping the "
                            f"offline stand-in at {target}")
                if name not in STANDINS:
                    raise
                log(f"Notice: could not reach {exc.host} ({exc.reason}); installing the "
                    f"offline stand-in for {name} instead")
            else:
                downloads = record.pop("_downloads")
                install(name, staged, root, record)
                for f in downloads:
                    Path(f).unlink(missing_ok=True)
                return f"{name}: installed the official data at {target}"
        staged = STANDINS[name](work, log)
        install(name, staged, root, {"source": ["offline stand-in"]})
        return f"{name}: installed an offline stand-in at {target} (see {STANDIN_MARKER} there)"
    finally:
        shutil.rmtree(work, ignore_errors=True)
        partial_dir = root / ".partial"
        if partial_dir.is_dir() and not any(partial_dir.iterdir()):
            partial_dir.rmdir()


def fetch(name: str, force: bool = False, source: Source | Mapping[str, Source] | None = None,
          *, offline: bool = False, from_path: str | os.PathLike | None = None,
          data_dir: str | os.PathLike | None = None, fallback: bool = True,
          log: Callable[[str], None] = print) -> list[str]:
    """Install dataset ``name`` (``'cifar10'``, ``'mnist'``, ``'coco'`` or ``'all'``).

    Parameters
    ----------
    name : the dataset, or ``'all'`` for every one.
    force : reinstall even when the dataset is already there.
    source : a Source replacing the official one (for one name), or a dict name -> Source.
    offline : do not touch the network; install the offline stand-in.
    from_path : install from a local archive or folder instead of downloading.
    data_dir : the data root; default ``$CS231N_DATA`` or ``<workbook>/datasets``.
    fallback : when the network cannot be reached, install the stand-in (default).
    log : receives every line to show (notices and the outcome of each dataset).

    Returns
    -------
    list of str, one outcome line per dataset. Raises FetchError (a one-line message)
    when a dataset could not be installed; with ``'all'`` after trying every one.
    """
    names = NAMES if name == "all" else (name,)
    if name != "all" and name not in NAMES:
        raise FetchError(f"unknown dataset {name!r}; choose from {', '.join(NAMES)} or all")
    if from_path is not None and name == "all":
        raise FetchError("--from PATH installs one dataset; name it instead of 'all'")
    root = Path(data_dir).expanduser() if data_dir is not None else data_root()
    outcomes, errors = [], []
    for n in names:
        src = source.get(n, SOURCES[n]) if isinstance(source, Mapping) else (source or SOURCES[n])
        try:
            line = _fetch_one(n, force, src, offline, from_path, root, fallback, log)
        except FetchError as exc:
            if len(names) == 1:
                raise
            errors.append(f"{n}: {exc}")
            log(errors[-1])
            continue
        outcomes.append(line)
        log(line)
    if errors:
        raise FetchError(f"{len(errors)} of {len(names)} datasets failed: "
                         + " | ".join(errors))
    return outcomes
