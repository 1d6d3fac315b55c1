"""`cluster` places the faces of a new scan without clustering everything again, and
`cluster --full` clusters everything: same people for the new faces, old faces untouched."""

import shutil

from tests.conftest import SAMPLE, run, run_json

# Held back from the first scan, then added: a named person's photo, an unnamed person's
# photo, and three photos of someone seen once before (kit_with_rose.jpg), too few for a
# person until they come.
LATER = (
    "2019/Campaign/obama3.jpg",
    "2019/Summer trip/rose2.jpg",
    "2019/Summer trip/john1.jpeg",
    "2019/Summer trip/john2.jpeg",
    "2019/Summer trip/johnsnow_test1.jpg",
    "2023/Phone/IMG_0002.JPG",  # its XMP names two faces: the scan journals the names
)


def faces(db):
    return {(f["path"].split("/photos/")[1], f["box"]["top"]): f for f in run_json(db, "faces")}


def person_at(found, rel):
    (face,) = [f for (path, _), f in found.items() if path == rel]
    return face


def test_new_faces_are_placed_incrementally_as_a_full_run_would(data, tmp_path):
    photos = tmp_path / "photos"
    shutil.copytree(SAMPLE, photos, ignore=shutil.ignore_patterns("*.csv"))
    later = tmp_path / "later"
    for rel in LATER:
        (later / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(photos / rel, later / rel)
    db = tmp_path / "faces.db"
    run(db, "scan", photos)

    first = run_json(db, "cluster")
    assert (first["mode"], first["reason"]) == ("full", "first clustering of this library")
    obama = person_at(faces(db), "2019/Campaign/obama.jpg")["person_id"]
    rose = person_at(faces(db), "2019/Summer trip/rose1.jpg")["person_id"]
    kit_seen_once = [f for f in faces(db).values() if f["path"].endswith("kit_with_rose.jpg")]
    assert [f["person_id"] for f in kit_seen_once].count(None) == 1
    run(db, "name", obama, "Barack Obama")
    again = run_json(db, "cluster")
    assert (again["mode"], again["reason"]) == ("full", "your decisions changed since the last run")
    nothing = run_json(db, "cluster")
    assert (nothing["mode"], nothing["new_faces"], nothing["clustered"]) == ("incremental", 0, 0)
    before = faces(db)

    for rel in LATER:
        (photos / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(later / rel, photos / rel)
    run(db, "scan", photos)
    report = run_json(db, "cluster")
    assert report["mode"] == "incremental", report
    assert report["new_faces"] == 7 and report["reason"] == "7 new faces placed"
    after = faces(db)
    for key, face in before.items():  # nothing already placed moved
        if face["person_id"] is not None:
            assert (after[key]["person_id"], after[key]["source"]) == (
                face["person_id"],
                face["source"],
            )
    placed = {rel: person_at(after, rel) for rel in LATER[:5]}
    curies = {f["person"] for (path, _), f in after.items() if path == LATER[5]}
    assert curies == {"Marie Curie", "Pierre Curie"}
    assert placed["2019/Campaign/obama3.jpg"]["person"] == "Barack Obama"
    assert placed["2019/Campaign/obama3.jpg"]["source"] == "propagated"
    assert placed["2019/Summer trip/rose2.jpg"]["person_id"] == rose
    kit = {placed[rel]["person_id"] for rel in LATER[2:5]}
    assert len(kit) == 1 and None not in kit and kit.isdisjoint({obama, rose})
    assert report["new_people"] == 1
    # the face seen once before joined the new person
    kit_with_rose = [after[(p, top)] for (p, top) in after if p.endswith("kit_with_rose.jpg")]
    assert kit <= {f["person_id"] for f in kit_with_rose}

    # A full run groups the new faces the same way.
    full = run_json(db, "cluster", "--full")
    assert (full["mode"], full["reason"]) == ("full", "--full asked for")
    redone = faces(db)
    assert redone.keys() == after.keys()
    assert person_at(redone, LATER[0])["person"] == "Barack Obama"
    pairs = [(after[k]["person_id"], redone[k]["person_id"]) for k in after]
    assert len(set(pairs)) == len({a for a, _ in pairs}) == len({b for _, b in pairs})

    changed = run_json(db, "cluster", "--threshold", "1.0")
    assert changed["reason"] == "method, threshold or --min-faces changed"


def test_the_summary_line_says_which_run_and_why(sample_scan, tmp_path):
    from tests.conftest import clustered_copy

    db = clustered_copy(sample_scan, tmp_path)
    assert run(db, "cluster").stdout.startswith("Incremental run (0 new faces placed): ")
    assert run(db, "cluster", "--full").stdout.startswith("Full run (--full asked for): ")
