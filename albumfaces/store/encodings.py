"""Encodings read in chunks: the review page's suggestions on a million faces without holding
every encoding (and a Python object a face) at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields

import numpy as np
from sqlite_utils import Database

from albumfaces.models import Source
from albumfaces.store.codec import decode_vectors
from albumfaces.store.library import DLIB_DIMENSIONS
from albumfaces.store.sql import IN_IDS, OF_LIBRARY_MODEL, PRESENT, json_ids

# Rows decoded at once: 65,536 encodings are 32 MB.
CHUNK_ROWS = 65_536


@dataclass(frozen=True)
class EncodingChunk:
    face_ids: np.ndarray
    person_ids: np.ndarray  # -1: nobody's
    encodings: np.ndarray  # (faces, the model's dimensions) float32
    confirmed: np.ndarray  # bool: the user put the face with its person

    def subset(self, rows: np.ndarray) -> EncodingChunk:
        """These rows (a mask or positions) only."""
        return EncodingChunk(*(getattr(self, f.name)[rows] for f in fields(self)))

    @classmethod
    def joined(
        cls, chunks: list[EncodingChunk], dimensions: int = DLIB_DIMENSIONS
    ) -> EncodingChunk:
        """Chunks as one (none: an empty chunk of vectors of ``dimensions``)."""
        if not chunks:
            empty = np.zeros(0, np.int64)
            return cls(empty, empty, np.zeros((0, dimensions), np.float32), empty > 0)
        columns = [f.name for f in fields(cls)]
        return cls(*(np.concatenate([getattr(c, k) for c in chunks]) for k in columns))


class EncodingQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def encoding_chunks(
        self,
        user: bool | None = None,
        face_ids: Iterable[int] | None = None,
        person_id: int | None = None,
    ) -> Iterator[EncodingChunk]:
        """Present faces with their person (if any), in chunks, by id: ``user`` True only the
        faces the user assigned, False only the others (the machine's and nobody's), None
        all; ``face_ids``: only these; ``person_id``: only this person's."""
        where = {None: "", True: "AND a.source = ?", False: "AND a.source IS NOT ?"}[user]
        params: list = [Source.USER.value] if user is not None else []
        if face_ids is not None:
            where += f" AND faces.id {IN_IDS}"
            params.append(json_ids(face_ids))
        if person_id is not None:
            where += " AND a.person_id = ?"
            params.append(person_id)
        cursor = self.db.execute(
            f"SELECT faces.id, coalesce(a.person_id, -1), faces.encoding, "
            f"coalesce(a.source = ?, 0) FROM faces "
            f"LEFT JOIN assignments a ON a.face_id = faces.id "
            f"WHERE {PRESENT} AND {OF_LIBRARY_MODEL} {where} "
            "ORDER BY faces.id",
            [Source.USER.value, *params],
        )
        while rows := cursor.fetchmany(CHUNK_ROWS):
            yield EncodingChunk(
                np.fromiter((r[0] for r in rows), np.int64, len(rows)),
                np.fromiter((r[1] for r in rows), np.int64, len(rows)),
                decode_vectors([r[2] for r in rows]),
                np.fromiter((r[3] for r in rows), bool, len(rows)),
            )
