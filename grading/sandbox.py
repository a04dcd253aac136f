"""Judge side of isolation: build a sandbox, run the runner in it, collect outputs.

A sandbox is a private temporary folder::

    box/lib/cs231n/    the code under test (a submission overlaid on the release's
                       given files, or the reference solution)
    box/lib/grading/   a copy of grading/__init__, core, runner and check declarations
    box/out/           the only folder the runner may write (outputs per check)
    box/log            the runner's stdout/stderr (capped by RLIMIT_FSIZE)

``Sandbox.run(items)`` runs checks there through ``grading/jail.py`` (a new
session; namespaces, limits and an unprivileged uid where the OS allows) and
``grading/runner.py``. It watches the runner's progress lines: a check that
runs past its time limit (plus slack) or kills the runner costs that check
only; the runner is restarted with the checks that remain. Outputs are read
back with ``np.load(allow_pickle=False)``, numeric arrays only, size-capped.

Isolation modes (``isolation_mode()``): ``namespace`` (root, and unshare
works: new mount + network namespace, hidden paths, private /tmp, own uid),
``uid`` (root without namespaces: own uid, limits), ``basic`` (not root:
limits, new session, scrubbed environment and cwd only).
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import io
import json
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

from grading import jail

GRADING = Path(__file__).resolve().parent
SOURCE_ROOT = GRADING.parent
UID_BASE = 61000
UID_SLOTS = 200
MAX_OUTPUT_BYTES = 32 * 2**20
STARTUP_SECONDS = 20.0
SLACK_SECONDS = 2.0
SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc", "/proc", "/dev",
               "/sys", "/run", "/var/lib", "/opt", "/nix", "/snap")


@dataclasses.dataclass
class Limits:
    """Per-runner resource limits (memory in MiB)."""

    memory_mb: int = 6144  # address space: torch maps about 3.3 GiB; threads add arenas
    nproc: int = 32
    fsize_mb: int = 64
    nofile: int = 256
    tmp_mb: int = 64
    out_mb: int = 256
    slack: float = SLACK_SECONDS
    startup: float = STARTUP_SECONDS


def interpreter_paths() -> list[str]:
    """The interpreter's stdlib and site-packages folders (what ``-S`` leaves out)."""
    paths = []
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        p = sysconfig.get_paths().get(key)
        if p and p not in paths:
            paths.append(p)
    dyn = os.path.join(sysconfig.get_paths()["stdlib"], "lib-dynload")
    if os.path.isdir(dyn):
        paths.insert(2, dyn)
    try:
        import site

        for p in site.getsitepackages():
            if p not in paths and os.path.isdir(p):
                paths.append(p)
    except AttributeError:
        pass
    return paths


def _keep_paths() -> list[str]:
    """Folders the runner must still see inside the namespace: the interpreter."""
    paths = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)}
    exe = os.path.dirname(os.path.realpath(sys.executable))
    paths.add(exe)
    for p in interpreter_paths():
        paths.add(os.path.realpath(p))
    return sorted(paths)


_MODE: str | None = None


def isolation_mode() -> str:
    """``namespace``, ``uid`` or ``basic`` (probed once; ``CS231N_ISOLATION`` overrides)."""
    global _MODE
    forced = os.environ.get("CS231N_ISOLATION")
    if forced in ("namespace", "uid", "basic"):
        return forced
    if _MODE is None:
        _MODE = "basic"
        if os.geteuid() == 0:
            for mode in ("namespace", "uid"):  # the strongest that can run the interpreter
                if _probe(mode):
                    _MODE = mode
                    break
    return _MODE


def _probe(mode: str) -> bool:
    cfg = {"mode": mode, "cwd": "/", "hide": [], "keep": _keep_paths(), "private": ["/tmp"],
           "uid": UID_BASE + UID_SLOTS, "limits": {}, "env": {},
           "argv": [sys.executable, "-I", "-S", "-c",
                    f"import sys; sys.path[:] = {interpreter_paths()!r}; import numpy"]}
    try:
        res = subprocess.run([sys.executable, "-I", "-S", str(GRADING / "jail.py"),
                              json.dumps(cfg)], capture_output=True, timeout=60)
        return res.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@contextlib.contextmanager
