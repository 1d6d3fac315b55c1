"""Albums on disk, end to end on copies of the real photos."""

import json
import os
import shutil

import pytest
from PIL import Image, ImageOps

from albumfaces.export.naming import folder_name
from tests.conftest import SAMPLE, run, run_json


def album_state(dest) -> dict[str, set[str]]:
    """{folder: {real path of each entry}}, leaving out files that are not links or ours."""
    state = {}
    for folder in sorted(p for p in dest.iterdir() if p.is_dir()):
        entries = {os.path.realpath(e) for e in folder.iterdir() if e.is_symlink()}
        if entries:
            state[folder.name] = entries
    return state


def expected_state(db, include_unnamed=True) -> dict[str, set[str]]:
    people = {p["id"]: p for p in run_json(db, "people")}
    state: dict[str, set[str]] = {}
    for face in run_json(db, "faces"):
        person = people.get(face["person_id"])
        if person is None or person["ignored"] or not (person["named"] or include_unnamed):
            continue
        state.setdefault(folder_name(person["name"]), set()).add(os.path.realpath(face["path"]))
    return state


def person_id_of(db, path) -> int:
    faces = run_json(db, "faces")
    (pid,) = {f["person_id"] for f in faces if f["path"] == str(path)}
    return pid


def face_of(db, path) -> dict:
    (face,) = [f for f in run_json(db, "faces") if f["path"] == str(path)]
    return face


def tree(dest) -> list[tuple[str, str]]:
    return sorted(
        (str(p.relative_to(dest)), os.readlink(p) if p.is_symlink() else "file")
        for p in dest.rglob("*")
    )


@pytest.mark.slow
def test_albums_follow_every_change_and_leave_foreign_files_alone(data, tmp_path):
    lib, dest, db = tmp_path / "photos", tmp_path / "albums", tmp_path / "faces.db"
    shutil.copytree(SAMPLE, lib)
    result = run(db, "organize", lib, "--out", dest)
    assert result.exit_code == 0, result.output
    assert album_state(dest) == expected_state(db)
    # relative links that resolve to the originals
    links = [p for p in dest.rglob("*") if p.is_symlink()]
    assert links and all(not os.readlink(p).startswith("/") for p in links)
    assert all(os.path.realpath(p).startswith(str(lib)) for p in links)
    # a group photo is in the album of each person in it
    holders = [
        f
        for f, paths in album_state(dest).items()
        if os.path.realpath(lib / "2020/Home/two_people.jpg") in paths
    ]
    assert len(holders) == 2
    # nothing changed: nothing to do, and it says so
    again = run(db, "export", dest, "--include-unnamed")
    assert "up to date" in again.output
    obama = person_id_of(db, lib / "2019/Campaign/obama.jpg")
    biden = person_id_of(db, lib / "2019/Campaign/biden.jpg")
    rose = person_id_of(db, lib / "2019/Summer trip/rose1.jpg")
    kit = person_id_of(db, lib / "2019/Summer trip/john1.jpeg")
    run(db, "name", obama, "Barack")
    run(db, "name", biden, "Joe/Biden")
    run(db, "export", dest, "--include-unnamed")
    (dest / "notes.txt").write_text("mine")
    (dest / "Barack" / "favourite.txt").write_text("mine too")
    # rename, merge, reject, delete, move and add photos
    run(db, "name", "Barack", "Barack Obama")
    assert run(db, "merge", rose, kit).exit_code == 0
    rejected = face_of(db, lib / "2019/Campaign/obama3.jpg")
    assert run(db, "reject", rejected["id"]).exit_code == 0
    (lib / "2019/Campaign/biden2.jpg").unlink()
    (lib / "moved").mkdir()
    shutil.move(lib / "2019/Campaign/obama2.jpg", lib / "moved/obama2.jpg")
    with Image.open(lib / "2019/Campaign/obama.jpg") as im:
        ImageOps.mirror(im).save(lib / "moved/obama-mirrored.jpg")
    scanned = run_json(db, "scan", lib, "--cluster")
    assert (scanned["moved"], scanned["removed"], scanned["new"]) == (1, 1, 1)
    report = run_json(db, "export", dest, "--include-unnamed")
    assert report["renamed"] >= 1 and report["added"] >= 2 and report["removed"] >= 3
    state = album_state(dest)
    assert state == expected_state(db)
    obama_album = state["Barack Obama"]
    assert os.path.realpath(lib / "moved/obama2.jpg") in obama_album
    assert os.path.realpath(lib / "moved/obama-mirrored.jpg") in obama_album
    assert os.path.realpath(lib / "2019/Campaign/obama3.jpg") not in obama_album
    assert not any("biden2" in p for paths in state.values() for p in paths)
    assert "Joe%2FBiden" in state and "Barack" not in state
    assert (dest / "notes.txt").read_text() == "mine"
    assert (dest / "Barack Obama" / "favourite.txt").read_text() == "mine too"
    # a dry run prints the plan and changes nothing
    run(db, "name", "Barack Obama", "Obama")
    before = tree(dest)
    dry = run(db, "export", dest, "--include-unnamed", "--dry-run")
    assert "would rename Barack Obama/ -> Obama/" in dry.output
    assert tree(dest) == before


