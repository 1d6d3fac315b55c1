"""Names other programs wrote become the user's names at scan: the real portrait, regions
exiftool writes in every orientation (embedded, in a sidecar, in both), bad XMP, and the
user's own decisions, which a name in XMP never overrides."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image, ImageOps

from albumfaces.models import Box
from tests.conftest import DATA, run, run_json
from tests.xmp.helpers import EXIFTOOL, TO_STORED, mwg, oriented_copy, people_faces

PORTRAIT = DATA / "metadata" / "portrait-mwg-regions.jpg"


@pytest.fixture
def portrait(data, tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(PORTRAIT, folder / "curie.jpg")
    return folder


def test_the_portrait_starts_out_named(portrait, tmp_path):
    db = tmp_path / "faces.db"
    report = run_json(db, "scan", portrait, "--json")
    assert (report["regions_matched"], report["regions_imported"]) == (1, 1)
    faces = people_faces(db)
    assert set(faces) == {"Marie Curie", "Pierre Curie"}
    assert all(len(f) == 1 and f[0]["source"] == "user" for f in faces.values())
    # the detector finds one of the two; the other is made from its region
    assert sorted(f[0]["imported"] for f in faces.values()) == [False, True]
    named = {p["name"]: p for p in run_json(db, "people")}
    assert named["Pierre Curie"]["faces"] == 1 and named["Marie Curie"]["named"]
    run(db, "cluster")  # the machine keeps the names
    assert set(people_faces(db)) == {"Marie Curie", "Pierre Curie"}
    # journaled like the user's decisions: undo takes the names back, redo gives them again
    (entry,) = run_json(db, "history")
    assert entry["summary"].endswith("curie.jpg from its XMP: Marie Curie, Pierre Curie")
    run(db, "undo")
    assert run_json(db, "people") == []
    run(db, "redo")
    assert set(people_faces(db)) == {"Marie Curie", "Pierre Curie"}


def test_no_import_regions(portrait, tmp_path):
    db = tmp_path / "faces.db"
    report = run_json(db, "scan", portrait, "--no-import-regions", "--json")
    assert report["faces"] == 1 and report["regions_matched"] == 0
    assert run_json(db, "people") == []


def test_bad_xmp_is_one_line_and_the_photo_is_scanned(portrait, tmp_path):
    (portrait / "curie.jpg.xmp").write_text("<x:xmpmeta><rdf:RDF>broken")
    db = tmp_path / "faces.db"
    result = run(db, "scan", portrait)
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"albumfaces: {portrait / 'curie.jpg'}: face regions of its XMP")
    assert "malformed" in line and len(run_json(db, "faces")) == 1


def test_a_name_in_xmp_never_overrides_the_user(portrait, tmp_path):
    db = tmp_path / "faces.db"
    run(db, "scan", portrait)
    marie = people_faces(db)["Marie Curie"][0]
    run(db, "split", "Marie Curie", marie["id"], "--name", "Irène")  # she was her daughter
    run(db, "scan", portrait, "--upsample", "2")  # every face detected again
    faces = people_faces(db)
    assert [Box(**f["box"]).iou(Box(**marie["box"])) > 0.5 for f in faces["Irène"]] == [True]
    assert "Marie Curie" not in faces


@pytest.mark.skipif(EXIFTOOL is None, reason="exiftool not installed (libimage-exiftool-perl)")
@pytest.mark.parametrize("where", ["embedded", "sidecar", "both"])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_regions_exiftool_writes_name_the_right_face(data, tmp_path, orientation, where):
    """A region around one face of the upright photo, written in the stored image's
    coordinates as MWG says, names that face in every orientation."""
    folder, photo = oriented_copy(tmp_path, orientation)
    db = tmp_path / "faces.db"
    run(db, "scan", folder, "--no-import-regions")
    faces = run_json(db, "faces")
    target = max(faces, key=lambda f: f["box"]["right"] - f["box"]["left"])
    with Image.open(photo) as im:
        width, height = ImageOps.exif_transpose(im).size
    b = target["box"]
    corners = [
        TO_STORED[orientation](x / width, y / height)
        for x, y in ((b["left"], b["top"]), (b["right"], b["bottom"]))
    ]
    (x1, y1), (x2, y2) = corners
    region = ("Anna", (x1 + x2) / 2, (y1 + y2) / 2, abs(x2 - x1), abs(y2 - y1))
    if where in ("embedded", "both"):
        wrong = ("Anna", 0.1, 0.1, 0.05, 0.05) if where == "both" else region
        subprocess.run([EXIFTOOL, "-q", "-overwrite_original", mwg(wrong), photo], check=True)
    if where in ("sidecar", "both"):
        sidecar = folder / "group.jpg.xmp"
        subprocess.run([EXIFTOOL, "-q", "-o", str(sidecar), mwg(region)], check=True)
    named = tmp_path / "named.db"  # a library that meets the photo with its regions
    report = run_json(named, "scan", folder, "--json")
    assert (report["regions_matched"], report["regions_imported"]) == (1, 0)
    (anna,) = people_faces(named)["Anna"]
    assert Box(**anna["box"]).iou(Box(**target["box"])) > 0.9


def test_a_sideways_photo_with_regions_of_its_stored_pixels(data, tmp_path):
    """sample-album's IMG_0002.JPG is the portrait stored turned (orientation 6), its MWG
    regions in the stored 700x840 pixels: the same faces are named as in the upright one."""
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(DATA / "sample-album" / "2023" / "Phone" / "IMG_0002.JPG", folder)
    shutil.copy(PORTRAIT, folder / "upright.jpg")
    db = tmp_path / "faces.db"
    report = run_json(db, "scan", folder, "--json")
    assert (report["regions_matched"], report["regions_imported"]) == (2, 2)
    for name, faces in people_faces(db).items():
        assert name in ("Marie Curie", "Pierre Curie")
        sideways, upright = sorted(faces, key=lambda f: f["path"])
        assert Box(**sideways["box"]).iou(Box(**upright["box"])) > 0.9
