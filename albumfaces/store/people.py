"""People, assignments and rejections: the SQL behind naming and clustering."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from albumfaces.models import Person
from albumfaces.store.clock import now as _now

# A face counts as present while some file holds its photo.
_PRESENT = "EXISTS (SELECT 1 FROM files WHERE files.photo_hash = faces.photo_hash)"
_USER_MADE = "(p.user_made = 1 OR p.name IS NOT NULL OR p.ignored = 1)"


class PeopleQueries:
    """Mixed into :class:`albumfaces.store.Store`; expects ``self.db``."""

    db: object

    # -- reading -----------------------------------------------------------------------------

    def load_face_set(self) -> tuple[list[int], np.ndarray, np.ndarray]:
        """Ids, encodings and photo numbers of present faces, in an order fixed by content
        (photo hash, index), so that clustering does not depend on the scan order."""
        rows = self.db.execute(
            f"SELECT id, encoding, photo_hash FROM faces WHERE {_PRESENT} ORDER BY photo_hash, idx"
        ).fetchall()
        ids = [r[0] for r in rows]
        if not ids:
            return ids, np.zeros((0, 128), np.float32), np.zeros(0, dtype=int)
        encodings = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(ids), -1)
        _, photos = np.unique([r[2] for r in rows], return_inverse=True)
        return ids, encodings.astype(np.float32), photos

    def load_user_decisions(self) -> tuple[dict[int, int], set[tuple[int, int]]]:
        user = dict(
            self.db.execute("SELECT face_id, person_id FROM assignments WHERE source = 'user'")
        )
        rejected = set(self.db.execute("SELECT face_id, person_id FROM rejections"))
        return user, rejected

    def load_machine_people(self) -> dict[int, set[int]]:
        """Faces of each machine-made person: used to keep their ids across runs."""
        rows = self.db.execute(
            f"SELECT p.id, a.face_id FROM people p JOIN assignments a ON a.person_id = p.id "
            f"WHERE NOT {_USER_MADE}"
        )
        people: dict[int, set[int]] = {}
        for pid, fid in rows:
            people.setdefault(pid, set()).add(fid)
        return people

    def list_people(self) -> list[Person]:
        rows = self.db.execute(
            f"""
            SELECT p.id, coalesce(p.name, p.auto_name, 'person_' || p.id), p.name IS NOT NULL,
                   p.ignored, count(f.id), count(DISTINCT f.photo_hash),
                   sum(a.source = 'user'), sum(a.source = 'propagated'), sum(a.source = 'cluster')
            FROM people p
            LEFT JOIN assignments a ON a.person_id = p.id
            LEFT JOIN faces f ON f.id = a.face_id AND {_PRESENT.replace("faces.", "f.")}
            GROUP BY p.id
            ORDER BY p.name IS NULL, count(f.id) DESC, p.id
            """
        ).fetchall()
        return [
            Person(
                pid,
                name,
                bool(named),
                bool(ignored),
                faces,
                photos,
                {"user": u or 0, "propagated": pr or 0, "cluster": c or 0},
            )
            for pid, name, named, ignored, faces, photos, u, pr, c in rows
        ]

    def find_person(self, ref: str) -> int | None:
        """A person by id, by name, or by automatic name."""
        if ref.isdigit():
            row = self.db.execute("SELECT id FROM people WHERE id = ?", [int(ref)]).fetchone()
            if row:
                return row[0]
        row = self.db.execute(
            "SELECT id FROM people WHERE name = ? OR (name IS NULL AND auto_name = ?) "
            "ORDER BY name IS NULL LIMIT 1",
            [ref, ref],
        ).fetchone()
        return row[0] if row else None

    def person_by_name(self, name: str) -> int | None:
        row = self.db.execute("SELECT id FROM people WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    def face_assignment(self, face_id: int) -> tuple[int, str] | None:
        return self.db.execute(
            "SELECT person_id, source FROM assignments WHERE face_id = ?", [face_id]
        ).fetchone()

    def face_exists(self, face_id: int) -> bool:
        sql = f"SELECT 1 FROM faces WHERE id = ? AND {_PRESENT}"
        return self.db.execute(sql, [face_id]).fetchone() is not None

    def person_face_ids(self, person_id: int) -> list[int]:
        rows = self.db.execute(
            f"SELECT a.face_id FROM assignments a JOIN faces ON faces.id = a.face_id "
            f"WHERE a.person_id = ? AND {_PRESENT} ORDER BY faces.photo_hash, faces.idx",
            [person_id],
        )
        return [r[0] for r in rows]

    # -- writing (inside Store.transaction) --------------------------------------------------

    def create_person(
        self, name: str | None = None, auto_name: str | None = None, user_made: bool = False
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO people (name, auto_name, user_made, created_at) VALUES (?, ?, ?, ?)",
            [name, auto_name, int(user_made), _now()],
        )
        return cursor.lastrowid

    def update_person(self, person_id: int, **values) -> None:
        sets = ", ".join(f"{column} = ?" for column in values)
        self.db.execute(f"UPDATE people SET {sets} WHERE id = ?", [*values.values(), person_id])

    def delete_person(self, person_id: int) -> None:
        self.db.execute("DELETE FROM people WHERE id = ?", [person_id])

    def assign(
        self, face_ids: Iterable[int], person_id: int, source: str, distance: float | None = None
    ) -> None:
        """Assign faces to one person."""
        self.assign_rows((fid, person_id, source, distance) for fid in face_ids)

    def assign_rows(self, rows: Iterable[tuple[int, int, str, float | None]]) -> None:
        """Assign faces from (face id, person id, source, distance) rows. A machine assignment
        never replaces one the user made, even if the user decided while a clustering run was
        computing."""
        now = _now()
        self.db.conn.executemany(
            "INSERT INTO assignments (face_id, person_id, source, distance, assigned_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (face_id) DO UPDATE SET"
            " person_id = excluded.person_id, source = excluded.source,"
            " distance = excluded.distance, assigned_at = excluded.assigned_at"
            " WHERE excluded.source = 'user' OR assignments.source != 'user'",
            [(*row, now) for row in rows],
        )

    def unassign(self, face_id: int) -> None:
        self.db.execute("DELETE FROM assignments WHERE face_id = ?", [face_id])

    def confirm_person_faces(self, person_id: int) -> None:
        """The user vouched for this person's faces (named it, merged into it)."""
        self.db.execute(
            "UPDATE assignments SET source = 'user', distance = NULL WHERE person_id = ?",
            [person_id],
        )

    def reassign_person(self, from_id: int, to_id: int) -> None:
        """Every face and rejection of one person, given to another, as the user's decision."""
        self.db.execute(
            "UPDATE assignments SET person_id = ?, source = 'user', distance = NULL "
            "WHERE person_id = ?",
            [to_id, from_id],
        )
        self.db.execute(
            "INSERT OR IGNORE INTO rejections (face_id, person_id, rejected_at) "
            "SELECT face_id, ?, rejected_at FROM rejections WHERE person_id = ?",
            [to_id, from_id],
        )

    def reject(self, face_id: int, person_id: int) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO rejections (face_id, person_id, rejected_at) VALUES (?, ?, ?)",
            [face_id, person_id, _now()],
        )

    def unreject(self, face_id: int, person_id: int) -> None:
        self.db.execute(
            "DELETE FROM rejections WHERE face_id = ? AND person_id = ?", [face_id, person_id]
        )

    def clear_machine_assignments(self) -> None:
        self.db.execute("DELETE FROM assignments WHERE source != 'user'")

    def delete_machine_people_without_faces(self) -> None:
        self.db.execute(
            f"DELETE FROM people WHERE id IN (SELECT p.id FROM people p WHERE NOT {_USER_MADE} "
            "AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.person_id = p.id))"
        )

    def kept_auto_names(self) -> set[str]:
        """Automatic names held by unnamed people the user kept (ignored, given faces)."""
        rows = self.db.execute(
            f"SELECT auto_name FROM people p WHERE auto_name IS NOT NULL AND {_USER_MADE}"
        )
        return {r[0] for r in rows}
