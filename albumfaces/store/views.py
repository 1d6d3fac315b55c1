"""What the front ends read besides people and faces: the face to show for each person,
face boxes and photos by id, and fingerprints that tell caches when to read again."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from albumfaces.models import Box, Changes, Marks, StoredPhoto
from albumfaces.store.photos import PHOTO_COLUMNS, stored_photo
from albumfaces.store.sql import IN_IDS, PRESENT, json_ids


class ViewQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def present_faces(self, face_ids: Iterable[int]) -> set[int]:
        """Which of ``face_ids`` are faces of a photo in the library."""
        sql = f"SELECT id FROM faces WHERE id {IN_IDS} AND {PRESENT}"
        return {r[0] for r in self.db.execute(sql, [json_ids(face_ids)])}

    def shown_faces(self, people: Iterable[int] | None = None) -> dict[int, int]:
        """The face to show for each person with faces (or each of ``people``): the cover
        the user chose, else the face the user confirmed or the machine found first."""
        only = "" if people is None else f"WHERE p.id {IN_IDS}"
        rows = self.db.execute(
            f"""
            SELECT p.id, coalesce(
                (SELECT p.cover_face_id WHERE p.cover_face_id IN
                    (SELECT face_id FROM assignments WHERE person_id = p.id)),
                (SELECT min(a.face_id) FROM assignments a JOIN faces ON faces.id = a.face_id
                 WHERE a.person_id = p.id AND {PRESENT}))
            FROM people p {only}
            """,
            [] if people is None else [json_ids(people)],
        )
        return {pid: face for pid, face in rows if face is not None}

    def machine_changes(self) -> int:
        """How many times scans and clustering changed faces or assignments (see
        :meth:`count_machine_change`): caches of people tell the machine's changes, which are
        not journaled, from the user's, which are."""
        row = self.db.execute("SELECT value FROM counters WHERE name = 'machine_changes'")
        found = row.fetchone()
        return found[0] if found else 0

    def marks(self) -> Marks:
        return Marks(self.machine_changes(), self.last_journal_id())

    def changes_since(self, before: Marks | None) -> Changes:
        """What moved since ``before`` (None: never looked): the one rule every cache of the
        database (people, suggestions, identify's known faces) is kept by."""
        now = self.marks()
        if before == now:
            return Changes(now, everything=False)
        if before is None or before.machine_changes != now.machine_changes:
            return Changes(now, everything=True)
        touched = self.touched_after(before.journal)
        return Changes(now, everything=touched is None, touched=touched)

    def count_machine_change(self) -> None:
        """Call inside the transaction of any change to faces or assignments that is not a
        decision (a scan batch, a clustering run)."""
        self.db.execute(
            "INSERT INTO counters (name, value) VALUES ('machine_changes', 1) "
            "ON CONFLICT (name) DO UPDATE SET value = value + 1"
        )

    def face_box(self, face_id: int) -> tuple[str, Box, float | None] | None:
        """A face's photo, box and time (of a clip): one primary-key lookup (a crop already
        made is found by these, without reading the rest of the face)."""
        row = self.db.execute(
            "SELECT photo_hash, top, right, bottom, left, time FROM faces WHERE id = ?",
            [face_id],
        ).fetchone()
        return (row[0], Box(*row[1:5]), row[5]) if row else None

    def count_unassigned(self) -> int:
        sql = (
            "SELECT count(*) FROM faces WHERE NOT EXISTS "
            f"(SELECT 1 FROM assignments a WHERE a.face_id = faces.id) AND {PRESENT}"
        )
        return self.db.execute(sql).fetchone()[0]

    def get_photo(self, photo_hash: str) -> StoredPhoto | None:
        row = self.db.execute(
            f"SELECT {PHOTO_COLUMNS} FROM photos WHERE hash = ?", [photo_hash]
        ).fetchone()
        return stored_photo(row) if row else None

    def photo_of_path(self, path: str) -> str | None:
        """The content hash of the photo at ``path`` as the last scan saw it."""
        row = self.db.execute(
            "SELECT photo_hash FROM files WHERE path = ? AND photo_hash IS NOT NULL", [path]
        ).fetchone()
        return row[0] if row else None

    def photo_path(self, photo_hash: str) -> str | None:
        """A file that holds the photo (the first by path), or None if none does any more."""
        row = self.db.execute(
            "SELECT min(path) FROM files WHERE photo_hash = ?", [photo_hash]
        ).fetchone()
        return row[0]
