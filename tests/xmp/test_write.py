"""`albumfaces xmp write` on real photos: the sidecars it writes, what exiftool reads in
them in every orientation, runs again after renames, merges and undos, and the sidecars
other programs made."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image, ImageOps

from albumfaces.models import Box
from albumfaces.people.decisions import new_person
from albumfaces.store import Store
from tests.conftest import DATA, run, run_json
from tests.xmp.helpers import (
    EXIFTOOL,
    TO_STORED,
    TRANSPOSE,
    exif_regions,
    mwg,
    needs_exiftool,
    oriented_copy,
    people_faces,
    read_with_exiftool,
)

SAMPLE = DATA / "sample-album"


def name_face(db, face_id: int, name: str) -> None:
    """The user names one face (as the review page's "new person" does)."""
    with Store.open(db, create=False) as store:
        new_person(store, [face_id], name)


def largest(faces: list[dict]) -> dict:
    return max(faces, key=lambda f: (f["box"]["right"] - f["box"]["left"], -f["id"]))


def area_box(area: tuple, width: int, height: int) -> Box:
    """An MWG area (centre x, y, w, h, normalised) in pixels of a ``width`` x ``height``."""
    x, y, w, h = area[:4]
    return Box(
        round((y - h / 2) * height),
        round((x + w / 2) * width),
        round((y + h / 2) * height),
        round((x - w / 2) * width),
    )


LTRB = ("left", "top", "right", "bottom")
SAME_PIXELS = 12  # mean grey-level difference of one face cut out twice, a pixel apart


def difference(a: Image.Image, b: Image.Image) -> float:
    size = (32, 32)
    pixels = np.asarray(a.resize(size), dtype=float), np.asarray(b.resize(size), dtype=float)
    return float(np.abs(pixels[0] - pixels[1]).mean())


def digest(folder) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix.lower() != ".xmp"
    }


@needs_exiftool
@pytest.mark.parametrize("existing", ["none", "sidecar"])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_regions_written_are_where_the_faces_are_stored(data, tmp_path, orientation, existing):
    """exiftool reads Anna's region in the stored image's coordinates (MWG), where the
    stored pixels, turned upright, are her face; a scan meeting the photo again names her
    from the sidecar. Another program's region and rating are kept."""
    folder, photo = oriented_copy(tmp_path, orientation)
    sidecar = folder / "group.jpg.xmp"
    if existing == "sidecar":  # another program tagged Ben, a face far from Anna's
        ben = ("Ben", 0.05, 0.05, 0.04, 0.04)
        subprocess.run([EXIFTOOL, "-q", "-o", sidecar, "-XMP-xmp:Rating=3", mwg(ben)], check=True)
    db = tmp_path / "faces.db"
    run(db, "scan", folder, "--no-import-regions")
    anna = largest(run_json(db, "faces"))
    name_face(db, anna["id"], "Anna")
    report = run_json(db, "xmp", "write")
    assert report == {
        "created": int(existing == "none"),
        "updated": int(existing == "sidecar"),
        "removed": 0,
        "unchanged": 0,
        "failures": [],
    }
    info = read_with_exiftool(sidecar)
    regions = exif_regions(info)
    assert info["PersonInImage"] == ["Anna"] and info["TagsList"] == ["People/Anna"]
    if existing == "sidecar":
        assert info["Rating"] == 3 and regions["Ben"][:4] == (0.05, 0.05, 0.04, 0.04)
    with Image.open(photo) as im:
        stored_w, stored_h = im.size
        upright_w, upright_h = ImageOps.exif_transpose(im).size
    dims = info["RegionInfo"]["AppliedToDimensions"]
    assert (dims["W"], dims["H"]) == (stored_w, stored_h)
    b = anna["box"]
    (x1, y1), (x2, y2) = (
        TO_STORED[orientation](x / upright_w, y / upright_h)
        for x, y in ((b["left"], b["top"]), (b["right"], b["bottom"]))
    )
    expected = ((x1 + x2) / 2, (y1 + y2) / 2, abs(x2 - x1), abs(y2 - y1))
    assert regions["Anna"][:4] == pytest.approx(expected, abs=1e-6)

    # the outside check: the stored pixels in the region, turned upright by Pillow, are
    # her face, and not any other face
    with Image.open(photo) as im:
        stored, upright = im.convert("L"), ImageOps.exif_transpose(im).convert("L")
    region = area_box(regions["Anna"], stored_w, stored_h)
    crop = stored.crop((region.left, region.top, region.right, region.bottom))
    if orientation in TRANSPOSE:
        crop = crop.transpose(TRANSPOSE[orientation])
    differences = {
        face["id"]: difference(crop, upright.crop(tuple(face["box"][k] for k in LTRB)))
        for face in run_json(db, "faces")
    }
    assert differences[anna["id"]] < SAME_PIXELS
    assert min(d for i, d in differences.items() if i != anna["id"]) > 2 * SAME_PIXELS

    # and a library meeting the photo with its sidecar names the same face
    again = tmp_path / "again.db"
    run(again, "scan", folder)
    (found,) = people_faces(again)["Anna"]
    assert Box(**found["box"]).iou(Box(**anna["box"])) > 0.9


