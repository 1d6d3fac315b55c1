"""A library knows its face model: an old dlib library keeps working, and switching to the
default model encodes every face again while keeping every decision the user made."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from albumfaces.store import Store
from tests.conftest import SAMPLE, run, run_json
from tests.people.conftest import faces_of, person_of
from tests.photos import BIDEN, KIT, OBAMA, ROSE

# Campaign, Summer trip and Phone: 16 photos, 4 people, a group photo; and a photo whose XMP names
# a face (IMG_0002.JPG, "2023/Phone")
FOLDERS = ["2019/Campaign", "2019/Summer trip", "2023/Phone"]


@pytest.fixture(scope="module")
def dlib_library(data, tmp_path_factory):
    """The folders scanned and clustered with dlib, as a library made before the choice."""
    db = tmp_path_factory.mktemp("dlib") / "faces.db"
    run(db, "scan", *(SAMPLE / f for f in FOLDERS), "--face-model", "dlib", "--cluster")
    return db


@pytest.fixture
def decided(dlib_library, tmp_path):
    """A copy of the dlib library with one decision of every kind."""
    db = tmp_path / "faces.db"
    with sqlite3.connect(dlib_library) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    db.chmod(0o600)
    obama, biden = person_of(db, OBAMA[0]), person_of(db, BIDEN[0])
    kit, rose = person_of(db, KIT[0]), person_of(db, ROSE[0])
    run(db, "name", obama, "Barack Obama")
    run(db, "name", biden, "조 바이든")
    run(db, "name", kit, "Kit")
    run(db, "name", rose, "Rose")
    (moved,) = faces_of(db, KIT[2])
    run(db, "move", moved["id"], "Rose")  # a wrong move, on purpose: it must be kept
    (rejected,) = faces_of(db, OBAMA[2])
    run(db, "reject", rejected["id"])
    (cover,) = faces_of(db, OBAMA[1])
    run(db, "cover", "Barack Obama", cover["id"])
    run(db, "different", "Kit", "Rose")
    return db


def decisions(db):
    """What the user decided, by photo and box: it must read the same after a switch."""
    faces = {f["id"]: f for f in run_json(db, "faces")}
    with Store.open(db) as store:
        covers = {p.name: p.cover_face_id for p in store.list_people() if p.named}
        different = store.different_pairs()
        names = {p.id: p.name for p in store.list_people()}
        rejected = store.db.execute("SELECT face_id, person_id FROM rejections").fetchall()

    def where(face_id):
        face = faces[face_id]
        return (face["path"], tuple(face["box"].values()))

    return {
        "assigned": sorted(
            (where(i), f["person"]) for i, f in faces.items() if f["source"] == "user"
        ),
        "rejected": sorted((where(f), names[p]) for f, p in rejected),
        "covers": {name: where(face) for name, face in covers.items() if face},
        "different": sorted(tuple(sorted((names[a], names[b]))) for a, b in different),
    }


def test_an_old_library_stays_dlib_and_says_so(dlib_library):
    status = run_json(dlib_library, "status")
    assert status["face_model"] == "dlib" and status["photos_by_model"] == {"dlib": 16}
    assert "Model:    dlib" in run(dlib_library, "status").stdout
    again = run_json(dlib_library, "scan", *(SAMPLE / f for f in FOLDERS))
    assert again["face_model"] == "dlib" and again["unchanged"] == 16 and again["rescanned"] == 0


def test_switching_encodes_every_face_again_and_keeps_every_decision(decided):
    before = decisions(decided)
    assert len(before["assigned"]) >= 10 and before["rejected"] and before["different"]
    report = run_json(decided, "scan", *(SAMPLE / f for f in FOLDERS), "--face-model", "intel")
    assert report["switched_from"] == "dlib" and report["face_model"] == "intel"
    assert report["rescanned"] == 16 and report["failed"] == 0
    status = run_json(decided, "status")
    assert status["face_model"] == "intel" and status["photos_by_model"] == {"intel": 16}
    with Store.open(decided) as store:
        ids, encodings, _ = store.load_face_set()
    assert encodings.shape == (len(ids), 256)
    assert np.allclose(np.linalg.norm(encodings, axis=1), 1.0, atol=1e-4)
    assert decisions(decided) == before  # names, moves, rejections, covers, different people
    run(decided, "cluster")
    assert decisions(decided) == before  # and clustering with the new model overrides none
    assert person_of(decided, OBAMA[2]) != person_of(decided, OBAMA[0])  # still rejected
    (moved,) = faces_of(decided, KIT[2])
    assert moved["person"] == "Rose" and moved["source"] == "user"


def test_a_switch_cut_short_compares_only_the_new_models_faces(decided):
    with Store.open(decided) as store:
        with store.transaction():
            store.set_face_model("intel", 256)  # as a switch does before its first photo
        ids, encodings, _ = store.load_face_set()
        assert ids == [] and encodings.shape[0] == 0  # no dlib vector meets an intel one
    status = run_json(decided, "status")
    assert status["photos_by_model"] == {"dlib": 16}
    assert "16 photos still to encode with it: scan again" in run(decided, "status").stdout
    run(decided, "scan", *(SAMPLE / f for f in FOLDERS))  # the next scan finishes the switch
    assert run_json(decided, "status")["photos_by_model"] == {"intel": 16}


def test_identify_uses_the_library_model_and_refuses_another(decided):
    run(decided, "scan", *(SAMPLE / f for f in FOLDERS), "--face-model", "intel")
    result = run(decided, "identify", SAMPLE / OBAMA[2])
    assert "identified with face model intel (tolerance 1.05)" in result.stderr
    result = run(decided, "identify", SAMPLE / OBAMA[2], "--face-model", "dlib", expect=1)
    assert "encoded by face model intel, not dlib" in result.stderr


def test_drawn_faces_and_faces_that_are_none_survive_a_switch(decided):
    """A face the user drew is made again on its box with the new model, still theirs; a
    detection the user said is no face stays hidden."""
    faces = run_json(decided, "faces")
    group = [f for f in faces if f["path"].endswith("2019/Campaign/obama_and_biden.jpg")]
    hidden, redrawn = group[0], group[1]
    run(decided, "face", "not-a-face", hidden["id"], redrawn["id"])
    b = redrawn["box"]
    box = f"{b['top']},{b['right']},{b['bottom']},{b['left']}"
    run(decided, "face", "add", redrawn["path"], "--box", box, "--name", "Drawn")
    run(decided, "scan", *(SAMPLE / f for f in FOLDERS), "--face-model", "intel")
    after = run_json(decided, "faces", "--with-encodings")
    group = [f for f in after if f["path"].endswith("2019/Campaign/obama_and_biden.jpg")]
    (drawn,) = [f for f in group if f["person"] == "Drawn"]
    assert drawn["box"] == b and drawn["source"] == "user" and len(drawn["encoding"]) == 256
    from albumfaces.models import Box

    gone = Box(**hidden["box"])
    assert all(Box(**f["box"]).iou(gone) < 0.5 for f in group)  # still no face
