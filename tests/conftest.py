"""Shared fixtures: the real photos in ../shared/data, temporary libraries and databases."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from albumfaces.cli import main
from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.scan import scan_library
from albumfaces.store import Store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SAMPLE = DATA / "sample-album"
# The face model files, read where they are (never copied into the repository); a test of
# downloading them points ALBUMFACES_MODELS elsewhere itself.
os.environ.setdefault("ALBUMFACES_MODELS", str(DATA / "models"))

# The slow families, marked `slow` (`pytest -m "not slow"` leaves them out: the bookkeeping
# on the fake pipeline and the pure cores then run in about a minute). Single slow tests
# elsewhere carry @pytest.mark.slow themselves.
SLOW_FAMILIES = {
    "a real browser": ["web/test_browser.py"],
    "a real server on 127.0.0.1": [
        "web/test_api.py",
        "web/test_command.py",
        "web/test_pages.py",
        "web/test_security.py",
        "web/test_serve.py",
        "web/test_slow_clients.py",
    ],
    "Ray": ["scan/test_ray.py"],
    "interrupted runs": ["scan/test_interrupt.py"],
    "the real face models, end to end": [
        "export/test_video_albums.py",
        "identify/test_identify.py",
        "media/test_formats.py",
        "people/test_flows.py",
        "recognition/test_dlib.py",
        "recognition/test_install.py",
        "recognition/test_intel.py",
        "scan/test_live_e2e.py",
        "scan/test_scan_e2e.py",
        "scan/test_switch_model.py",
        "scan/test_videos.py",
        "xmp/test_import.py",
        "xmp/test_sidecar_orientation.py",
        "xmp/test_write.py",
    ],
}
_SLOW_MODULES = {f for files in SLOW_FAMILIES.values() for f in files}


def pytest_collection_modifyitems(config, items):
    tests = Path(__file__).parent
    for item in items:
        if Path(item.fspath).relative_to(tests).as_posix() in _SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


# Small photos with known faces, cheap to scan: (path in sample-album, faces)
SMALL_PHOTOS = {
    "2019/Campaign/obama.jpg": 1,
    "2019/Campaign/biden.jpg": 1,
    "2020/Home/two_people.jpg": 2,
    "misc/noface_9.jpg": 0,
}


@pytest.fixture(scope="session")
def data() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"test photos not found at {DATA} (CI always has ../shared/data)")
    return DATA


@pytest.fixture
def library(data, tmp_path) -> Path:
    """A small photo library of our own to move, rename and delete files in."""
    root = tmp_path / "photos"
    for rel in SMALL_PHOTOS:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(SAMPLE / rel, target)
    return root


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "faces.db") as s:
        yield s


def scan(store, *roots, workers=1, **settings):
    return scan_library(
        store, [str(r) for r in roots], ScanOptions(ScanSettings(**settings), workers=workers)
    )


def faces_by_path(store) -> dict[str, list]:
    found: dict[str, list] = {}
    for face in store.iter_faces():
        found.setdefault(face.path, []).append(face)
    return found


@pytest.fixture(scope="session")
def sample_scan(data, tmp_path_factory):
    """sample-album scanned once with default settings, through the CLI."""
    db = tmp_path_factory.mktemp("sample") / "faces.db"
    # without the names IMG_0002.JPG carries in its XMP: tests/xmp tests them
    args = ["--db", str(db), "scan", str(SAMPLE), "--json", "--no-import-regions"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return db, json.loads(result.stdout)


@pytest.fixture(scope="session")
def lfw_slice(data, tmp_path_factory) -> Path:
    """An eighth of lfw-dev's identities and a tenth of its strangers, scanned and clustered
    once through the CLI (about 600 faces of 110 people): only read it, or copy it."""
    people_dirs = sorted((DATA / "lfw-dev" / "people").iterdir())[::8]
    strangers = sorted((DATA / "lfw-dev" / "strangers").iterdir())[::10]
    db = tmp_path_factory.mktemp("lfw") / "lfw.db"
    run(db, "scan", *people_dirs, *strangers, "--cluster", "--json")
    return db


def lfw_identity(path: str) -> str:
    """Who an lfw-dev photo shows (its folder), or the photo itself for a stranger."""
    parts = path.split("/")
    return parts[-2] if parts[-3] == "people" else path


def sample_labels() -> list[dict]:
    with open(SAMPLE / "labels.csv", newline="") as f:
        return list(csv.DictReader(f))


def run(db, *args, input=None, expect: int | None = 0):
    """Run the CLI on database ``db`` and check its exit status (``expect``; None: any);
    returns click's Result."""
    result = CliRunner().invoke(main, ["--db", str(db), *map(str, args)], input=input)
    if expect is not None:
        assert result.exit_code == expect, (
            f"albumfaces {' '.join(map(str, args))} exited {result.exit_code}, not {expect}:\n"
            f"{result.output}{result.exception!r}"
        )
    return result


def run_json(db, *args):
    """Run the CLI with ``--json`` added; returns the JSON it printed on stdout."""
    return json.loads(run(db, *args, "--json").stdout)


def clustered_copy(sample_scan, folder: Path) -> Path:
    """A copy of the scanned sample album in ``folder``, clustered."""
    import sqlite3

    db = folder / "copy.db"
    with sqlite3.connect(sample_scan[0]) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    db.chmod(0o600)
    run(db, "cluster")
    return db


@pytest.fixture
def people_db_copy(sample_scan, tmp_path):
    """A copy of the scanned sample album, clustered."""
    return clustered_copy(sample_scan, tmp_path)


def name_obama_and_biden(db: Path) -> None:
    from tests.people.conftest import person_of
    from tests.photos import BIDEN, OBAMA

    run(db, "name", person_of(db, OBAMA[0]), "Barack Obama")
    run(db, "name", person_of(db, BIDEN[0]), "조 바이든")


@pytest.fixture
def named_db(people_db_copy):
    """The clustered sample album with two people named (one in Hangul)."""
    name_obama_and_biden(people_db_copy)
    return people_db_copy


@pytest.fixture
def new_photos(tmp_path):
    """Photos the library has never seen: a mirrored Obama, a stranger, a photo with no face."""
    from PIL import Image, ImageOps

    from tests.photos import OBAMA

    folder = tmp_path / "new"
    folder.mkdir()
    with Image.open(SAMPLE / OBAMA[2]) as im:
        ImageOps.mirror(im).save(folder / "obama-mirrored.jpg", quality=95)
    shutil.copy2(SAMPLE / "2019/Summer trip/rose1.jpg", folder / "stranger.jpg")
    shutil.copy2(SAMPLE / "misc/noface_9.jpg", folder / "nobody.jpg")
    (folder / "notes.txt").write_text("not a photo: passed over in a folder")
    return folder
