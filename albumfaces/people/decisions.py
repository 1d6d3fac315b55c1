"""The user's decisions about people, by id. The CLI, the review page and the HTTP API all call
these; each is one transaction, journaled so that ``undo`` can take it back exactly.

Every decision is final for the machine: clustering and propagation read them as constraints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from albumfaces.births import BirthError, parse_birth
from albumfaces.models import Box, DetectedFace, Person, Source, StoredPhoto
from albumfaces.people.journal import journaled
from albumfaces.people.refs import (
    Ambiguous,
    NameTaken,
    NotFound,
    NotTheirFaces,
    PeopleError,
    clean_name,
    find_people,
)
from albumfaces.store import Store
from albumfaces.words import count, sentence


@dataclass(frozen=True)
class Decision:
    """What a decision did, in words, and the person it leaves the faces with."""

    summary: str
    person_id: int | None = None
    entry_id: int | None = None  # its journal entry; None when it changed nothing

    @property
    def sentence(self) -> str:
        return sentence(self.summary)

    def to_dict(self) -> dict:
        """As every front end answers it (``--json``, the HTTP API)."""
        return {
            "summary": self.summary,
            "sentence": self.sentence,
            "person_id": self.person_id,
            "journal_id": self.entry_id,
        }


def _person(store: Store, person_id: int) -> Person:
    person = store.get_person(person_id)
    if person is None:
        raise NotFound(f"no person {person_id}", "person", (person_id,))
    return person


def _name_of(store: Store, person_id: int) -> str:
    """A person's name, without counting their faces (as :func:`_person` does)."""
    flags = store.person_flags([person_id]).get(person_id)
    if flags is None:
        raise NotFound(f"no person {person_id}", "person", (person_id,))
    return flags.name


def _described(person: Person) -> str:
    return f"{person.name} ({count(person.faces, 'face')})"


def _faces(store: Store, face_ids: Iterable[int]) -> list[int]:
    faces = sorted(set(face_ids))
    if not faces:
        raise PeopleError("no face given")
    missing = sorted(set(faces) - store.present_faces(faces))
    if missing:
        raise NotFound(f"no face {', '.join(map(str, missing))}", "face", tuple(missing))
    return faces


def faces_in_words(face_ids: list[int], noun: str = "face") -> str:
    return f"face {face_ids[0]}" if len(face_ids) == 1 else count(len(face_ids), noun)


def name_person(
    store: Store, person_id: int, new_name: str, merge_if_taken: bool = False
) -> Decision:
    """Name or rename a person; the faces it has now become the user's. A name that is
    another person's already is refused, or (``merge_if_taken``: what typing an existing
    name means in every front end's naming field) the person is merged into that one."""
    person = _person(store, person_id)
    name = clean_name(new_name)
    other = store.person_by_name(name)
    if other is not None and other != person_id:
        if merge_if_taken:
            return merge_people(store, [person_id], other)
        raise NameTaken(name, other, person_id, person.name)
    with journaled(store, "name", people=[person_id]) as record:
        store.update_person(person_id, name=name, user_made=1)
        store.confirm_person_faces(person_id)
        if person.named:
            record.summary = f"renamed {person.name} to {name}"
        else:
            record.summary = f"named {_described(person)} as {name}"
    return Decision(record.summary, person_id, record.entry_id)


def merge_people(store: Store, person_ids: Iterable[int], into_id: int) -> Decision:
    """Move every face (and rejection) of one or several people into another; they are gone
    afterwards, and their faces are the user's."""
    target = _person(store, into_id)
    sources = [_person(store, pid) for pid in dict.fromkeys(person_ids)]
    if not sources:
        raise PeopleError("no person to merge")
    if any(p.id == into_id for p in sources):
        raise PeopleError("a person cannot be merged into itself")
    with journaled(store, "merge", people=[into_id, *(p.id for p in sources)]) as record:
        for source in sources:
            store.reassign_person(source.id, into_id)
            store.delete_person(source.id)
        store.confirm_person_faces(into_id)
        store.update_person(into_id, user_made=1)
        merged = " and ".join(_described(p) for p in sources)
        record.summary = f"merged {merged} into {target.name}"
    return Decision(record.summary, into_id, record.entry_id)


def move_faces(store: Store, face_ids: Iterable[int], person_id: int) -> Decision:
    """These faces are this person, says the user (taking back any rejection of them)."""
    name = _name_of(store, person_id)
    faces = _faces(store, face_ids)
    with journaled(store, "move", [person_id], faces, whole_people=False) as record:
        for face in faces:
            store.unreject(face, person_id)
        store.clear_covers(faces, keep=person_id)
        store.assign(faces, person_id, Source.USER)
        store.update_person(person_id, user_made=1)
        record.summary = f"moved {faces_in_words(faces)} to {name}"
    return Decision(record.summary, person_id, record.entry_id)


