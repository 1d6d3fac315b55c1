"""What to run next, added to a library error at the CLI's edge: the library's errors say
what went wrong and which ids; only the CLI knows its own commands."""

from __future__ import annotations

import shlex

from albumfaces.errors import AlbumfacesError, NotFound
from albumfaces.people.refs import NameTaken, NotTheirFaces

LOOK_UP = {
    "person": "see `albumfaces people`",
    "face": "see `albumfaces faces` or `albumfaces show PERSON`",
}


def quoted(word: str | int) -> str:
    """A word as it must be typed in a shell: `albumfaces merge 'Elton John' 4`."""
    return shlex.quote(str(word))


def hint(exc: AlbumfacesError) -> str | None:
    """The command that helps with ``exc``, if there is one."""
    if isinstance(exc, NotFound):
        found = LOOK_UP.get(exc.kind)
        return found
    if isinstance(exc, NameTaken):
        if exc.person is None:
            return f"move the faces there instead: `albumfaces move FACE_IDS {quoted(exc.name)}`"
        return (
            "to put them together use "
            f"`albumfaces merge {quoted(exc.person_name)} {quoted(exc.name)}`"
        )
    if isinstance(exc, NotTheirFaces):
        return f"see `albumfaces show {quoted(exc.person_name)}`"
    return None


def with_hint(exc: AlbumfacesError) -> str:
    """The error's message, with the hint after it in brackets."""
    found = hint(exc)
    return str(exc) if found is None else f"{exc} ({found})"
