"""What the user types: names, and references to people. Front ends resolve a reference to an
id once, here, and then call the decisions with ids."""

from __future__ import annotations

import shlex

from albumfaces.errors import AlbumfacesError
from albumfaces.names import name_problem, normalized_name
from albumfaces.store import Store


class PeopleError(AlbumfacesError):
    """A decision that cannot be made as asked; the message says why."""


class NotFound(PeopleError):
    """A person or face that does not exist (any more)."""


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
    ref = normalized_name(ref)
    matches = store.people_matching(ref)
    if not matches:
        raise NotFound(f"no person {ref!r} (see `albumfaces people`)")
    if len(matches) > 1:
        ids = ", ".join(map(str, matches))
        raise PeopleError(f"{ref!r} could be any of the people {ids}; give the id instead")
    return matches[0]


def quoted(word: str | int) -> str:
    """A word as it must be typed in a shell: `albumfaces merge 'Elton John' 4`."""
    return shlex.quote(str(word))
