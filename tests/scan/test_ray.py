"""`scan --ray`: faces found by the workers of a local Ray instance (2 CPUs here) are stored
exactly as a local scan stores them, and a worker killed mid-scan is survived."""

import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, run

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'albumfaces[ray]'")

# What a scan stores, without the times it was stored at.
CONTENT = {
    "photos": "hash, width, height, format, settings_key, taken_at, media, duration",
    "faces": 'photo_hash, idx, top, "right", bottom, "left", landmarks, encoding, score, time, '
    "region_name, imported",
    "files": "path, size, mtime_ns, kind, photo_hash, error",
}


def stored(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {
            table: sorted(conn.execute(f"SELECT {columns} FROM {table}"))
            for table, columns in CONTENT.items()
        }


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance for the module's tests (`--ray auto` starts it), then gone."""
    yield
    ray.shutdown()


def test_a_ray_scan_stores_what_a_local_scan_stores(sample_scan, local_ray, tmp_path):
    db = tmp_path / "ray.db"
    result = run(db, "scan", SAMPLE, "--ray", "auto", "--no-import-regions")
    assert result.stdout.startswith("Scanned 43 new files in ")
    assert "could not be read" not in result.stdout
    assert ray.cluster_resources()["CPU"] == os.cpu_count()
    mine, local = stored(db), stored(sample_scan[0])
    assert len(mine["faces"]) == len(local["faces"]) >= 60
    assert mine == local  # same boxes, landmarks, encodings (to the bit), dates and files


def test_a_live_photos_clip_goes_to_the_worker_with_its_photo(local_ray, tmp_path):
    """With --live-clips the clip is sent beside the photo: its faces are those of a local
    scan (Biden, seen only in the clip of a photo of Obama)."""
    from tests.media.phone import live_photo

    campaign = SAMPLE / "2019" / "Campaign"
    folder = tmp_path / "photos"
    live_photo(folder, "IMG_0002", campaign / "obama.jpg", campaign / "biden2.jpg")
    here, there = tmp_path / "here.db", tmp_path / "there.db"
    run(here, "scan", folder, "--live-clips", "--workers", 1)
    said = run(there, "scan", folder, "--live-clips", "--ray", "auto").stdout
    assert "1 clip of them scanned with their photos" in said
    mine, local = stored(there), stored(here)
    assert len(local["faces"]) == 2 and mine == local


def ray_worker_pids() -> list[int]:
    """Processes of our Ray actors (Ray titles them ``ray::ScanWorker``)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            title = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if entry.name.isdigit() and title.startswith(b"ray::ScanWorker"):
            pids.append(int(entry.name))
    return pids


def test_a_worker_killed_mid_scan_is_survived(sample_scan, local_ray, tmp_path):
    from albumfaces.models import ScanOptions
    from albumfaces.scan import scan_library
    from albumfaces.store import Store

    killed = []

    def kill_one_when_busy(done: threading.Event):
        while not done.is_set() and not killed:
            busy = [p for p in ray_worker_pids() if _title(p).startswith(b"ray::ScanWorker.scan")]
            if busy:
                os.kill(busy[0], signal.SIGKILL)
                killed.append(busy[0])
            time.sleep(0.2)

    progress = []
    done = threading.Event()
    killer = None

    def on_progress(stage, count, total):
        nonlocal killer
        progress.append((stage, count))
        if stage == "detecting" and count >= 5 and killer is None:
            killer = threading.Thread(target=kill_one_when_busy, args=(done,))
            killer.start()

    db = tmp_path / "killed.db"
    with Store.open(db) as store:
        report = scan_library(
            store,
            [str(SAMPLE)],
            ScanOptions(import_regions=False, ray_address="auto"),
            progress=on_progress,
        )
    done.set()
    killer.join()
    assert killed, "no worker was busy to kill"
    assert (report.new, report.failed, report.interrupted) == (43, 0, False)
    assert stored(db) == stored(sample_scan[0])


def _title(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_without_ray_the_option_says_how_to_install_it(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_ray(name, *args, **kwargs):
        if name == "ray":
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    result = run(tmp_path / "x.db", "scan", SAMPLE, "--ray", "auto", expect=1)
    assert "pip install 'albumfaces[ray]'" in result.output
    assert len(result.output.strip().splitlines()) == 1
