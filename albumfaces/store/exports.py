"""Albums and export records: the SQL behind `albumfaces export`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from albumfaces.models import AlbumPhoto, EntryPart, ExportRecord
from albumfaces.store.clock import now as _now
from albumfaces.store.sql import DISPLAY_NAME


class ExportQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def load_album_photos(self) -> list[AlbumPhoto]:
        """One row per (person, present photo) of every person that is not ignored."""
        rows = self.db.execute(
            f"""
            WITH source AS (
                SELECT photo_hash, min(path) AS path FROM files
                WHERE photo_hash IS NOT NULL GROUP BY photo_hash
            )
            SELECT DISTINCT p.id, p.name IS NOT NULL, {DISPLAY_NAME},
                   ph.hash, source.path, ph.taken_at
            FROM assignments a
            JOIN people p ON p.id = a.person_id AND p.ignored = 0
            JOIN faces f ON f.id = a.face_id
            JOIN photos ph ON ph.hash = f.photo_hash
            JOIN source ON source.photo_hash = ph.hash
            ORDER BY p.id, ph.hash
            """
        ).fetchall()
        return [AlbumPhoto._make(row) for row in rows]

    def set_taken_at(self, dates: dict[str, str]) -> None:
        self.db.conn.executemany(
            "UPDATE photos SET taken_at = ? WHERE hash = ?", [(d, h) for h, d in dates.items()]
        )

    def load_export_records(self, dest: str) -> dict[str, ExportRecord]:
        rows = self.db.execute(
            "SELECT rel_path, person_id, photo_hash, source, mode, link_target, inode, size, "
            "part FROM exports WHERE dest = ?",
            [dest],
        )
        return {
            row[0]: ExportRecord._make((*row[:8], EntryPart(row[8]) if row[8] else None))
            for row in rows
        }

    def save_export_records(self, dest: str, records: Iterable[ExportRecord]) -> None:
        now = _now()
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO exports (dest, rel_path, person_id, photo_hash, source, mode,"
            " link_target, inode, size, part, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    dest,
                    r.rel_path,
                    r.person_id,
                    r.photo_hash,
                    r.source,
                    r.mode,
                    r.link_target,
                    r.inode,
                    r.size,
                    r.part,
                    now,
                )
                for r in records
            ],
        )

    def delete_export_records(self, dest: str, rel_paths: Iterable[str]) -> None:
        self.db.conn.executemany(
            "DELETE FROM exports WHERE dest = ? AND rel_path = ?", [(dest, p) for p in rel_paths]
        )

    def rename_export_folder(self, dest: str, old: str, new: str) -> None:
        """Records of entries in folder ``old`` now live in ``new`` (the folder was renamed).
        Prefixes are compared with substr, not LIKE: folder names can hold % and _."""
        self.db.execute(
            "UPDATE exports SET rel_path = ? || substr(rel_path, length(?) + 1) "
            "WHERE dest = ? AND substr(rel_path, 1, length(?) + 1) = ? || '/'",
            [new, old, dest, old, old],
        )

    def export_roots(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT dest FROM exports")]
