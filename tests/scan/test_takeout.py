"""Google Takeout's JSON beside each photo: found as Takeout names it, its date used when the
photo has no EXIF date, and a photo of one face and one name names that face (journaled,
undoable, never over the user); `--no-import-names` leaves the names. Fake pipeline."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.people import name_person, undo
from albumfaces.scan import scan_library
from albumfaces.store import Store
from albumfaces.takeout import TakeoutError, read_takeout, takeout_json
from albumfaces.takeout.find import json_names
from tests.fakes import BLUE, RED, FakePipeline, make_photo

TAKEN = dt.datetime(2014, 7, 5, 16, 30)


def takeout(path, *names, taken=TAKEN, json_name=None) -> None:
    data = {
        "title": path.name,
        "people": [{"name": n} for n in names],
        "photoTakenTime": {"timestamp": str(int(taken.timestamp())), "formatted": "…"},
    }
    target = path.with_name(json_name or f"{path.name}.supplemental-metadata.json")
    target.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    "photo, written",
    [
        ("IMG_1234.JPG", "IMG_1234.JPG.json"),
        ("IMG_1234.JPG", "IMG_1234.JPG.supplemental-metadata.json"),
        ("IMG_1234(1).JPG", "IMG_1234.JPG(1).json"),
        ("IMG_1234(1).JPG", "IMG_1234.JPG.supplemental-metadata(1).json"),
        ("IMG_1234-edited.JPG", "IMG_1234.JPG.json"),
        ("PXL_20230101_123456789.MP.jpg", "PXL_20230101_123456789.MP.jpg.supplemental-met.json"),
        (
            "Screenshot_2023-05-05-12-34-56-789_com.example.jpg",
            "Screenshot_2023-05-05-12-34-56-789_com.example.json",
        ),
    ],
)
def test_the_json_is_found_as_takeout_names_it(tmp_path, photo, written):
    (tmp_path / photo).write_bytes(b"")
    (tmp_path / written).write_text("{}")
    assert written in json_names(photo)
    assert takeout_json(tmp_path / photo) == tmp_path / written


def test_reading_names_and_date(tmp_path):
    photo = tmp_path / "a.jpg"
    takeout(photo, "Anna Kim", " 김민지 ", "", "Anna Kim", json_name="a.jpg.json")
    info = read_takeout(tmp_path / "a.jpg.json")
    assert info.names == ("Anna Kim", "김민지")  # one rule for names; empty and repeats out
    assert info.taken_at == TAKEN.isoformat()
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(TakeoutError, match="not JSON"):
        read_takeout(tmp_path / "bad.json")


def scan(store, root, **options):
    settings = ScanSettings(face_model="dlib")
    opts = ScanOptions(settings, workers=1, **options)
    return scan_library(store, [str(root)], opts, make_pipeline=FakePipeline)


@pytest.fixture
def export_folder(tmp_path):
    root = tmp_path / "Takeout" / "Google Photos" / "Photos from 2014"
    alone = make_photo(root / "IMG_0001.JPG", [(RED, 10, 10, 40)])
    takeout(alone, "Anna")
    group = make_photo(root / "IMG_0002.JPG", [(RED, 10, 10, 40), (BLUE, 120, 10, 40)])
    takeout(group, "Anna", "Ben")
    plain = make_photo(root / "IMG_0003.JPG", [(BLUE, 30, 30, 40)])  # no JSON
    os.utime(plain, (dt.datetime(2020, 1, 2).timestamp(),) * 2)
    broken = make_photo(root / "IMG_0004.JPG", [(BLUE, 50, 50, 40)])
    broken.with_name("IMG_0004.JPG.json").write_text("[1, 2")
    return tmp_path / "Takeout"


def test_a_scan_takes_dates_and_the_name_of_a_one_face_photo(tmp_path, export_folder):
    with Store.open(tmp_path / "faces.db") as store:
        report = scan(store, export_folder)
        assert (report.takeout_photos, report.takeout_named) == (2, 1)
        (warning,) = report.warnings
        assert warning.path.endswith("IMG_0004.JPG") and "Takeout JSON not read" in warning.reason
        faces = {os.path.basename(f.path): f for f in store.iter_faces()}
        assert faces["IMG_0001.JPG"].person == "Anna" and faces["IMG_0001.JPG"].source == "user"
        assert faces["IMG_0001.JPG"].taken_at == TAKEN.isoformat()  # no EXIF date: Takeout's
        assert faces["IMG_0003.JPG"].taken_at.startswith("2020-01-02")  # the file's time
        group = [f for f in store.iter_faces() if f.path.endswith("IMG_0002.JPG")]
        assert all(f.person_id is None for f in group)  # two faces, two names: which is who?
        kept = store.db.execute("SELECT name FROM photo_names ORDER BY name").fetchall()
        assert [n for (n,) in kept] == ["Anna", "Anna", "Ben"]  # kept for naming people
        (entry,) = [e for e in store.journal_entries(5) if "Takeout" in e.summary]
        assert entry.summary.endswith("IMG_0001.JPG from its Google Takeout JSON: Anna")
        undo(store)
        assert store.get_face(faces["IMG_0001.JPG"].id).person_id is None


def test_a_name_from_takeout_never_overrides_the_user(tmp_path, export_folder):
    with Store.open(tmp_path / "faces.db") as store:
        scan(store, export_folder)
        face = next(f for f in store.iter_faces() if f.path.endswith("IMG_0001.JPG"))
        name_person(store, face.person_id, "Anna Kim")  # the user knows better
        report = scan_library(
            store,
            [str(export_folder)],
            ScanOptions(ScanSettings(face_model="dlib", upsample=2), workers=1),
            make_pipeline=FakePipeline,
        )  # every face detected again
        assert report.rescanned == 4
        again = next(f for f in store.iter_faces() if f.path.endswith("IMG_0001.JPG"))
        assert again.person == "Anna Kim"


def test_no_import_names(tmp_path, export_folder):
    with Store.open(tmp_path / "faces.db") as store:
        report = scan(store, export_folder, import_names=False)
        assert report.takeout_named == 0
        face = next(f for f in store.iter_faces() if f.path.endswith("IMG_0001.JPG"))
        assert face.person_id is None and face.taken_at == TAKEN.isoformat()


def test_names_of_group_photos_name_the_people_after_clustering(tmp_path):
    """Anna alone once (named at scan), with Ben in three photos: Ben's name goes to the blue
    person, the one in all the photos that carry it who is not Anna; one journal entry,
    undoable; the CLI's summary says it."""
    from click.testing import CliRunner

    from albumfaces.cli import main
    from albumfaces.people import recluster

    root = tmp_path / "Takeout"
    takeout(make_photo(root / "alone.jpg", [(RED, 10, 10, 40)]), "Anna")
    for n in range(3):
        photo = make_photo(root / f"g{n}.jpg", [(RED, 10 + n, 10, 40), (BLUE, 120, 10 + n, 40)])
        takeout(photo, "Anna", "Ben")
    with Store.open(tmp_path / "faces.db") as store:
        scan(store, root)
        report = recluster(store)
        assert report.names_imported == 1 and report.names_unclear == []
        people = {p.name: p for p in store.list_people() if p.named}
        assert set(people) == {"Anna", "Ben"} and people["Ben"].faces == 3
        assert people["Anna"].faces == 4
        (entry, *_) = store.journal_entries(1)
        assert entry.summary == "named 1 person from Google Takeout: Ben"
        undo(store)
        assert "Ben" not in {p.name for p in store.list_people() if p.named}
    said = CliRunner().invoke(main, ["--db", str(tmp_path / "faces.db"), "cluster"]).output
    assert "Google Takeout's names named 1 person." in said


