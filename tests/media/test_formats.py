"""JPEG XL (through pillow-jxl-plugin) and AVIF (Pillow itself) as phones write them: stored
turned with an EXIF orientation and a date, scanned upright with the same face as the JPEG,
dated, cropped, identified and given an XMP sidecar. The files are made here from
sample-album's obama.jpg."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from albumfaces.media.images import read_orientation, register_formats
from albumfaces.models import Box
from albumfaces.store import Store
from albumfaces.web.crops import crop_file, photo_file
from tests.conftest import SAMPLE, run, run_json
from tests.xmp.helpers import EXIFTOOL, read_with_exiftool

OBAMA = SAMPLE / "2019" / "Campaign" / "obama.jpg"
TAKEN = "2015:06:01 10:00:00"
FORMATS = ("jxl", "avif")


@pytest.fixture(scope="module")
def phone_files(tmp_path_factory):
    """obama.jpg as it is, and as JPEG XL and AVIF stored turned (EXIF orientation 6)."""
    register_formats()
    folder = tmp_path_factory.mktemp("formats") / "photos"
    folder.mkdir()
    shutil.copy(OBAMA, folder / "obama.jpg")
    upright = Image.open(OBAMA).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # turn 90° clockwise to show it
    exif[0x8769] = {0x9003: TAKEN}  # DateTimeOriginal
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    for suffix in FORMATS:
        stored.save(folder / f"obama.{suffix}", exif=exif.tobytes(), quality=90)
    db = folder.parent / "faces.db"
    report = run_json(db, "scan", folder, "--json", "--workers", 1)
    assert (report["new"], report["failed"]) == (3, 0)
    return folder, db


@pytest.mark.parametrize("suffix", FORMATS)
def test_scanned_upright_dated_and_with_the_jpegs_face(phone_files, suffix):
    folder, db = phone_files
    assert read_orientation(str(folder / f"obama.{suffix}")) == 6
    faces = {f["path"].rsplit(".", 1)[1]: f for f in run_json(db, "faces")}
    assert set(faces) == {"jpg", *FORMATS}  # one face in each
    assert Box(**faces[suffix]["box"]).iou(Box(**faces["jpg"]["box"])) > 0.9
    assert faces[suffix]["taken_at"] == "2015-06-01T10:00:00"
    with Store.open(db) as store:
        face = store.get_face(faces[suffix]["id"])
        crop = crop_file(folder.parent / "crops", face, 160)
        shown = photo_file(folder.parent / "crops", face.photo_hash, face.path, 320)
    assert crop is not None and Image.open(crop).size == (160, 160)
    with Image.open(OBAMA) as original, Image.open(shown) as view:  # the photo view: upright
        assert max(view.size) == 320
        assert abs(view.width / view.height - original.width / original.height) < 0.02


def test_identified_and_given_a_sidecar(phone_files, tmp_path):
    folder, db = phone_files
    faces = run_json(db, "faces")
    jpg = next(f for f in faces if f["path"].endswith(".jpg"))
    run(db, "cluster")
    person = next(p for p in run_json(db, "people") if p["faces"])
    run(db, "name", person["id"], "Barack Obama")
    outside = tmp_path / "new.jxl"
    shutil.copy(folder / "obama.jxl", outside)
    said = run(db, "identify", outside).stdout
    assert said.strip() == f"{outside},Barack Obama"
    if EXIFTOOL is None:
        pytest.skip("exiftool not installed (libimage-exiftool-perl)")
    named = {f["path"] for f in run_json(db, "faces") if f["person"] == "Barack Obama"}
    assert str(folder / "obama.jxl") in named and jpg["path"] in named
    run(db, "xmp", "write", folder)
    sidecar = folder / "obama.jxl.xmp"
    regions = read_with_exiftool(sidecar)["RegionInfo"]["RegionList"]
    assert [r["Name"] for r in regions] == ["Barack Obama"]