@pytest.fixture
def tagged(data, tmp_path):
    """A small library in which the user named Obama, Biden and (from the photo's own XMP)
    the Curies; a sidecar Lightroom made is beside obama2.jpg."""
    folder = tmp_path / "photos"
    for rel in (
        "2019/Campaign/obama.jpg",
        "2019/Campaign/obama2.jpg",
        "2019/Campaign/biden.jpg",
        "2019/Campaign/biden2.jpg",
        "2023/Phone/IMG_0002.JPG",
    ):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / rel, folder / rel)
    lightroom = folder / "2019/Campaign/obama2.xmp"
    lightroom.write_text(LIGHTROOM_SIDECAR)
    db = tmp_path / "faces.db"
    run(db, "scan", folder)
    faces = {f["path"].split("/photos/", 1)[1]: f for f in run_json(db, "faces")}
    name_face(db, faces["2019/Campaign/obama.jpg"]["id"], "Barack Obama")
    run(db, "move", faces["2019/Campaign/obama2.jpg"]["id"], "Barack Obama")
    name_face(db, faces["2019/Campaign/biden.jpg"]["id"], "Joe Biden")
    run(db, "move", faces["2019/Campaign/biden2.jpg"]["id"], "Joe Biden")
    return folder, db


LIGHTROOM_SIDECAR = """<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
   xmp:Rating="5">
   <dc:subject>
    <rdf:Bag>
     <rdf:li>speech</rdf:li>
    </rdf:Bag>
   </dc:subject>
   <lr:hierarchicalSubject>
    <rdf:Bag>
     <rdf:li>Events|speech</rdf:li>
    </rdf:Bag>
   </lr:hierarchicalSubject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
"""


def sidecar_names(path) -> list[str]:
    return sorted(exif_regions(read_with_exiftool(path)))