def reject_faces(store: Store, face_ids: Iterable[int], person_id: int | None = None) -> Decision:
    """These faces are not the person they are assigned to (or not ``person_id``, e.g. a
    suggestion answered "no"): never assign them there again."""
    faces = _faces(store, face_ids)
    owners = {}
    for face in faces:
        current = store.face_assignment(face)
        if person_id is not None:
            owners[face] = person_id
        elif current is None:
            raise PeopleError(f"face {face} belongs to nobody; nothing to reject")
        else:
            owners[face] = current.person_id
    names = [_name_of(store, pid) for pid in dict.fromkeys(owners.values())]
    with journaled(store, "reject", set(owners.values()), faces, whole_people=False) as record:
        for face, owner in owners.items():
            store.reject(face, owner)
            current = store.face_assignment(face)
            if current is not None and current.person_id == owner:
                store.unassign([face])
        store.clear_covers(faces)
        record.summary = f"rejected {faces_in_words(faces)} from {' and '.join(names)}"
    return Decision(record.summary, None, record.entry_id)


def new_person(store: Store, face_ids: Iterable[int], name: str | None = None) -> Decision:
    """These faces (of nobody, or of anyone) are one new person, the user's, named or not.
    They are rejected for the people they leave, so clustering never gives them back."""
    faces = _faces(store, face_ids)
    new_name = _free_name(store, name)
    owners = {f: a.person_id for f in faces if (a := store.face_assignment(f)) is not None}
    return _make_person(
        store,
        "new person",
        faces,
        owners,
        new_name,
        lambda described, made: f"made {described} a new person, {made}",
    )


def split_faces(
    store: Store, person_id: int, face_ids: Iterable[int], name: str | None = None
) -> Decision:
    """These faces of a person are someone else: a new person (the user's), named or not.
    They are rejected for the person they came from, so clustering never puts them back."""
    person = _person(store, person_id)
    faces = _faces(store, face_ids)
    foreign = [
        f for f in faces if getattr(store.face_assignment(f), "person_id", None) != person_id
    ]
    if foreign:
        raise NotTheirFaces(foreign, person_id, person.name)
    new_name = _free_name(store, name)
    owners = dict.fromkeys(faces, person_id)
    return _make_person(
        store,
        "split",
        faces,
        owners,
        new_name,
        lambda described, made: f"split {described} off {person.name} into {made}",
    )


def _free_name(store: Store, name: str | None) -> str | None:
    """A new person's name, cleaned, and not anyone's yet (None: no name)."""
    if name is None:
        return None
    cleaned = clean_name(name)
    owner = store.person_by_name(cleaned)
    if owner is not None:
        raise NameTaken(cleaned, owner, None, None)
    return cleaned


def _make_person(
    store: Store,
    command: str,
    faces: list[int],
    owners: dict[int, int],
    name: str | None,
    summary: Callable[[str, str], str],
) -> Decision:
    """A new person (the user's) of ``faces``, rejected for the people they leave
    (``owners``); ``summary(faces described, new person's name)`` says it in words."""
    with journaled(store, command, set(owners.values()), faces, whole_people=False) as record:
        auto_name = None if name else store.next_auto_name()
        new_id = store.create_person(name=name, auto_name=auto_name, user_made=True)
        record.created(new_id)
        store.assign(faces, new_id, Source.USER)
        for face, owner in owners.items():
            store.reject(face, owner)
        store.clear_covers(faces)
        record.summary = summary(faces_in_words(faces), name or auto_name)
    return Decision(record.summary, new_id, record.entry_id)


def set_ignored(store: Store, person_id: int, ignored: bool = True) -> Decision:
    """Strangers: hidden from albums and from naming, kept so their faces are not offered
    again. ``ignored=False`` shows the person again."""
    person = _person(store, person_id)
    with journaled(store, "ignore" if ignored else "unignore", people=[person_id]) as record:
        store.update_person(person_id, ignored=int(ignored), user_made=1)
        store.confirm_person_faces(person_id)
        verb = "ignored" if ignored else "showed again"
        record.summary = f"{verb} {_described(person)}"
    return Decision(record.summary, person_id, record.entry_id)


MIN_DRAWN_SIDE = 20  # pixels: a smaller box holds too little of a face for a model to encode


def check_drawn_box(store: Store, photo_hash: str, box: Box) -> StoredPhoto:
    """The photo a face is drawn on, when ``box`` can be a face of it (in its upright
    pixels). Raises ``NotFound`` or ``PeopleError`` with the reason."""
    photo = store.get_photo(photo_hash)
    if photo is None:
        raise NotFound("no such photo", "photo")
    said = f"{box.top},{box.right},{box.bottom},{box.left}"  # TOP,RIGHT,BOTTOM,LEFT
    if box.width <= 0 or box.height <= 0:
        raise PeopleError(f"the box {said} is empty")
    if box.left < 0 or box.top < 0 or box.right > photo.width or box.bottom > photo.height:
        raise PeopleError(f"the box {said} is outside the photo ({photo.width} x {photo.height})")
    if min(box.width, box.height) < MIN_DRAWN_SIDE:
        raise PeopleError(
            f"the box is {box.width} x {box.height}: a face needs {MIN_DRAWN_SIDE} pixels a side"
        )
    return photo


