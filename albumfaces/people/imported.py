"""Decisions the user made in another program, taken in: names a photo's own metadata
gives its faces (XMP face regions, a Takeout JSON of one face), and people named from the
names Google Takeout gives photos without boxes. Journaled like the user's own decisions, so
that undo takes them back; never over a decision made here."""

from __future__ import annotations

from albumfaces.people.decisions import Decision, faces_in_words
from albumfaces.people.journal import journaled
from albumfaces.store import Store
from albumfaces.words import count, listing

TAKEOUT = "Google Takeout"


def name_from_regions(
    store: Store, named: list[tuple[int, str]], photo: str, source: str = "its XMP"
) -> Decision:
    """Faces a photo's own metadata names (``source``: its XMP face regions, its Google
    Takeout JSON; decisions the user made in another program), given to the person of each
    name, made when there is none. Journaled like the user's own decisions, so that undo
    takes them back."""
    faces = [face for face, _ in named]
    people = {p for _, name in named if (p := store.person_by_name(name)) is not None}
    with journaled(store, "scan", people=people, faces=faces) as record:
        for person_id in store.assign_region_names(named):
            record.created(person_id)
        names = ", ".join(dict.fromkeys(name for _, name in named))
        record.summary = f"named {faces_in_words(faces)} of {photo} from {source}: {names}"
    return Decision(record.summary, None, record.entry_id)


def name_from_photo_names(
    store: Store, namings: list[tuple[int, str]], source: str = TAKEOUT
) -> Decision:
    """People named from the names of the photos they are in (``namings``: person id and
    name), in one journal entry; their faces become the user's, as naming them here does."""
    if not namings:
        return Decision("no one to name")
    people = [person for person, _ in namings]
    with journaled(store, "import names", people=people) as record:
        for person, name in namings:
            store.update_person(person, name=name, user_made=1)
            store.confirm_person_faces(person)
        names = listing(name for _, name in namings)
        record.summary = f"named {count(len(namings), 'person')} from {source}: {names}"
    return Decision(record.summary, None, record.entry_id)
