"""Live Photos and motion photos end to end, with the real face model, through the CLI, the
review server on 127.0.0.1 and identify. The files are made from sample-album: HEIC stills
with Apple's content identifier, MOV clips carrying it, a Pixel motion photo."""

from __future__ import annotations

import os
import shutil

import httpx
import pytest
from PIL import Image, ImageStat

from albumfaces.people import decisions
from albumfaces.store import Store
from albumfaces.web.crops import crop_file
from albumfaces.web.server import ReviewServer
from tests.conftest import SAMPLE, run, run_json
from tests.media.phone import live_photo, motion_photo, save_clip

CAMPAIGN = SAMPLE / "2019" / "Campaign"


@pytest.fixture(scope="module")
def phone_library(tmp_path_factory, data):
    """IMG_0001: Biden, and his clip. IMG_0002: Obama, and a clip in which Biden is seen (he
    is not in the still). PXL_0003: a motion photo of Obama whose video shows Obama too."""
    root = tmp_path_factory.mktemp("phone")
    folder = root / "photos" / "2023"
    live_photo(folder, "IMG_0001", CAMPAIGN / "biden.jpg", content_id="LIVE-0001")
    live_photo(
        folder, "IMG_0002", CAMPAIGN / "obama.jpg", CAMPAIGN / "biden2.jpg", content_id="LIVE-02"
    )
    video = save_clip(root / "motion.mp4", CAMPAIGN / "obama3.jpg", seconds=1.0)
    motion_photo(folder / "PXL_0003.jpg", CAMPAIGN / "obama2.jpg", video)
    db = root / "faces.db"
    first = run_json(db, "scan", root / "photos", "--workers", 1)
    assert (first["new"], first["failed"], first["videos"], first["faces"]) == (3, 0, 0, 3)
    assert (first["live_photos"], first["motion_photos"], first["motion_scanned"]) == (2, 1, 0)
    second = run_json(db, "scan", root / "photos", "--workers", 1, "--live-clips")
    assert (second["rescanned"], second["motion_scanned"], second["failed"]) == (3, 3, 0)
    return root, db


def faces_of(db) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for face in run_json(db, "faces"):
        found.setdefault(os.path.basename(face["path"]), []).append(face)
    return found


def test_the_clip_adds_whom_the_still_misses_and_nobody_twice(phone_library):
    root, db = phone_library
    faces = faces_of(db)
    assert {name: len(f) for name, f in faces.items()} == {
        "IMG_0001.HEIC": 1,  # Biden in the still and in the clip: once
        "IMG_0002.HEIC": 2,  # Obama in the still, Biden seen in the clip
        "PXL_0003.jpg": 1,  # Obama in the still and in its video: once
    }
    in_clip = [f for f in faces["IMG_0002.HEIC"] if f["time"] is not None]
    assert len(in_clip) == 1 and in_clip[0]["media"] == "photo"
    status = run_json(db, "status")
    assert (status["photos"], status["videos"], status["faces"]) == (3, 0, 4)
    assert (status["live_photos"], status["motion_photos"]) == (2, 1)
    said = run(db, "status").stdout
    assert "Phone:    2 Live Photo pairs and 1 motion photo (each one photo; their clips" in said
    with Store.open(db) as store:  # the face seen only in the clip is cut from the clip
        face = store.get_face(in_clip[0]["id"])
        crop = crop_file(root / "crops", face, 160)
    assert crop is not None and Image.open(crop).size == (160, 160)


def test_the_library_remembers_to_scan_the_clips(phone_library, tmp_path):
    root, db = phone_library
    copy = tmp_path / "faces.db"
    shutil.copy(db, copy)
    plain = run_json(copy, "scan", root / "photos", "--workers", 1)  # as organize scans
    assert (plain["rescanned"], plain["unchanged"]) == (0, 3)
    assert run_json(copy, "status")["live_clips"] is True
    assert "their clips scanned too" in run(copy, "status").stdout
    off = run_json(copy, "scan", root / "photos", "--workers", 1, "--no-live-clips")
    assert (off["rescanned"], off["motion_scanned"]) == (3, 0)
    status = run_json(copy, "status")
    assert (status["faces"], status["live_clips"]) == (3, False)


@pytest.fixture(scope="module")
def named(phone_library, tmp_path_factory):
    root, db = phone_library
    copy = tmp_path_factory.mktemp("named") / "faces.db"
    shutil.copy(db, copy)
    faces = faces_of(copy)
    biden = [f["id"] for f in faces["IMG_0001.HEIC"]]
    biden += [f["id"] for f in faces["IMG_0002.HEIC"] if f["time"] is not None]
    obama = [f["id"] for f in faces["PXL_0003.jpg"]]
    obama += [f["id"] for f in faces["IMG_0002.HEIC"] if f["time"] is None]
    with Store.open(copy) as store:
        decisions.new_person(store, biden, "Joe Biden")
        decisions.new_person(store, obama, "Barack Obama")
    return root, copy


def album(dest, person) -> list[str]:
    return sorted(p.name for p in (dest / person).iterdir())