def uid_slot():
    """A sandbox uid no other running grader uses (a file lock per uid); None if not root."""
    if os.geteuid() != 0 or isolation_mode() == "basic":
        yield None
        return
    lock_dir = Path(tempfile.gettempdir()) / "cs231n-grade-uids"
    lock_dir.mkdir(mode=0o700, exist_ok=True)
    for k in range(UID_SLOTS):
        fh = open(lock_dir / f"{k}.lock", "w")  # noqa: SIM115 - held for the block
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            continue
        try:
            yield UID_BASE + k
        finally:
            kill_uid(UID_BASE + k)
            fh.close()
        return
    raise RuntimeError("no free sandbox uid")


def kill_uid(uid: int | None) -> None:
    """Kill every process of ``uid`` (escaped process groups included)."""
    if uid is None or os.geteuid() != 0:
        return
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            os.setresuid(uid, uid, uid)
            for _ in range(3):
                with contextlib.suppress(OSError):
                    os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


@contextlib.contextmanager
def scratch(work: Path, uid: int | None, out_mb: int, home_mb: int):
    """``work/out`` and ``work/home`` for one run: size-capped tmpfs mounts when root.

    The runner's namespace inherits these mounts, so the judge reads what it wrote
    while a submission cannot fill the disk; both are unmounted afterwards.
    """
    out, home = work / "out", work / "home"
    for d in (work, out, home):
        d.mkdir()
    os.chmod(work, 0o755)
    mounted = []
    try:
        if os.geteuid() == 0 and isolation_mode() != "basic":
            owner = f",uid={uid},gid={uid}" if uid is not None else ""
            for d, mb in ((out, out_mb), (home, home_mb)):
                try:
                    jail.mount("tmpfs", str(d), "tmpfs", jail.MS_NOSUID | jail.MS_NODEV,
                               f"mode=0755,size={mb}m{owner}")
                    mounted.append(d)
                except OSError:  # no CAP_SYS_ADMIN (a container): plain folders
                    pass
        if uid is not None:
            for d in (out, home):
                if d not in mounted:
                    os.chown(d, uid, uid)
        yield out, home
    finally:
        for d in mounted:
            with contextlib.suppress(OSError):
                jail.umount(str(d))


def own_nproc(extra: int) -> int | None:
    """RLIMIT_NPROC for a runner sharing this (non-root) uid: what it has now plus ``extra``.

    The limit counts every process of the uid, so it must leave room for the grader's own.
    """
    if os.geteuid() == 0:
        return None
    mine = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == os.geteuid():
                    mine += len(os.listdir(f"/proc/{entry}/task"))
            except OSError:
                continue
    return mine + extra


def kill_strays(uid: int | None, keep: int) -> None:
    """Kill every process of ``uid`` except ``keep`` (the runner): forks left behind."""
    if uid is None or os.geteuid() != 0:
        return
    for _ in range(5):
        found = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == keep:
                continue
            try:
                if os.stat(f"/proc/{entry}").st_uid != uid:
                    continue
                os.kill(int(entry), signal.SIGKILL)
                found += 1
            except OSError:
                continue
        if not found:
            return


def copy_grading(dest: Path, modules: list[str]) -> None:
    """The public grading core and the named check modules, copied into ``dest``/grading."""
    g = dest / "grading"
    (g / "checks").mkdir(parents=True, exist_ok=True)
    for name in ("__init__.py", "core.py", "runner.py"):
        shutil.copy2(GRADING / name, g / name)
    shutil.copy2(GRADING / "checks" / "__init__.py", g / "checks" / "__init__.py")
    for mod in modules:
        rel = mod.removeprefix("grading.checks.")
        shutil.copy2(GRADING / "checks" / f"{rel}.py", g / "checks" / f"{rel}.py")


