"""A photo whose EXIF has no orientation, turned by its XMP sidecar's ``tiff:Orientation``
(as darktable and Lightroom write a user's rotation): scanned, named, shown, cropped and
written back upright, as if the orientation were EXIF's (MWG)."""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

from albumfaces.media.images import open_upright, read_orientation
from albumfaces.models import Box
from tests.conftest import run, run_json
from tests.xmp.helpers import EXIFTOOL, ORIENTED, TO_STORED, mwg, people_faces

pytestmark = pytest.mark.skipif(
    EXIFTOOL is None, reason="exiftool not installed (libimage-exiftool-perl)"
)


def stored_region(name: str, box: dict, width: int, height: int, orientation: int):
    """The MWG region (name, centre, size; normalised) of an upright box, in the stored
    image's coordinates."""
    corners = [
        TO_STORED[orientation](x / width, y / height)
        for x, y in ((box["left"], box["top"]), (box["right"], box["bottom"]))
    ]
    (x1, y1), (x2, y2) = corners
    return (name, (x1 + x2) / 2, (y1 + y2) / 2, abs(x2 - x1), abs(y2 - y1))


@pytest.fixture(scope="module")
def upright_faces(tmp_path_factory):
    """The two largest faces of the upright group photo, as a scan finds them."""
    folder = tmp_path_factory.mktemp("upright")
    shutil.copy(ORIENTED / "facenet_multiface_orient1.jpg", folder / "group.jpg")
    db = folder / "faces.db"
    run(db, "scan", folder, "--no-import-regions", "--workers", 1)
    faces = sorted(run_json(db, "faces"), key=lambda f: f["box"]["left"] - f["box"]["right"])
    with Image.open(folder / "group.jpg") as im:
        return faces[:2], im.size, np.asarray(im.convert("RGB"))


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_a_sidecars_orientation_turns_the_photo_upright(tmp_path, upright_faces, orientation):
    (anna, ben), (width, height), upright_pixels = upright_faces
    folder = tmp_path / "photos"
    folder.mkdir()
    photo = folder / "group.jpg"
    shutil.copy(ORIENTED / f"facenet_multiface_orient{orientation}.jpg", photo)
    photo.chmod(0o644)
    # the pixels stay turned; EXIF no longer says so, the sidecar does
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", "-Orientation=", photo], check=True)
    with Image.open(photo) as im:
        assert 0x0112 not in im.getexif()
        assert im.size == ((width, height) if orientation == 3 else (height, width))
    regions = [
        stored_region("Anna", anna["box"], width, height, orientation),
        stored_region("Ben", ben["box"], width, height, orientation),
    ]
    sidecar = folder / "group.jpg.xmp"
    tiff = f"-XMP-tiff:Orientation#={orientation}"
    subprocess.run([EXIFTOOL, "-q", "-o", str(sidecar), tiff, mwg(*regions)], check=True)
    assert read_orientation(str(photo)) == orientation

    # scanned upright: the same boxes, each name on its own face
    db = tmp_path / "faces.db"
    report = run_json(db, "scan", folder, "--json", "--workers", 1)
    assert report["regions_matched"] == 2 and report["regions_imported"] == 0
    named = people_faces(db)
    for name, expected in (("Anna", anna), ("Ben", ben)):
        (face,) = named[name]
        assert Box(**face["box"]).iou(Box(**expected["box"])) > 0.9, name

    # the photo view and the crops read it upright too
    shown = open_upright(photo)
    assert shown.size == (width, height)
    difference = np.abs(np.asarray(shown, dtype=int) - upright_pixels.astype(int)).mean()
    assert difference < 8  # the same picture, up to JPEG's losses

    # `xmp write` keeps the regions in the stored pixels, where MWG puts them
    run(db, "name", "Anna", "Anna Kim")
    run(db, "xmp", "write", folder)
    written = subprocess.run(
        [EXIFTOOL, "-j", "-struct", "-XMP:RegionInfo", "-XMP-tiff:Orientation#", sidecar],
        check=True,
        capture_output=True,
        text=True,
    )
    (tags,) = json.loads(written.stdout)
    assert tags["Orientation"] == orientation  # another program's rotation is kept
    areas = {r["Name"]: r["Area"] for r in tags["RegionInfo"]["RegionList"]}
    _, cx, cy, w, h = regions[0]
    got = areas["Anna Kim"]
    assert abs(got["X"] - cx) < 0.03 and abs(got["Y"] - cy) < 0.03
    assert abs(got["W"] - w) < 0.03 and abs(got["H"] - h) < 0.03
