"""The fetcher against a real HTTP server on 127.0.0.1: install, checksums, resume, no-op,
--from, offline stand-ins, and the one-line errors of its command line."""

import hashlib
import io
import json
import socket
import subprocess
import sys
import tarfile
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from cs231n.data import fetch as F
from cs231n.data import load_CIFAR10, load_coco_data, load_mnist, synth_coco
from cs231n.data import paths as paths_module

REPO = Path(__file__).resolve().parents[2]


class Server:
    """Serves ``files`` (path -> bytes) with Range support; records every request.

    ``cut[path] = n`` makes the first request for ``path`` send its full headers,
    then only n bytes of body, then close the connection.
    """

    def __init__(self):
        self.files, self.cut, self.requests = {}, {}, []
        self.honour_range = True
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                rng = self.headers.get("Range")
                server.requests.append((self.path, rng))
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                start, status = 0, 200
                if rng and server.honour_range:
                    start = int(rng.split("=")[1].split("-")[0])
                    if start >= len(body):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(body)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    status = 206
                part = body[start:]
                self.send_response(status)
                if status == 206:
                    self.send_header("Content-Range",
                                     f"bytes {start}-{len(body) - 1}/{len(body)}")
                self.send_header("Content-Length", str(len(part)))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                n = server.cut.pop(self.path, None)
                if n is not None:
                    self.wfile.write(part[:n])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(part)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)

    def source(self, name, md5="auto", archive=True):
        body = self.files[name]
        if md5 == "auto":
            md5 = hashlib.md5(body).hexdigest()
        return F.Source((F.Remote(self.url + name, md5=md5),), archive=archive)


@pytest.fixture
def server():
    s = Server()
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def cifar_archive(dh, tmp_path, fmt="tar.gz", per_batch=3):
    """A small archive laid out like the official one: cifar-10-batches-py/..."""
    src = tmp_path / "src"
    parts = dh.write_fake_cifar(src / "cifar-10-batches-py", per_batch=per_batch)
    buf = io.BytesIO()
    if fmt == "zip":
        with zipfile.ZipFile(buf, "w") as zf:
            for f in sorted((src / "cifar-10-batches-py").iterdir()):
                zf.write(f, f"cifar-10-batches-py/{f.name}")
    else:
        with tarfile.open(fileobj=buf, mode="w:gz") as tf:
            tf.add(src / "cifar-10-batches-py", arcname="cifar-10-batches-py")
    return buf.getvalue(), parts


