"""Incremental behaviour of scans on a small library of real photos."""

import os
import shutil

import pytest

from albumfaces.scan import scanner
from albumfaces.store import StoreBusy
from tests.conftest import SAMPLE, SMALL_PHOTOS, faces_by_path, scan


def forbid(what):
    def fail(*args, **kwargs):
        raise AssertionError(f"{what} should not have been called")

    return fail


@pytest.fixture
def scanned(library, store):
    report = scan(store, library)
    assert report.new == len(SMALL_PHOTOS)
    assert report.faces == sum(SMALL_PHOTOS.values())
    return library, store


def test_first_scan_stores_every_face(scanned):
    library, store = scanned
    found = faces_by_path(store)
    for rel, count in SMALL_PHOTOS.items():
        assert len(found.get(str(library / rel), [])) == count


def test_unchanged_files_are_not_read_again(scanned, monkeypatch):
    library, store = scanned
    monkeypatch.setattr(scanner, "hash_file", forbid("hash_file"))
    monkeypatch.setattr(scanner, "run_jobs", forbid("run_jobs"))
    report = scan(store, library)
    assert (report.unchanged, report.new, report.changed, report.faces) == (4, 0, 0, 0)


def test_renamed_and_moved_files_are_recognised_without_detection(scanned, monkeypatch):
    library, store = scanned
    ids_before = {f.id for f in store.iter_faces()}
    (library / "2019" / "Campaign" / "obama.jpg").rename(library / "misc" / "renamed.jpg")
    shutil.move(library / "2020", library / "moved-2020")
    monkeypatch.setattr(scanner, "run_jobs", forbid("run_jobs"))
    report = scan(store, library)
    assert (report.moved, report.removed, report.new, report.faces) == (2, 0, 0, 0)
    assert {f.id for f in store.iter_faces()} == ids_before
    assert str(library / "misc" / "renamed.jpg") in faces_by_path(store)


def test_a_copy_is_scanned_once(scanned, monkeypatch):
    library, store = scanned
    shutil.copy2(library / "2020" / "Home" / "two_people.jpg", library / "copy.jpg")
    monkeypatch.setattr(scanner, "run_jobs", forbid("run_jobs"))
    report = scan(store, library)
    assert report.moved == 1 and report.faces == 0
    assert store.status().photos == 4 and store.status().files == 5


def test_deleted_photos_lose_their_faces(scanned):
    library, store = scanned
    (library / "2020" / "Home" / "two_people.jpg").unlink()
    report = scan(store, library)
    assert report.removed == 1
    assert len(list(store.iter_faces())) == 2
    assert store.db.execute("SELECT count(*) FROM faces").fetchone()[0] == 2


def test_modified_photo_is_rescanned(scanned):
    library, store = scanned
    target = library / "misc" / "noface_9.jpg"
    shutil.copyfile(SAMPLE / "2019" / "Campaign" / "obama2.jpg", target)
    report = scan(store, library)
    assert (report.changed, report.faces) == (1, 1)
    assert len(faces_by_path(store)[str(target)]) == 1
    assert store.status().photos == 4  # the old content is gone


def test_touched_file_is_hashed_but_not_detected_again(scanned, monkeypatch):
    library, store = scanned
    target = library / "2019" / "Campaign" / "biden.jpg"
    os.utime(target, ns=(1, 1))
    monkeypatch.setattr(scanner, "run_jobs", forbid("run_jobs"))
    report = scan(store, library)
    assert (report.changed, report.faces, report.unchanged) == (1, 0, 3)
    assert scan(store, library).unchanged == 4


def test_settings_change_rescans_only_affected_photos(library, store):
    big = library / "IMG_0004.JPG"  # 6000 x 4000; biden.jpg is 970 x 2204, the rest < 1280
    shutil.copy2(SAMPLE / "2023" / "Phone" / "IMG_0004.JPG", big)
    scan(store, library, max_size=1280)
    report = scan(store, library, max_size=2400)
    assert (report.rescanned, report.unchanged) == (2, 3)
    report = scan(store, library, max_size=3000)  # biden.jpg is full size under both
    assert (report.rescanned, report.unchanged) == (1, 4)
    report = scan(store, library, max_size=1600, upsample=0)
    assert report.rescanned == 5
    assert len(faces_by_path(store)[str(big)]) == 1


def test_failed_files_are_not_retried_unless_asked_or_changed(library, store, data):
    shutil.copy(data / "edge-cases" / "bad" / "truncated.jpg", library / "broken.jpg")
    first = scan(store, library)
    assert [f.path for f in first.failures] == [str(library / "broken.jpg")]
    assert "truncated" in first.failures[0].reason
    assert scan(store, library).failures == []
    from albumfaces.models import ScanOptions
    from albumfaces.scan import scan_library

    retried = scan_library(store, [str(library)], ScanOptions(workers=1, retry_failed=True))
    assert len(retried.failures) == 1
    shutil.copyfile(SAMPLE / "2019" / "Campaign" / "obama2.jpg", library / "broken.jpg")
    fixed = scan(store, library)
    assert fixed.failures == [] and fixed.changed == 1 and fixed.faces == 1


def test_hidden_entries_the_database_and_non_images_are_skipped(library, tmp_path):
    from albumfaces.store import Store

    hidden = library / ".thumbnails"
    hidden.mkdir()
    shutil.copy2(SAMPLE / "2019" / "Campaign" / "obama2.jpg", hidden / "thumb.jpg")
    (library / "notes.txt").write_text("not a photo")
    with Store.open(library / "faces.db") as store:
        report = scan(store, library)
    assert report.new == 4 and report.failures == []


def test_symlinked_folder_loops_are_walked_once(library, store):
    (library / "2019" / "loop").symlink_to(library, target_is_directory=True)
    report = scan(store, library)
    assert report.new == 4


def test_a_missing_root_or_another_folder_keeps_what_is_stored(scanned, tmp_path):
    library, store = scanned
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert scan(store, elsewhere).removed == 0
    report = scan(store, tmp_path / "unplugged-drive")
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
    report = scan(store, library)
    assert report.removed == 0
    assert report.failures[0].path == locked and "Permission denied" in report.failures[0].reason
    assert len(list(store.iter_faces())) == 4


def test_a_second_scan_at_once_is_refused(library, store):
    with store.exclusive():
        with pytest.raises(StoreBusy):
            scan(store, library)


@pytest.mark.parametrize("suffix", [".webp", ".tif", ".bmp", ".gif", ".png"])
def test_other_formats_are_scanned(data, store, tmp_path, suffix):
    from PIL import Image

    folder = tmp_path / "formats"
    folder.mkdir()
    Image.open(SAMPLE / "2019" / "Campaign" / "obama.jpg").save(folder / f"obama{suffix}")
    report = scan(store, folder)
    assert (report.new, report.faces, report.failures) == (1, 1, [])


def test_cnn_detector_finds_the_face(library, store):
    report = scan(store, library / "2019" / "Campaign", model="cnn", upsample=0, max_size=600)
    assert report.faces == 2
    assert all(face.score is not None for face in store.iter_faces())


def test_an_unreadable_file_is_a_failure(library, store, monkeypatch):
    real_hash = scanner.hash_file
    locked = str(library / "2019" / "Campaign" / "biden.jpg")

    def hash_file(path):
        if path == locked:
            raise PermissionError(13, "Permission denied")
        return real_hash(path)

    monkeypatch.setattr(scanner, "hash_file", hash_file)
    report = scan(store, library)
    assert [(f.path, f.reason) for f in report.failures] == [
        (locked, "cannot read: Permission denied")
    ]
    assert report.faces == 3