def add_face(
    store: Store, photo_hash: str, face: DetectedFace, name: str | None = None
) -> Decision:
    """A face the detector missed, drawn by the user (``face``: encoded on its box by the
    library's model), the user's; with ``name``, that person's (made if there is none). It
    is made again on its box whenever its photo is scanned again."""
    check_drawn_box(store, photo_hash, face.box)
    name = clean_name(name) if name else None
    person_id = None
    if name is not None:  # someone already, found as every front end finds people; or new
        found = find_people(store, name)
        if len(found) > 1:
            raise Ambiguous(name, found)
        person_id = found[0] if found else None
        if person_id is not None:
            name = store.get_person(person_id).name
    where = store.photo_path(photo_hash) or photo_hash
    people = [person_id] if person_id is not None else []
    with journaled(store, "draw a face", people, whole_people=False) as record:
        face_id = store.add_drawn_face(photo_hash, face)
        record.created_face(face_id)
        if name is not None and person_id is None:
            person_id = store.create_person(name=name, user_made=1)
            record.created(person_id)
        if person_id is not None:
            store.assign([face_id], person_id, Source.USER)
        record.summary = f"drew face {face_id} on {where}" + (f" as {name}" if name else "")
    return Decision(record.summary, person_id, record.entry_id)


def mark_not_faces(store: Store, face_ids: Iterable[int]) -> Decision:
    """These detections are no face (a poster, a flower, a face on a screen): they leave
    their person and are hidden from every list, suggestion, album and sidecar, and stay
    hidden when their photo is scanned again."""
    faces = _faces(store, face_ids)
    boxes = {f: store.face_box(f) for f in faces}
    people = {a.person_id for f in faces if (a := store.face_assignment(f)) is not None}
    with journaled(store, "not a face", people, faces, whole_people=False) as record:
        store.unassign(faces)
        drawn = store.drawn_rows(faces)
        for face, (photo_hash, box, _) in boxes.items():
            if drawn[face] is not None:  # the user's own box: taken away, or a rescan redraws it
                store.put_drawn(face, None)
            else:
                store.set_hidden(face, [photo_hash, box.top, box.right, box.bottom, box.left])
        verb = "is no face" if len(faces) == 1 else "are no faces"
        record.summary = f"said {faces_in_words(faces)} {verb}"
    return Decision(record.summary, None, record.entry_id)


def set_birth(store: Store, person_id: int, born: str | None) -> Decision:
    """A person's birth date (``YYYY-MM-DD``) or year, or None to forget it: ages on their
    faces come from it, and the machine never gives them a face of a photo taken before it.
    Faces the machine gave them from such photos leave them now (the user's stay)."""
    person = _person(store, person_id)
    try:
        birth = None if born is None else str(parse_birth(born))
    except BirthError as exc:
        raise PeopleError(str(exc)) from None
    older = store.machine_faces_before(person_id, birth) if birth else []
    with journaled(store, "born", [person_id], older, whole_people=False) as record:
        store.update_person(person_id, born=birth)
        store.unassign(older)
        if birth is None:
            record.summary = f"forgot when {person.name} was born"
        else:
            record.summary = f"gave {person.name}'s birth as {birth}"
            if older:
                record.summary += f", taking {count(len(older), 'older face')} from them"
    if record.entry_id is None:
        return Decision(f"{person.name}'s birth was already {birth or 'unknown'}", person_id)
    return Decision(record.summary, person_id, record.entry_id)


def set_cover(store: Store, person_id: int, face_id: int) -> Decision:
    """Show this face for the person (in the review page's grid)."""
    person = _person(store, person_id)
    (face,) = _faces(store, [face_id])
    if getattr(store.face_assignment(face), "person_id", None) != person_id:
        raise NotTheirFaces([face], person_id, person.name, "; move it there first")
    with journaled(store, "cover", [person_id], whole_people=False) as record:
        store.update_person(person_id, cover_face_id=face)
        record.summary = f"chose face {face} as {person.name}'s cover"
    return Decision(record.summary, person_id, record.entry_id)


def mark_different(store: Store, person_id: int, other_id: int) -> Decision:
    """Two people who are not the same (siblings, twins, look-alikes): never merged by the
    machine, never proposed as a merge again. Both are kept, with the faces they have now."""
    person, other = _person(store, person_id), _person(store, other_id)
    if person_id == other_id:
        raise PeopleError("a person is always the same person as itself")
    with journaled(store, "different", people=[person_id, other_id]) as record:
        store.mark_different(person_id, other_id)
        for pid in (person_id, other_id):
            store.update_person(pid, user_made=1)
            store.confirm_person_faces(pid)
        record.summary = f"marked {person.name} and {other.name} as different people"
    if record.entry_id is None:
        return Decision(f"{person.name} and {other.name} were already marked as different")
    return Decision(record.summary, person_id, record.entry_id)
