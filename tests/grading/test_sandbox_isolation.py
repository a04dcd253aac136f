"""What code inside the jail can see and do: uid, limits, hidden paths, network."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile

import pytest

from grading import sandbox

PROBE = r"""
import json, os, resource, socket
facts = {"uid": os.getuid(), "cwd": os.getcwd()}
facts["as"] = resource.getrlimit(resource.RLIMIT_AS)[0]
facts["nproc"] = resource.getrlimit(resource.RLIMIT_NPROC)[0]
facts["fsize"] = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
facts["cpu"] = resource.getrlimit(resource.RLIMIT_CPU)[0]
for name, path in (("source", SOURCE), ("secret", SECRET)):
    try:
        facts[name] = sorted(os.listdir(path))
    except OSError as e:
        facts[name] = type(e).__name__
try:
    s = socket.create_connection(("127.0.0.1", PORT), timeout=1)
    facts["net"] = "connected"
except OSError as e:
    facts["net"] = type(e).__name__
try:
    os.setuid(0)
    facts["root_again"] = True
except OSError:
    facts["root_again"] = False
print(json.dumps(facts))
"""


@pytest.mark.skipif(os.geteuid() != 0 or sandbox.isolation_mode() == "basic",
                    reason="uid and namespace isolation need root and a usable interpreter")
def test_jail_drops_root_hides_paths_and_cuts_network(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    secret = tempfile.mkdtemp(prefix="cs231n-secret-")
    open(os.path.join(secret, "refs.npz"), "w").close()
    box = tmp_path / "box"
    box.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chmod(box, 0o777)
    code = (PROBE.replace("SOURCE", repr(str(sandbox.SOURCE_ROOT)))
            .replace("SECRET", repr(secret)).replace("PORT", str(listener.getsockname()[1])))
    mode = sandbox.isolation_mode()
    cfg = {"mode": mode, "cwd": str(box), "uid": sandbox.UID_BASE + sandbox.UID_SLOTS - 1,
           "env": {"PATH": "/usr/bin:/bin"}, "hide": [str(sandbox.SOURCE_ROOT), secret],
           "keep": sandbox._keep_paths() + [str(box)], "private": ["/tmp"],
           "limits": {"as": 2**30, "nproc": 16, "fsize": 2**20, "cpu": 10},
           "argv": [sys.executable, "-I", "-c", code]}
    try:
        res = subprocess.run([sys.executable, "-I", "-S", str(sandbox.GRADING / "jail.py"),
                              json.dumps(cfg)], capture_output=True, text=True, timeout=60)
    finally:
        listener.close()
        shutil.rmtree(secret, ignore_errors=True)
    assert res.returncode == 0, res.stderr
    facts = json.loads(res.stdout)
    assert facts["uid"] != 0 and facts["root_again"] is False
    assert (facts["as"], facts["nproc"], facts["fsize"], facts["cpu"]) == (2**30, 16, 2**20, 10)
    if mode == "namespace":
        # the source tree and the secret are not part of the jail's root at all
        assert facts["source"] == "FileNotFoundError"
        assert facts["secret"] == "FileNotFoundError"
        assert facts["net"] != "connected"
    else:
        assert facts["secret"] == "PermissionError"


def test_isolation_mode_is_known():
    assert sandbox.isolation_mode() in ("namespace", "uid", "basic")
