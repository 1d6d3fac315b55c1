"""The API token of a library: a secret kept in a file next to the database, readable by its
owner only, made on first use. ``albumfaces token --rotate`` replaces it; a running server
notices the new file at its next request, so a leaked token stops working at once."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from albumfaces.errors import AlbumfacesError

TOKEN_BYTES = 32
TOKEN_SUFFIX = ".token"
OWNER_ONLY = 0o600


class TokenError(AlbumfacesError):
    """The token file cannot be read or written."""


def token_path(db_path: Path) -> Path:
    """``albumfaces.db`` keeps its token in ``albumfaces.db.token``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + TOKEN_SUFFIX)


def _write(path: Path) -> str:
    """A new token, written whole (a temporary file renamed over the old one), owner only."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, OWNER_ONLY)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(token + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, OWNER_ONLY)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return token


def _read(path: Path) -> str | None:
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        return None
    if os.stat(path).st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        os.chmod(path, OWNER_ONLY)  # someone loosened it: the token is a key to the faces
    return text or None


def library_token(db_path: Path, rotate: bool = False) -> str:
    """The library's token: the one in the file, or a new one when there is none (or when
    ``rotate``)."""
    path = token_path(db_path)
    try:
        existing = None if rotate else _read(path)
        return existing or _write(path)
    except OSError as exc:
        raise TokenError(
            f"{path}: cannot keep the API token there ({exc.strerror or exc})"
        ) from exc


class TokenFile:
    """The current token for a running server: read again when the file changes."""

    def __init__(self, db_path: Path):
        self.path = token_path(db_path)
        self.token = library_token(db_path)
        self.stamp = self._stamp()

    def _stamp(self):
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_ino, st.st_size)

    def current(self) -> str:
        stamp = self._stamp()
        if stamp != self.stamp and stamp is not None:
            self.token = _read(self.path) or self.token
            self.stamp = stamp
        return self.token


class FixedToken:
    """A token for one run (the review page prints it in its address)."""

    def __init__(self, token: str):
        self.token = token

    def current(self) -> str:
        return self.token
