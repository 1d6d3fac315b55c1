"""No one is given a face of a photo taken before their birth: not by propagation, not by
clustering, not by "Is this …?"; and "Same person?" never proposes two people whose births
and photos say they cannot be one. On the fake pipeline (a colour is a person)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from albumfaces.births import contradict
from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.people import name_person, recluster, set_birth, undo
from albumfaces.people.suggest import LiveSuggestions
from albumfaces.scan import scan_library
from albumfaces.store import Store
from tests.fakes import RED, FakePipeline, make_photo

PINK = (220, 20, 165)  # 0.57 from red: another person, close enough to be asked about


def at(year: int, month: int = 6) -> float:
    return dt.datetime(year, month, 1, 12, tzinfo=dt.timezone.utc).timestamp()


@pytest.fixture
def library(tmp_path):
    """Anna (red) in photos of 2021 and 2022, a red face in a photo of 2015, and a pink
    person in photos of 2022."""
    root = tmp_path / "photos"
    for name, squares, year in (
        ("anna_2021.png", [(RED, 10, 10, 40)], 2021),
        ("anna_2022.png", [(RED, 20, 20, 44)], 2022),
        ("red_2015.png", [(RED, 30, 30, 48)], 2015),
        ("pink_1.png", [(PINK, 10, 10, 40)], 2022),
        ("pink_2.png", [(PINK, 20, 20, 44)], 2022),
    ):
        path = make_photo(root / name, squares)
        os.utime(path, (at(year),) * 2)
    db = tmp_path / "faces.db"
    store = Store.open(db)
    options = ScanOptions(ScanSettings(face_model="dlib"), workers=1)
    scan_library(store, [str(root)], options, make_pipeline=FakePipeline)
    recluster(store)
    face = {os.path.basename(f.path): f for f in store.iter_faces()}
    name_person(store, face["anna_2021.png"].person_id, "Anna")
    yield store, {n: f.id for n, f in face.items()}
    store.close()


def person_of(store, face_id):
    return store.get_face(face_id).person_id


def test_a_birth_takes_older_faces_from_a_person_and_clustering_keeps_them_away(library):
    store, faces = library
    anna = person_of(store, faces["anna_2021.png"])
    old = faces["red_2015.png"]
    store.db.execute("UPDATE assignments SET source = 'cluster' WHERE face_id = ?", [old])
    assert person_of(store, old) == anna  # the machine put the 2015 face with her
    decision = set_birth(store, anna, "2019")
    assert "taking 1 older face from them" in decision.summary
    assert person_of(store, old) is None
    for full in (True, False):
        recluster(store, full=full)
        assert person_of(store, old) != anna  # neither propagated nor clustered to her
    undo(store)  # the birth, forgotten; the face back with her
    assert person_of(store, old) == anna


def test_is_this_never_asks_about_a_face_older_than_the_person(library):
    store, faces = library
    anna = person_of(store, faces["anna_2021.png"])
    old = faces["red_2015.png"]
    store.unassign([old])
    asked = [(s.face_id, s.person_id) for s in LiveSuggestions().is_this(store)]
    assert (old, anna) in asked  # without a birth: "Is this Anna?"
    set_birth(store, anna, "2019-03-01")
    asked = [(s.face_id, s.person_id) for s in LiveSuggestions().is_this(store)]
    assert (old, anna) not in asked


def test_same_person_never_proposes_siblings(library):
    store, faces = library
    anna, pink = person_of(store, faces["anna_2021.png"]), person_of(store, faces["pink_1.png"])
    assert anna != pink

    def proposed() -> set[frozenset]:
        return {frozenset((s.keep, s.other)) for s in LiveSuggestions().same_person(store)}

    assert frozenset((anna, pink)) in proposed()
    set_birth(store, anna, "2019")
    assert frozenset((anna, pink)) in proposed()  # pink's photos are all after 2019
    name_person(store, pink, "Ben")
    set_birth(store, pink, "2017")  # her brother
    assert frozenset((anna, pink)) not in proposed()


def test_what_contradicts():
    assert contradict(("2019", None), ("2017", None))  # two births
    assert not contradict(("2019", None), ("2019", "2020-01-01T00:00:00"))
    assert contradict(("2019-05-01", None), (None, "2019-04-30T10:00:00"))  # older photo
    assert not contradict(("2019-05-01", None), (None, "2019-05-01T10:00:00"))
    assert not contradict((None, "2001-01-01T00:00:00"), (None, "1990-01-01T00:00:00"))
