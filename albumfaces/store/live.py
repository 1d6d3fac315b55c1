"""Live Photos and motion photos: the SQL of the clips that belong to a photo, and of the
videos photos carry after their still."""

from __future__ import annotations

import os
from collections.abc import Iterable

from sqlite_utils import Database

from albumfaces.models import ClipSource, FileKind, LivePair, MotionPart, PairHow

NO_MOTION = "none"  # looked for, and none (NULL: not looked for yet)


def motion_columns(part: MotionPart | None) -> dict:
    """The columns of ``photos`` that say what video a photo carries."""
    if part is None:
        return {"motion": NO_MOTION, "motion_offset": None, "motion_length": None}
    whole = part.whole
    return {
        "motion": part.kind,
        "motion_offset": part.offset if whole else None,
        "motion_length": part.length if whole else None,
    }


def under(column: str, roots: Iterable[str] | None) -> tuple[str, list]:
    """A condition that ``column`` (a path) lies under one of ``roots`` (None: anywhere)."""
    if roots is None:
        return "1", []
    clauses, params = [], []
    for root in roots:
        folder = root.rstrip(os.sep) + os.sep
        clauses.append(f"({column} = ? OR substr({column}, 1, ?) = ?)")
        params += [root, len(folder), folder]
    return "(" + (" OR ".join(clauses) or "0") + ")", params


class LiveQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def live_pairs(self) -> dict[str, LivePair]:
        """Every Live Photo pair recorded, by the clip's path."""
        rows = self.db.execute("SELECT photo_path, clip_path, how, content_id FROM live_clips")
        return {clip: LivePair(photo, clip, PairHow(how), cid) for photo, clip, how, cid in rows}

    def save_live_pairs(self, pairs: Iterable[LivePair]) -> None:
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO live_clips (clip_path, photo_path, how, content_id) "
            "VALUES (?, ?, ?, ?)",
            [(p.clip_path, p.photo_path, p.how, p.content_id) for p in pairs],
        )

    def forget_live_pairs(self, clip_paths: Iterable[str]) -> None:
        self.db.conn.executemany(
            "DELETE FROM live_clips WHERE clip_path = ?", [(p,) for p in clip_paths]
        )

    def set_motion(self, found: dict[str, MotionPart | None]) -> None:
        """What video each photo (by hash) carries, for photos stored before it was asked."""
        self.db.conn.executemany(
            "UPDATE photos SET motion = :motion, motion_offset = :motion_offset, "
            "motion_length = :motion_length WHERE hash = :hash",
            [{"hash": h, **motion_columns(part)} for h, part in found.items()],
        )

    def motion_source(self, photo_hash: str) -> ClipSource | None:
        """Where the motion part of a photo is read from: its Live Photo clip, else the video
        it carries after its still; None when it has neither (or the video is cut short)."""
        row = self.db.execute(
            """
            SELECT (SELECT l.clip_path FROM files fi JOIN live_clips l ON l.photo_path = fi.path
                    WHERE fi.photo_hash = ph.hash ORDER BY fi.path LIMIT 1),
                   (SELECT min(path) FROM files WHERE files.photo_hash = ph.hash),
                   ph.motion_offset, ph.motion_length
            FROM photos ph WHERE ph.hash = ?
            """,
            [photo_hash],
        ).fetchone()
        if row is None:
            return None
        clip, path, offset, length = row
        if clip is not None:
            return ClipSource(clip)
        if path is not None and offset is not None:
            return ClipSource(path, offset, length)
        return None

    def live_clips_of(self, photo_paths: Iterable[str] | None = None) -> dict[str, str]:
        """The clip of each Live Photo, by the photo's path (of ``photo_paths``, else all)."""
        rows = self.db.execute(
            "SELECT photo_path, min(clip_path) FROM live_clips l "
            "WHERE EXISTS (SELECT 1 FROM files WHERE files.path = l.clip_path) "
            "GROUP BY photo_path"
        )
        found = dict(rows.fetchall())
        if photo_paths is None:
            return found
        return {p: found[p] for p in photo_paths if p in found}

    def live_counts(self, roots: Iterable[str] | None = None) -> tuple[int, int]:
        """(Live Photo pairs, motion photos) present, under ``roots`` (None: anywhere)."""
        clips, params = under("l.clip_path", roots)
        pairs = self.db.execute(
            f"""
            SELECT count(*) FROM live_clips l
            WHERE {clips}
              AND EXISTS (SELECT 1 FROM files WHERE path = l.clip_path AND kind = ?)
              AND EXISTS (SELECT 1 FROM files WHERE path = l.photo_path)
            """,
            [*params, FileKind.LIVE_CLIP],
        ).fetchone()[0]
        paths, params = under("fi.path", roots)
        # photos first: the few motion photos, then a file of each under the roots
        motion = self.db.execute(
            f"""
            SELECT count(*) FROM photos ph
            WHERE ph.motion IS NOT NULL AND ph.motion != ?
              AND EXISTS (SELECT 1 FROM files fi WHERE fi.photo_hash = ph.hash AND {paths})
            """,
            [NO_MOTION, *params],
        ).fetchone()[0]
        return pairs, motion
