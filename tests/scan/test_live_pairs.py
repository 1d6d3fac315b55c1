"""iPhone Live Photos in a scan, on the fake pipeline: a photo and its clip are one photo,
paired by their content identifier or by name and moment; a rescan reads no clip; a moved pair
stays one photo; a clip whose photo is gone is a video again; albums list the photo once, its
clip beside it when asked."""

from __future__ import annotations

import os
import shutil

import pytest
from PIL import Image

from albumfaces.export import export_albums
from albumfaces.models import FileKind, MediaType, PairHow, ScanOptions, ScanSettings
from albumfaces.people import decisions
from albumfaces.scan import scan_library
from tests.fakes import BLUE, RED, FakePipeline, make_photo
from tests.media.phone import save_clip, save_still

CONTENT_ID = "5E2B8A61-4C1D-4F7A-9B0E-3D5C7A9E1F20"


def fake_scan(store, *roots, **options):
    settings = ScanSettings(face_model="dlib")
    return scan_library(
        store,
        [str(r) for r in roots],
        ScanOptions(settings, workers=1, **options),
        make_pipeline=FakePipeline,
    )


@pytest.fixture
def white(tmp_path):
    """A picture the fake pipeline finds no face in: what the clips show."""
    return make_photo(tmp_path / "white.png", [])


def still(folder, name, colour=RED, content_id=CONTENT_ID, taken="2023:05:01 12:34:56"):
    """A photo of one fake face, with an iPhone's EXIF (PNG inside: the fake pipeline's
    squares stay exact; the scan goes by content, not by the name)."""
    folder.mkdir(parents=True, exist_ok=True)
    picture = make_photo(folder / f".{name}.png", [(colour, 40, 40, 30)])
    with Image.open(picture) as im:
        made = save_still(folder / name, im, content_id, taken, kind="PNG")
    picture.unlink()
    return made


def kinds(store) -> dict[str, FileKind]:
    return {os.path.basename(p): r.kind for p, r in store.load_files().items()}


def test_a_live_photo_is_one_photo_with_one_face(tmp_path, store, white):
    folder = tmp_path / "photos"
    still(folder, "IMG_0001.JPG")
    save_clip(folder / "IMG_0001.MOV", white, content_id=CONTENT_ID)
    report = fake_scan(store, folder)
    assert (report.new, report.videos, report.faces, report.live_photos) == (1, 0, 1, 1)
    assert kinds(store) == {"IMG_0001.JPG": FileKind.PHOTO, "IMG_0001.MOV": FileKind.LIVE_CLIP}
    (pair,) = store.live_pairs().values()
    assert pair.how == PairHow.CONTENT_ID and pair.content_id == CONTENT_ID
    status = store.status()
    assert (status.photos, status.videos, status.live_photos, status.faces) == (1, 0, 1, 1)
    assert status.to_dict()["live_photos"] == 1


def test_paired_by_the_content_identifier_whatever_the_names(tmp_path, store, white):
    folder = tmp_path / "photos"
    still(folder, "Birthday.JPG")
    save_clip(folder / "IMG_4410.MOV", white, content_id=CONTENT_ID)
    report = fake_scan(store, folder)
    assert (report.videos, report.live_photos) == (0, 1)
    assert kinds(store)["IMG_4410.MOV"] == FileKind.LIVE_CLIP


def test_different_content_identifiers_are_never_a_pair(tmp_path, store, white):
    folder = tmp_path / "photos"
    still(folder, "IMG_0001.JPG")
    save_clip(folder / "IMG_0001.MOV", white, content_id="0B6E1F1C-0000-4000-8000-00000000AAAA")
    report = fake_scan(store, folder)
    assert (report.videos, report.live_photos) == (1, 0)


def test_paired_by_name_and_moment_when_the_files_carry_no_identifier(tmp_path, store, white):
    folder = tmp_path / "photos"
    still(folder, "IMG_0001.JPG", content_id=None)
    save_clip(folder / "IMG_0001.MOV", white, local=None)  # only its UTC date: 9 hours off
    still(folder, "IMG_0002.JPG", content_id=None)
    save_clip(folder / "IMG_0002.MOV", white, seconds=8.0)  # too long for a Live Photo
    still(folder, "IMG_0003.JPG", content_id=None, taken="2023:05:01 12:44:56")  # 10 min on
    save_clip(folder / "IMG_0003.MOV", white)
    report = fake_scan(store, folder)
    assert (report.live_photos, report.videos) == (1, 2)
    (pair,) = store.live_pairs().values()
    assert pair.how == PairHow.NAME_AND_TIME and pair.clip_path.endswith("IMG_0001.MOV")