def test_modes_hardlink_and_copy(people_db_copy, tmp_path):
    db = people_db_copy
    run(db, "name", person_id_of(db, SAMPLE / "2019/Campaign/obama.jpg"), "Obama")
    for mode in ("hardlink", "copy"):
        dest = tmp_path / mode
        result = run(db, "export", dest, "--mode", mode, "--json")
        assert result.exit_code == 0, result.output
        entries = list((dest / "Obama").iterdir())
        assert len(entries) == json.loads(result.stdout)["added"] >= 3
        for entry in entries:
            assert not entry.is_symlink()
            original = next(
                p
                for p in SAMPLE.rglob("*")
                if p.is_file() and p.stat().st_size == entry.stat().st_size
            )
            assert entry.read_bytes() == original.read_bytes()
            same_inode = entry.stat().st_ino == original.stat().st_ino
            assert same_inode == (mode == "hardlink")
        assert "up to date" in run(db, "export", dest, "--mode", mode).output
    switched = json.loads(
        run(db, "export", tmp_path / "copy", "--mode", "symlink", "--json").output
    )
    assert switched["added"] == switched["removed"] >= 3
    assert all(p.is_symlink() for p in (tmp_path / "copy" / "Obama").iterdir())


def test_selection_unnamed_and_ignored_people(people_db_copy, tmp_path):
    db = people_db_copy
    obama = person_id_of(db, SAMPLE / "2019/Campaign/obama.jpg")
    biden = person_id_of(db, SAMPLE / "2019/Campaign/biden.jpg")
    run(db, "name", obama, "Obama")
    run(db, "name", biden, "Biden")
    dest = tmp_path / "albums"
    run(db, "export", dest, "--person", "Obama")
    assert sorted(p.name for p in dest.iterdir()) == ["Obama"]
    run(db, "export", dest)
    assert sorted(p.name for p in dest.iterdir()) == ["Biden", "Obama"]
    run(db, "export", dest, "--include-unnamed")
    assert any(p.name.startswith("person_") for p in dest.iterdir())
    run(db, "ignore", "Biden")
    run(db, "export", dest)
    assert sorted(p.name for p in dest.iterdir()) == ["Obama"]
    result = run(db, "export", dest, "--person", "nobody", expect=1)
    assert result.exit_code == 1 and "no person 'nobody'" in result.output


def test_files_albumfaces_did_not_make_are_never_touched(people_db_copy, tmp_path):
    db = people_db_copy
    run(db, "name", person_id_of(db, SAMPLE / "2019/Campaign/obama.jpg"), "Obama")
    dest = tmp_path / "albums"
    plan = run_json(db, "export", dest, "--dry-run")["plan"]
    first = plan[0].removeprefix("add ")
    (dest / "Obama").mkdir(parents=True)
    (dest / first).write_text("the user's own file")
    report = run_json(db, "export", dest)
    assert report["failures"] == [
        {
            "path": str(dest / first),
            "reason": "a file albumfaces did not create has this name; left alone",
        }
    ]
    assert (dest / first).read_text() == "the user's own file"
    # an entry the user replaced is not removed when its photo leaves the album
    second = next(p for p in (dest / "Obama").iterdir() if p.is_symlink())
    second.unlink()
    second.write_text("replaced by the user")
    run(db, "ignore", "Obama")
    report = run_json(db, "export", dest)
    assert second.read_text() == "replaced by the user"
    assert any("left alone" in s["reason"] for s in report["failures"])


