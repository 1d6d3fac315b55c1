"""What every route shares: the thread's database connection, answers that no browser
caches, and the checks of what a request names (a photo by its hash, a frame by its time)."""

from __future__ import annotations

from fastapi import Query, Request
from starlette.responses import JSONResponse

from albumfaces.errors import AlbumfacesError, NotFound

NO_STORE = {"Cache-Control": "no-store"}  # face data never lands in a browser's cache
PHOTO_HASH_LENGTH = 64  # SHA-256, hex
HEX_DIGITS = "0123456789abcdef"
LONGEST_VIDEO_SECONDS = 1e6


def store_of(request: Request):
    """This thread's connection (SQLite connections are not shared across threads): take it
    in the thread that uses it."""
    return request.app.state.stores.get()


def json_response(data, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=NO_STORE)


def checked_hash(photo_hash: str) -> str:
    """A photo is named by its content hash, looked up in the database; nothing else."""
    if len(photo_hash) != PHOTO_HASH_LENGTH or photo_hash.strip(HEX_DIGITS):
        raise NotFound("no such photo", "photo")
    return photo_hash


def checked_time(time: float | None) -> float | None:
    """``?time=SECONDS``: which frame of a video to show."""
    if time is not None and not 0 <= time < LONGEST_VIDEO_SECONDS:
        raise AlbumfacesError("time must be a number of seconds")
    return time


def checked_size(size: int, sizes: tuple[int, ...]) -> int:
    if size not in sizes:
        raise AlbumfacesError(f"size must be one of {', '.join(map(str, sizes))}")
    return size


# ?with=ID&with=ID[&only=1]: the people whose shared photos a page or the API shows
WITH_PEOPLE = Query(..., alias="with", description="a person's id (repeat it: all of them)")
ONLY_THEM = Query("", description="1: and no one else albumfaces knows")