@needs_exiftool
def test_write_then_runs_again_after_the_user_changes_names(tagged):
    folder, db = tagged
    photos = digest(folder)
    campaign = folder / "2019" / "Campaign"
    plan = run_json(db, "xmp", "write", "--dry-run")
    assert (plan["created"], plan["updated"]) == (4, 1)
    assert not list(folder.rglob("*.jpg.xmp")) and not list(folder.rglob("*.JPG.xmp"))
    assert run_json(db, "xmp", "write", "--dry-run") == plan  # a dry run records nothing
    assert f"update {campaign / 'obama2.xmp'}: + Barack Obama" in plan["plan"]

    report = run_json(db, "xmp", "write")
    assert {k: report[k] for k in ("created", "updated", "unchanged")} == {
        "created": 4,
        "updated": 1,
        "unchanged": 0,
    }
    assert digest(folder) == photos  # the photos are never touched
    # Lightroom's sidecar is followed, not doubled, and keeps its rating and keywords
    assert not (campaign / "obama2.jpg.xmp").exists()
    info = read_with_exiftool(campaign / "obama2.xmp")
    assert info["Rating"] == 5 and info["Subject"] == ["speech"]
    assert info["HierarchicalSubject"] == ["Events|speech", "People|Barack Obama"]
    assert sidecar_names(campaign / "biden2.jpg.xmp") == ["Joe Biden"]
    curies = folder / "2023" / "Phone" / "IMG_0002.JPG.xmp"
    assert sidecar_names(curies) == ["Marie Curie", "Pierre Curie"]

    again = run_json(db, "xmp", "write")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 5)

    # a rename rewrites exactly the sidecars that name him
    run(db, "name", "Barack Obama", "Barack H. Obama")
    renamed = run_json(db, "xmp", "write")
    assert (renamed["updated"], renamed["unchanged"]) == (2, 3)
    assert sidecar_names(campaign / "obama.jpg.xmp") == ["Barack H. Obama"]
    assert "Barack Obama<" not in (campaign / "obama2.xmp").read_text()

    # split and merged back: the sidecar follows each decision
    biden2 = next(f for f in run_json(db, "faces") if f["path"].endswith("biden2.jpg"))
    run(db, "split", "Joe Biden", biden2["id"], "--name", "Hunter")
    assert run_json(db, "xmp", "write", "--person", "Hunter")["updated"] == 1
    assert sidecar_names(campaign / "biden2.jpg.xmp") == ["Hunter"]
    run(db, "merge", "Hunter", "Joe Biden")
    assert run_json(db, "xmp", "write", campaign / "biden2.jpg")["updated"] == 1
    assert sidecar_names(campaign / "biden2.jpg.xmp") == ["Joe Biden"]

    # another program adds a rating to one; then every name is taken back
    subprocess.run(
        [EXIFTOOL, "-q", "-overwrite_original", "-XMP-xmp:Rating=2", campaign / "biden.jpg.xmp"],
        check=True,
    )
    run(db, "undo", "100")  # the names the Curies' XMP gave at scan included
    assert [p for p in run_json(db, "people") if p["named"]] == []
    gone = run_json(db, "xmp", "write")
    assert (gone["removed"], gone["updated"], gone["unchanged"]) == (3, 2, 0)
    left = sorted(p.name for p in folder.rglob("*.xmp"))
    # what albumfaces made and nobody changed goes; the others lose only our names
    assert left == ["biden.jpg.xmp", "obama2.xmp"]
    info = read_with_exiftool(campaign / "biden.jpg.xmp")
    assert info["Rating"] == 2 and "RegionInfo" not in info and "PersonInImage" not in info
    assert (campaign / "obama2.xmp").read_text() == LIGHTROOM_SIDECAR  # as Lightroom left it
    assert digest(folder) == photos


@needs_exiftool
def test_a_sidecar_that_cannot_be_read_is_one_line_and_the_rest_are_written(tagged):
    folder, db = tagged
    broken = folder / "2019" / "Campaign" / "biden.jpg.xmp"
    broken.write_text("<x:xmpmeta><rdf:RDF>broken")
    result = run(db, "xmp", "write")
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"albumfaces: {broken}: malformed XMP")
    assert broken.read_text() == "<x:xmpmeta><rdf:RDF>broken"
    assert result.stdout == "4 sidecars written (3 new).\n"  # 3 made, 1 updated
    broken.unlink()  # the user deletes it: the next run writes it
    assert run_json(db, "xmp", "write")["created"] == 1


def test_xmp_write_on_a_person_without_a_name(tagged):
    folder, db = tagged
    result = run(db, "xmp", "write", "--person", "nobody-of-that-name", expect=1)
    assert "no person 'nobody-of-that-name'" in result.output
