"""Getting model files: `models get` from a server on 127.0.0.1 laid out as the official one
(../shared/data/models), `models add` from files the user has, and what a scan does when they
are missing. Nothing here reaches beyond this machine."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from functools import partial

import pytest
from click.testing import CliRunner

from albumfaces.cli import main
from albumfaces.recognition.catalogue import REIDENTIFICATION_0095
from albumfaces.recognition.files import MODELS_ENV, problems
from albumfaces.recognition.install import MIRROR_ENV
from albumfaces.recognition.profiles import INTEL
from tests.conftest import DATA, SAMPLE

SERVED = DATA / "models" / "intel"  # the official layout below models_bin/1/


class _Files(http.server.SimpleHTTPRequestHandler):
    """Serves the model files; ``mode`` "corrupt" flips a byte of every .bin, "drop" closes
    the connection halfway through every .bin."""

    mode = "whole"
    requests: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).requests.append(self.path)
        if self.mode == "whole" or not self.path.endswith(".bin"):
            return super().do_GET()
        data = bytearray((SERVED / self.path.lstrip("/")).read_bytes())
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.mode == "corrupt":
            data[len(data) // 2] ^= 0xFF
            self.wfile.write(bytes(data))
        else:  # drop: half the promised bytes, then the connection closes
            self.wfile.write(bytes(data[: len(data) // 2]))
            self.close_connection = True


@pytest.fixture
def server(data):
    handler = type("Handler", (_Files,), {"mode": "whole", "requests": []})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(SERVED))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def empty_models(tmp_path, monkeypatch):
    folder = tmp_path / "models"
    monkeypatch.setenv(MODELS_ENV, str(folder))
    return folder


def run(*args, expect=0):
    result = CliRunner().invoke(main, list(map(str, args)))
    assert result.exit_code == expect, result.output
    return result


def installed_files(folder):
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_models_lists_both_models_with_licence_size_and_state(empty_models):
    rows = json.loads(run("models", "--json").stdout)
    assert [r["name"] for r in rows] == ["intel", "dlib"]
    intel, dlib = rows
    assert intel["default"] and not intel["installed"] and intel["licence"].startswith("Apache")
    assert intel["size_bytes"] == sum(f.size for f in INTEL.files) and intel["dimensions"] == 256
    assert dlib["installed"] and dlib["dimensions"] == 128
    text = run("models").stdout
    assert "intel (default): not installed, 4.3 MB" in text and "dlib: installed" in text


def test_get_downloads_checks_and_installs_every_file(server, empty_models, monkeypatch):
    handler, address = server
    monkeypatch.setenv(MIRROR_ENV, address)
    result = run("models", "get")
    assert "Installed 6 file(s) of face model intel" in result.stdout
    assert installed_files(empty_models) == sorted(f.name for f in INTEL.files)
    assert problems(INTEL.files, empty_models) == []  # whole: sizes and SHA-384 as released
    assert not list(empty_models.rglob("*.part"))
    assert json.loads(run("models", "--json").stdout)[0]["installed"]
    handler.requests.clear()
    assert "installed already" in run("models", "get", "intel").stdout
    assert handler.requests == []  # whole files are not fetched again


@pytest.mark.parametrize(
    "mode, reason",
    [("corrupt", "is not the official file (its SHA-384 differs)"), ("drop", "ended at")],
)
def test_a_bad_or_cut_download_installs_nothing(server, empty_models, monkeypatch, mode, reason):
    handler, address = server
    handler.mode = mode
    monkeypatch.setenv(MIRROR_ENV, address)
    result = run("models", "get", expect=1)
    assert reason in result.stderr and "nothing installed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert installed_files(empty_models) == []  # not even the files that came whole


def test_a_scan_of_a_new_library_fetches_the_default_model_first(
    server, empty_models, monkeypatch, tmp_path
):
    _, address = server
    monkeypatch.setenv(MIRROR_ENV, address)
    photos = tmp_path / "photos"
    photos.mkdir()
    shutil.copy2(SAMPLE / "2019/Campaign/obama.jpg", photos)
    result = run("--db", tmp_path / "faces.db", "scan", photos, "--workers", 1)
    assert "getting face model intel's files (4.3 MB, Apache-2.0" in result.stderr
    assert "Found 1 face." in result.stdout
    assert problems(INTEL.files, empty_models) == []


def test_without_a_network_a_scan_stops_with_one_line_and_stores_nothing(
    empty_models, monkeypatch, tmp_path
):
    monkeypatch.setenv(MIRROR_ENV, "http://127.0.0.1:9")  # the discard port: refused
    photos = tmp_path / "photos"
    photos.mkdir()
    shutil.copy2(SAMPLE / "2019/Campaign/obama.jpg", photos)
    db = tmp_path / "faces.db"
    result = run("--db", db, "scan", photos, expect=1)
    notice, error = result.stderr.strip().splitlines()
    assert notice.startswith("albumfaces: getting face model intel's files")
    assert "landmarks-regression-retail-0009.xml is missing and could not be downloaded" in error
    assert "albumfaces models get intel" in error and "--face-model dlib" in error
    status = json.loads(run("--db", db, "status", "--json").stdout)
    assert status["photos"] == 0 and status["failures"] == 0


def test_add_installs_files_the_user_has_and_refuses_a_damaged_one(empty_models, tmp_path):
    damaged = tmp_path / "damaged"
    shutil.copytree(SERVED, damaged)
    weights = next(damaged.rglob("face-reidentification-retail-0095.bin"))
    blob = bytearray(weights.read_bytes())
    blob[100] ^= 0xFF
    weights.write_bytes(bytes(blob))
    result = run("models", "add", damaged, expect=1)
    assert "is not face-reidentification-retail-0095.bin as released: damaged" in result.stderr
    assert "nothing installed" in result.stderr and installed_files(empty_models) == []

    truncated = tmp_path / REIDENTIFICATION_0095[1].name
    truncated.write_bytes(bytes(blob[:1000]))
    result = run("models", "add", truncated, expect=1)
    assert "truncated (1,000 of 2,213,628 bytes)" in result.stderr

    result = run("models", "add", SERVED)  # the folder as the official release lays it out
    assert "Installed 6 file(s)" in result.stdout
    assert problems(INTEL.files, empty_models) == []


def test_a_damaged_installed_file_stops_a_scan_with_one_line(empty_models, tmp_path):
    run("models", "add", SERVED)
    weights = empty_models / REIDENTIFICATION_0095[1].path
    weights.write_bytes(weights.read_bytes()[:5000])
    photos = tmp_path / "photos"
    photos.mkdir()
    shutil.copy2(SAMPLE / "2019/Campaign/obama.jpg", photos)
    db = tmp_path / "faces.db"
    monkey_offline = {MIRROR_ENV: "http://127.0.0.1:9"}
    result = CliRunner(env=monkey_offline).invoke(main, ["--db", str(db), "scan", str(photos)])
    assert result.exit_code == 1
    _, error = result.stderr.strip().splitlines()  # the notice, then why it stopped
    assert f"{weights} is truncated (5,000 of 2,213,628 bytes)" in error
    assert "could not be downloaded" in error and "albumfaces models add PATH" in error
    status = json.loads(run("--db", db, "status", "--json").stdout)
    assert status["failures"] == 0  # no photo is blamed for a model file


def test_two_gets_at_once_leave_one_whole_copy(server, empty_models, monkeypatch):
    from albumfaces.recognition.install import get_model

    _, address = server
    monkeypatch.setenv(MIRROR_ENV, address)
    results, errors = [], []

    def get():
        try:
            results.append(get_model(INTEL))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=get) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(len(r.installed) for r in results) == [0, 6]  # the second waited, then saw
    assert problems(INTEL.files, empty_models) == []
