import stat

import pytest

from albumfaces.models import FaceAssignment
from albumfaces.store import Store, StoreBusy


def test_database_is_private_to_its_owner(tmp_path):
    path = tmp_path / "new" / "faces.db"
    with Store.open(path):
        pass
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_migrations_are_named_and_applied_once(tmp_path):
    path = tmp_path / "faces.db"
    with Store.open(path) as store:
        names = [r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")]
    with Store.open(path) as store:
        again = [r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")]
    assert (
        names
        == again
        == [
            "m001_initial",
            "m002_people",
            "m003_exports",
            "m004_decisions",
            "m005_videos",
            "m006_region_names",
            "m007_xmp_sidecars",
            "m008_cluster_runs",
            "m009_face_models",
            "m010_valid_names",
            "m011_together_albums",
            "m012_births",
            "m013_photo_names",
            "m014_not_faces",
            "m015_drawn_faces",
            "m016_live_photos",
        ]
    )


def test_second_writer_is_refused_with_a_message(tmp_path):
    path = tmp_path / "faces.db"
    with Store.open(path) as first, Store.open(path) as second:
        with first.exclusive():
            with pytest.raises(StoreBusy, match="in use by another albumfaces run"):
                with second.exclusive():
                    pass
        with second.exclusive():  # free again once the first is done
            pass


def test_an_older_database_is_upgraded_in_place(tmp_path):
    from sqlite_utils import Database

    from albumfaces.store.schema import migrations

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m002_people")  # as the first release left it
    old["photos"].insert(
        {
            "hash": "h",
            "width": 1,
            "height": 1,
            "format": "JPEG",
            "settings_key": "k",
            "scanned_at": "then",
        }
    )
    old["files"].insert(
        {
            "path": "/p.jpg",
            "size": 1,
            "mtime_ns": 1,
            "kind": "photo",
            "photo_hash": "h",
            "error": None,
            "seen_at": "then",
        }
    )
    old.close()
    with Store.open(path) as store:
        assert store.status().photos == 1 and store.status().files == 1
        assert store.list_people() == [] and store.export_roots() == []
        assert "taken_at" in store.db["photos"].columns_dict


def test_a_machine_assignment_never_replaces_the_users(tmp_path):
    from albumfaces.models import Box, DetectedFace, FileKind, FileRecord, PhotoScan, Source

    with Store.open(tmp_path / "faces.db") as store:
        with store.transaction():
            face = DetectedFace(Box(0, 10, 10, 0), (), [0.0] * 128)
            store.save_photo(PhotoScan("h", 10, 10, "JPEG", "k", (face,)))
            store.save_files([FileRecord("/p.jpg", 1, 1, FileKind.PHOTO, "h")])
            (face_id,) = store.load_face_set()[0]
            alice = store.create_person(name="Alice", user_made=True)
            machine = store.create_person(auto_name="person_01")
            store.assign([face_id], alice, Source.USER)
            store.assign([face_id], machine, Source.CLUSTER)
        assert store.face_assignment(face_id) == FaceAssignment(alice, Source.USER)
        with store.transaction():
            store.assign([face_id], machine, Source.USER)  # the user may change their mind
        assert store.face_assignment(face_id) == FaceAssignment(machine, Source.USER)


def test_renaming_an_export_folder_moves_only_its_own_records(tmp_path):
    from albumfaces.models import ExportRecord

    with Store.open(tmp_path / "faces.db") as store:
        with store.transaction():
            store.save_export_records(
                "/d",
                [
                    ExportRecord(rel, 1, "h", "/s.jpg", "symlink", "t")
                    for rel in ("a%2Fb/x.jpg", "a%2Fbc/y.jpg", "aX2Fb/z.jpg")
                ],
            )
            store.save_export_records(
                "/other", [ExportRecord("a%2Fb/x.jpg", 1, "h", "/s.jpg", "symlink", "t")]
            )
            store.rename_export_folder("/d", "a%2Fb", "Alice")
        assert sorted(store.load_export_records("/d")) == [
            "Alice/x.jpg",
            "a%2Fbc/y.jpg",
            "aX2Fb/z.jpg",
        ]
        assert list(store.load_export_records("/other")) == ["a%2Fb/x.jpg"]


def test_names_that_break_the_rule_are_repaired_and_the_repair_can_be_undone(tmp_path):
    from albumfaces.people import history, undo

    path = tmp_path / "faces.db"
    with Store.open(path) as store, store.transaction():
        # names stored before the rule: a NUL, a newline, one far too long, and a clash
        for i, name in enumerate(["a\x00b", "Kim\nMin", "x" * 300, "ab"], start=1):
            store.db.execute("INSERT INTO people (id, name) VALUES (?, ?)", [i, name])
        store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_valid_names'")
    with Store.open(path) as store:  # the migration runs again, on them
        names = dict(store.db.execute("SELECT id, name FROM people"))
        assert names == {1: "ab (2)", 2: "Kim Min", 3: "x" * 200, 4: "ab"}
        entries = history(store)
        assert len(entries) == 3 and all(e.command == "repair names" for e in entries)
        assert any('renamed "a\\u0000b" to "ab (2)"' in e.summary for e in entries)
        undo(store, 3)
        assert store.db.execute("SELECT name FROM people WHERE id = 1").fetchone()[0] == "a\x00b"