def test_albums_hold_each_live_photo_once_and_its_clip_beside_it(named, tmp_path):
    root, db = named
    dest = tmp_path / "albums"
    run(db, "export", dest)
    biden = album(dest, "Joe Biden")
    assert len(biden) == 2 and "IMG_0001" in biden[0] and "IMG_0002" in biden[1]
    assert all(n.endswith(".HEIC") for n in biden) and len(album(dest, "Barack Obama")) == 2
    run(db, "export", dest, "--with-live-clips")
    assert len(album(dest, "Joe Biden")) == 4
    for heic, clip in zip(biden, ("IMG_0001.MOV", "IMG_0002.MOV"), strict=True):
        beside = dest / "Joe Biden" / (heic.removesuffix(".HEIC") + ".MOV")
        assert beside.is_symlink() and beside.resolve().name == clip
    assert len(album(dest, "Barack Obama")) == 3  # the motion photo is one file


def test_the_photo_view_shows_the_still_and_says_what_moves(named):
    root, db = named
    faces = faces_of(db)
    photo = faces["IMG_0002.HEIC"][0]["photo"]
    motion = faces["PXL_0003.jpg"][0]["photo"]
    server = ReviewServer(db)
    server.start_in_thread()
    try:
        with httpx.Client(base_url=server.base, timeout=60, follow_redirects=True) as client:
            assert client.get(server.url).status_code == 200
            page = client.get(f"/photos/{photo}")
            assert page.status_code == 200
            assert "Live Photo: its clip is IMG_0002.MOV." in page.text
            assert page.text.count('class="box') == 1  # the still's face only: Obama
            assert "in its clip at" in page.text and "Joe Biden" in page.text
            shown = client.get(f"/api/photos/{photo}").json()
            assert shown["live_clip"].endswith("IMG_0002.MOV") and len(shown["faces"]) == 2
            assert "Motion photo" in client.get(f"/photos/{motion}").text
            clip_face = next(f for f in shown["faces"] if f["time"] is not None)
            crop = client.get(f"/api/faces/{clip_face['id']}/crop")
            assert crop.status_code == 200 and crop.headers["content-type"] == "image/jpeg"
            people = {p["name"]: p["id"] for p in client.get("/api/people").json()}
            both = f"/together?with={people['Joe Biden']}&with={people['Barack Obama']}"
            together = client.get(both).text  # IMG_0002: both, Biden only in the clip
            assert "IMG_0002" in together and together.count('class="box') == 1
    finally:
        server.stop()


def test_identify_knows_a_live_photo_and_a_motion_photo(named, tmp_path):
    root, db = named
    folder = tmp_path / "new"
    live_photo(folder, "IMG_0100", CAMPAIGN / "biden2.jpg", content_id="LIVE-0100")
    video = save_clip(tmp_path / "v.mp4", CAMPAIGN / "obama.jpg", seconds=1.0)
    motion_photo(folder / "PXL_0101.jpg", CAMPAIGN / "obama.jpg", video, "samsung")
    lines = sorted(run(db, "identify", folder).stdout.splitlines())
    assert lines == [
        f"{folder / 'IMG_0100.HEIC'},Joe Biden",
        f"{folder / 'PXL_0101.jpg'},Barack Obama",
    ]


def test_a_motion_photos_video_adds_whom_the_still_misses(data, tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    video = save_clip(tmp_path / "v.mp4", CAMPAIGN / "biden.jpg", seconds=1.0)
    photo = motion_photo(folder / "SAMSUNG_0004.jpg", CAMPAIGN / "obama2.jpg", video, "samsung")
    db = tmp_path / "faces.db"
    report = run_json(db, "scan", folder, "--live-clips", "--workers", 1)
    assert (report["motion_photos"], report["motion_scanned"], report["faces"]) == (1, 1, 2)
    with Store.open(db) as store:
        (seen,) = [f for f in store.iter_faces() if f.time is not None]
        assert seen.in_motion_part and seen.clip.embedded and seen.clip.path == str(photo)
        crop = crop_file(tmp_path / "crops", seen, 160)  # cut from the video's frame
    assert crop is not None and Image.open(crop).size == (160, 160)
    assert max(ImageStat.Stat(Image.open(crop)).stddev) > 20  # a face, not black nothing
    said = run(db, "faces").stdout
    assert "(in its motion video at 0.0 s)" in said


def test_sidecars_name_only_the_faces_of_the_still(named):
    """Biden is seen only in IMG_0002's clip: his box there is in the clip's frame, so the
    photo's sidecar names Obama alone. (Last in this file: it writes beside the photos.)"""
    from tests.xmp.helpers import EXIFTOOL, read_with_exiftool

    if EXIFTOOL is None:
        pytest.skip("exiftool not installed (libimage-exiftool-perl)")
    root, db = named
    run(db, "xmp", "write", root / "photos")
    regions = read_with_exiftool(root / "photos" / "2023" / "IMG_0002.HEIC.xmp")
    assert [r["Name"] for r in regions["RegionInfo"]["RegionList"]] == ["Barack Obama"]
    first = read_with_exiftool(root / "photos" / "2023" / "IMG_0001.HEIC.xmp")
    assert [r["Name"] for r in first["RegionInfo"]["RegionList"]] == ["Joe Biden"]
