"""The one exception type the library raises for problems a user can act on."""


class AlbumfacesError(Exception):
    """A problem the user can fix; the message says what it is, in one line."""
