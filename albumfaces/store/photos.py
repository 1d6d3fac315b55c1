"""Files, photos and faces: the SQL behind scanning, and the faces every command reads."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlite_utils import Database

from albumfaces.models import (
    Box,
    Face,
    FaceDecisions,
    FileKind,
    FileRecord,
    MediaType,
    MotionKind,
    PhotoScan,
    Source,
    Status,
    StoredPhoto,
)
from albumfaces.store.clock import now as _now
from albumfaces.store.codec import decode_vector, encode_vector
from albumfaces.store.live import motion_columns
from albumfaces.store.photo_names import TAKEOUT_SOURCE
from albumfaces.store.sql import DISPLAY_NAME, IN_IDS, json_ids

PHOTO_COLUMNS = "hash, width, height, format, settings_key, media, face_model, motion"


MOTION_KINDS = {kind.value: kind for kind in MotionKind}
MEDIA_TYPES = {kind.value: kind for kind in MediaType}  # a rescan reads 100,000s of rows


def stored_photo(row) -> StoredPhoto:
    """A photo from a row of :data:`PHOTO_COLUMNS`."""
    *head, media, model, motion = row
    return StoredPhoto(
        *head,
        MEDIA_TYPES[media],
        model,
        motion=MOTION_KINDS.get(motion),
        motion_checked=motion is not None,
    )


class PhotoQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database
    path: Path

    def load_files(self) -> dict[str, FileRecord]:
        rows = self.db.execute(
            "SELECT path, size, mtime_ns, kind, photo_hash, error FROM files"
        ).fetchall()
        return {
            path: FileRecord(path, size, mtime, FileKind(kind), photo_hash, error)
            for path, size, mtime, kind, photo_hash, error in rows
        }

    def load_photos(self) -> dict[str, StoredPhoto]:
        rows = self.db.execute(f"SELECT {PHOTO_COLUMNS} FROM photos").fetchall()
        return {row[0]: stored_photo(row) for row in rows}

    def iter_faces(
        self,
        with_encodings: bool = False,
        person_id: int | None = None,
        face_id: int | None = None,
        photo_hash: str | None = None,
        unassigned: bool = False,
        newest_first: bool = False,
        limit: int = -1,
        offset: int = 0,
        face_ids: Iterable[int] | None = None,
    ) -> Iterator[Face]:
        """Every face of a photo that is present at some path, in a stable order (by path,
        or ``newest_first`` by when the photo was taken). Filters: ``person_id``,
        ``face_id``, ``face_ids``, ``photo_hash``, ``unassigned`` (faces of nobody);
        ``limit`` and ``offset`` page through them."""
        where, params = [], []
        for clause, value in (
            ("a.person_id = ?", person_id),
            ("f.id = ?", face_id),
            (
                f"f.id {IN_IDS}",
                None if face_ids is None else json_ids(face_ids),
            ),
            ("f.photo_hash = ?", photo_hash),
        ):
            if value is not None:
                where.append(f"AND {clause}")
                params.append(value)
        if unassigned:
            where.append("AND a.person_id IS NULL")
        order = "path, f.idx"
        if newest_first:
            order = f"(SELECT taken_at FROM photos WHERE hash = f.photo_hash) DESC, {order}"
        sql = f"""
            SELECT f.id, f.photo_hash, f.top, f.right, f.bottom, f.left, f.score, f.encoding,
                   (SELECT min(path) FROM files WHERE files.photo_hash = f.photo_hash) AS path,
                   f.time, (SELECT media FROM photos WHERE photos.hash = f.photo_hash), f.imported,
                   a.person_id, {DISPLAY_NAME}, a.source, a.distance,
                   (SELECT width FROM photos WHERE photos.hash = f.photo_hash),
                   (SELECT taken_at FROM photos WHERE photos.hash = f.photo_hash), p.born
            FROM faces f
            LEFT JOIN assignments a ON a.face_id = f.id
            LEFT JOIN people p ON p.id = a.person_id
            WHERE f.hidden = 0
                  AND EXISTS (SELECT 1 FROM files WHERE files.photo_hash = f.photo_hash)
                  {" ".join(where)}
            ORDER BY {order}
            LIMIT ? OFFSET ?
        """
        clips: dict = {}  # the motion part of each photo with faces seen in it
        for row in self.db.execute(sql, [*params, limit, offset]):
            fid, photo_hash_, top, right, bottom, left, score, blob, path, time, media = row[:11]
            imported, person = bool(row[11]), row[12:]
            clip = None
            if time is not None and media == MediaType.PHOTO:
                if photo_hash_ not in clips:
                    clips[photo_hash_] = self.motion_source(photo_hash_)
                clip = clips[photo_hash_]
            yield Face(
                clip=clip,
                id=fid,
                photo_hash=photo_hash_,
                box=Box(top, right, bottom, left),
                path=path,
                score=score,
                encoding=decode_vector(blob) if with_encodings else None,
                person_id=person[0],
                person=person[1] if person[0] is not None else None,
                source=Source(person[2]) if person[2] else None,
                distance=person[3],
                photo_width=person[4],
                time=time,
                media=MediaType(media),
                imported=imported,
                taken_at=person[5],
                born=person[6] if person[0] is not None else None,
            )

    def get_face(self, face_id: int, with_encoding: bool = False) -> Face | None:
        """One present face, or None."""
        return next(self.iter_faces(with_encoding, face_id=face_id), None)

    def status(self) -> Status:
        def count(sql: str) -> int:
            return self.db.execute(sql).fetchone()[0]

        live_photos, motion_photos = self.live_counts()
        size = sum(
            p.stat().st_size for p in (self.path, Path(str(self.path) + "-wal")) if p.exists()
        )
        return Status(
            database=str(self.path),
            size_bytes=size,
            photos=count("SELECT count(*) FROM photos"),
            files=count(f"SELECT count(*) FROM files WHERE kind = '{FileKind.PHOTO}'"),
            faces=count("SELECT count(*) FROM faces"),
            failures=count(f"SELECT count(*) FROM files WHERE kind = '{FileKind.FAILED}'"),
            videos=count(f"SELECT count(*) FROM photos WHERE media = '{MediaType.VIDEO}'"),
            face_model=self.face_model(),
            photos_by_model=self.photos_by_model(),
            live_photos=live_photos,
            motion_photos=motion_photos,
            live_clips=self.live_clips(),
        )

    # -- writing (call inside :meth:`transaction`) -------------------------------------------

    def save_photo(self, scan: PhotoScan) -> list[int]:
        """Store a photo's content and its faces, replacing faces of an earlier scan of it.
        Returns the new faces' ids, in the order of ``scan.faces``."""
        self.db.execute("DELETE FROM faces WHERE photo_hash = ?", [scan.hash])
        self.db["photos"].upsert(
            {
                "hash": scan.hash,
                "width": scan.width,
                "height": scan.height,
                "format": scan.format,
                "settings_key": scan.settings_key,
                "taken_at": scan.taken_at,
                "scanned_at": _now(),
                "media": scan.media,
                "duration": scan.duration,
                "face_model": scan.face_model,
                **motion_columns(scan.motion),
            },
            pk="hash",
        )
        self.db.execute(
            "DELETE FROM photo_names WHERE photo_hash = ? AND source = ?",
            [scan.hash, TAKEOUT_SOURCE],
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO photo_names (photo_hash, name, source) VALUES (?, ?, ?)",
            [(scan.hash, name, TAKEOUT_SOURCE) for name in scan.takeout_names or ()],
        )
        return [
            self.db["faces"]
            .insert(
                {
                    "photo_hash": scan.hash,
                    "idx": i,
                    **face.box.to_dict(),
                    "landmarks": json.dumps([[p.x, p.y] for p in face.landmarks]),
                    "encoding": encode_vector(face.encoding),
                    "score": face.score,
                    "time": face.time,
                    "region_name": face.region_name,
                    "imported": int(face.imported),
                    "drawn": int(face.drawn),
                }
            )
            .last_pk
            for i, face in enumerate(scan.faces)
        ]

    def photo_decisions(self, photo_hash: str) -> list[FaceDecisions]:
        """The user's decisions about the stored faces of one photo (before a rescan)."""
        rows = self.db.execute(
            """
            SELECT f.top, f.right, f.bottom, f.left,
                   (SELECT person_id FROM assignments a
                    WHERE a.face_id = f.id AND a.source = ?),
                   (SELECT json_group_array(person_id) FROM rejections r WHERE r.face_id = f.id),
                   (SELECT json_group_array(id) FROM people p WHERE p.cover_face_id = f.id),
                   f.time IS NOT NULL
            FROM faces f WHERE f.photo_hash = ?
            """,
            [Source.USER, photo_hash],
        ).fetchall()
        found = [
            FaceDecisions(
                Box(*box),
                person,
                tuple(json.loads(rejected)),
                tuple(json.loads(cover)),
                bool(timed),
            )
            for *box, person, rejected, cover, timed in rows
        ]
        return [d for d in found if d.person_id is not None or d.rejected or d.cover_of]

    def save_files(self, records: Iterable[FileRecord]) -> None:
        seen_at = _now()
        self.db["files"].upsert_all(
            (
                {
                    "path": r.path,
                    "size": r.size,
                    "mtime_ns": r.mtime_ns,
                    "kind": r.kind,
                    "photo_hash": r.photo_hash,
                    "error": r.error,
                    "seen_at": seen_at,
                }
                for r in records
            ),
            pk="path",
        )

    def remove_files(self, paths: Iterable[str]) -> None:
        """Forget these paths; a Live Photo clip among them takes its pair with it."""
        paths = list(paths)
        self.db.conn.executemany("DELETE FROM files WHERE path = ?", ([p] for p in paths))
        self.db.conn.executemany("DELETE FROM live_clips WHERE clip_path = ?", ([p] for p in paths))

    def drop_orphan_photos(self) -> int:
        """Delete photos (and their faces) that no path holds any more. Returns how many."""
        orphans = (
            "SELECT hash FROM photos WHERE hash NOT IN "
            "(SELECT photo_hash FROM files WHERE photo_hash IS NOT NULL)"
        )
        self.db.execute(f"DELETE FROM faces WHERE photo_hash IN ({orphans})")
        return self.db.execute(f"DELETE FROM photos WHERE hash IN ({orphans})").rowcount
