"""Incremental behaviour of scans: the bookkeeping (moves, copies, deletions, settings,
unreadable files and folders) on the fake pipeline's pictures, which stand in for the small
library's photos face for face; the real pipeline on the real photos once, and for what
needs it (formats, the CNN detector)."""

import os
import shutil

import pytest

from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.scan import scan_library, scanner
from albumfaces.store import StoreBusy
from tests.conftest import SAMPLE, SMALL_PHOTOS, faces_by_path, scan
from tests.fakes import BLUE, GREEN, RED, FakePipeline, make_photo

# The small library as the fake pipeline's pictures: the same paths and faces a photo, and
# sizes on either side of the scan's max sizes as the real ones are (biden.jpg is 970 x 2204,
# the rest under 1280)
FAKE_PHOTOS = {
    "2019/Campaign/obama.jpg": ([(RED, 20, 20, 60)], (640, 480)),
    "2019/Campaign/biden.jpg": ([(BLUE, 100, 300, 200)], (970, 2204)),
    "2020/Home/two_people.jpg": ([(GREEN, 20, 20, 50), (RED, 150, 30, 50)], (400, 300)),
    "misc/noface_9.jpg": ([], (300, 200)),
}
BIG = ([(GREEN, 1000, 1000, 800)], (3200, 2200))  # over every max size tried, as IMG_0004.JPG


def fake_scan(store, *roots, **settings):
    settings.setdefault("face_model", "dlib")
    options = ScanOptions(ScanSettings(**settings), workers=1)
    return scan_library(store, [str(r) for r in roots], options, make_pipeline=FakePipeline)


@pytest.fixture
def fake_library(tmp_path):
    root = tmp_path / "photos"
    for rel, (squares, size) in FAKE_PHOTOS.items():
        make_photo(root / rel, squares, size)
    assert {rel: len(s) for rel, (s, _) in FAKE_PHOTOS.items()} == SMALL_PHOTOS
    return root


def forbid(what):
    def fail(*args, **kwargs):
        raise AssertionError(f"{what} should not have been called")

    return fail


@pytest.fixture
def scanned(fake_library, store):
    report = fake_scan(store, fake_library)
    assert report.new == len(SMALL_PHOTOS)
    assert report.faces == sum(SMALL_PHOTOS.values())
    return fake_library, store


@pytest.mark.slow
def test_first_scan_stores_every_face(library, store):
    """The real pipeline, on the real photos: every face where it is."""
    report = scan(store, library)
    assert (report.new, report.faces) == (len(SMALL_PHOTOS), sum(SMALL_PHOTOS.values()))
    found = faces_by_path(store)
    for rel, count in SMALL_PHOTOS.items():
        assert len(found.get(str(library / rel), [])) == count


def test_unchanged_files_are_not_read_again(scanned, monkeypatch):
    library, store = scanned
    monkeypatch.setattr(scanner, "hash_file", forbid("hash_file"))
    monkeypatch.setattr(scanner, "run_jobs", forbid("run_jobs"))
    report = fake_scan(store, library)
    assert (report.unchanged, report.new, report.changed, report.faces) == (4, 0, 0, 0)


def test_renamed_and_moved_files_are_recognised_without_detection(scanned, monkeypatch):
    library, store = scanned
    ids_before = {f.id for f in store.iter_faces()}
    (library / "2019" / "Campaign" / "obama.jpg").rename(library / "misc" / "renamed.jpg")
    shutil.move(library / "2020", library / "moved-2020")
    monkeypatch.setattr(scanner, "run_jobs", forbid("run_jobs"))
    report = fake_scan(store, library)
    assert (report.moved, report.removed, report.new, report.faces) == (2, 0, 0, 0)
    assert {f.id for f in store.iter_faces()} == ids_before
    assert str(library / "misc" / "renamed.jpg") in faces_by_path(store)


def test_a_copy_is_scanned_once(scanned, monkeypatch):
    library, store = scanned
    shutil.copy2(library / "2020" / "Home" / "two_people.jpg", library / "copy.jpg")
    monkeypatch.setattr(scanner, "run_jobs", forbid("run_jobs"))
    report = fake_scan(store, library)
    assert report.moved == 1 and report.faces == 0
    assert store.status().photos == 4 and store.status().files == 5


def test_deleted_photos_lose_their_faces(scanned):
    library, store = scanned
    (library / "2020" / "Home" / "two_people.jpg").unlink()
    report = fake_scan(store, library)
    assert report.removed == 1
    assert len(list(store.iter_faces())) == 2
    assert store.db.execute("SELECT count(*) FROM faces").fetchone()[0] == 2


def test_modified_photo_is_rescanned(scanned):
    library, store = scanned
    target = library / "misc" / "noface_9.jpg"
    make_photo(target, [(BLUE, 40, 40, 30)])  # a face where there was none
    report = fake_scan(store, library)
    assert (report.changed, report.faces) == (1, 1)
    assert len(faces_by_path(store)[str(target)]) == 1
    assert store.status().photos == 4  # the old content is gone


