"""The user's decisions. Each one is recorded with source ``user`` and is final for the
machine: clustering and propagation read them as constraints."""

from __future__ import annotations

import unicodedata

from albumfaces.errors import AlbumfacesError
from albumfaces.store import Store


class PeopleError(AlbumfacesError):
    """A decision that cannot be made as asked; the message says why."""


def clean_name(name: str) -> str:
    """Names compare as NFC, so a name typed on macOS (NFD) matches the same name typed
    elsewhere."""
    cleaned = unicodedata.normalize("NFC", " ".join(name.split()))
    if not cleaned:
        raise PeopleError("a name cannot be empty")
    if cleaned == "-" or cleaned.isdigit():
        raise PeopleError(f"{cleaned!r} cannot be a name (it reads as a command or an id)")
    return cleaned


def resolve_person(store: Store, ref: str) -> int:
    person = store.find_person(unicodedata.normalize("NFC", ref.strip()))
    if person is None:
        raise PeopleError(f"no person {ref!r} (see `albumfaces people`)")
    return person


def _require_face(store: Store, face_id: int) -> None:
    if not store.face_exists(face_id):
        raise PeopleError(f"no face {face_id} (see `albumfaces faces`)")


def name_person(store: Store, ref: str, new_name: str) -> int:
    """Name or rename a person; its faces become the user's. Returns the person's id."""
    person = resolve_person(store, ref)
    name = clean_name(new_name)
    other = store.person_by_name(name)
    if other is not None and other != person:
        raise PeopleError(
            f"{name!r} is already person {other}; to put them together use "
            f"`albumfaces merge {ref} {other}`"
        )
    with store.transaction():
        store.update_person(person, name=name, user_made=1)
        store.confirm_person_faces(person)
    return person


def merge_people(store: Store, ref: str, into_ref: str) -> int:
    """Move every face of one person into another; the first person is gone afterwards."""
    source, target = resolve_person(store, ref), resolve_person(store, into_ref)
    if source == target:
        raise PeopleError("a person cannot be merged into itself")
    with store.transaction():
        store.reassign_person(source, target)
        store.confirm_person_faces(target)
        store.update_person(target, user_made=1)
        store.delete_person(source)
    return target


def move_face(store: Store, face_id: int, ref: str) -> int:
    """This face is this person, says the user."""
    _require_face(store, face_id)
    person = resolve_person(store, ref)
    with store.transaction():
        store.unreject(face_id, person)
        store.assign([face_id], person, "user")
        store.update_person(person, user_made=1)
    return person


def reject_face(store: Store, face_id: int) -> int:
    """This face is not the person it is assigned to: never assign it there again."""
    _require_face(store, face_id)
    current = store.face_assignment(face_id)
    if current is None:
        raise PeopleError(f"face {face_id} belongs to nobody; nothing to reject")
    person, _ = current
    with store.transaction():
        store.reject(face_id, person)
        store.unassign(face_id)
    return person


def ignore_person(store: Store, ref: str, ignored: bool = True) -> int:
    """Strangers: hidden from albums, kept so their faces are not offered again."""
    person = resolve_person(store, ref)
    with store.transaction():
        store.update_person(person, ignored=int(ignored), user_made=1)
        store.confirm_person_faces(person)
    return person
