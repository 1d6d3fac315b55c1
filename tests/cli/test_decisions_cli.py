"""The decision commands, history, undo and redo, and references, as a user types them."""

import shutil

import pytest

from albumfaces.export import ExportError, export_albums
from albumfaces.store import Store
from tests.conftest import SAMPLE, run, run_json


def listed(db) -> dict[int, dict]:
    return {p["id"]: p for p in run_json(db, "people")}


def biggest_two(db) -> tuple[dict, dict]:
    people = sorted(listed(db).values(), key=lambda p: (-p["faces"], p["id"]))
    return people[0], people[1]


def test_history_undo_and_redo_in_words(people_db_copy):
    db = people_db_copy
    a, b = biggest_two(db)
    assert "No decisions yet." in run(db, "history").stdout
    assert (
        run(db, "name", a["id"], "Anna").stdout
        == f"Named {a['name']} ({a['faces']} faces) as Anna.\n"
    )
    merged = run(db, "merge", b["name"], "Anna").stdout
    assert merged == f"Merged {b['name']} ({b['faces']} faces) into Anna.\n"
    lines = run(db, "history").stdout.splitlines()
    assert lines[0].endswith(f"merged {b['name']} ({b['faces']} faces) into Anna")
    assert run(db, "undo").stdout.startswith("Undid: merged")
    assert listed(db)[b["id"]]["name"] == b["name"]
    entries = run_json(db, "history", "-n", "2")
    assert [e["kind"] for e in entries] == ["undo", "decision"] and entries[1]["undone"]
    assert "(undone)" in run(db, "history").stdout
    assert run(db, "redo").stdout.startswith("Redid: merged")
    assert b["id"] not in listed(db)
    undone = run_json(db, "undo", "5")
    assert len(undone) == 2 and not listed(db)[a["id"]]["named"]
    assert "Nothing to undo." in run(db, "undo").stdout


def test_split_different_cover_and_several_at_once(people_db_copy):
    db = people_db_copy
    a, b = biggest_two(db)
    faces = [f["id"] for f in run_json(db, "faces") if f["person_id"] == a["id"]]
    split = run_json(db, "split", a["id"], *faces[:2], "--name", "Cousin")
    assert split["summary"] == f"split 2 faces off {a['name']} into Cousin"
    cousin = split["person_id"]
    assert listed(db)[cousin]["faces"] == 2
    run(db, "different", "Cousin", a["id"])
    run(db, "cover", "Cousin", faces[0])
    assert listed(db)[cousin]["cover_face_id"] == faces[0]
    result = run(db, "cover", "Cousin", faces[2], expect=1)
    assert "is not Cousin's" in result.stderr
    run(db, "move", *faces[2:4], "Cousin")
    assert listed(db)[cousin]["faces"] == 4
    run(db, "reject", *faces[2:4])
    assert listed(db)[cousin]["faces"] == 2
    third = sorted(listed(db).values(), key=lambda p: -p["faces"])[2]
    run(db, "merge", b["id"], third["id"], "Cousin")
    people = listed(db)
    assert b["id"] not in people and third["id"] not in people
    assert people[cousin]["faces"] == 2 + b["faces"] + third["faces"]
    run(db, "undo", "6")
    assert cousin not in listed(db) and listed(db)[a["id"]]["faces"] == a["faces"]


def test_unknown_and_ambiguous_references_are_clear(people_db_copy):
    db = people_db_copy
    a, b = biggest_two(db)
    result = run(db, "merge", "nobody", a["id"], expect=1)
    assert "no person 'nobody'" in result.stderr
    run(db, "name", a["id"], b["name"])  # a user name that is also b's automatic name
    result = run(db, "show", b["name"], expect=1)
    assert "could be any of the people" in result.stderr and "give the id" in result.stderr
    assert run(db, "show", str(b["id"])).stdout.strip().endswith(".png")
    assert run(db, "show", b["name"].upper(), expect=1).stderr  # case-insensitive: still both


