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
from albumfaces.export.naming import together_name
from albumfaces.people import resolve_person
from albumfaces.service.together import chosen_people, photos_together
from albumfaces.store import Store
from tests.family import make_family


@pytest.fixture
def family(tmp_path):
    db, _, names = make_family(tmp_path)
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
        assert together_name([p.name for p in people]) == "Anna & Ben"
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
