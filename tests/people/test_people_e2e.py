"""Naming, corrections and re-clustering on the real sample album, through the CLI."""

import pytest

from tests.conftest import run, run_json
from tests.people.conftest import faces_of, people, person_of
from tests.photos import BIDEN, COUPLE_MAN, KIT, OBAMA, ROSE


def test_known_people_form_one_cluster_each(people_db):
    found = []
    for photos in (OBAMA, BIDEN, KIT, ROSE, COUPLE_MAN):
        persons = {person_of(people_db, p) for p in photos}
        assert len(persons) == 1 and None not in persons, photos
        found.append(persons.pop())
    assert len(set(found)) == 5


def test_automatic_names_follow_size(people_db):
    listed = run_json(people_db, "people")
    unnamed = [p for p in listed if not p["named"]]
    assert [p["name"] for p in unnamed] == [f"person_{i:02d}" for i in range(1, len(unnamed) + 1)]
    assert [p["faces"] for p in unnamed] == sorted((p["faces"] for p in unnamed), reverse=True)
    for p in listed:
        assert {"id", "name", "faces", "photos", "ignored"} <= set(p)


def test_names_survive_reclustering_with_other_settings(people_db):
    obama, biden = person_of(people_db, OBAMA[0]), person_of(people_db, BIDEN[0])
    assert run(people_db, "name", obama, "Barack Obama").exit_code == 0
    assert run(people_db, "name", biden, "조 바이든").exit_code == 0
    for options in (
        ["--method", "dbscan", "--threshold", "0.85", "--min-faces", "3"],
        ["--threshold", "1.15"],  # the default model's distances: 1.05 by default
        [],
    ):
        assert run(people_db, "cluster", *options).exit_code == 0
        named = people(people_db)
        assert named["Barack Obama"]["id"] == obama and named["조 바이든"]["id"] == biden
        for rel in OBAMA:
            assert person_of(people_db, rel) == obama
        assert {f["source"] for f in faces_of(people_db, OBAMA[0])} == {"user"}


def test_a_rejected_face_stays_out(people_db):
    obama = person_of(people_db, OBAMA[0])
    run(people_db, "name", obama, "Obama")
    (face,) = faces_of(people_db, OBAMA[2])
    result = run(people_db, "reject", face["id"])
    assert result.exit_code == 0, result.output
    for options in ([], ["--threshold", "1.2"], ["--method", "dbscan"]):
        run(people_db, "cluster", *options)
        assert person_of(people_db, OBAMA[2]) != obama
    assert person_of(people_db, OBAMA[0]) == obama


def test_merge_moves_every_face(people_db):
    man = person_of(people_db, COUPLE_MAN[0])
    rose = person_of(people_db, ROSE[0])
    before = people(people_db)
    man_faces = next(p["faces"] for p in before.values() if p["id"] == man)
    rose_faces = next(p["faces"] for p in before.values() if p["id"] == rose)
    assert run(people_db, "merge", man, rose).exit_code == 0
    after = {p["id"]: p for p in people(people_db).values()}
    assert man not in after and after[rose]["faces"] == man_faces + rose_faces
    assert after[rose]["sources"]["user"] == man_faces + rose_faces
    run(people_db, "cluster")
    assert person_of(people_db, COUPLE_MAN[1]) == rose


def test_move_puts_one_face_with_a_person(people_db):
    kit = person_of(people_db, KIT[0])
    (face,) = faces_of(people_db, "2020/Home/lin-manuel-miranda.png")
    assert run(people_db, "move", face["id"], kit).exit_code == 0
    run(people_db, "cluster", "--threshold", "0.8")
    (face,) = faces_of(people_db, "2020/Home/lin-manuel-miranda.png")
    assert (face["person_id"], face["source"]) == (kit, "user")


def test_ignored_people_are_kept_and_hidden(people_db):
    rose = person_of(people_db, ROSE[0])
    assert run(people_db, "ignore", rose).exit_code == 0
    run(people_db, "cluster")
    listed = {p["id"]: p for p in people(people_db).values()}
    assert listed[rose]["ignored"] is True
    assert person_of(people_db, ROSE[1]) == rose


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["name", "nobody", "X"], "no person 'nobody'"),
        (["reject", "999999"], "no face 999999"),
        (["merge", "person_01", "person_01"], "cannot be merged into itself"),
        (["name", "person_01", "-"], "cannot be a name"),
    ],
)
def test_mistakes_are_one_line_errors(people_db, args, message):
    result = run(people_db, *args, expect=1)
    assert message in result.stderr


def test_a_name_in_use_is_not_taken_twice(people_db):
    run(people_db, "name", person_of(people_db, OBAMA[0]), "Barack")
    result = run(people_db, "name", person_of(people_db, BIDEN[0]), "Barack", expect=1)
    assert "albumfaces merge" in result.stderr


def test_show_writes_a_contact_sheet(people_db):
    from PIL import Image

    result = run(people_db, "show", person_of(people_db, OBAMA[0]))
    assert result.exit_code == 0
    sheet = result.output.strip()
    with Image.open(sheet) as image:
        assert image.width >= 150 * 5 and image.height > 150  # 5 faces, in one row
    assert (people_db.parent / "sheets").stat().st_mode & 0o077 == 0


def test_a_face_rejected_from_an_unnamed_person_stays_out(people_db):
    person = max(run_json(people_db, "people"), key=lambda p: p["faces"])
    assert not person["named"]
    face = next(f for f in run_json(people_db, "faces") if f["person_id"] == person["id"])
    run(people_db, "reject", face["id"])
    for options in ([], ["--threshold", "1.15"]):
        run(people_db, "cluster", *options)
        (again,) = [f for f in run_json(people_db, "faces") if f["id"] == face["id"]]
        assert again["person_id"] != person["id"]
