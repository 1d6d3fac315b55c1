"""The "Is this Anna?" list, kept up to date decision by decision.

Made from scratch, the list compares every face the user has not decided with the faces the
user confirmed for named people: at a million faces that reads every encoding and takes
seconds, too slow to redo after every answer. So faces are cut into parts (k-means, about
the square root of their number each), the confirmed faces are kept in an index by part, and
each undecided face remembers its best match. A decision changes few faces; after it, only
these are compared again: the faces it changed, the undecided faces whose best match it took
away, and the undecided faces that search a part where confirmed faces were added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields

import numpy as np

from albumfaces.cluster.assign import VOTERS
from albumfaces.cluster.defaults import DLIB_DISTANCES
from albumfaces.cluster.knn import IdIndex
from albumfaces.store.encodings import EncodingChunk

# face_recognition's own tolerance: beyond it a match is rarely right, so not worth asking.
FACE_SUGGESTION_MAX = DLIB_DISTANCES.face_suggestion  # each face model has its own
# Parts each undecided face searches: its own, where its closest confirmed faces sit. A million
# faces: 810,000 undecided faces against 190,000 confirmed ones in seconds, not minutes.
SUGGESTION_PROBES = 1

Reader = Callable[[np.ndarray], Iterable[EncodingChunk]]


@dataclass(frozen=True)
class FaceSuggestion:
    face_id: int
    person_id: int  # the named person the face is close to
    distance: float  # to the nearest face the user confirmed for that person


def anchors(confirmed: np.ndarray, persons: np.ndarray, named: set[int]) -> np.ndarray:
    """Which faces the undecided ones are compared with: those the user confirmed for a
    person named and not ignored (``named``)."""
    return confirmed & np.isin(persons, list(named))


@dataclass
class FaceTable:
    """Every present face, by id: its person (-1: nobody) and whether the user put it there."""

    ids: np.ndarray  # sorted
    person: np.ndarray
    confirmed: np.ndarray

    @classmethod
    def joined(cls, parts: list[FaceTable]) -> FaceTable:
        empty = cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool))
        columns = [f.name for f in fields(cls)]
        return cls(*(np.concatenate([getattr(p, c) for p in [empty, *parts]]) for c in columns))

    def positions(self, face_ids: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.ids, face_ids)

    def persons_of(self, face_ids: np.ndarray) -> np.ndarray:
        """The person of each face id (-1 where the id is -1, faiss's "none")."""
        found = face_ids >= 0
        persons = np.full(face_ids.shape, -1, np.int64)
        persons[found] = self.person[self.positions(face_ids[found])]
        return persons


class FaceMatches:
    """Each undecided face's closest named person, with the confirmed faces indexed."""

    def __init__(
        self,
        table: FaceTable,
        index: IdIndex,
        named: set[int],
        rejected: dict[int, set[int]],
        limit: float = FACE_SUGGESTION_MAX,
    ):
        """``named``: the people named and not ignored; ``rejected``: face -> people the user
        said it is not. ``index`` holds the confirmed faces of the ``named``. ``limit``: the
        face model's largest distance of a face worth asking about."""
        self.table, self.index, self.named, self.rejected = table, index, named, rejected
        self.limit = limit
        count = len(table.ids)
        self.best_person = np.full(count, -1, np.int64)
        self.best_distance = np.full(count, np.inf, np.float32)
        self.best_face = np.full(count, -1, np.int64)  # the confirmed face matched
        self.parts = np.zeros((count, index.probes), np.int64)  # the parts each face searches

    def anchors(self, positions: np.ndarray) -> np.ndarray:
        """Which of these faces the others are compared with."""
        table = self.table
        return anchors(table.confirmed[positions], table.person[positions], self.named)

    def match(self, chunk: EncodingChunk) -> None:
        """Compare these faces (those undecided) with the confirmed faces again."""
        positions = self.table.positions(chunk.face_ids)
        self.best_person[positions], self.best_distance[positions] = -1, np.inf
        self.best_face[positions] = -1
        undecided = ~chunk.confirmed
        positions, encodings = positions[undecided], chunk.encodings[undecided]
        faces = chunk.face_ids[undecided]
        self.parts[positions] = self.index.parts_of(encodings)
        found = self.index.search(encodings, VOTERS)
        if found.indices.shape[1] == 0:  # nobody confirmed yet
            return
        persons = self.table.persons_of(found.indices)
        usable = (found.indices >= 0) & (found.distances <= self.limit)
        for row in np.flatnonzero(np.isin(faces, list(self.rejected))):
            usable[row] &= ~np.isin(persons[row], list(self.rejected[int(faces[row])]))
        first = usable.argmax(axis=1)
        rows = np.flatnonzero(usable[np.arange(len(faces)), first])
        columns = first[rows]
        self.best_person[positions[rows]] = persons[rows, columns]
        self.best_distance[positions[rows]] = found.distances[rows, columns]
        self.best_face[positions[rows]] = found.indices[rows, columns]

    def update(
        self,
        changed: EncodingChunk,
        named: set[int],
        rejected: dict[int, set[int]],
        read: Reader,
    ) -> None:
        """Take in decisions: ``changed``, every face they touched as it is now (with every
        confirmed face of a person named, unnamed, ignored or brought back); ``named``, who is
        named and not ignored now; ``rejected``, the touched faces' rejections now. ``read``
        gives the encodings of other faces that must be compared again."""
        positions = self.table.positions(changed.face_ids)
        were = self.anchors(positions)
        self.table.person[positions] = changed.person_ids
        self.table.confirmed[positions] = changed.confirmed
        self.named = named
        for face in changed.face_ids.tolist():
            self.rejected.pop(face, None)
        self.rejected.update(rejected)
        now = self.anchors(positions)
        self.index.remove(changed.face_ids[were])
        self.index.add(changed.face_ids[now], changed.encodings[now])
        added_parts = np.unique(self.index.home_parts(changed.encodings[now]))
        again = np.isin(self.best_face, changed.face_ids[were])
        if len(added_parts):
            again |= np.isin(self.parts, added_parts).any(axis=1)
        again &= ~self.table.confirmed
        again[positions] = False  # at hand already
        self.match(changed)
        for chunk in read(self.table.ids[again]):
            self.match(chunk)

    def top(self, limit: int) -> list[FaceSuggestion]:
        """The ``limit`` closest matches, closest first (then by face)."""
        matched = np.flatnonzero(self.best_person >= 0)
        if len(matched) > limit:
            cut = np.partition(self.best_distance[matched], limit - 1)[limit - 1]
            matched = matched[self.best_distance[matched] <= cut]
        order = np.lexsort((self.table.ids[matched], self.best_distance[matched]))[:limit]
        chosen = matched[order]
        return [
            FaceSuggestion(int(face), int(person), float(distance))
            for face, person, distance in zip(
                self.table.ids[chosen],
                self.best_person[chosen],
                self.best_distance[chosen],
                strict=True,
            )
        ]
