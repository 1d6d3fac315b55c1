"""The photos several people share, on the fake pipeline's pictures (a colour is a person):
all of them in the photo, "only them" (strangers and ignored people aside), newest first;
through the library, `albumfaces photos --with` and its JSON."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from albumfaces.cli import main
from albumfaces.errors import NotFound
from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.people import name_person, recluster, resolve_person, set_ignored
from albumfaces.scan import scan_library
from albumfaces.service.together import album_name, chosen_people, photos_together
from albumfaces.store import Store
from tests.fakes import BLUE, GREEN, RED, FakePipeline, make_photo

GREY = (120, 120, 120)
DAY = 86_400


@pytest.fixture
def family(tmp_path):
    """Anna (red), Ben (blue), Cleo (green) and Dan (grey, a stranger the user ignores), in
    photos taken a day apart: the newest is `both_and_cleo`."""
    root = tmp_path / "photos"
    pictures = {
        "anna_alone.png": [(RED, 10, 10, 40)],
        "anna_and_ben.png": [(RED, 10, 10, 40), (BLUE, 120, 10, 40)],
        "anna_ben_dan.png": [(RED, 10, 10, 40), (BLUE, 120, 10, 40), (GREY, 60, 90, 40)],
        "anna_again.png": [(RED, 20, 30, 44)],
        "ben_again.png": [(BLUE, 30, 20, 44)],
        "cleo_again.png": [(GREEN, 30, 20, 44)],
        "dan_again.png": [(GREY, 30, 20, 44)],
        "both_and_cleo.png": [(RED, 10, 10, 40), (BLUE, 120, 10, 40), (GREEN, 60, 90, 40)],
    }
    for day, (name, squares) in enumerate(pictures.items()):
        path = make_photo(root / name, squares)
        os.utime(path, (1_600_000_000 + day * DAY,) * 2)
    db = tmp_path / "faces.db"
    with Store.open(db) as store:
        options = ScanOptions(ScanSettings(face_model="dlib"), workers=1)
        scan_library(store, [str(root)], options, make_pipeline=FakePipeline)
        recluster(store, min_faces=2)
        names = {}
        for path, name in (("anna_alone", "Anna"), ("ben_again", "Ben"), ("cleo_again", "Cleo")):
            face = next(f for f in store.iter_faces() if path in f.path)
            name_person(store, face.person_id, name)
            names[name] = face.person_id
        dan = next(f for f in store.iter_faces() if "dan_again" in f.path).person_id
        set_ignored(store, dan)
    return db, names


def files(found) -> list[str]:
    return [os.path.basename(p.path) for p in found]


def test_all_of_them_newest_first(family):
    db, names = family
    with Store.open(db) as store:
        both = photos_together(store, [names["Anna"], names["Ben"]])
        assert files(both) == ["both_and_cleo.png", "anna_ben_dan.png", "anna_and_ben.png"]
        faces = {person for face, person in both[0].faces}
        assert faces == {names["Anna"], names["Ben"]}  # their faces, not Cleo's
        three = photos_together(store, [names["Anna"], names["Ben"], names["Cleo"]])
        assert files(three) == ["both_and_cleo.png"]


def test_only_them_leaves_out_people_albumfaces_knows_but_not_strangers(family):
    db, names = family
    with Store.open(db) as store:
        only = photos_together(store, [names["Anna"], names["Ben"]], only=True)
        # Cleo is known: her photo goes; Dan is ignored (a stranger): his stays
        assert files(only) == ["anna_ben_dan.png", "anna_and_ben.png"]
        alone = photos_together(store, [names["Anna"]], only=True)
        assert files(alone) == ["anna_again.png", "anna_alone.png"]
        people = chosen_people(store, [names["Anna"], names["Ben"], names["Anna"]])
        assert album_name(people) == "Anna & Ben"
        with pytest.raises(NotFound):
            photos_together(store, [names["Anna"], 9999])


def test_the_command_prints_paths_and_a_sentence_and_json(family):
    db, names = family
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(db), "photos", "--with", "anna", "--with", "Ben"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].endswith("both_and_cleo.png") and lines[0].startswith("2020-09-")
    assert lines[-1] == "3 photos of Anna and Ben together."
    only = runner.invoke(
        main, ["--db", str(db), "photos", "--with", "Anna", "--with", "Ben", "--only", "--json"]
    )
    found = json.loads(only.output)
    assert [os.path.basename(p["path"]) for p in found] == ["anna_ben_dan.png", "anna_and_ben.png"]
    assert {f["person_id"] for f in found[0]["faces"]} == {names["Anna"], names["Ben"]}
    assert set(found[0]) == {"photo", "path", "taken_at", "media", "width", "height", "faces"}
    nobody = runner.invoke(main, ["--db", str(db), "photos", "--with", "Zoe"])
    assert nobody.exit_code == 1 and "no person 'Zoe'" in nobody.output
    with Store.open(db) as store:
        assert resolve_person(store, "anna") == names["Anna"]
