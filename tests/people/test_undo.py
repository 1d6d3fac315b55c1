"""History, undo and redo on the real sample album: every decision comes back exactly."""

import random

import pytest

from albumfaces.people import (
    PeopleError,
    history,
    mark_different,
    merge_people,
    move_faces,
    name_person,
    recluster,
    redo,
    reject_faces,
    set_cover,
    set_ignored,
    split_faces,
    undo,
)
from albumfaces.store import Store

# Everything the user's decisions can change, read in a fixed order.
STATE_QUERIES = {
    "people": "SELECT * FROM people ORDER BY id",
    "assignments": "SELECT * FROM assignments ORDER BY face_id",
    "rejections": "SELECT * FROM rejections ORDER BY face_id, person_id",
    "different": "SELECT * FROM different_people ORDER BY person_a, person_b",
}


def state(store) -> dict:
    return {name: store.db.execute(sql).fetchall() for name, sql in STATE_QUERIES.items()}


def random_decision(store, rng: random.Random, step: int):
    """One decision picked at random among those that make sense now; None if none does."""
    people = [p for p in store.list_people() if p.faces]
    everyone = [p.id for p in store.list_people()]
    faces = [f for f in store.iter_faces()]
    assigned = [f for f in faces if f.person_id is not None]
    kind = rng.choice(
        ["name", "merge", "move", "reject", "split", "ignore", "cover", "different", "unignore"]
    )
    if kind == "name":
        return name_person(store, rng.choice(everyone), f"Person {step} 이름")
    if kind == "merge" and len(everyone) >= 3:
        chosen = rng.sample(everyone, rng.choice([2, 3]))
        return merge_people(store, chosen[1:], chosen[0])
    if kind == "move":
        picked = rng.sample(faces, min(len(faces), rng.randint(1, 3)))
        return move_faces(store, [f.id for f in picked], rng.choice(everyone))
    if kind == "reject" and assigned:
        picked = rng.sample(assigned, min(len(assigned), rng.randint(1, 3)))
        return reject_faces(store, [f.id for f in picked])
    if kind == "split" and people:
        person = rng.choice(people)
        own = [f.id for f in assigned if f.person_id == person.id]
        chosen = rng.sample(own, rng.randint(1, len(own)))
        return split_faces(store, person.id, chosen, rng.choice([None, f"Split {step}"]))
    if kind in ("ignore", "unignore"):
        return set_ignored(store, rng.choice(everyone), ignored=kind == "ignore")
    if kind == "cover" and assigned:
        face = rng.choice(assigned)
        return set_cover(store, face.person_id, face.id)
    if kind == "different" and len(everyone) >= 2:
        return mark_different(store, *rng.sample(everyone, 2))
    return None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_undoing_a_random_sequence_of_decisions_restores_everything(people_db, seed):
    rng = random.Random(seed)
    with Store.open(people_db) as store:
        start = state(store)
        made = 0
        for step in range(40):
            try:
                decision = random_decision(store, rng, step)
            except PeopleError:
                continue  # e.g. a name already taken: nothing was changed
            made += decision is not None and decision.entry_id is not None
        assert made >= 25
        end = state(store)
        assert end != start
        undone = undo(store, made)
        assert len(undone) == made and not any(r.problems for r in undone)
        assert state(store) == start
        assert undo(store) == []  # nothing left to undo
        redone = redo(store, made)
        assert len(redone) == made
        assert state(store) == end


def test_an_undone_merge_brings_the_person_back_as_it_was(people_db):
    with Store.open(people_db) as store:
        anna, other = [p for p in store.list_people() if p.faces][:2]
        name_person(store, anna.id, "Anna")
        faces_before = {f.id: (f.source, f.distance) for f in store.iter_faces(person_id=other.id)}
        merged = merge_people(store, [other.id], anna.id)
        assert merged.summary == f"merged {other.name} ({other.faces} faces) into Anna"
        assert store.get_person(other.id) is None
        (reversal,) = undo(store)
        assert reversal.entry.summary == merged.summary
        back = store.get_person(other.id)
        assert (back.name, back.faces, back.named) == (other.name, other.faces, other.named)
        after = {f.id: (f.source, f.distance) for f in store.iter_faces(person_id=other.id)}
        assert after == faces_before
        entries = history(store)
        assert entries[0].summary == f"undid: {merged.summary}"
        assert entries[1].undone and not entries[2].undone


def test_a_new_decision_after_undo_clears_redo(people_db):
    with Store.open(people_db) as store:
        first, second = [p for p in store.list_people() if p.faces][:2]
        name_person(store, first.id, "First")
        undo(store)
        name_person(store, second.id, "Second")
        assert redo(store) == []
        assert store.get_person(first.id).named is False


def test_split_faces_stay_out_of_the_person_they_left(people_db):
    with Store.open(people_db) as store:
        person = max(store.list_people(), key=lambda p: p.faces)
        faces = store.person_face_ids(person.id)[:2]
        split = split_faces(store, person.id, faces, name="Look-alike")
        assert split.summary == f"split 2 faces off {person.name} into Look-alike"
        for threshold in (None, 0.7):
            recluster(store, threshold=threshold)
            for face in faces:
                assert store.face_assignment(face).person_id == split.person_id
        reject_faces(store, faces)  # not Look-alike either: clustering must not return them
        recluster(store, threshold=0.7)
        for face in faces:
            assert getattr(store.face_assignment(face), "person_id", None) != person.id


def test_different_people_are_kept_apart_and_the_mark_is_undoable(people_db):
    with Store.open(people_db) as store:
        a, b = [p for p in store.list_people() if p.faces][:2]
        own = {pid: set(store.person_face_ids(pid)) for pid in (a.id, b.id)}
        marked = mark_different(store, a.id, b.id)
        assert marked.summary == f"marked {a.name} and {b.name} as different people"
        assert (min(a.id, b.id), max(a.id, b.id)) in store.different_pairs()
        again = mark_different(store, b.id, a.id)
        assert again.entry_id is None and "already" in again.summary
        for threshold in (0.7, 0.9):  # a threshold that would chain everyone together
            recluster(store, threshold=threshold)
            for pid, faces in own.items():  # each keeps its own faces: never merged
                assert faces <= set(store.person_face_ids(pid))
        undo(store)
        assert store.different_pairs() == set()


def test_undo_restores_the_rest_when_a_name_was_taken_outside_the_journal(people_db):
    with Store.open(people_db) as store:
        a, b = [p for p in store.list_people() if p.faces][:2]
        name_person(store, b.id, "Bea")
        merge_people(store, [b.id], a.id)
        with store.transaction():  # something that is not a decision took the name
            store.create_person(name="Bea", user_made=True)
        (reversal,) = undo(store)
        assert reversal.problems == (f"person {b.id} could not get back the name 'Bea'",)
        back = store.get_person(b.id)
        assert back.faces == b.faces and not back.named
        assert "could not restore" in history(store)[0].summary
