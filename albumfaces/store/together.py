"""Photos several people share: the SQL behind `albumfaces photos --with` and the shared
albums of `export --together`."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlite_utils import Database

from albumfaces.models import TogetherPhoto
from albumfaces.store.sql import IN_IDS, PRESENT, json_ids

# The photos in which each chosen person has a face; with ONLY, and no face of anyone else
# albumfaces knows (a person who is not ignored): strangers aside.
SHARED = f"""
    SELECT faces.photo_hash FROM assignments a JOIN faces ON faces.id = a.face_id
    WHERE a.person_id {IN_IDS} AND {PRESENT}
    GROUP BY faces.photo_hash HAVING count(DISTINCT a.person_id) = ?
"""
NO_ONE_ELSE = f"""
    AND NOT EXISTS (
        SELECT 1 FROM faces g JOIN assignments b ON b.face_id = g.id
        JOIN people q ON q.id = b.person_id
        WHERE g.photo_hash = s.photo_hash AND b.person_id NOT {IN_IDS} AND q.ignored = 0
    )
"""


class TogetherQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def photos_together(self, people: list[int], only: bool = False) -> list[TogetherPhoto]:
        """The present photos where every one of ``people`` has a face, newest first (undated
        last), each with those people's faces."""
        ids = json_ids(sorted(set(people)))
        rows = self.db.execute(
            f"""
            WITH s AS ({SHARED})
            SELECT s.photo_hash, p.taken_at, p.media, p.width, p.height,
                   (SELECT min(path) FROM files WHERE files.photo_hash = s.photo_hash)
            FROM s JOIN photos p ON p.hash = s.photo_hash
            WHERE 1 {NO_ONE_ELSE if only else ""}
            ORDER BY p.taken_at IS NULL, p.taken_at DESC, s.photo_hash
            """,
            [ids, len(set(people)), *([ids] if only else [])],
        ).fetchall()
        faces = defaultdict(list)
        if rows:
            hashes = json.dumps([r[0] for r in rows])
            for photo_hash, face_id, person_id in self.db.execute(
                "SELECT f.photo_hash, f.id, a.person_id FROM faces f "
                "JOIN assignments a ON a.face_id = f.id "
                f"WHERE a.person_id {IN_IDS} AND f.photo_hash {IN_IDS} "
                "ORDER BY f.id",
                [ids, hashes],
            ):
                faces[photo_hash].append((face_id, person_id))
        return [
            TogetherPhoto(h, path, taken_at, media, width, height, tuple(faces[h]))
            for h, taken_at, media, width, height, path in rows
        ]

    def together_album_id(self, people: list[int], create: bool = True) -> int | None:
        """The stable id of the shared album of ``people``: made on first use (``create``),
        else None when it was never made."""
        key = json.dumps(sorted(set(people)))
        if create:
            with self.db.conn:
                self.db.execute("INSERT OR IGNORE INTO together_albums (people) VALUES (?)", [key])
        row = self.db.execute("SELECT id FROM together_albums WHERE people = ?", [key])
        found = row.fetchone()
        return found[0] if found else None
