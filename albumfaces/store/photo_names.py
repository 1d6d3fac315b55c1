"""Names without boxes that other programs gave the people of a photo (Google Takeout's):
the SQL behind naming people from them."""

from __future__ import annotations

from collections import defaultdict

from sqlite_utils import Database

from albumfaces.store.sql import IN_IDS

TAKEOUT_SOURCE = "takeout"  # photo_names.source of Google Takeout's names


class PhotoNameQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def photo_names(self, source: str = TAKEOUT_SOURCE) -> dict[str, set[str]]:
        """Each name, and the present photos that carry it."""
        found: dict[str, set[str]] = defaultdict(set)
        for name, photo_hash in self.db.execute(
            "SELECT name, photo_hash FROM photo_names n WHERE source = ? AND EXISTS "
            "(SELECT 1 FROM files WHERE files.photo_hash = n.photo_hash)",
            [source],
        ):
            found[name].add(photo_hash)
        return dict(found)

    def photo_people(self, photo_hashes) -> dict[str, set[int]]:
        """The people (not ignored) with a face in each of these photos."""
        import json

        found: dict[str, set[int]] = defaultdict(set)
        for photo_hash, person in self.db.execute(
            "SELECT f.photo_hash, a.person_id FROM faces f "
            "JOIN assignments a ON a.face_id = f.id JOIN people p ON p.id = a.person_id "
            f"WHERE p.ignored = 0 AND f.photo_hash {IN_IDS}",
            [json.dumps(sorted(photo_hashes))],
        ):
            found[photo_hash].add(person)
        return dict(found)

    def face_photo_names(self, source: str = TAKEOUT_SOURCE) -> dict[int, set[str]]:
        """Each face of a photo that has names, and those names."""
        found: dict[int, set[str]] = defaultdict(set)
        for face_id, name in self.db.execute(
            "SELECT f.id, n.name FROM photo_names n JOIN faces f ON f.photo_hash = n.photo_hash "
            "WHERE n.source = ?",
            [source],
        ):
            found[face_id].add(name)
        return dict(found)