def test_a_rescan_reads_no_clip_and_keeps_the_pair(tmp_path, store, white, monkeypatch):
    folder = tmp_path / "photos"
    still(folder, "IMG_0001.JPG")
    save_clip(folder / "IMG_0001.MOV", white, content_id=CONTENT_ID)
    fake_scan(store, folder)

    def forbidden(path):
        raise AssertionError(f"read {path} again")

    monkeypatch.setattr("albumfaces.scan.live.clip_facts", forbidden)
    monkeypatch.setattr("albumfaces.scan.live.photo_facts", forbidden)
    again = fake_scan(store, folder)
    assert (again.new, again.unchanged, again.live_photos, again.videos) == (0, 1, 1, 0)


def test_a_moved_pair_stays_one_photo_with_its_decisions(tmp_path, store, white):
    folder = tmp_path / "photos"
    made = still(folder / "2023", "IMG_0001.JPG")
    save_clip(folder / "2023" / "IMG_0001.MOV", white, content_id=CONTENT_ID)
    fake_scan(store, folder)
    (face,) = store.iter_faces()
    decisions.new_person(store, [face.id], "Anna")
    shutil.move(folder / "2023", folder / "Trip")
    report = fake_scan(store, folder)
    assert (report.moved, report.removed, report.videos, report.live_photos) == (1, 0, 0, 1)
    (moved,) = store.iter_faces()
    assert moved.person == "Anna" and moved.path == str(folder / "Trip" / made.name)
    (pair,) = store.live_pairs().values()
    assert pair.photo_path == str(folder / "Trip" / "IMG_0001.JPG")
    assert kinds(store) == {"IMG_0001.JPG": FileKind.PHOTO, "IMG_0001.MOV": FileKind.LIVE_CLIP}


def test_a_clip_whose_photo_is_gone_is_a_video_again(tmp_path, store, white):
    folder = tmp_path / "photos"
    made = still(folder, "IMG_0001.JPG")
    save_clip(folder / "IMG_0001.MOV", white, content_id=CONTENT_ID)
    fake_scan(store, folder)
    made.unlink()
    report = fake_scan(store, folder)
    assert (report.removed, report.videos, report.live_photos) == (1, 1, 0)
    assert store.live_pairs() == {}
    status = store.status()
    assert (status.photos, status.videos, status.live_photos) == (1, 1, 0)
    (photo,) = store.load_photos().values()
    assert photo.media == MediaType.VIDEO


def test_a_photo_that_comes_later_takes_its_clip_back_from_the_videos(tmp_path, store, white):
    folder = tmp_path / "photos"
    save_clip(folder / "IMG_0001.MOV", white, content_id=CONTENT_ID)
    assert fake_scan(store, folder).videos == 1
    still(folder, "IMG_0001.JPG")
    report = fake_scan(store, folder)
    assert (report.new, report.live_photos) == (1, 1)
    status = store.status()
    assert (status.photos, status.videos, status.live_photos) == (1, 0, 1)


def test_no_videos_leaves_the_pairs_alone(tmp_path, store, white, monkeypatch):
    folder = tmp_path / "photos"
    still(folder, "IMG_0001.JPG")
    save_clip(folder / "IMG_0001.MOV", white, content_id=CONTENT_ID)
    fake_scan(store, folder)
    monkeypatch.setattr("albumfaces.scan.live.plan_live", None)  # never asked
    report = fake_scan(store, folder, videos=False)
    assert (report.live_photos, report.unchanged) == (1, 1)


def test_albums_list_a_live_photo_once_and_its_clip_beside_it_when_asked(tmp_path, store, white):
    folder = tmp_path / "photos"
    still(folder, "IMG_0001.JPG")
    save_clip(folder / "IMG_0001.MOV", white, content_id=CONTENT_ID)
    still(folder, "IMG_0002.JPG", colour=BLUE, content_id=None)  # a photo without a clip
    fake_scan(store, folder)
    for face in store.iter_faces():
        decisions.new_person(store, [face.id], "Anna" if face.path.endswith("1.JPG") else "Ben")
    albums = tmp_path / "albums"

    def entries():
        return sorted(
            (p.parent.name, p.name, os.readlink(p)) for p in albums.rglob("*") if p.is_symlink()
        )

    export_albums(store, albums)
    (anna,) = [e for e in entries() if e[0] == "Anna"]
    assert anna[1].endswith(".JPG") and anna[2].endswith("IMG_0001.JPG")
    report = export_albums(store, albums, with_live_clips=True)
    assert (report.added, report.unchanged) == (1, 2)
    anna_photo, anna_clip = [e for e in entries() if e[0] == "Anna"]
    assert anna_clip[1] == anna_photo[1].removesuffix(".JPG") + ".MOV"
    assert (albums / "Anna" / anna_clip[1]).resolve() == folder / "IMG_0001.MOV"
    assert len([e for e in entries() if e[0] == "Ben"]) == 1  # no clip, one entry
    again = export_albums(store, albums, with_live_clips=True)
    assert (again.added, again.removed, again.unchanged) == (0, 0, 3)
    without = export_albums(store, albums)
    assert (without.removed, [e[1] for e in entries() if e[0] == "Anna"]) == (1, [anna[1]])
