"""Named faces and sidecar records: the SQL behind `albumfaces xmp write`."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from albumfaces.models import Box, NamedBox, PhotoFile, SidecarRecord
from albumfaces.store.clock import now as _now


def _area(face: NamedBox) -> int:
    return face.box.width * face.box.height


class SidecarQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def load_photo_files(self) -> dict[str, PhotoFile]:
        """Every photo file (not video) of the library with its named faces: each named,
        not ignored person's largest face in it, and the names its own XMP gave faces."""
        files: dict[str, PhotoFile] = {}
        rows = self.db.execute(
            "SELECT files.path, ph.hash, ph.width, ph.height FROM files "
            "JOIN photos ph ON ph.hash = files.photo_hash AND ph.media = 'photo'"
        )
        for path, photo_hash, width, height in rows:
            files[path] = PhotoFile(path, photo_hash, width, height)
        faces: dict[str, dict[str, NamedBox]] = {}
        rows = self.db.execute(
            """
            SELECT f.photo_hash, p.name, f.top, f.right, f.bottom, f.left
            FROM assignments a
            JOIN people p ON p.id = a.person_id AND p.ignored = 0 AND p.name IS NOT NULL
            JOIN faces f ON f.id = a.face_id
            -- a face seen only in a Live Photo's clip has its box in the clip's frame
            WHERE f.time IS NULL
            """
        )
        for photo_hash, name, top, right, bottom, left in rows:
            face = NamedBox(name, Box(top, right, bottom, left))
            named = faces.setdefault(photo_hash, {})
            if name not in named or _area(face) > _area(named[name]):
                named[name] = face  # a person is once in a photo: their largest face
        imported: dict[str, set[str]] = {}
        rows = self.db.execute("SELECT photo_hash, region_name FROM faces WHERE region_name <> ''")
        for photo_hash, name in rows:
            imported.setdefault(photo_hash, set()).add(name)
        for path, photo in files.items():
            files[path] = photo.with_names(
                faces.get(photo.photo_hash, {}).values(), imported.get(photo.photo_hash, ())
            )
        return files

    def load_sidecar_records(self) -> dict[str, SidecarRecord]:
        rows = self.db.execute(
            "SELECT photo_path, sidecar, photo_hash, faces, created, properties, sha256 "
            "FROM xmp_sidecars"
        )
        return {
            row[0]: SidecarRecord(
                row[0],
                row[1],
                row[2],
                tuple(NamedBox.from_json(item) for item in json.loads(row[3])),
                bool(row[4]),
                frozenset(json.loads(row[5])),
                row[6],
            )
            for row in rows
        }

    def save_sidecar_record(self, record: SidecarRecord) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO xmp_sidecars (photo_path, sidecar, photo_hash, faces, "
            "created, properties, sha256, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                record.photo_path,
                record.sidecar,
                record.photo_hash,
                json.dumps([f.to_json() for f in record.faces], ensure_ascii=False),
                int(record.created),
                json.dumps(sorted(record.properties)),
                record.sha256,
                _now(),
            ],
        )

    def delete_sidecar_records(self, photo_paths: Iterable[str]) -> None:
        self.db.conn.executemany(
            "DELETE FROM xmp_sidecars WHERE photo_path = ?", [(p,) for p in photo_paths]
        )
