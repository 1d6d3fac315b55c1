import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from albumfaces.cli import main
from tests.conftest import SMALL_PHOTOS, run, run_json

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(main.commands[command].help or "") > 20


def test_importing_the_package_and_help_do_not_load_heavy_libraries():
    code = (
        "import sys, albumfaces, albumfaces.cli;"
        "from click.testing import CliRunner;"
        "r = CliRunner().invoke(albumfaces.cli.main, ['--help']);"
        "assert r.exit_code == 0 and 'undo' in r.output, r.output;"
        "print(sorted(m for m in ('dlib', 'numpy', 'sklearn', 'PIL', 'openvino', 'uvicorn')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_python_dash_m_runs_the_cli():
    out = subprocess.run(
        [sys.executable, "-m", "albumfaces", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "albumfaces" in out.stdout


def test_database_from_environment_is_private(library, tmp_path, monkeypatch):
    db = tmp_path / "env" / "faces.db"
    monkeypatch.setenv("ALBUMFACES_DB", str(db))
    result = CliRunner().invoke(main, ["scan", str(library), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "Scanned 4 new files in " in result.output and "Found 4 faces." in result.output
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_faces_json_lists_boxes_paths_and_encodings(library, tmp_path):
    db = tmp_path / "faces.db"
    assert run(db, "scan", library, "--json").exit_code == 0
    faces = run_json(db, "faces", "--with-encodings")
    assert len(faces) == sum(SMALL_PHOTOS.values())
    for face in faces:
        assert set(face["box"]) == {"top", "right", "bottom", "left"}
        assert face["path"].startswith(str(library))
        assert face["person_id"] is None and face["person"] is None
        assert len(face["encoding"]) == 256  # the default model's vectors, of unit length
        assert abs(sum(x * x for x in face["encoding"]) - 1) < 1e-3
    assert "encoding" not in run_json(db, "faces")[0]


def test_status_reports_counts_and_database(library, tmp_path):
    db = tmp_path / "faces.db"
    run(db, "scan", library, "--json")
    info = run_json(db, "status")
    assert info["photos"] == 4 and info["files"] == 4 and info["faces"] == 4
    assert info["failures"] == 0 and info["database"] == str(db) and info["size_bytes"] > 0
    assert "Faces:    4" in run(db, "status").output


def test_scan_rejects_bad_options(library, tmp_path):
    result = run(tmp_path / "faces.db", "scan", library, "--model", "yolo", expect=2)
    assert result.exit_code == 2 and "yolo" in result.output


def test_unusable_database_is_a_one_line_error(tmp_path):
    db = tmp_path / "faces.db"
    db.write_text("this is not sqlite " * 100)
    result = run(db, "status", expect=1)
    assert "cannot open database" in result.stderr and len(result.stderr.splitlines()) == 1