def copy_tree(src: Path, dest: Path) -> None:
    """Copy a cs231n tree (plain files only, no caches)."""
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = [d for d in dirnames if d != "__pycache__" and not d.startswith(".")]
        rel = Path(dirpath).relative_to(src)
        (dest / rel).mkdir(parents=True, exist_ok=True)
        for f in filenames:
            p = Path(dirpath, f)
            if p.is_file() and not p.is_symlink() and not f.endswith(".pyc"):
                shutil.copyfile(p, dest / rel / f)


@dataclasses.dataclass
class Item:
    """One check to run: its index in the job, id, declaring module and seed."""

    index: int
    id: str
    module: str
    seed: int
    timeout: float


@dataclasses.dataclass
class Outcome:
    """What the runner produced for one check (status ``ok`` means outputs to judge)."""

    status: str
    message: str = ""
    outputs: dict = dataclasses.field(default_factory=dict)
    seconds: float = 0.0
    tampered: list = dataclasses.field(default_factory=list)


class Sandbox:
    """One private folder with one cs231n tree; ``run`` executes checks in it."""

    def __init__(self, root: Path, layers: list[Path], modules: list[str], *,
                 limits: Limits | None = None, hide: list[Path] | None = None,
                 private: bool = False):
        self.root = Path(tempfile.mkdtemp(prefix="box-", dir=root))
        self.lib = self.root / "lib"
        for layer in layers:  # later layers overlay earlier ones
            copy_tree(layer, self.lib / "cs231n")
        copy_grading(self.lib, modules)
        self.limits = limits or Limits()
        self.hide = [str(Path(p).resolve()) for p in (hide or [])]
        self.mode = isolation_mode()
        self.log_tail = ""
        for dirpath, _dirnames, filenames in os.walk(self.root):
            os.chmod(dirpath, 0o755)
            for f in filenames:
                os.chmod(os.path.join(dirpath, f), 0o644)
        if private:
            os.chmod(self.root, 0o700)

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # ---------------------------------------------------------------- running
    def _config(self, items: list[Item], out: Path, uid: int | None,
                progress_fd: int) -> dict:
        job = {"out": str(out), "checks": [dataclasses.asdict(i) for i in items]}
        boot = (f"import sys; sys.path[:] = {[str(self.lib)] + interpreter_paths()!r}; "
                "from grading.runner import main; main(); import os; os._exit(0)")
        home = out.parent / "home"
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "TMPDIR": str(home),
               "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONHASHSEED": "0"}
        cpu = int(sum(i.timeout for i in items) + self.limits.startup + 5)
        lim = self.limits
        cfg = {"mode": self.mode, "cwd": str(home), "env": env, "uid": uid,
               "argv": [sys.executable, "-I", "-S", "-c", boot, json.dumps(job),
                        str(progress_fd)],
               "limits": {"cpu": cpu, "as": lim.memory_mb * 2**20, "fsize": lim.fsize_mb * 2**20,
                          "core": 0, "nofile": lim.nofile,
                          "nproc": lim.nproc if uid is not None else own_nproc(lim.nproc)},
               "hide": self.hide + [str(SOURCE_ROOT), str(self.root.parent),
                                    os.path.expanduser("~")],
               "keep": _keep_paths() + [str(self.root)],
               "private": ["/tmp", "/var/tmp", "/dev/shm"], "tmp_mb": lim.tmp_mb}
        return cfg

    def execute(self, argv: list[str], *, timeout: float, uid: int | None,
                env: dict | None = None, cpu: int | None = None, keep: list[str] = (),
                name: str = "exec", collect=None):
        """Run any command jailed like the runner (loopback up, for a Jupyter kernel).

        Returns (exit code or None, timed out, ``collect(out)``): ``collect`` reads what
        the command wrote under ``out`` (``$CS231N_OUT``) before that folder goes away.
        """
        with scratch(self.root / name, uid, self.limits.out_mb, self.limits.tmp_mb) as (
                out, home):
            cfg = self._config([], out, uid, -1)
            cfg["argv"] = argv
            cfg["env"].update(env or {})
            cfg["env"].update(CS231N_OUT=str(out))
            cfg["keep"] = cfg["keep"] + [str(k) for k in keep]
            cfg["loopback"] = True
            cfg["limits"]["cpu"] = int(cpu or timeout + 10)
            cfg["limits"]["nproc"] = max(self.limits.nproc, 128) if uid is not None else None
            with open(out / ".exec.log", "wb") as log:
                proc = subprocess.Popen(
                    [sys.executable, "-I", "-S", str(GRADING / "jail.py"), json.dumps(cfg)],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
                    cwd="/")
            timed_out = False
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                with contextlib.suppress(OSError):
                    os.killpg(proc.pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=10)
                kill_uid(uid)
            self.log_tail = _tail(out / ".exec.log")
            return proc.returncode, timed_out, collect(out) if collect else None

    def run(self, items: list[Item], uid: int | None = None) -> dict[int, Outcome]:
        """Run the checks; every item gets an Outcome, whatever the code under test does."""
        results: dict[int, Outcome] = {}
        remaining = list(items)
        attempt = 0
        while remaining and attempt <= len(items):
            attempt += 1
            done = self._attempt(remaining, uid, attempt, results)
            remaining = [i for i in remaining if i.index not in results]
            if not done and remaining:  # runner failed before starting any check
                for i in remaining:
                    results[i.index] = Outcome("error", done_reason(self.log_tail))
                remaining = []
        return results

    def _attempt(self, items: list[Item], uid: int | None, attempt: int,
                 results: dict[int, Outcome]) -> bool:
        """One runner process; fills ``results``; False when no check even started."""
        with scratch(self.root / f"run{attempt}", uid, self.limits.out_mb,
                     self.limits.tmp_mb) as (out, _home):
            try:
                return self._watch(items, uid, out, results)
            finally:
                self.log_tail = _tail(out / ".runner.log")

    def _watch(self, items: list[Item], uid: int | None, out: Path,
               results: dict[int, Outcome]) -> bool:
        read_fd, write_fd = os.pipe()
        cfg = self._config(items, out, uid, write_fd)
        log = open(out / ".runner.log", "wb")  # noqa: SIM115
        try:
            proc = subprocess.Popen(
                [sys.executable, "-I", "-S", str(GRADING / "jail.py"), json.dumps(cfg)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, pass_fds=(write_fd,),
                start_new_session=True, cwd="/")
        finally:
            os.close(write_fd)
            log.close()
        by_index = {i.index: i for i in items}
        started: set[int] = set()
        current: int | None = None
        deadline = time.monotonic() + self.limits.startup
        budget_end = time.monotonic() + self.limits.startup + sum(
            i.timeout + self.limits.slack for i in items)
        buf = b""
        reason = ""
        try:
            while True:
                now = time.monotonic()
                limit = min(deadline, budget_end)
                if now >= limit:
                    reason = "timeout"
                    break
                ready, _, _ = select.select([read_fd], [], [], min(limit - now, 1.0))
                if not ready:
                    continue
                chunk = os.read(read_fd, 4096)
                if not chunk:
                    reason = "exit"
                    break
                buf += chunk
                if len(buf) > 1 << 16:  # garbage on the progress pipe
                    reason = "protocol"
                    break
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    kind, _, arg = line.decode("ascii", "replace").partition(" ")
                    idx = int(arg) if arg.strip().isdigit() else None
                    if kind == "S" and idx in by_index and idx not in results:
                        current = idx
                        started.add(idx)
                        deadline = time.monotonic() + by_index[idx].timeout + self.limits.slack
                    elif kind == "D" and idx in by_index and idx == current:
                        kill_strays(uid, proc.pid)
                        results[idx] = read_outcome(out, idx)
                        current = None
                        deadline = time.monotonic() + self.limits.startup
                    elif kind == "END":
                        reason = "end"
                if reason == "end":
                    break
        finally:
            os.close(read_fd)
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                proc.kill()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            kill_uid(uid)
        if current is not None and current not in results:
            it = by_index[current]
            if reason == "timeout":
                results[current] = Outcome("timeout", f"ran past its {it.timeout:g} s limit")
            else:
                results[current] = Outcome("error", crash_reason(proc.returncode))
        return bool(started)


def crash_reason(code: int | None) -> str:
    if code is None:
        return "the runner stopped responding"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = {"SIGKILL": " (memory, CPU or time limit?)", "SIGXCPU": " (CPU time limit)",
                "SIGSEGV": " (segmentation fault)"}.get(name, "")
        return f"crashed: killed by {name}{hint}"
    return f"crashed: the process exited with code {code} during this check"


def safe_read(path: Path, cap: int, tail: bool = False) -> bytes | None:
    """Bytes of a regular file written by sandboxed code (None if a link, FIFO, device,
    missing or over ``cap``; with ``tail``, its last ``cap`` bytes). Never blocks."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        if st.st_size > cap:
            if not tail:
                return None
            os.lseek(fd, st.st_size - cap, os.SEEK_SET)
        chunks, left = [], cap
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _tail(path: Path) -> str:
    data = safe_read(path, 2000, tail=True)
    return data.decode("utf-8", "replace") if data else ""


def done_reason(tail: str) -> str:
    last = [ln for ln in tail.splitlines() if ln.strip()]
    return "the check runner could not start" + (f": {last[-1][:200]}" if last else "")


def read_outcome(out: Path, idx: int) -> Outcome:
    """Read (never unpickle) a check's outputs; anything malformed is an error outcome."""
    meta_raw = safe_read(out / f"{idx}.json", 1 << 16)
    npz_raw = safe_read(out / f"{idx}.npz", MAX_OUTPUT_BYTES)
    if meta_raw is None or npz_raw is None:
        return Outcome("error", "runner output missing, too large or not a plain file")
    try:
        meta = json.loads(meta_raw)
        status = meta.get("status")
        if status not in ("ok", "not implemented", "error", "timeout"):
            return Outcome("error", "malformed runner output")
        problem = npz_problem(npz_raw)
        if problem:
            return Outcome("error", f"malformed runner output ({problem})")
        outputs = {}
        with np.load(io.BytesIO(npz_raw), allow_pickle=False) as data:
            for key in data.files:
                arr = data[key]
                if arr.dtype.kind not in "biufc":
                    return Outcome("error", f"output {key} is not numeric")
                outputs[key] = arr
        dropped = [str(d) for d in meta.get("dropped", [])][:5]
        msg = str(meta.get("message", ""))[:500]
        if dropped and status == "ok":
            msg = f"non-numeric outputs ignored: {', '.join(dropped)}"
        tampered = [str(t)[:80] for t in meta.get("tampered", [])][:20]
        return Outcome(status, msg, outputs, float(meta.get("seconds", 0.0)), tampered)
    except (OSError, ValueError, TypeError, AttributeError, KeyError, MemoryError,
            zipfile.BadZipFile, EOFError) as exc:
        return Outcome("error", f"malformed runner output ({type(exc).__name__})")


def npz_problem(raw: bytes) -> str:
    """Why an npz must not be loaded (a bomb, a lying header), or '' when it is safe."""
    total = 0
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        infos = zf.infolist()
        if len(infos) > 1000:
            return "too many arrays"
        for info in infos:
            total += info.file_size
            if total > 4 * MAX_OUTPUT_BYTES:
                return "arrays too large"
            with zf.open(info) as f:
                version = np.lib.format.read_magic(f)
                if version == (1, 0):
                    shape, _, dtype = np.lib.format.read_array_header_1_0(f)
                else:
                    shape, _, dtype = np.lib.format.read_array_header_2_0(f)
            if dtype.hasobject:
                return "object array"
            if int(np.prod(shape, dtype=np.float64)) * dtype.itemsize > info.file_size:
                return "array header larger than its data"
    return ""
