"""Launcher of untrusted code: namespaces, mounts, limits, an unprivileged uid, then exec.

    python -I -S grading/jail.py CONFIG_JSON

Run by the judge (``grading.sandbox``) as the first program of a new
session. It uses only the standard library and ``ctypes`` and never imports
submission code. In order:

1. ``mode == "namespace"`` (root only): a new mount and network namespace
   (the runner sees only a down loopback, so no network), then a chroot
   into a new root that holds only the system folders, the interpreter and
   the paths in ``keep`` (the sandbox), with small private tmpfs folders for
   ``private`` (``/tmp``, ``/dev/shm``). The source tree with the reference
   solution, other checkouts, the grader's output and every home folder are
   simply absent, wherever they lie.
2. Resource limits: CPU seconds, address space, processes (per uid), file
   size, no core files, open files.
3. ``uid`` set (root only): drop supplementary groups, gid and uid to the
   sandbox's own uid, and set ``no_new_privs`` so setuid programs cannot
   regain root. A non-root grader skips steps 1 and 3 and relies on limits.
4. ``exec`` of ``argv`` with exactly ``env``.

On failure it prints one line on stderr and exits 111.
"""

import ctypes
import json
import os
import resource
import signal
import sys

CLONE_NEWNS, CLONE_NEWNET = 0x00020000, 0x40000000
MS_BIND, MS_REC, MS_PRIVATE, MS_NOSUID, MS_NODEV = 4096, 16384, 1 << 18, 2, 4
PR_SET_NO_NEW_PRIVS = 38

_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _ok(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def mount(source, target, fstype, flags, data=None) -> None:
    def enc(s):
        return (None if s is None else s.encode())
    _ok(libc().mount(enc(source), enc(target), enc(fstype), flags, enc(data)),
        f"mount {target}")


def umount(target: str) -> None:
    mnt_detach = 2
    _ok(libc().umount2(target.encode(), mnt_detach), f"umount {target}")


def _under(path: str, parent: str) -> bool:
    return path == parent or path.startswith(parent.rstrip("/") + "/")


# System folders every jailed program sees (read from the host): no user data lives there.
SYSTEM_KEEP = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc")
DEVICES = ("null", "zero", "random", "urandom")


def enter_namespace(cfg: dict) -> None:
    """Enter a new mount + network namespace and chroot into a root made of ``keep`` only.

    The new root is an empty tmpfs into which the system folders, the
    interpreter and the paths in ``keep`` are bound at their own paths, plus
    a few devices, ``/proc`` and small private tmpfs folders (``private``).
    Everything else on the host (the source tree, other checkouts, the
    grader's output, home folders) simply does not exist for the program,
    wherever it lies. ``hide`` is kept for the other modes' callers and is
    implied here.
    """
    _ok(libc().unshare(CLONE_NEWNS | CLONE_NEWNET), "unshare")
    mount("none", "/", None, MS_REC | MS_PRIVATE)
    wanted = [os.path.realpath(p) for p in (*SYSTEM_KEEP, *cfg.get("keep", []))]
    keep = sorted({p for p in wanted if os.path.isdir(p)})
    keep = [p for p in keep if not any(q != p and _under(p, q) for q in keep)]
    # Descriptors opened before any mount, so each kept folder can be bound even
    # when an ancestor of it (say /root or /tmp) is not part of the new root.
    fds = {p: os.open(p, os.O_PATH | os.O_DIRECTORY) for p in keep}
    newroot = "/mnt" if os.path.isdir("/mnt") else "/media"
    mount("tmpfs", newroot, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=1m")
    # Private scratch first: a kept folder below one of them (the sandbox under
    # /tmp, say) is then bound on top of it rather than covered by it.
    for path in cfg.get("private", []):
        os.makedirs(newroot + path, mode=0o755, exist_ok=True)
        mount("tmpfs", newroot + path, "tmpfs", MS_NOSUID | MS_NODEV,
              f"mode=1777,size={cfg.get('tmp_mb', 64)}m")
    for path in keep:
        target = newroot + path
        os.makedirs(target, mode=0o755, exist_ok=True)
        mount(f"/proc/self/fd/{fds[path]}", target, None, MS_BIND | MS_REC)
    for fd in fds.values():
        os.close(fd)
    for path in SYSTEM_KEEP:  # merged-/usr systems: /lib -> usr/lib and so on
        if os.path.islink(path) and not os.path.lexists(newroot + path):
            os.symlink(os.readlink(path), newroot + path)
    os.makedirs(newroot + "/dev", mode=0o755, exist_ok=True)
    for dev in DEVICES:
        if os.path.exists(f"/dev/{dev}"):
            open(f"{newroot}/dev/{dev}", "w").close()
            mount(f"/dev/{dev}", f"{newroot}/dev/{dev}", None, MS_BIND)
    os.makedirs(newroot + "/proc", mode=0o555, exist_ok=True)
    mount("/proc", newroot + "/proc", None, MS_BIND | MS_REC)
    os.chroot(newroot)
    os.chdir("/")
    if cfg.get("loopback"):
        loopback_up()


def loopback_up() -> None:
    """Bring up ``lo`` in the new network namespace (a Jupyter kernel talks over it)."""
    import fcntl
    import socket
    import struct

    siocsifflags, iff_up, iff_loopback, iff_running = 0x8914, 0x1, 0x8, 0x40
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifr = struct.pack("16sH14x", b"lo", iff_up | iff_loopback | iff_running)
        fcntl.ioctl(s.fileno(), siocsifflags, ifr)


def set_limits(limits: dict) -> None:
    names = {"cpu": resource.RLIMIT_CPU, "as": resource.RLIMIT_AS,
             "nproc": resource.RLIMIT_NPROC, "fsize": resource.RLIMIT_FSIZE,
             "core": resource.RLIMIT_CORE, "nofile": resource.RLIMIT_NOFILE}
    for key, value in limits.items():
        if value is None:
            continue
        which = names[key]
        _, hard = resource.getrlimit(which)
        value = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
        resource.setrlimit(which, (value, value))


def drop_privileges(uid: int, gid: int) -> None:
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    _ok(libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    if os.getuid() == 0 or os.geteuid() == 0:
        raise OSError("still root after setuid")


def main() -> None:
    try:
        cfg = json.loads(sys.argv[1])
        if cfg.get("mode") == "namespace":
            enter_namespace(cfg)
        os.chdir(cfg["cwd"])
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail, not kill
        set_limits(cfg.get("limits", {}))
        if cfg.get("uid") is not None:
            drop_privileges(int(cfg["uid"]), int(cfg.get("gid", cfg["uid"])))
        os.execve(cfg["argv"][0], cfg["argv"], cfg["env"])
    except BaseException as exc:  # noqa: BLE001 - report any failure in one line
        sys.stderr.write(f"jail: {type(exc).__name__}: {exc}\n")
        sys.stderr.flush()
        os._exit(111)


if __name__ == "__main__":
    main()