def test_a_name_with_spaces_is_quoted_in_the_hint(people_db_copy):
    db = people_db_copy
    a, b = biggest_two(db)
    run(db, "name", a["id"], "Elton John")
    result = run(db, "name", b["id"], "Elton John", expect=1)
    assert f"albumfaces merge {b['name']} 'Elton John'" in result.stderr
    # as the review page's name field does: an existing name merges, when asked
    merged = run(db, "name", b["id"], "Elton John", "--merge").stdout
    assert merged.startswith("Merged") and "into Elton John" in merged
    assert b["id"] not in {p["id"] for p in run_json(db, "people")}


def test_an_unnamed_person_keeps_its_id_across_runs(people_db_copy):
    db = people_db_copy
    before = {p["name"]: p["id"] for p in listed(db).values() if not p["named"]}
    run(db, "cluster")
    run(db, "cluster", "--threshold", "1.0")  # tighter than the default model's 1.05
    run(db, "cluster")
    after = {p["name"]: p["id"] for p in listed(db).values() if not p["named"]}
    assert after == before and len(before) >= 5


def test_ignore_undo_and_people_all(people_db_copy):
    db = people_db_copy
    a, b = biggest_two(db)
    run(db, "ignore", a["id"])
    assert listed(db)[a["id"]]["ignored"]
    assert run(db, "ignore", a["id"], "--undo").stdout.startswith("Showed again")
    assert not listed(db)[a["id"]]["ignored"]
    run(db, "name", b["id"], "Empty")
    faces = [f["id"] for f in run_json(db, "faces") if f["person_id"] == b["id"]]
    run(db, "move", *faces, a["id"])
    assert "Empty" not in run(db, "people").stdout
    assert "Empty" in run(db, "people", "--all").stdout


@pytest.mark.parametrize("command", ["status", "faces", "people", "history", "show person_01"])
def test_reading_a_database_that_does_not_exist_creates_nothing(tmp_path, command):
    db = tmp_path / "typo" / "x.db"
    result = run(db, *command.split(), expect=1)
    assert f"no database at {db}" in result.stderr
    assert not (tmp_path / "typo").exists()


def test_a_sibling_folder_is_not_taken_for_a_subfolder(library, tmp_path):
    sibling = library.parent / (library.name + "2")
    sibling.mkdir()
    shutil.copy2(SAMPLE / "2019/Campaign/obama2.jpg", sibling / "obama2.jpg")
    db = tmp_path / "faces.db"
    run(db, "scan", library, sibling, "--workers", "1")
    report = run_json(db, "scan", library)  # only the first folder this time
    assert report["removed"] == 0
    assert run_json(db, "status")["files"] == 5


def test_an_image_with_an_unknown_suffix_is_found_by_content(data, tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    shutil.copy2(SAMPLE / "2019/Campaign/obama.jpg", folder / "obama.photo")
    (folder / "notes.photo").write_text("not an image")
    db = tmp_path / "faces.db"
    report = run_json(db, "scan", folder, "--workers", "1")
    assert (report["new"], report["faces"], report["failed"]) == (1, 1, 0)
    assert run_json(db, "faces")[0]["path"].endswith("obama.photo")


def test_a_bad_export_mode_is_refused(people_db_copy, tmp_path):
    result = run(people_db_copy, "export", tmp_path / "albums", "--mode", "zip", expect=2)
    assert "zip" in result.stderr
    with Store.open(people_db_copy) as store, pytest.raises(ExportError, match="unknown mode"):
        export_albums(store, tmp_path / "albums", mode="zip")
    assert not (tmp_path / "albums").exists()


def test_a_name_that_cannot_be_made_valid_is_one_line_and_changes_nothing(people_db_copy):
    db = people_db_copy
    before = run_json(db, "people")
    person = before[0]["id"]
    for bad, reason in (("x" * 10_000, "at most 200 characters"), ("\x1b \x07", "empty")):
        result = run(db, "name", person, bad, expect=1)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and reason in lines[0] and "\x1b" not in result.stderr
    assert run_json(db, "people") == before
