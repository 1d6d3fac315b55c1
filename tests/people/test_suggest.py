""" "Is this …?" and "Same person?" kept up to date decision by decision: after every kind of
decision, its undo and its redo, the lists a running server keeps are the lists made from
scratch, and each answer shows in them as a user expects."""

import pytest

from albumfaces import people as decisions
from albumfaces.people import suggest
from albumfaces.store import Store
from tests.conftest import lfw_identity, run


def lists(live: suggest.LiveSuggestions, store: Store) -> tuple[list, list]:
    faces = [(s.face_id, s.person_id, round(s.distance, 4)) for s in live.is_this(store)]
    pairs = [(s.keep, s.other, round(s.distance, 4)) for s in live.same_person(store)]
    return faces, pairs


def from_scratch(store: Store) -> tuple[list, list]:
    return lists(suggest.LiveSuggestions(), store)


# People named before the review starts: the largest clusters, as a user names them first.
NAMED_FIRST = 15


@pytest.fixture
def suggesting_db(lfw_slice, tmp_path):
    """A copy of the lfw-dev slice with its largest people named by who they show."""
    import sqlite3
    from collections import Counter

    db = tmp_path / "lfw.db"
    with sqlite3.connect(lfw_slice) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    with Store.open(db, create=False) as store:
        who: dict[int, Counter] = {}
        for face in store.iter_faces():
            if face.person_id is not None:
                who.setdefault(face.person_id, Counter())[lfw_identity(face.path)] += 1
        largest = sorted(who, key=lambda p: -sum(who[p].values()))[:NAMED_FIRST]
        for person in largest:
            name = who[person].most_common(1)[0][0].replace("_", " ")
            if store.person_by_name(name) is None:
                decisions.name_person(store, person, name)
    return db


def unnamed_people(store: Store) -> list[int]:
    return [p.id for p in store.list_people() if not p.named and not p.ignored and p.faces]


@pytest.mark.parametrize("parted", [False, True], ids=["every-face", "in-parts"])
def test_the_lists_follow_every_decision(suggesting_db, monkeypatch, parted):
    if parted:  # as in a big library: faces cut into parts by k-means
        monkeypatch.setattr(suggest, "EXACT_FACES", 0)
    store = Store.open(suggesting_db, create=False)
    live = suggest.LiveSuggestions()
    faces, pairs = lists(live, store)
    assert faces and pairs, "the library has suggestions of both kinds"
    named = [p.id for p in store.list_people() if p.named]
    obama, biden = named[:2]  # the two largest named people
    seen = []

    def check(what: str):
        now = lists(live, store)
        assert now == from_scratch(store), what
        for other in (obama, biden):
            among = {p.id for p in store.list_people()} - {other}
            fresh = suggest.LiveSuggestions().closest_to(store, other, among)
            assert live.closest_to(store, other, among) == fresh, what
        seen.append(what)
        return now

    face, person, _ = faces[0]
    decisions.move_faces(store, [face], person)  # "yes"
    faces, pairs = check("yes")
    assert face not in [f for f, *_ in faces]
    face, person, _ = faces[0]
    decisions.reject_faces(store, [face], person)  # "no"
    faces, pairs = check("no")
    assert (face, person) not in [(f, p) for f, p, _ in faces]
    keep, other, _ = pairs[0]
    decisions.mark_different(store, keep, other)
    faces, pairs = check("different")
    assert (keep, other) not in [(k, o) for k, o, _ in pairs]
    keep, other, _ = pairs[0]
    decisions.merge_people(store, [other], keep)
    faces, pairs = check("merge")
    assert other not in {p for k, o, _ in pairs for p in (k, o)}
    decisions.set_ignored(store, obama)
    faces, _ = check("ignore")
    assert obama not in {p for _, p, _ in faces}
    decisions.undo(store)
    check("undo ignore")
    decisions.name_person(store, unnamed_people(store)[0], "Kit")
    check("name")
    confirmed = store.confirmed_faces_of([obama])
    decisions.move_faces(store, confirmed[:1], biden)  # a confirmed face changes person
    check("move a confirmed face")
    faces, _ = lists(live, store)
    decisions.new_person(store, [faces[-1][0]], "Stranger")
    check("new person")
    decisions.undo(store)
    decisions.undo(store)
    check("two undos")
    decisions.redo(store)
    check("redo")
    assert len(seen) == 11
    store.close()


def test_decisions_made_elsewhere_are_taken_in(suggesting_db):
    """A decision made through another connection (the CLI beside a running server)."""
    store = Store.open(suggesting_db, create=False)
    live = suggest.LiveSuggestions()
    faces, _ = lists(live, store)
    face, person, _ = faces[0]
    assert run(suggesting_db, "move", str(face), str(person)).exit_code == 0  # "yes", in a terminal
    after, _ = lists(live, store)
    assert face not in [f for f, *_ in after]
    assert after == from_scratch(store)[0]
    store.close()
