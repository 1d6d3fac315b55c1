"""A scan killed or interrupted part-way leaves a consistent database and resumes."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import SAMPLE, run, run_json


@pytest.fixture
def big_library(data, tmp_path):
    root = tmp_path / "photos"
    shutil.copytree(SAMPLE, root)
    return root


def start_scan(db, library):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "albumfaces",
            "--db",
            str(db),
            "scan",
            str(library),
            "--workers",
            "1",
            "--json",
            "--no-import-regions",  # as the clean scan it is compared with
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # as a terminal's Ctrl-C finds it: a test run started in the background by a shell
        # without job control ignores SIGINT, and the scan would inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for_faces(db, proc, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "scan finished before it could be interrupted"
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    if conn.execute("SELECT count(*) FROM faces").fetchone()[0] > 0:
                        return
            except sqlite3.OperationalError:
                pass
        time.sleep(0.2)
    raise AssertionError("no batch was committed in time")


def check_resumes(db, library, clean_faces):
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM photos").fetchone()[0]
    assert stored > 0
    result = run(db, "scan", library, "--json", "--no-import-regions")
    report = json.loads(result.stdout)
    assert report["unchanged"] >= stored  # the saved part is not scanned again
    faces = run_json(db, "faces")
    assert len(faces) == clean_faces
    dupes = (
        sqlite3.connect(db)
        .execute(
            "SELECT count(*) FROM "
            "(SELECT photo_hash, idx FROM faces GROUP BY 1, 2 HAVING count(*) > 1)"
        )
        .fetchone()[0]
    )
    assert dupes == 0


def test_kill_9_mid_scan_loses_at_most_a_batch(big_library, tmp_path, sample_scan):
    clean_faces = len(run_json(sample_scan[0], "faces"))
    db = tmp_path / "faces.db"
    proc = start_scan(db, big_library)
    wait_for_faces(db, proc)
    proc.kill()
    proc.wait()
    check_resumes(db, big_library, clean_faces)


def test_ctrl_c_saves_what_was_done_and_says_so(big_library, tmp_path, sample_scan):
    clean_faces = len(run_json(sample_scan[0], "faces"))
    db = tmp_path / "faces.db"
    proc = start_scan(db, big_library)
    wait_for_faces(db, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"run the same scan again to resume" in err
    check_resumes(db, big_library, clean_faces)


def test_a_second_scan_on_the_same_database_stops_with_a_message(big_library, tmp_path):
    db = tmp_path / "faces.db"
    proc = start_scan(db, big_library)
    try:
        wait_for_faces(db, proc)
        result = run(db, "scan", big_library, expect=1)
        assert "in use by another albumfaces run" in result.stderr
    finally:
        proc.kill()
        proc.wait()
    assert os.path.exists(db)
