"""Whatever name a person has, every sidecar `xmp write` makes is well-formed XMP, and lxml and
exiftool read back the very name albumfaces stores."""

from __future__ import annotations

import pytest
from lxml import etree
from PIL import Image

from albumfaces.people.decisions import new_person
from albumfaces.store import Store
from tests.conftest import SAMPLE, run, run_json
from tests.xmp.helpers import exif_regions, needs_exiftool, read_with_exiftool

HOSTILE = [
    "nul\x00name",
    "\x1b[31mred",
    "\u202eevil",
    "../up",
    "cdata]]>end",
    "<x>",
    "&amp;",
    "a" + "\u0301" * 199,
    "grin 😀",
    "김민준",
]
MWG_NAME = "{http://www.metadataworkinggroup.com/schemas/regions/}Name"


@needs_exiftool
def test_every_sidecar_is_well_formed_and_carries_the_stored_name(tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    with Image.open(SAMPLE / "2019/Campaign/obama.jpg") as im:
        for i in range(len(HOSTILE)):  # other bytes each: a photo of its own each
            im.save(photos / f"photo_{i:02d}.jpg", quality=80 + i)
    db = tmp_path / "faces.db"
    run(db, "scan", photos)
    faces = sorted(run_json(db, "faces"), key=lambda f: f["path"])
    assert len(faces) == len(HOSTILE)
    with Store.open(db) as store:
        for face, name in zip(faces, HOSTILE, strict=True):
            new_person(store, [face["id"]], name)
        stored = {p.id: p.name for p in store.list_people() if p.named}
    by_path = {f["path"]: f["person"] for f in run_json(db, "faces")}
    assert len(set(stored.values())) == len(HOSTILE) == len(set(by_path.values()))
    assert set(by_path.values()) == set(stored.values())
    assert all("\x00" not in n and "\x1b" not in n and "\u202e" not in n for n in stored.values())
    run(db, "xmp", "write")
    for path, name in by_path.items():
        sidecar = path + ".xmp"
        tree = etree.parse(sidecar)  # raises on anything not well-formed
        names = [el.text for el in tree.iter(MWG_NAME)]
        assert names == [name], sidecar
        assert list(exif_regions(read_with_exiftool(sidecar))) == [name], sidecar


@pytest.mark.parametrize("typed", ["\x1b[31mRed", "Bell\x07"])
def test_the_terminal_never_gets_a_control_character(people_db_copy, typed):
    db = people_db_copy
    person = run_json(db, "people")[0]["id"]
    run(db, "name", person, typed)
    for command in (["people"], ["history"], ["show", person]):
        out = run(db, *command)
        assert "\x1b" not in out.output and "\x07" not in out.output