def leftovers(root: Path):
    """Temporary or partial things left in the data root."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith("."))


def test_good_download_installs(server, tmp_path, dh):
    body, parts = cifar_archive(dh, tmp_path)
    server.files["/cifar-10-python.tar.gz"] = body
    root, lines = tmp_path / "data", []
    out = F.fetch("cifar10", source=server.source("/cifar-10-python.tar.gz"), data_dir=root,
                  log=lines.append)
    assert "installed the official data" in out[0]
    assert F.installed("cifar10", root) == "real"
    Xtr, Ytr, Xte, Yte = load_CIFAR10(root / "cifar-10-batches-py")
    np.testing.assert_array_equal(Xte, parts["test_batch"][0])
    assert leftovers(root) == []  # no temp folder, no .partial, no archive
    record = json.loads((root / "cifar-10-batches-py" / ".fetched.json").read_text())
    assert record["sha256"]["cifar-10-python.tar.gz"] == hashlib.sha256(body).hexdigest()


def test_wrong_checksum_installs_nothing(server, tmp_path, dh):
    body, _ = cifar_archive(dh, tmp_path)
    server.files["/c.tar.gz"] = body
    root = tmp_path / "data"
    with pytest.raises(F.FetchError, match="md5 check.*nothing was installed"):
        F.fetch("cifar10", source=server.source("/c.tar.gz", md5="0" * 32), data_dir=root,
                log=lambda s: None)
    assert not (root / "cifar-10-batches-py").exists()
    assert leftovers(root) == []  # the bad download is not kept for resuming


def test_cut_download_resumes_with_range(server, tmp_path, dh):
    body, parts = cifar_archive(dh, tmp_path)
    server.files["/c.tar.gz"] = body
    server.cut["/c.tar.gz"] = len(body) // 3
    root, lines = tmp_path / "data", []
    F.fetch("cifar10", source=server.source("/c.tar.gz"), data_dir=root, log=lines.append)
    assert server.requests == [("/c.tar.gz", None), ("/c.tar.gz", f"bytes={len(body) // 3}-")]
    assert any("resuming" in line for line in lines)
    np.testing.assert_array_equal(load_CIFAR10(root / "cifar-10-batches-py")[1],
                                  np.concatenate([parts[f"data_batch_{i}"][1]
                                                  for i in range(1, 6)]))


def test_interrupted_run_resumes_from_partial_file(server, tmp_path, dh):
    body, _ = cifar_archive(dh, tmp_path)
    server.files["/c.tar.gz"] = body
    root = tmp_path / "data"
    (root / ".partial").mkdir(parents=True)
    (root / ".partial" / "c.tar.gz.partial").write_bytes(body[:1000])
    F.fetch("cifar10", source=server.source("/c.tar.gz"), data_dir=root, log=lambda s: None)
    assert server.requests == [("/c.tar.gz", "bytes=1000-")]
    assert F.installed("cifar10", root) == "real"


def test_verified_download_of_an_earlier_run_is_reused(server, tmp_path, dh):
    body, _ = cifar_archive(dh, tmp_path)
    server.files["/c.tar.gz"] = body
    src = server.source("/c.tar.gz")
    root = tmp_path / "data"
    (root / ".partial").mkdir(parents=True)
    (root / ".partial" / "c.tar.gz").write_bytes(body)
    F.fetch("cifar10", source=src, data_dir=root, log=lambda s: None)
    assert server.requests == [] and F.installed("cifar10", root) == "real"
    assert leftovers(root) == []


def test_server_ignoring_range_restarts_cleanly(server, tmp_path, dh):
    body, _ = cifar_archive(dh, tmp_path)
    server.files["/c.tar.gz"] = body
    server.honour_range = False
    root = tmp_path / "data"
    (root / ".partial").mkdir(parents=True)
    (root / ".partial" / "c.tar.gz.partial").write_bytes(b"garbage" * 100)
    F.fetch("cifar10", source=server.source("/c.tar.gz"), data_dir=root, log=lambda s: None)
    assert F.installed("cifar10", root) == "real"


def test_second_fetch_is_a_noop_and_force_reinstalls(server, tmp_path, dh):
    body, _ = cifar_archive(dh, tmp_path, fmt="zip")
    server.files["/c.zip"] = body
    root, src = tmp_path / "data", server.source("/c.zip")
    F.fetch("cifar10", source=src, data_dir=root, log=lambda s: None)
    before = (root / "cifar-10-batches-py" / "data_batch_1").stat().st_mtime_ns
    out = F.fetch("cifar10", source=src, data_dir=root, log=lambda s: None)
    assert "already installed" in out[0] and "nothing to do" in out[0]
    assert len(server.requests) == 1
    F.fetch("cifar10", source=src, data_dir=root, force=True, log=lambda s: None)
    assert len(server.requests) == 2 and F.installed("cifar10", root) == "real"
    assert (root / "cifar-10-batches-py" / "data_batch_1").stat().st_mtime_ns >= before
    assert leftovers(root) == []


def test_http_error_is_one_line(server, tmp_path):
    src = F.Source((F.Remote(server.url + "/missing.tar.gz"),))
    with pytest.raises(F.FetchError, match="HTTP 404") as err:
        F.fetch("cifar10", source=src, data_dir=tmp_path / "data", log=lambda s: None)
    assert not isinstance(err.value, F.NetworkError) and "\n" not in str(err.value)


def test_mnist_files_download(server, tmp_path, dh):
    parts = dh.write_fake_mnist(tmp_path / "m")
    remotes = []
    for f in sorted((tmp_path / "m").iterdir()):
        server.files["/mnist/" + f.name] = f.read_bytes()
        remotes.append(F.Remote(server.url + "/mnist/" + f.name,
                                md5=hashlib.md5(f.read_bytes()).hexdigest()))
    root = tmp_path / "data"
    F.fetch("mnist", source=F.Source(tuple(remotes), archive=False), data_dir=root,
            log=lambda s: None)
    X, y = load_mnist(root / "mnist", "test")
    np.testing.assert_array_equal(y, parts["test"][1])
    assert F.installed("mnist", root) == "real"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_host_one_line_without_fallback(tmp_path):
    port = free_port()
    src = F.Source((F.Remote(f"http://127.0.0.1:{port}/c.tar.gz"),))
    with pytest.raises(F.NetworkError) as err:
        F.fetch("cifar10", source=src, data_dir=tmp_path / "data", fallback=False,
                log=lambda s: None)
    msg = str(err.value)
    assert msg.startswith(f"could not reach 127.0.0.1:{port}: ")
    assert msg.endswith("offline? use --offline or --from PATH") and "\n" not in msg


def test_unreachable_host_falls_back_to_fashion_mnist(tmp_path, monkeypatch, capsys, dh):
    dh.write_fake_mnist(tmp_path / "fashion")
    monkeypatch.setattr(F, "FASHION_MNIST_DIR", tmp_path / "fashion")
    monkeypatch.setattr(paths_module, "_noticed", set())
    src = F.Source((F.Remote(f"http://127.0.0.1:{free_port()}/x.gz"),), archive=False)
    root, lines = tmp_path / "data", []
    F.fetch("mnist", source=src, data_dir=root, log=lines.append)
    assert lines[0].startswith("Notice: could not reach 127.0.0.1")
    assert F.installed("mnist", root) == "standin"
    assert "Fashion-MNIST" in (root / "mnist" / "STANDIN").read_text()
    capsys.readouterr()
    X, _ = load_mnist(root / "mnist")
    assert X.shape == (12, 28, 28)
    assert "Notice" in capsys.readouterr().out
    out = F.fetch("mnist", source=src, data_dir=root, log=lambda s: None)
    assert "keeping the offline stand-in" in out[0]


def test_real_data_is_never_traded_for_a_standin(server, tmp_path, dh):
    body, _ = cifar_archive(dh, tmp_path)
    server.files["/c.tar.gz"] = body
    root = tmp_path / "data"
    F.fetch("cifar10", source=server.source("/c.tar.gz"), data_dir=root, log=lambda s: None)
    dead = F.Source((F.Remote(f"http://127.0.0.1:{free_port()}/c.tar.gz"),))
    with pytest.raises(F.NetworkError):
        F.fetch("cifar10", source=dead, data_dir=root, force=True, log=lambda s: None)
    assert F.installed("cifar10", root) == "real"


def test_from_archive_and_folder(tmp_path, dh):
    body, parts = cifar_archive(dh, tmp_path)
    archive = tmp_path / "downloads" / "my-cifar.tar.gz"
    archive.parent.mkdir()
    archive.write_bytes(body)
    root = tmp_path / "data"
    out = F.fetch("cifar10", from_path=archive, data_dir=root, log=lambda s: None)
    assert "installed from" in out[0] and F.installed("cifar10", root) == "real"
    dh.write_fake_mnist(tmp_path / "folder" / "nested", n_train=4, n_test=2, gz=False)
    F.fetch("mnist", from_path=tmp_path / "folder", data_dir=root, log=lambda s: None)
    assert load_mnist(root / "mnist", "test")[0].shape == (2, 28, 28)
    official = tmp_path / "cifar-10-python.tar.gz"  # the official name: its md5 must match
    official.write_bytes(body)
    with pytest.raises(F.FetchError, match="md5"):
        F.fetch("cifar10", from_path=official, data_dir=tmp_path / "other", log=lambda s: None)
    with pytest.raises(F.FetchError, match="no complete mnist"):
        F.fetch("mnist", from_path=tmp_path / "downloads", data_dir=root, force=True,
                log=lambda s: None)
    assert leftovers(root) == []


def test_archive_escaping_its_folder_is_refused(tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../outside.txt", "x")
    with pytest.raises(F.FetchError, match="outside"):
        F.fetch("cifar10", from_path=evil, data_dir=tmp_path / "data", log=lambda s: None)
    assert not (tmp_path / "outside.txt").exists()


def test_offline_coco_standin_and_noop(tmp_path, monkeypatch):
    monkeypatch.setattr(synth_coco, "DEFAULTS", dict(synth_coco.DEFAULTS, num_train=30,
                                                     num_val=10))
    root = tmp_path / "data"
    out = F.fetch("coco", offline=True, data_dir=root, log=lambda s: None)
    assert "offline stand-in" in out[0] and F.installed("coco", root) == "standin"
    data = load_coco_data(root / "coco_captioning")
    assert data["train_features"].shape == (30, 512)
    again = F.fetch("coco", offline=True, data_dir=root, log=lambda s: None)
    assert "already installed" in again[0]
    assert leftovers(root) == []


def test_offline_cifar10_runs_the_shared_builder(tmp_path, monkeypatch):
    script = tmp_path / "build_cifar10.py"
    script.write_text(
        "import sys, pickle, pathlib\n"
        "import numpy as np\n"
        "d = pathlib.Path(sys.argv[1]) / 'cifar-10-batches-py'\n"
        "d.mkdir(parents=True)\n"
        "for n in [f'data_batch_{i}' for i in range(1, 6)] + ['test_batch']:\n"
        "    b = {'data': np.zeros((2, 3072), np.uint8), 'labels': [0, 1]}\n"
        "    pickle.dump(b, open(d / n, 'wb'))\n"
        "pickle.dump({'label_names': []}, open(d / 'batches.meta', 'wb'))\n")
    monkeypatch.setattr(F, "BUILD_CIFAR10", script)
    root = tmp_path / "data"
    F.fetch("cifar10", offline=True, data_dir=root, log=lambda s: None)
    assert F.installed("cifar10", root) == "standin"
    assert load_CIFAR10(root / "cifar-10-batches-py")[0].shape == (10, 32, 32, 3)
    monkeypatch.setattr(F, "BUILD_CIFAR10", tmp_path / "absent.py")
    with pytest.raises(F.FetchError, match="no offline stand-in for cifar10"):
        F.fetch("cifar10", offline=True, force=True, data_dir=root, log=lambda s: None)
    assert F.installed("cifar10", root) == "standin"  # a failed rebuild leaves it be


def test_all_reports_every_failure(tmp_path, monkeypatch):
    monkeypatch.setattr(F, "BUILD_CIFAR10", tmp_path / "absent.py")
    monkeypatch.setattr(F, "FASHION_MNIST_DIR", tmp_path / "absent")
    monkeypatch.setattr(F, "STANDINS", dict(F.STANDINS, coco=lambda work, log: (_ for _ in ())
                                            .throw(F.FetchError("coco stand-in failed"))))
    with pytest.raises(F.FetchError, match="3 of 3 datasets failed") as err:
        F.fetch("all", offline=True, data_dir=tmp_path / "data", log=lambda s: None)
    assert "\n" not in str(err.value)
    with pytest.raises(F.FetchError, match="unknown dataset"):
        F.fetch("imagenet", data_dir=tmp_path / "data")


def run_cli(*args):
    return subprocess.run([sys.executable, str(REPO / "datasets" / "fetch.py"), *args],
                          capture_output=True, text=True, timeout=120)


def test_cli_errors_are_one_line_with_exit_1(tmp_path):
    for args in (["mnist", "--from", str(tmp_path / "nope"), "--data-dir", str(tmp_path)],
                 ["imagenet"]):
        proc = run_cli(*args)
        assert proc.returncode == 1
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert proc.stderr.startswith("fetch: ") and "Traceback" not in proc.stderr


@pytest.mark.skipif(not F.FASHION_MNIST_DIR.is_dir(), reason="dataset-fashion-mnist missing")
def test_cli_offline_mnist(tmp_path):
    proc = run_cli("mnist", "--offline", "--data-dir", str(tmp_path / "d"))
    assert proc.returncode == 0, proc.stderr
    assert "offline stand-in" in proc.stdout
    assert (tmp_path / "d" / "mnist" / "STANDIN").is_file()
    proc = run_cli("mnist", "--offline", "--data-dir", str(tmp_path / "d"))
    assert "nothing to do" in proc.stdout