def test_an_entry_deleted_by_hand_is_made_again(people_db_copy, tmp_path):
    db = people_db_copy
    run(db, "name", person_id_of(db, SAMPLE / "2019/Campaign/obama.jpg"), "Obama")
    dest = tmp_path / "albums"
    run(db, "export", dest)
    victim = next((dest / "Obama").iterdir())
    victim.unlink()
    report = run_json(db, "export", dest)
    assert (report["added"], report["removed"]) == (1, 0) and victim.is_symlink()


def test_hardlinks_across_file_systems_fall_back_with_a_message(people_db_copy, tmp_path):
    other = "/dev/shm"
    if not os.path.isdir(other) or os.stat(other).st_dev == os.stat(SAMPLE).st_dev:
        pytest.skip("no second file system to export to")
    db = people_db_copy
    run(db, "name", person_id_of(db, SAMPLE / "2019/Campaign/obama.jpg"), "Obama")
    import tempfile

    with tempfile.TemporaryDirectory(dir=other) as shm:
        dest = os.path.join(shm, "albums")
        result = run(db, "export", dest, "--mode", "hardlink")
        assert result.exit_code == 0
        assert "hard links are impossible there" in result.stderr
        assert all(
            os.path.islink(os.path.join(dest, "Obama", e))
            for e in os.listdir(os.path.join(dest, "Obama"))
        )


def test_dest_that_is_a_file_is_an_error(people_db_copy, tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = run(people_db_copy, "export", target, expect=2)
    assert "is a file" in result.stderr


@pytest.mark.slow
def test_organize_again_updates_albums_inside_the_library(library, tmp_path):
    db, dest = tmp_path / "faces.db", library / "Albums"
    first = run_json(db, "organize", library, "--out", dest)
    assert first["scan"]["new"] == 4
    # one photo per person here: name a face's person by hand, then add a photo of them
    faces = run_json(db, "faces")
    obama = next(f for f in faces if f["path"].endswith("obama.jpg"))
    run(db, "cluster", "--min-faces", "1")
    run(db, "name", face_person(db, obama["id"]), "Obama")
    with Image.open(SAMPLE / "2019/Campaign/obama.jpg") as im:
        ImageOps.mirror(im).save(library / "new-obama.jpg")
    second = run_json(db, "organize", library, "--out", dest)
    assert second["scan"]["new"] == 1  # the album tree inside the library is not scanned
    assert second["scan"]["unchanged"] == 4
    assert second["cluster"]["propagated"] >= 1
    new_face = next(f for f in run_json(db, "faces") if f["path"].endswith("new-obama.jpg"))
    assert (new_face["person"], new_face["source"]) == ("Obama", "propagated")
    assert sorted(p.name for p in (dest / "Obama").iterdir()) == sorted(
        p.name for p in (dest / "Obama").iterdir() if p.is_symlink()
    )
    assert {os.path.realpath(p) for p in (dest / "Obama").iterdir()} == {
        str(library / "2019/Campaign/obama.jpg"),
        str(library / "new-obama.jpg"),
        str(library / "2020/Home/two_people.jpg"),
    }


def face_person(db, face_id):
    faces = run_json(db, "faces")
    return next(f["person_id"] for f in faces if f["id"] == face_id)


@pytest.mark.parametrize("mode", ["symlink", "hardlink", "copy"])
def test_entries_of_an_interrupted_export_are_adopted(people_db_copy, tmp_path, mode):
    import sqlite3

    db = people_db_copy
    run(db, "name", person_id_of(db, SAMPLE / "2019/Campaign/obama.jpg"), "Obama")
    dest = tmp_path / "albums"
    made = run_json(db, "export", dest, "--mode", mode)["added"]
    with sqlite3.connect(db) as conn:  # as if killed before its records were committed
        conn.execute("DELETE FROM exports")
    report = run_json(db, "export", dest, "--mode", mode)
    assert (report["added"], report["failures"]) == (made, [])
    assert "up to date" in run(db, "export", dest, "--mode", mode).output


def test_photos_scanned_before_dates_were_stored_get_one(people_db_copy, tmp_path):
    import sqlite3

    db = people_db_copy
    run(db, "name", person_id_of(db, SAMPLE / "2019/Campaign/obama.jpg"), "Obama")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE photos SET taken_at = NULL")
    dest = tmp_path / "albums"
    run(db, "export", dest)
    names = sorted(p.name for p in (dest / "Obama").iterdir())
    assert names and not any(n.startswith("undated") for n in names)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM photos WHERE taken_at IS NULL").fetchone()[0] < 40
