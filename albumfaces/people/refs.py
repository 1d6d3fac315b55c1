"""What the user types: names, and references to people. Front ends resolve a reference to an
id once, here, and then call the decisions with ids."""

from __future__ import annotations

from albumfaces.errors import AlbumfacesError, NotFound
from albumfaces.names import name_problem, normalized_name
from albumfaces.store import Store


class PeopleError(AlbumfacesError):
    """A decision that cannot be made as asked; the message says why."""


class NameTaken(PeopleError):
    """A name that is another person's already: ``name`` is ``owner``'s; ``person`` (id)
    and ``person_name`` are who was to be given it (None: a new person)."""

    def __init__(self, name: str, owner: int, person: int | None, person_name: str | None):
        super().__init__(f"{name!r} is already person {owner}")
        self.name, self.owner, self.person, self.person_name = name, owner, person, person_name


class NotTheirFaces(PeopleError):
    """Faces that are not the person's the decision is about."""

    def __init__(self, faces: list[int], person: int, person_name: str, detail: str = ""):
        listed = ", ".join(map(str, faces))
        super().__init__(f"face {listed} is not {person_name}'s{detail}")
        self.faces, self.person, self.person_name = faces, person, person_name


class Ambiguous(PeopleError):
    """A name or reference that means more than one person."""

    def __init__(self, ref: str, ids: list[int]):
        listed = ", ".join(map(str, ids))
        super().__init__(f"{ref!r} could be any of the people {listed}; give the id instead")
        self.ref, self.ids = ref, ids


__all__ = ["Ambiguous", "NameTaken", "NotFound", "NotTheirFaces", "PeopleError"]


def clean_name(name: str) -> str:
    """The one rule for a name (``albumfaces.names``): NFC, so a name typed on macOS (NFD)
    matches the same name typed elsewhere; whitespace folded; no control or format
    characters but those scripts need; at most 200 characters. Raises :class:`PeopleError`
    with the reason when the name cannot be made valid."""
    if not isinstance(name, str):
        raise PeopleError("a name must be text")
    cleaned = normalized_name(name)
    problem = name_problem(cleaned)
    if problem:
        raise PeopleError(problem)
    return cleaned


def resolve_person(store: Store, ref: str) -> int:
    """The id of the person ``ref`` means: an id, a name or an automatic name (``person_07``).
    Raises :class:`PeopleError` when it means nobody, or more than one person."""
    matches = find_people(store, ref)
    if not matches:
        raise NotFound(f"no person {normalized_name(ref)!r}", "person")
    if len(matches) > 1:
        raise Ambiguous(normalized_name(ref), matches)
    return matches[0]


def find_people(store: Store, ref: str) -> list[int]:
    """Everyone ``ref`` may mean, the one rule every front end looks people up by: an id, a
    name or an automatic name (``person_07``), NFC, and ignoring case when nothing matches
    exactly."""
    return store.people_matching(normalized_name(ref))
