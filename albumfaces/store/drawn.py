"""Faces the user drew on a photo: made whole in the faces table (marked ``drawn``), and
written back whole by the journal, since undo and redo make and take them away."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from albumfaces.models import Box, DetectedFace
from albumfaces.store.sql import IN_IDS, json_ids

# A drawn face's journal image: its row, the encoding as hex (the journal is JSON)
DRAWN_COLUMNS = (
    "photo_hash", "idx", "top", "right", "bottom", "left", "landmarks", "encoding", "score",
)  # fmt: skip
Row = list | None


class DrawnQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def add_drawn_face(self, photo_hash: str, face: DetectedFace) -> int:
        """A face the user drew, as the last face of its photo; returns its id."""
        import json

        from albumfaces.store.codec import encode_vector

        idx = self.db.execute(
            "SELECT coalesce(max(idx), -1) + 1 FROM faces WHERE photo_hash = ?", [photo_hash]
        ).fetchone()[0]
        return (
            self.db["faces"]
            .insert(
                {
                    "photo_hash": photo_hash,
                    "idx": idx,
                    **face.box.to_dict(),
                    "landmarks": json.dumps([[p.x, p.y] for p in face.landmarks]),
                    "encoding": encode_vector(face.encoding),
                    "score": face.score,
                    "drawn": 1,
                }
            )
            .last_pk
        )

    def drawn_rows(self, face_ids: Iterable[int]) -> dict[int, Row]:
        """Each of these faces' journal image if the user drew it (None: not a drawn face,
        or no face at all)."""
        found: dict[int, Row] = dict.fromkeys(face_ids)
        columns = ", ".join(f'"{c}"' for c in DRAWN_COLUMNS)
        for fid, *row in self.db.execute(
            f"SELECT id, {columns} FROM faces WHERE drawn = 1 AND id {IN_IDS}",
            [json_ids(found)],
        ):
            row[DRAWN_COLUMNS.index("encoding")] = bytes(row[7]).hex()
            found[fid] = row
        return found

    def put_drawn(self, face_id: int, image: Row) -> bool:
        """Make a drawn face again from its journal image, or take it away (None). False when
        it cannot be made again: a rescan of its photo gave its id to a detected face."""
        self.db.execute("DELETE FROM faces WHERE id = ? AND drawn = 1", [face_id])
        if image is None:
            return True
        if self.db.execute("SELECT 1 FROM faces WHERE id = ?", [face_id]).fetchone():
            return False
        row = dict(zip(DRAWN_COLUMNS, image, strict=True))
        row["encoding"] = bytes.fromhex(row["encoding"])
        row["idx"] = self.db.execute(  # its photo may have been scanned again since
            "SELECT coalesce(max(idx), -1) + 1 FROM faces WHERE photo_hash = ?", [row["photo_hash"]]
        ).fetchone()[0]
        self.db["faces"].insert({"id": face_id, **row, "drawn": 1})
        return True

    def drawn_boxes(self, photo_hash: str) -> tuple[Box, ...]:
        """The boxes of the faces the user drew on a photo."""
        rows = self.db.execute(
            'SELECT top, "right", bottom, "left" FROM faces WHERE drawn = 1 AND photo_hash = ?',
            [photo_hash],
        )
        return tuple(Box(*r) for r in rows)
