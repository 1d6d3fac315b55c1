"""Scanning, carrying decisions over and exporting, with the fake pipeline: no dlib, no
../shared/data, milliseconds per test."""

import os

import pytest
from click.testing import CliRunner

from albumfaces.export import export_albums
from albumfaces.models import FileKind, ScanOptions, ScanSettings, Source
from albumfaces.people import (
    merge_people,
    name_person,
    recluster,
    reject_faces,
    set_cover,
    undo,
)
from albumfaces.recognition.files import ModelsMissing
from albumfaces.scan import scan_library
from albumfaces.store import Store
from tests.fakes import BLUE, GREEN, RED, FakePipeline, MissingWeights, make_photo


@pytest.fixture
def pictures(tmp_path):
    root = tmp_path / "pictures"
    make_photo(root / "a.png", [(RED, 20, 20, 50), (BLUE, 150, 30, 50)])
    make_photo(root / "b.png", [(RED, 30, 40, 60)])
    make_photo(root / "c" / "c.png", [(BLUE, 10, 10, 40)])
    make_photo(root / "c" / "d.png", [(GREEN, 100, 50, 40)])
    make_photo(root / "c" / "e.png", [(GREEN, 60, 60, 44)])
    return root


@pytest.fixture
def fake_store(tmp_path):
    with Store.open(tmp_path / "fake.db") as store:
        yield store


def fake_scan(store, root, **settings):
    settings.setdefault("face_model", "dlib")  # the thresholds the colours are spaced for
    return scan_library(
        store,
        [str(root)],
        ScanOptions(ScanSettings(**settings), workers=1),
        make_pipeline=FakePipeline,
    )


def people_by_colour(store) -> dict[tuple, int | None]:
    """The person of each face, keyed by (file name, box left)."""
    return {(os.path.basename(f.path), f.box.left): f.person_id for f in store.iter_faces()}


def test_the_fake_pipeline_scans_and_clusters_by_colour(fake_store, pictures):
    report = fake_scan(fake_store, pictures)
    assert (report.new, report.faces, report.failed) == (5, 6, 0)
    recluster(fake_store)
    found = people_by_colour(fake_store)
    assert found[("a.png", 20)] == found[("b.png", 30)] != found[("a.png", 150)]
    assert found[("a.png", 150)] == found[("c.png", 10)]
    assert found[("d.png", 100)] == found[("e.png", 60)]
    assert len({p for p in found.values()}) == 3


def test_a_settings_rescan_carries_every_kind_of_decision(fake_store, pictures):
    fake_scan(fake_store, pictures)
    recluster(fake_store)
    found = people_by_colour(fake_store)
    red, blue = found[("a.png", 20)], found[("a.png", 150)]
    name_person(fake_store, red, "Red")
    (blue_face,) = [f.id for f in fake_store.iter_faces() if f.box.left == 10]
    reject_faces(fake_store, [blue_face])
    red_face = next(f.id for f in fake_store.iter_faces() if f.box.left == 30)
    set_cover(fake_store, red, red_face)
    old_ids = {f.id for f in fake_store.iter_faces()}

    report = fake_scan(fake_store, pictures, upsample=2)  # every box grows by a pixel
    assert report.rescanned == 5
    faces = {(os.path.basename(f.path), f.box.left): f for f in fake_store.iter_faces()}
    assert not old_ids & {f.id for f in faces.values()}  # all faces are new
    assert faces[("a.png", 19)].person_id == red and faces[("a.png", 19)].source == Source.USER
    new_blue = faces[("c.png", 9)]
    assert new_blue.person_id is None
    assert (new_blue.id, blue) in fake_store.load_user_decisions()[1]
    assert fake_store.get_person(red).cover_face_id == faces[("b.png", 29)].id
    recluster(fake_store)
    assert fake_store.face_assignment(new_blue.id) is None or (
        fake_store.face_assignment(new_blue.id).person_id != blue
    )


def test_undo_says_what_a_rescan_took_away(fake_store, pictures):
    fake_scan(fake_store, pictures)
    recluster(fake_store)
    found = people_by_colour(fake_store)
    reject_faces(fake_store, [next(f.id for f in fake_store.iter_faces() if f.box.left == 10)])
    os.remove(pictures / "c" / "c.png")  # the rejected face's photo is deleted
    fake_scan(fake_store, pictures)
    (reversal,) = undo(fake_store)
    assert reversal.problems and "is gone" in reversal.problems[0]
    assert found[("a.png", 150)] in {p.id for p in fake_store.list_people()}


