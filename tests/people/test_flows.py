"""Interactive naming, propagation to new photos, scan order, settings rescans, lfw-dev."""

import random
import shutil

import numpy as np

from albumfaces.cluster.evaluate import bcubed
from albumfaces.recognition.profiles import INTEL
from tests.conftest import SAMPLE, lfw_identity, run, run_json
from tests.people.conftest import faces_of, people, person_of
from tests.photos import BIDEN, KIT, OBAMA


def test_interactive_naming(people_db):
    listed = [p for p in run_json(people_db, "people") if p["faces"]]
    order = [p["id"] for p in listed]  # largest first, as the prompt shows them
    obama = person_of(people_db, OBAMA[0])
    # first: a Korean name; second: skip; third: strangers; fourth: the first's name (merge)
    # "123" cannot be a name: the same person is asked again
    answers = ["123", "김민준", "", "-", "김민준", "q"]
    result = run(people_db, "name", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Contact sheet: ") == 5  # q was typed at the fifth
    sheet = result.output.split("Contact sheet: ")[1].splitlines()[0]
    assert sheet.endswith(".png")
    after = {p["id"]: p for p in run_json(people_db, "people")}
    assert after[order[0]]["name"] == "김민준"
    assert after[order[0]]["faces"] == listed[0]["faces"] + listed[3]["faces"]
    assert order[3] not in after  # merged away
    assert not after[order[1]]["named"]
    assert after[order[2]]["ignored"]
    assert "Named 1, merged 1, marked 1 as strangers." in result.output
    assert "'123' cannot be a name" in result.stderr
    assert obama in after


def test_new_photos_of_a_named_person_are_propagated(data, tmp_path):
    library = tmp_path / "photos"
    for rel in OBAMA[:2] + BIDEN + KIT:
        (library / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(SAMPLE / rel, library / rel)
    db = tmp_path / "faces.db"
    assert run(db, "scan", library, "--cluster").exit_code == 0
    run(db, "name", _person(db, library / OBAMA[0]), "Barack Obama")
    for rel in (OBAMA[2], "2020/Home/two_people.jpg"):
        (library / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(SAMPLE / rel, library / rel)
    report = run_json(db, "scan", library, "--cluster")
    assert report["new"] == 2 and report["cluster"]["propagated"] >= 2
    faces = run_json(db, "faces")
    new = [f for f in faces if f["path"] == str(library / OBAMA[2])]
    assert [(f["person"], f["source"]) for f in new] == [("Barack Obama", "propagated")]
    assert 0 < new[0]["distance"] < INTEL.distances.cluster
    pair = [f["person"] for f in faces if f["path"].endswith("two_people.jpg")]
    assert pair.count("Barack Obama") == 1


def _person(db, path):
    faces = run_json(db, "faces")
    return next(f["person_id"] for f in faces if f["path"] == str(path))


def test_the_same_faces_in_any_scan_order_give_the_same_people(data, tmp_path):
    folders = sorted(p for p in (SAMPLE).glob("*/*") if p.is_dir())
    partitions = []
    for seed in (1, 2):
        db = tmp_path / f"order{seed}.db"
        shuffled = folders[:]
        random.Random(seed).shuffle(shuffled)
        for folder in shuffled:
            assert run(db, "scan", folder, "--workers", "1", "--json").exit_code == 0
        run(db, "cluster")
        groups = {}
        for face in run_json(db, "faces"):
            key = (face["path"], tuple(face["box"].values()))
            groups.setdefault(face["person"], set()).add(key)
        partitions.append({frozenset(v) for k, v in groups.items() if k is not None})
    assert partitions[0] == partitions[1] and len(partitions[0]) >= 5


def test_a_settings_rescan_keeps_the_users_decisions(people_db, tmp_path):
    obama = person_of(people_db, OBAMA[0])
    run(people_db, "name", obama, "Barack Obama")
    (face,) = faces_of(people_db, OBAMA[2])
    run(people_db, "reject", face["id"])
    report = run_json(people_db, "scan", SAMPLE, "--upsample", "2")
    assert report["rescanned"] > 0
    (face,) = faces_of(people_db, OBAMA[0])
    assert (face["person"], face["source"]) == ("Barack Obama", "user")
    run(people_db, "cluster")
    assert person_of(people_db, OBAMA[2]) != obama
    assert people(people_db)["Barack Obama"]["id"] == obama


def test_people_are_found_by_name_and_renamed(people_db):
    obama = person_of(people_db, OBAMA[0])
    run(people_db, "name", obama, "Barack")
    assert run(people_db, "name", "Barack", "Barack Obama").exit_code == 0
    assert people(people_db)["Barack Obama"]["id"] == obama
    assert run(people_db, "show", "Barack Obama").exit_code == 0
    assert run(people_db, "ignore", "Barack Obama").exit_code == 0
    assert people(people_db)["Barack Obama"]["ignored"] is True


def test_lfw_people_are_clustered_well(lfw_slice):
    """A slice of lfw-dev (the full set is in benchmarks/bench_cluster_quality.py)."""
    largest = {}
    for face in run_json(lfw_slice, "faces"):
        area = (face["box"]["right"] - face["box"]["left"]) ** 2
        if face["path"] not in largest or area > largest[face["path"]][0]:
            largest[face["path"]] = (area, face)
    truth, labels = [], []
    for path, (_, face) in sorted(largest.items()):
        truth.append(lfw_identity(path))
        labels.append(face["person_id"] if face["person_id"] is not None else -1)
    score = bcubed(truth, np.array(labels))
    assert len(set(truth)) > 120
    assert score.f1 >= 0.9, score
