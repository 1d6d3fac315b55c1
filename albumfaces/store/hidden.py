"""Faces the user said are no face: hidden from everything, and their boxes kept so that the
same detection is hidden again when the photo is scanned again."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from albumfaces.models import Box
from albumfaces.store.clock import now as _now
from albumfaces.store.sql import IN_IDS, json_ids

# A detection this much like a box marked as no face is that detection again
SAME_DETECTION = 0.5
Row = list | None  # [photo_hash, top, right, bottom, left] of a hidden face; None: shown


class HiddenQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def hidden_rows(self, face_ids: Iterable[int]) -> dict[int, Row]:
        """Each of these faces' image for the journal: its photo and box if hidden."""
        found: dict[int, Row] = dict.fromkeys(face_ids)
        for row in self.db.execute(
            f'SELECT id, photo_hash, top, "right", bottom, "left" FROM faces '
            f"WHERE hidden = 1 AND id {IN_IDS}",
            [json_ids(found)],
        ):
            found[row[0]] = list(row[1:])
        return found

    def set_hidden(self, face_id: int, image: Row, other: Row = None) -> None:
        """Hide a face (``image`` its photo and box) or show it again (``image`` None; the
        box from ``other``), with the record that keeps it so across rescans."""
        row = image or other
        if row is None:
            return
        photo_hash, *box = row
        if image is None:
            self.db.execute(
                'DELETE FROM not_faces WHERE photo_hash = ? AND top = ? AND "right" = ? '
                'AND bottom = ? AND "left" = ?',
                [photo_hash, *box],
            )
        else:
            self.db.execute(
                "INSERT OR IGNORE INTO not_faces VALUES (?, ?, ?, ?, ?, ?)",
                [photo_hash, *box, _now()],
            )
        self.db.execute(
            "UPDATE faces SET hidden = ? WHERE id = ?", [int(image is not None), face_id]
        )
        self.hide_not_faces(photo_hash)

    def hide_not_faces(self, photo_hash: str) -> None:
        """Hide the faces of a photo that are a detection marked as no face (after a rescan
        made them again), and show those no record hides any more. Called for every photo a
        scan saves: most have no record, and then it is one statement."""
        marked = [
            Box(*row)
            for row in self.db.execute(
                'SELECT top, "right", bottom, "left" FROM not_faces WHERE photo_hash = ?',
                [photo_hash],
            )
        ]
        # a face the user drew there is theirs: only detections are hidden or shown here
        self.db.execute(
            "UPDATE faces SET hidden = 0 WHERE photo_hash = ? AND drawn = 0 AND hidden = 1",
            [photo_hash],
        )
        if not marked:
            return
        hide = [
            (face_id,)
            for face_id, *box in self.db.execute(
                'SELECT id, top, "right", bottom, "left" FROM faces '
                "WHERE photo_hash = ? AND drawn = 0",
                [photo_hash],
            )
            if any(Box(*box).iou(m) >= SAME_DETECTION for m in marked)
        ]
        self.db.conn.executemany("UPDATE faces SET hidden = 1 WHERE id = ?", hide)
