"""Names without boxes that other programs gave the people of a photo (Google Takeout's):
the SQL behind naming people from them."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from sqlite_utils import Database

from albumfaces.store.sql import IN_IDS

TAKEOUT_SOURCE = "takeout"  # photo_names.source of Google Takeout's names


def _grouped(rows: Iterable[tuple]) -> dict:
    """(key, value) rows as each key's set of values."""
    found: dict = defaultdict(set)
    for key, value in rows:
        found[key].add(value)
    return dict(found)


class PhotoNameQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def photo_names(self, source: str = TAKEOUT_SOURCE) -> dict[str, set[str]]:
        """Each name, and the present photos that carry it."""
        return _grouped(
            self.db.execute(
                "SELECT name, photo_hash FROM photo_names n WHERE source = ? AND EXISTS "
                "(SELECT 1 FROM files WHERE files.photo_hash = n.photo_hash)",
                [source],
            )
        )

    def photo_people(self, photo_hashes: Iterable[str]) -> dict[str, set[int]]:
        """The people (not ignored) with a face in each of these photos."""
        return _grouped(
            self.db.execute(
                "SELECT f.photo_hash, a.person_id FROM faces f "
                "JOIN assignments a ON a.face_id = f.id JOIN people p ON p.id = a.person_id "
                f"WHERE p.ignored = 0 AND f.photo_hash {IN_IDS}",
                [json.dumps(sorted(photo_hashes))],
            )
        )

    def face_photo_names(
        self, face_ids: Iterable[int] | None = None, source: str = TAKEOUT_SOURCE
    ) -> dict[int, set[str]]:
        """Each face (of these, or all) of a photo that has names, and those names."""
        only = "" if face_ids is None else f"AND f.id {IN_IDS}"
        return _grouped(
            self.db.execute(
                "SELECT f.id, n.name FROM photo_names n "
                f"JOIN faces f ON f.photo_hash = n.photo_hash WHERE n.source = ? {only}",
                [source] + ([] if face_ids is None else [json.dumps(list(face_ids))]),
            )
        )
