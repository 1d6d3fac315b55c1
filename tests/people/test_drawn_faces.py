"""`albumfaces face add`: a face the detector missed, drawn on its box, the user's, named or
not; it survives rescans (a detection of the same face gives way to it), clustering and undo,
and bad boxes are one line. On the fake pipeline's family (tests/family.py)."""

from __future__ import annotations

import os

from albumfaces.models import Box, ScanOptions, ScanSettings
from albumfaces.people import add_face, mark_not_faces, recluster, redo, undo
from albumfaces.scan import scan_library
from albumfaces.scan.drawn import encode_drawn
from albumfaces.store import Store
from tests.conftest import run
from tests.fakes import FakePipeline
from tests.family import make_family

PIPELINE = FakePipeline(ScanSettings(face_model="dlib"))


def faces_of(store, photo: str):
    return [f for f in store.iter_faces() if os.path.basename(f.path) == photo]


def rescan(store, root):
    options = ScanOptions(ScanSettings(face_model="dlib", upsample=2), workers=1)
    return scan_library(store, [str(root)], options, make_pipeline=FakePipeline)


def test_a_drawn_face_is_the_users_and_survives_rescans_clustering_and_undo(tmp_path):
    db, root, names = make_family(tmp_path)
    with Store.open(db) as store:
        (missed,) = faces_of(store, "anna_alone.png")
        mark_not_faces(store, [missed.id])  # as if the detector had missed it
        assert faces_of(store, "anna_alone.png") == []
        drawn = encode_drawn(PIPELINE, missed.path, missed.box)
        decision = add_face(store, missed.photo_hash, drawn, "anna")
        assert decision.summary.endswith("anna_alone.png as Anna")
        (face,) = faces_of(store, "anna_alone.png")
        assert (face.person_id, face.source, face.box) == (names["Anna"], "user", missed.box)
        assert rescan(store, root).rescanned == 8
        recluster(store, full=True)
        (again,) = faces_of(store, "anna_alone.png")  # made again on its box, still hers
        assert (again.box, again.person, again.source) == (missed.box, "Anna", "user")
        names_in_sidecars = {
            f.name for photo in store.load_photo_files().values() for f in photo.faces
        }
        assert "Anna" in names_in_sidecars


def test_a_detection_of_a_drawn_face_gives_way_to_it(tmp_path):
    db, root, names = make_family(tmp_path)
    with Store.open(db) as store:
        (found,) = faces_of(store, "ben_again.png")
        box = Box(found.box.top, found.box.right + 2, found.box.bottom + 2, found.box.left)
        add_face(store, found.photo_hash, encode_drawn(PIPELINE, found.path, box), "Ben")
        assert len(faces_of(store, "ben_again.png")) == 2  # the detection, and the drawn one
        rescan(store, root)
        (kept,) = faces_of(store, "ben_again.png")  # one face: the user's
        assert kept.box == box and kept.person == "Ben"


def test_undo_takes_a_drawn_face_away_and_redo_makes_it_again(tmp_path):
    db, _, _ = make_family(tmp_path)
    with Store.open(db) as store:
        (face,) = faces_of(store, "cleo_again.png")
        box = Box(face.box.top + 2, face.box.right, face.box.bottom, face.box.left + 2)
        add_face(store, face.photo_hash, encode_drawn(PIPELINE, face.path, box), "Zoe")
        (undone,) = undo(store)
        assert undone.problems == () and len(faces_of(store, "cleo_again.png")) == 1
        assert "Zoe" not in {p.name for p in store.list_people()}
        redo(store)
        assert {f.person for f in faces_of(store, "cleo_again.png")} == {"Cleo", "Zoe"}


def test_bad_boxes_are_one_line(tmp_path):
    db, root, _ = make_family(tmp_path)
    photo = str(root / "anna_alone.png")
    for box, says in (
        ("0,10,10,0", "a face needs 20 pixels a side"),
        ("0,9999,50,0", "outside the photo (240 x 160)"),
        ("10,10,10,10", "is empty"),
        ("1,2,3", "TOP,RIGHT,BOTTOM,LEFT"),
    ):
        result = run(db, "face", "add", photo, "--box", box, expect=None)
        assert result.exit_code in (1, 2) and says in result.stderr, (box, result.stderr)
    elsewhere = run(db, "face", "add", str(tmp_path / "x.jpg"), "--box", "0,40,40,0", expect=1)
    assert "not in the library" in elsewhere.stderr


def test_face_add_with_the_real_model(people_db_copy):
    """The one real path: `face add` on a sample-album photo encodes the box with the
    library's model; the face drawn where a detection was is that person's again."""
    from tests.conftest import run_json

    faces = run_json(people_db_copy, "faces")
    target = next(f for f in faces if f["path"].endswith("two_people.jpg"))
    run(people_db_copy, "face", "not-a-face", target["id"])
    b = target["box"]
    box = f"{b['top']},{b['right']},{b['bottom']},{b['left']}"
    said = run(people_db_copy, "face", "add", target["path"], "--box", box, "--name", "Dan")
    assert said.stdout.startswith("Drew face ") and said.stdout.endswith("as Dan.\n")
    (drawn,) = [
        f for f in run_json(people_db_copy, "faces", "--with-encodings") if f["person"] == "Dan"
    ]
    assert drawn["box"] == b and len(drawn["encoding"]) == 256  # the default model's vector


def zoe_drawn_and_said_no_face(store):
    """Zoe drawn beside Cleo's detected face, then said to be no face: (Cleo's, Zoe's box)."""
    (found,) = faces_of(store, "cleo_again.png")
    box = Box(found.box.top + 2, found.box.right, found.box.bottom, found.box.left + 2)
    add_face(store, found.photo_hash, encode_drawn(PIPELINE, found.path, box), "Zoe")
    (drawn,) = [f for f in faces_of(store, "cleo_again.png") if f.box == box]
    mark_not_faces(store, [drawn.id])
    return found, box


def test_a_drawn_face_said_to_be_no_face_is_not_drawn_again_by_a_rescan(tmp_path):
    db, root, _ = make_family(tmp_path)
    with Store.open(db) as store:
        found, box = zoe_drawn_and_said_no_face(store)
        assert rescan(store, root).rescanned == 8
        (detected,) = faces_of(store, "cleo_again.png")  # the detection only: not redrawn
        assert detected.box.iou(found.box) > 0.9 and detected.box != box
        (undone,) = undo(store)  # the rescan gave the drawn face's id to the detection
        assert [p for p in undone.problems if "draw it once more" in p]
        (kept,) = faces_of(store, "cleo_again.png")
        assert kept.box == detected.box and kept.person == detected.person  # left as it was


def test_undo_of_no_face_on_a_drawn_face_draws_it_again(tmp_path):
    db, _, _ = make_family(tmp_path)
    with Store.open(db) as store:
        found, box = zoe_drawn_and_said_no_face(store)
        assert [f.box for f in faces_of(store, "cleo_again.png")] == [found.box]
        (undone,) = undo(store)
        assert undone.problems == ()
        back = {f.box: f.person for f in faces_of(store, "cleo_again.png")}
        assert back == {found.box: "Cleo", box: "Zoe"}
