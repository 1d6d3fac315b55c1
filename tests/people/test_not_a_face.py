"""`albumfaces face not-a-face`: a detection that is no face leaves its person and every list,
album and sidecar, stays hidden after rescans and clustering, and can be undone. On the fake
pipeline's family (tests/family.py)."""

from __future__ import annotations

import os

from albumfaces.export import export_albums
from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.people import recluster
from albumfaces.scan import scan_library
from albumfaces.store import Store
from tests.conftest import run, run_json
from tests.fakes import FakePipeline
from tests.family import make_family


def face_in(db, photo: str) -> dict:
    return next(f for f in run_json(db, "faces") if os.path.basename(f["path"]) == photo)


def anna_faces(db) -> int:
    return next(p["faces"] for p in run_json(db, "people") if p["name"] == "Anna")


def test_a_face_that_is_none_leaves_everything_and_comes_back_with_undo(tmp_path):
    db, root, _ = make_family(tmp_path)
    before = anna_faces(db)
    face = face_in(db, "anna_alone.png")
    said = run(db, "face", "not-a-face", face["id"]).stdout
    assert said == f"Said face {face['id']} is no face.\n"
    assert all(f["id"] != face["id"] for f in run_json(db, "faces"))
    assert anna_faces(db) == before - 1
    with Store.open(db) as store:
        recluster(store, full=True)
        report = export_albums(store, tmp_path / "albums")
        assert "anna_alone.png" not in {
            os.path.basename(os.path.realpath(tmp_path / "albums" / "Anna" / n))
            for n in os.listdir(tmp_path / "albums" / "Anna")
        }
        assert report.added
    assert all(f["id"] != face["id"] for f in run_json(db, "faces"))
    run(db, "undo", "1")  # the face is back, with Anna
    back = face_in(db, "anna_alone.png")
    assert back["id"] == face["id"] and back["person"] == "Anna"


def test_it_stays_hidden_when_the_photo_is_scanned_again(tmp_path):
    db, root, _ = make_family(tmp_path)
    face = face_in(db, "anna_alone.png")
    run(db, "face", "not-a-face", face["id"])
    with Store.open(db) as store:
        options = ScanOptions(ScanSettings(face_model="dlib", upsample=2), workers=1)
        report = scan_library(store, [str(root)], options, make_pipeline=FakePipeline)
        assert report.rescanned == 8  # every face detected again, boxes a pixel larger
        recluster(store, full=True)
    faces = run_json(db, "faces")
    assert not any(os.path.basename(f["path"]) == "anna_alone.png" for f in faces)
    assert any(os.path.basename(f["path"]) == "anna_and_ben.png" for f in faces)


def test_bad_ids_are_one_line(tmp_path):
    db, _, _ = make_family(tmp_path)
    assert "no face 9999" in run(db, "face", "not-a-face", "9999", expect=1).stderr