def test_touched_file_is_hashed_but_not_detected_again(scanned, monkeypatch):
    library, store = scanned
    target = library / "2019" / "Campaign" / "biden.jpg"
    os.utime(target, ns=(1, 1))
    monkeypatch.setattr(scanner, "run_jobs", forbid("run_jobs"))
    report = fake_scan(store, library)
    assert (report.changed, report.faces, report.unchanged) == (1, 0, 3)
    assert fake_scan(store, library).unchanged == 4


def test_settings_change_rescans_only_affected_photos(fake_library, store):
    library = fake_library
    big = make_photo(library / "IMG_0004.JPG", *BIG)
    fake_scan(store, library, max_size=1280)
    report = fake_scan(store, library, max_size=2400)
    assert (report.rescanned, report.unchanged) == (2, 3)
    report = fake_scan(store, library, max_size=3000)  # biden.jpg is full size under both
    assert (report.rescanned, report.unchanged) == (1, 4)
    report = fake_scan(store, library, max_size=1600, upsample=0)
    assert report.rescanned == 5
    assert len(faces_by_path(store)[str(big)]) == 1


def test_failed_files_are_not_retried_unless_asked_or_changed(fake_library, store, data):
    library = fake_library
    shutil.copy(data / "edge-cases" / "bad" / "truncated.jpg", library / "broken.jpg")
    first = fake_scan(store, library)
    assert [f.path for f in first.failures] == [str(library / "broken.jpg")]
    assert "truncated" in first.failures[0].reason
    assert fake_scan(store, library).failures == []
    options = ScanOptions(ScanSettings(face_model="dlib"), workers=1, retry_failed=True)
    retried = scan_library(store, [str(library)], options, make_pipeline=FakePipeline)
    assert len(retried.failures) == 1
    make_photo(library / "broken.jpg", [(RED, 10, 10, 40)])  # the user replaced it
    fixed = fake_scan(store, library)
    assert fixed.failures == [] and fixed.changed == 1 and fixed.faces == 1


def test_hidden_entries_the_database_and_non_images_are_skipped(fake_library, tmp_path):
    from albumfaces.store import Store

    library = fake_library
    hidden = library / ".thumbnails"
    make_photo(hidden / "thumb.jpg", [(RED, 10, 10, 40)])
    (library / "notes.txt").write_text("not a photo")
    with Store.open(library / "faces.db") as store:
        report = fake_scan(store, library)
    assert report.new == 4 and report.failures == []


def test_symlinked_folder_loops_are_walked_once(fake_library, store):
    library = fake_library
    (library / "2019" / "loop").symlink_to(library, target_is_directory=True)
    report = fake_scan(store, library)
    assert report.new == 4


def test_a_missing_root_or_another_folder_keeps_what_is_stored(scanned, tmp_path):
    library, store = scanned
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert fake_scan(store, elsewhere).removed == 0
    report = fake_scan(store, tmp_path / "unplugged-drive")
    assert report.removed == 0 and "cannot read" in report.failures[0].reason
    assert len(list(store.iter_faces())) == 4


def test_an_unreadable_folder_is_a_failure_not_a_deletion(scanned, monkeypatch):
    library, store = scanned
    real_scandir = os.scandir
    locked = str(library / "2020")

    def scandir(path):
        if str(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(scanner.walk_roots.__globals__["os"], "scandir", scandir)
    report = fake_scan(store, library)
    assert report.removed == 0
    assert report.failures[0].path == locked and "Permission denied" in report.failures[0].reason
    assert len(list(store.iter_faces())) == 4


def test_a_second_scan_at_once_is_refused(fake_library, store):
    library = fake_library
    with store.exclusive():
        with pytest.raises(StoreBusy):
            fake_scan(store, library)


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".webp", ".tif", ".bmp", ".gif", ".png"])
def test_other_formats_are_scanned(data, store, tmp_path, suffix):
    from PIL import Image

    folder = tmp_path / "formats"
    folder.mkdir()
    Image.open(SAMPLE / "2019" / "Campaign" / "obama.jpg").save(folder / f"obama{suffix}")
    report = scan(store, folder)
    assert (report.new, report.faces, report.failures) == (1, 1, [])


@pytest.mark.slow
def test_cnn_detector_finds_the_face(library, store):
    report = scan(store, library / "2019" / "Campaign", model="cnn", upsample=0, max_size=600)
    assert report.faces == 2
    assert all(face.score is not None for face in store.iter_faces())


def test_an_unreadable_file_is_a_failure(fake_library, store, monkeypatch):
    library = fake_library
    real_hash = scanner.hash_file
    locked = str(library / "2019" / "Campaign" / "biden.jpg")

    def hash_file(path):
        if path == locked:
            raise PermissionError(13, "Permission denied")
        return real_hash(path)

    monkeypatch.setattr(scanner, "hash_file", hash_file)
    report = fake_scan(store, library)
    assert [(f.path, f.reason) for f in report.failures] == [
        (locked, "cannot read: Permission denied")
    ]
    assert report.faces == 3
