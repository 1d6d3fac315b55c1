"""Encodings read in chunks: the review page's suggestions on a million faces without holding
every encoding (and a Python object a face) at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sqlite_utils import Database

from albumfaces.models import Source
from albumfaces.store.codec import DIMENSIONS, decode_vectors
from albumfaces.store.people import PRESENT

# Rows decoded at once: 65,536 encodings are 32 MB.
CHUNK_ROWS = 65_536


@dataclass(frozen=True)
class EncodingChunk:
    face_ids: np.ndarray
    person_ids: np.ndarray  # -1: nobody's
    encodings: np.ndarray  # (faces, 128) float32


class EncodingQueries:
    """Mixed into :class:`albumfaces.store.Store`."""

    db: Database

    def encoding_chunks(self, user: bool | None = None) -> Iterator[EncodingChunk]:
        """Present faces with their person (if any), in chunks: ``user`` True only the faces
        the user assigned, False only the others (the machine's and nobody's), None all."""
        where = {None: "", True: "AND a.source = ?", False: "AND a.source IS NOT ?"}[user]
        cursor = self.db.execute(
            f"SELECT faces.id, coalesce(a.person_id, -1), faces.encoding FROM faces "
            f"LEFT JOIN assignments a ON a.face_id = faces.id WHERE {PRESENT} {where} "
            "ORDER BY faces.id",
            [Source.USER.value] if user is not None else [],
        )
        while rows := cursor.fetchmany(CHUNK_ROWS):
            yield EncodingChunk(
                np.fromiter((r[0] for r in rows), np.int64, len(rows)),
                np.fromiter((r[1] for r in rows), np.int64, len(rows)),
                decode_vectors([r[2] for r in rows]),
            )

    def typical_encodings(self) -> tuple[list[int], np.ndarray]:
        """Each person's mean encoding over their present faces (people with faces only),
        summed chunk by chunk."""
        people = np.array(
            [
                r[0]
                for r in self.db.execute(
                    "SELECT DISTINCT person_id FROM assignments ORDER BY person_id"
                )
            ],
            dtype=np.int64,
        )
        sums = np.zeros((len(people), DIMENSIONS))
        counts = np.zeros(len(people), np.int64)
        for chunk in self.encoding_chunks():
            assigned = chunk.person_ids >= 0
            rows = np.searchsorted(people, chunk.person_ids[assigned])
            # a sparse people x faces matrix of ones sums each person's encodings at BLAS
            # speed (np.add.at takes seconds on a million faces)
            members = sparse.csr_matrix(
                (np.ones(len(rows)), (rows, np.arange(len(rows)))),
                shape=(len(people), len(rows)),
            )
            sums += members @ chunk.encodings[assigned]
            counts += np.bincount(rows, minlength=len(people))
        has = counts > 0
        centres = (sums[has] / counts[has, None]).astype(np.float32)
        return people[has].tolist(), centres
