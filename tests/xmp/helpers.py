"""What the XMP tests share: exiftool (the outside judge), regions written with it, the
orientation photos, and how a point of an upright photo lies in the stored one."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from albumfaces.media.images import TRANSPOSE  # noqa: F401 (the tests' table too)
from tests.conftest import DATA, run_json

ORIENTED = DATA / "edge-cases" / "orientation"
EXIFTOOL = shutil.which("exiftool")
needs_exiftool = pytest.mark.skipif(
    EXIFTOOL is None, reason="exiftool not installed (Debian: libimage-exiftool-perl)"
)


def mwg(*regions: tuple[str, float, float, float, float]) -> str:
    """exiftool's argument writing MWG face regions: (name, centre x, centre y, w, h)."""
    items = ",".join(
        f"{{Area={{X={cx},Y={cy},W={w},H={h},Unit=normalized}},Name={name},Type=Face}}"
        for name, cx, cy, w, h in regions
    )
    return f"-XMP-mwg-rs:RegionInfo={{RegionList=[{items}]}}"


def exiftool(*args) -> None:
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", *map(str, args)], check=True)


def read_with_exiftool(path) -> dict:
    result = subprocess.run(
        [EXIFTOOL, "-j", "-struct", "-XMP:all", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)[0]


def exif_regions(info: dict) -> dict[str, tuple]:
    found = {}
    for item in info.get("RegionInfo", {}).get("RegionList", []):
        area = item["Area"]
        found[item["Name"]] = (area["X"], area["Y"], area["W"], area["H"], item.get("Type"))
    return found


# where a normalised point of the upright photo is in the stored one, by EXIF orientation
TO_STORED = {
    1: lambda x, y: (x, y),
    2: lambda x, y: (1 - x, y),
    3: lambda x, y: (1 - x, 1 - y),
    4: lambda x, y: (x, 1 - y),
    5: lambda x, y: (y, x),
    6: lambda x, y: (y, 1 - x),
    7: lambda x, y: (1 - y, 1 - x),
    8: lambda x, y: (1 - y, x),
}


def oriented_copy(tmp_path, orientation: int):
    """A folder holding the group photo of edge-cases/orientation stored in ``orientation``,
    as group.jpg; returns (folder, photo)."""
    folder = tmp_path / "photos"
    folder.mkdir()
    photo = folder / "group.jpg"
    shutil.copy(ORIENTED / f"facenet_multiface_orient{orientation}.jpg", photo)
    photo.chmod(0o644)
    return folder, photo


def people_faces(db) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for face in run_json(db, "faces"):
        found.setdefault(face["person"], []).append(face)
    return found