def test_missing_weights_stop_the_scan_and_mark_nothing_failed(fake_store, pictures):
    with pytest.raises(ModelsMissing, match="weights not found"):
        scan_library(
            fake_store, [str(pictures)], ScanOptions(workers=1), make_pipeline=MissingWeights
        )
    assert fake_store.status().failures == 0
    report = fake_scan(fake_store, pictures)  # once installed, everything is scanned
    assert (report.new, report.faces, report.failed) == (5, 6, 0)


def test_missing_weights_through_the_cli(tmp_path, pictures, monkeypatch):
    from albumfaces.cli import main
    from albumfaces.recognition import dlib_parts

    monkeypatch.setattr(dlib_parts, "models_dir", lambda: tmp_path / "no-models")
    db = tmp_path / "faces.db"
    args = ["--db", str(db), "scan", str(pictures), "--workers", "1", "--face-model", "dlib"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "weights not found" in result.stderr and "pip install" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with Store.open(db) as store:
        assert store.status().failures == 0


def test_a_file_that_cannot_be_read_while_sniffing_is_a_retried_failure(
    fake_store, tmp_path, monkeypatch
):
    from PIL import Image

    from albumfaces.media import images

    root = tmp_path / "odd"
    make_photo(root / "scan.data", [(RED, 20, 20, 50)])  # an image with an unknown suffix
    real_open = Image.open

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(images.Image, "open", refuse)
    report = fake_scan(fake_store, root)
    assert report.failed == 1 and "permission denied" in report.failures[0].reason
    assert fake_store.load_files()[str(root / "scan.data")].kind == FileKind.FAILED
    monkeypatch.setattr(images.Image, "open", real_open)
    assert fake_scan(fake_store, root).faces == 0  # unchanged and failed: not tried again
    retried = scan_library(
        fake_store,
        [str(root)],
        ScanOptions(workers=1, retry_failed=True),
        make_pipeline=FakePipeline,
    )
    assert (retried.faces, retried.failed) == (1, 0)
    assert fake_store.load_files()[str(root / "scan.data")].kind == FileKind.PHOTO


def test_export_and_its_dry_run_with_fake_faces(fake_store, pictures, tmp_path):
    fake_scan(fake_store, pictures)
    recluster(fake_store)
    found = people_by_colour(fake_store)
    name_person(fake_store, found[("a.png", 20)], "Red")
    name_person(fake_store, found[("a.png", 150)], "Blue")
    dest = tmp_path / "albums"
    export_albums(fake_store, dest)
    assert sorted(p.name for p in dest.iterdir()) == ["Blue", "Red"]
    assert len(list((dest / "Red").iterdir())) == 2
    merge_people(fake_store, [found[("a.png", 150)]], found[("a.png", 20)])
    with fake_store.transaction():  # as photos scanned before dates were stored (m003)
        fake_store.db.execute("UPDATE photos SET taken_at = NULL")
    before = fake_store.db.execute("SELECT * FROM exports ORDER BY rel_path").fetchall()
    dry = export_albums(fake_store, dest, dry_run=True)
    assert fake_store.db.execute(
        "SELECT count(*) FROM photos WHERE taken_at IS NOT NULL"
    ).fetchone() == (0,)
    # Blue's two photos leave; only c.png is new to Red (a.png, with both, is there already)
    assert (dry.added, dry.removed) == (1, 2) and any("remove Blue/" in a for a in dry.actions)
    assert sorted(p.name for p in dest.iterdir()) == ["Blue", "Red"]
    assert fake_store.db.execute("SELECT * FROM exports ORDER BY rel_path").fetchall() == before
    export_albums(fake_store, dest)
    assert sorted(p.name for p in dest.iterdir()) == ["Red"]
    assert fake_store.db.execute(
        "SELECT count(*) FROM photos WHERE taken_at IS NOT NULL"
    ).fetchone() == (3,)  # Red's three photos are dated now; the unexported two are not
    assert len(list((dest / "Red").iterdir())) == 3  # a.png once, though both faces are Red's
