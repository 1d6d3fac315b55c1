"""Schema of the face cache, as named migrations applied in order.

Never edit an applied migration: add a new one, so existing databases upgrade in place.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("albumfaces")


@migrations()
def m001_initial(db: Database) -> None:
    # One row per photo *content*: a photo found at several paths is scanned once.
    db["photos"].create(
        {
            "hash": str,
            "width": int,  # upright (EXIF-applied) full-size pixels
            "height": int,
            "format": str,
            "settings_key": str,  # effective detection settings, see scan.plan
            "scanned_at": str,
        },
        pk="hash",
    )
    db["faces"].create(
        {
            "id": int,
            "photo_hash": str,
            "idx": int,
            "top": int,
            "right": int,
            "bottom": int,
            "left": int,
            "landmarks": str,  # JSON [[x, y], ...] in full-size upright pixels
            "encoding": bytes,  # store.codec
            "score": float,
        },
        pk="id",
        foreign_keys=[("photo_hash", "photos", "hash")],
    )
    db["faces"].create_index(["photo_hash", "idx"], unique=True)
    # One row per path seen under a scanned folder. kind: photo | failed | other (not an image).
    db["files"].create(
        {
            "path": str,
            "size": int,
            "mtime_ns": int,
            "kind": str,
            "photo_hash": str,
            "error": str,
            "seen_at": str,
        },
        pk="path",
        foreign_keys=[("photo_hash", "photos", "hash")],
    )
    db["files"].create_index(["photo_hash"])