def test_a_photos_names_say_who_is_not_in_it(tmp_path):
    """Google names Cleo alone in a photo where a face looks like Anna's: the machine does
    not give that face to Anna, nor asks "Is this Anna?" of it; without the names it would."""
    from albumfaces.people import recluster
    from albumfaces.people.suggest import LiveSuggestions
    from tests.fakes import GREEN

    root = tmp_path / "Takeout"
    for n in range(2):
        takeout(make_photo(root / f"anna{n}.jpg", [(RED, 10 + n, 10, 40)]), "Anna")
    party = make_photo(root / "party.jpg", [(RED, 12, 12, 40), (GREEN, 120, 10, 40)])
    takeout(party, "Cleo")
    with Store.open(tmp_path / "faces.db") as store:
        scan(store, root)
        recluster(store)
        red = next(
            f for f in store.iter_faces() if f.path.endswith("party.jpg") and f.box.left < 60
        )
        assert red.person != "Anna"
        asked = {(s.face_id, s.person_id) for s in LiveSuggestions().is_this(store)}
        anna = next(p.id for p in store.list_people() if p.name == "Anna")
        assert (red.id, anna) not in asked
        store.db.execute("DELETE FROM photo_names")  # as if Google had named no one there
        recluster(store, full=True)
        assert store.get_face(red.id).person == "Anna"
