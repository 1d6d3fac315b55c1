"""A family on the fake pipeline's pictures (a colour is a person), for the tests of the
photos people share: Anna (red), Ben (blue), Cleo (green) and Dan (grey, a stranger the user
ignores), in photos taken a day apart."""

from __future__ import annotations

import os

from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.people import name_person, recluster, set_ignored
from albumfaces.scan import scan_library
from albumfaces.store import Store
from tests.fakes import BLUE, GREEN, RED, FakePipeline, make_photo

GREY = (120, 120, 120)
DAY = 86_400
FIRST_DAY = 1_600_000_000  # 2020-09-13
PICTURES = {
    "anna_alone.png": [(RED, 10, 10, 40)],
    "anna_and_ben.png": [(RED, 10, 10, 40), (BLUE, 120, 10, 40)],
    "anna_ben_dan.png": [(RED, 10, 10, 40), (BLUE, 120, 10, 40), (GREY, 60, 90, 40)],
    "anna_again.png": [(RED, 20, 30, 44)],
    "ben_again.png": [(BLUE, 30, 20, 44)],
    "cleo_again.png": [(GREEN, 30, 20, 44)],
    "dan_again.png": [(GREY, 30, 20, 44)],
    "both_and_cleo.png": [(RED, 10, 10, 40), (BLUE, 120, 10, 40), (GREEN, 60, 90, 40)],
}


def scan_family(db, root) -> None:
    with Store.open(db) as store:
        options = ScanOptions(ScanSettings(face_model="dlib"), workers=1)
        scan_library(store, [str(root)], options, make_pipeline=FakePipeline)
        recluster(store, min_faces=2)


def make_family(tmp_path):
    """The photos, scanned, clustered and named; returns (database, folder, {name: id})."""
    root = tmp_path / "photos"
    for day, (name, squares) in enumerate(PICTURES.items()):
        path = make_photo(root / name, squares)
        os.utime(path, (FIRST_DAY + day * DAY,) * 2)
    db = tmp_path / "faces.db"
    scan_family(db, root)
    names = {}
    with Store.open(db) as store:
        for path, name in (("anna_alone", "Anna"), ("ben_again", "Ben"), ("cleo_again", "Cleo")):
            face = next(f for f in store.iter_faces() if path in f.path)
            name_person(store, face.person_id, name)
            names[name] = face.person_id
        dan = next(f for f in store.iter_faces() if "dan_again" in f.path).person_id
        set_ignored(store, dan)
    return db, root, names
