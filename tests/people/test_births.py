"""`albumfaces born`: a birth date given, journaled and undoable; ages on each face, from
its photo's date; on the fake pipeline's family (tests/family.py)."""

from __future__ import annotations

import json
import os

from albumfaces.store import Store
from tests.conftest import run, run_json
from tests.family import make_family


def ages(db, name: str) -> dict[str, int | None]:
    return {
        os.path.basename(f["path"]): f["age"] for f in run_json(db, "faces") if f["person"] == name
    }


def test_a_birth_gives_ages_and_can_be_undone(tmp_path):
    db, _, _ = make_family(tmp_path)  # photos a day apart from 2020-09-13
    assert set(ages(db, "Anna").values()) == {None}
    said = run(db, "born", "anna", "2020-09-14").stdout
    assert said == "Gave Anna's birth as 2020-09-14.\n"
    found = ages(db, "Anna")
    assert found["anna_alone.png"] is None  # taken the day before she was born
    assert found["anna_and_ben.png"] == 0
    run(db, "born", "Anna", "2016")
    assert ages(db, "Anna")["anna_alone.png"] == 4
    (anna,) = [p for p in run_json(db, "people") if p["name"] == "Anna"]
    assert anna["born"] == "2016"
    assert run(db, "undo").stdout.startswith("Undid: gave Anna's birth as 2016")
    assert [p["born"] for p in run_json(db, "people") if p["name"] == "Anna"] == ["2020-09-14"]
    run(db, "born", "Anna", "--clear")
    assert [p["born"] for p in run_json(db, "people") if p["name"] == "Anna"] == [None]
    bad = run(db, "born", "Anna", "2019-02-30", expect=1)
    assert "not a date" in bad.stderr
    assert run(db, "born", "Anna", expect=2).stderr  # a date, or --clear


def test_an_entry_journaled_before_births_is_undone_as_it_was(tmp_path):
    """A journal entry written before people had a birth column holds shorter rows: undoing
    it puts back what it holds and leaves the birth alone."""
    db, _, names = make_family(tmp_path)
    run(db, "born", "Ben", "2012")
    run(db, "name", "Ben", "Benjamin")
    with Store.open(db) as store, store.transaction():
        entry_id, changes = store.db.execute(
            "SELECT id, changes FROM journal ORDER BY id DESC LIMIT 1"
        ).fetchone()
        old = json.loads(changes)
        for row in old["people"]:  # as an entry of the old schema: no birth column
            row[1] = row[1][:-1] if row[1] else row[1]
            row[2] = row[2][:-1] if row[2] else row[2]
        store.db.execute("UPDATE journal SET changes = ? WHERE id = ?", [json.dumps(old), entry_id])
    run(db, "undo")
    (ben,) = [p for p in run_json(db, "people") if p["id"] == names["Ben"]]
    assert (ben["name"], ben["born"]) == ("Ben", "2012")
