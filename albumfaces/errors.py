"""The errors the library raises for problems a user can act on.

An error says what went wrong and which ids, in words that suit every front end; it carries
no front end's advice. Each class has its HTTP status, which the server answers with; the CLI
adds its own hint (which command to run) by the error's class and fields."""

from __future__ import annotations

from http import HTTPStatus


class AlbumfacesError(Exception):
    """A problem the user can fix; the message says what it is, in one line."""

    http_status: int = HTTPStatus.BAD_REQUEST
    retry_after: int | None = None  # seconds, for an error that passes by itself

    def __init__(self, message: str, http_status: int | None = None):
        super().__init__(message)
        if http_status is not None:
            self.http_status = http_status


class Unavailable(AlbumfacesError):
    """Busy for now: the same request may work a moment later."""

    http_status = HTTPStatus.SERVICE_UNAVAILABLE
    retry_after = 1


class NotFound(AlbumfacesError):
    """A person, face or photo that does not exist (any more).

    ``kind`` names what was looked for ("person", "face", "photo"), ``ids`` which."""

    http_status = HTTPStatus.NOT_FOUND

    def __init__(self, message: str, kind: str = "", ids: tuple = ()):
        super().__init__(message)
        self.kind = kind
        self.ids = tuple(ids)
