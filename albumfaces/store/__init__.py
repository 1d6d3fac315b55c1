"""The face cache: the only package that speaks SQL. This module is the connection (open,
lock, transactions); each kind of query is a mixin of :class:`Store` in a module of its own
(photos, people, journal, exports, sidecars, ...), and :mod:`.sql` holds what they share.

One SQLite file in WAL mode. Writes are grouped into short transactions, so an interrupted
run loses at most the batch it was writing and the file always passes ``integrity_check``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock
from sqlite_utils import Database

from albumfaces.errors import AlbumfacesError
from albumfaces.store.drawn import DrawnQueries
from albumfaces.store.encodings import EncodingQueries
from albumfaces.store.exports import ExportQueries
from albumfaces.store.hidden import HiddenQueries
from albumfaces.store.journal import JournalQueries
from albumfaces.store.library import LibraryQueries
from albumfaces.store.live import LiveQueries
from albumfaces.store.people import PeopleQueries
from albumfaces.store.photo_names import PhotoNameQueries
from albumfaces.store.photos import PhotoQueries
from albumfaces.store.runs import RunQueries
from albumfaces.store.schema import migrations
from albumfaces.store.sidecars import SidecarQueries
from albumfaces.store.suggestions import SuggestionQueries
from albumfaces.store.together import TogetherQueries
from albumfaces.store.views import ViewQueries

BUSY_TIMEOUT_MS = 30_000


class StoreBusy(AlbumfacesError):
    """Another process holds the database for writing."""


class StoreMissing(AlbumfacesError):
    """A command that only reads was pointed at a database that does not exist."""


class StoreUnusable(AlbumfacesError):
    """The file is not a database albumfaces can use (not SQLite, damaged, unreadable)."""


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only: face encodings are biometric."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)


class Store(
    PhotoQueries,
    PeopleQueries,
    ExportQueries,
    JournalQueries,
    ViewQueries,
    SidecarQueries,
    RunQueries,
    EncodingQueries,
    SuggestionQueries,
    LibraryQueries,
    TogetherQueries,
    PhotoNameQueries,
    HiddenQueries,
    DrawnQueries,
    LiveQueries,
):
    """An open face cache. Use :meth:`open`; close with :meth:`close` or ``with``."""

    def __init__(self, path: Path, db: Database):
        self.path = path
        self.db = db

    @classmethod
    def open(
        cls, path: str | os.PathLike, create: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> Store:
        """Open the database at ``path``; with ``create=False`` (commands that only read or
        correct) a missing file is an error instead of a new, empty database. A write waits
        up to ``busy_timeout_ms`` while another process holds the database."""
        path = Path(path).expanduser().absolute()
        if not create and not path.is_file():
            raise StoreMissing(
                f"no database at {path}; scan a folder first (albumfaces scan PHOTOS) "
                "or give the right --db"
            )
        try:
            _create_private(path)
            db = Database(path)
            db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            migrations.apply(db)
        except sqlite3.DatabaseError as exc:
            raise StoreUnusable(f"cannot open database {path}: {exc}") from exc
        except OSError as exc:
            raise StoreUnusable(f"cannot open database {path}: {exc.strerror or exc}") from exc
        return cls(path, db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the writer lock for a whole run; raise :class:`StoreBusy` if someone else has it.

        SQLite alone would let two scans interleave their batches; the lock file makes the
        second one stop with a message instead. The OS drops the lock if the holder dies.
        """
        lock = filelock.FileLock(str(self.path) + ".lock", mode=0o600)
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            raise StoreBusy(
                f"{self.path} is in use by another albumfaces run; wait for it to finish"
            ) from None
        try:
            yield
        finally:
            lock.release()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db.atomic():
            yield

    # -- reading -----------------------------------------------------------------------------
