"""Faces of a clip join people like faces of photos, and the clip lands in the album of
each named person in it, dated by its container; crops, sheets and the photo view show the
frame a face was seen in."""

from __future__ import annotations

import io
import os
import shutil

import httpx
import numpy as np
import pytest
from PIL import Image

from albumfaces.web.server import ReviewServer
from tests.conftest import SAMPLE, run, run_json
from tests.scan.clips import BIDEN_PHOTO, OBAMA_PHOTO, Shot, make_clip

PHOTOS = ["2019/Campaign/obama2.jpg", "2019/Campaign/obama3.jpg", "2019/Campaign/biden2.jpg"]


@pytest.fixture
def named_library(data, tmp_path):
    """Photos of Obama and Biden and a clip of both, dated 4 July 2021; both named."""
    lib, db = tmp_path / "library", tmp_path / "faces.db"
    lib.mkdir()
    for rel in PHOTOS:
        shutil.copy2(SAMPLE / rel, lib / os.path.basename(rel))
    shutil.copy2(OBAMA_PHOTO, lib / "obama.jpg")
    shutil.copy2(BIDEN_PHOTO, lib / "biden.jpg")
    created = "2021-07-04T12:00:00.000000Z"
    make_clip(lib / "party.mp4", [Shot(OBAMA_PHOTO, 4), Shot(BIDEN_PHOTO, 4)], created=created)
    run(db, "scan", lib, "--cluster")
    faces = run_json(db, "faces")
    person = {f["path"].rsplit("/", 1)[1]: f["person_id"] for f in faces if f["media"] == "photo"}
    run(db, "name", person["obama.jpg"], "Barack Obama")
    run(db, "name", person["biden.jpg"], "Joe Biden")
    return lib, db


def test_clip_faces_join_the_people_of_the_photos(named_library):
    _, db = named_library
    clip_faces = [f for f in run_json(db, "faces") if f["media"] == "video"]
    assert {f["person"] for f in clip_faces if f["time"] < 4} == {"Barack Obama"}
    assert {f["person"] for f in clip_faces if f["time"] >= 4} == {"Joe Biden"}


def test_the_clip_is_in_the_album_of_each_person_in_it(named_library, tmp_path):
    lib, db = named_library
    albums = tmp_path / "albums"
    run(db, "export", albums)
    for person in ("Barack Obama", "Joe Biden"):
        (entry,) = [p for p in (albums / person).iterdir() if p.suffix == ".mp4"]
        assert entry.name.startswith("2021-07-04_120000_party_")  # the container's date
        assert entry.is_symlink() and os.path.realpath(entry) == str(lib / "party.mp4")


def test_sheets_crops_and_the_photo_view_show_the_frame_of_a_face(named_library, tmp_path):
    _, db = named_library
    sheet = run(db, "show", "Barack Obama").stdout.strip()  # its faces of photos and clip
    with Image.open(sheet) as im:
        assert im.width > 0
    clip_face = next(f for f in run_json(db, "faces") if f["media"] == "video")
    server = ReviewServer(db)
    server.start_in_thread()
    try:
        auth = {"Authorization": f"Bearer {server.token}"}
        with httpx.Client(base_url=server.base, headers=auth, timeout=30) as client:
            crop = client.get(f"/api/faces/{clip_face['id']}/crop")
            assert crop.status_code == 200
            with Image.open(io.BytesIO(crop.content)) as im:
                # a face, not the grey tile of an unreadable photo
                assert len(np.unique(np.asarray(im.convert("L")))) > 50
            photo = client.get(f"/api/faces/{clip_face['id']}").json()["photo"]
            info = client.get(f"/api/photos/{photo}").json()
            assert info["media"] == "video" and (info["width"], info["height"]) == (640, 480)
            frame = client.get(f"/api/photos/{photo}/image", params={"time": 5.0})
            with Image.open(io.BytesIO(frame.content)) as im:
                assert im.size == (640, 480)
            page = client.get(f"/photos/{photo}")
            assert page.status_code == 200 and "at 0.0 s" in page.text and "at 4.0 s" in page.text
            assert client.get(f"/api/photos/{photo}/image?time=x").status_code == 400
            # a face of the clip on its person's page opens the frame it was seen in
            person = client.get(f"/people/{clip_face['person_id']}").text
            assert f'data-photo="{photo}?time={clip_face["time"]:.3f}"' in person
    finally:
        server.stop()
