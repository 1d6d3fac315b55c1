"""Photos several people share ("Anna and Ben together", "only them"), for every front end:
`albumfaces photos --with`, the review page's shared photos and ``GET /api/photos``."""

from __future__ import annotations

from albumfaces.errors import AlbumfacesError, NotFound
from albumfaces.models import Person, TogetherPhoto
from albumfaces.store import Store
from albumfaces.words import count, listing


def chosen_people(store: Store, person_ids: list[int]) -> list[Person]:
    """The people asked about, each once, in the order given. Raises ``NotFound`` for an id
    that is nobody, ``AlbumfacesError`` for none."""
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise AlbumfacesError("name at least one person to see the photos they are in")
    people = []
    for pid in ids:
        person = store.get_person(pid)
        if person is None:
            raise NotFound(f"no person {pid}", "person", (pid,))
        people.append(person)
    return people


def photos_together(store: Store, person_ids: list[int], only: bool = False) -> list[TogetherPhoto]:
    """The photos where all of them appear (``only``: and no one else albumfaces knows,
    strangers and ignored people aside), newest first."""
    people = chosen_people(store, person_ids)
    return store.photos_together([p.id for p in people], only)


def together_words(people: list[Person], found: int, only: bool) -> str:
    """ "12 photos of Anna and Ben together" (``only``: "… and no one else")."""
    names = listing(p.name for p in people)
    if len(people) == 1:
        head = f"{count(found, 'photo')} of {names}"
        return head + (" alone" if only else "")
    return f"{count(found, 'photo')} of {names} together" + (" and no one else" if only else "")
