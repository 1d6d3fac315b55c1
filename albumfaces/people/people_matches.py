"""The "Same person?" list and everyone's typical face, kept up to date decision by decision.

A person's typical face is the mean of their faces' encodings, kept as a sum and a count so
that a face moving from one person to another changes two rows. Each person remembers their
``PEOPLE_NEIGHBOURS`` nearest people; after a decision, only the people whose typical face
changed, and those who had them among their nearest, are searched again (exactly, against
everyone): a few milliseconds, where searching all 51,000 people of a million faces again
takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from albumfaces.cluster.defaults import DLIB_DISTANCES
from albumfaces.cluster.knn import EXACT_PAIRS, nearest
from albumfaces.recognition.pipeline import unit_vectors
from albumfaces.store.encodings import EncodingChunk
from albumfaces.store.suggestions import PersonFlags

# People whose typical faces are this close are worth a look (the clustering threshold, 0.52,
# plus a margin: clusters that stayed apart by little).
PEOPLE_SUGGESTION_MAX = DLIB_DISTANCES.people_suggestion  # each face model has its own
# Each person is compared with this many people whose typical faces are nearest.
PEOPLE_NEIGHBOURS = 10
# Typical faces compared at once when searching exactly: rows x people distances in memory.
SEARCH_ROWS = 256


@dataclass(frozen=True)
class PeopleSuggestion:
    keep: int  # the person to merge into (named first, then the larger)
    other: int
    distance: float  # between the two people's typical faces


class PeopleMatches:
    """Everyone's typical face and nearest people. Rows are people; a person who is gone,
    ignored or has no faces stays a row, out of every search."""

    def __init__(
        self,
        flags: dict[int, PersonFlags],
        dimensions: int,
        limit: float = PEOPLE_SUGGESTION_MAX,
        unit: bool = False,
    ):
        """``limit``: the face model's largest distance of a pair worth asking about;
        ``unit``: its vectors are compared by cosine, so typical faces are made unit length."""
        self.limit, self.unit = limit, unit
        self.row: dict[int, int] = {}
        self.ids = np.zeros(0, np.int64)
        self.sums = np.zeros((0, dimensions))
        self.counts = np.zeros(0, np.int64)
        self.named = np.zeros(0, bool)
        self.usable = np.zeros(0, bool)  # exists and is not ignored
        self.near = np.zeros((0, PEOPLE_NEIGHBOURS), np.int64)  # rows; -1: none
        self.near_distance = np.zeros((0, PEOPLE_NEIGHBOURS), np.float32)
        self.set_flags(flags, set(flags))

    # -- typical faces ----------------------------------------------------------------------

    def set_flags(self, flags: dict[int, PersonFlags], people: set[int]) -> None:
        """Named, ignored or gone (``people`` missing from ``flags``) as they are now."""
        new = sorted(p for p in people if p in flags and p not in self.row)
        if new:
            start = len(self.ids)
            self.row.update({p: start + i for i, p in enumerate(new)})
            self.ids = np.concatenate([self.ids, new])
            self.sums = np.vstack([self.sums, np.zeros((len(new), self.sums.shape[1]))])
            self.counts = np.concatenate([self.counts, np.zeros(len(new), np.int64)])
            self.named = np.concatenate([self.named, np.zeros(len(new), bool)])
            self.usable = np.concatenate([self.usable, np.zeros(len(new), bool)])
            grow = np.full((len(new), PEOPLE_NEIGHBOURS), -1, np.int64)
            self.near = np.vstack([self.near, grow])
            self.near_distance = np.vstack(
                [self.near_distance, np.full(grow.shape, np.inf, np.float32)]
            )
        for person in people & self.row.keys():
            row, flag = self.row[person], flags.get(person)
            self.named[row] = flag is not None and flag.named
            self.usable[row] = flag is not None and not flag.ignored

    def add(self, chunk: EncodingChunk, sign: int = 1) -> None:
        """Count these faces in (``sign`` 1) or out (-1) of their people's typical faces."""
        assigned = chunk.person_ids >= 0
        rows = np.array([self.row.get(p, -1) for p in chunk.person_ids[assigned].tolist()])
        known = rows >= 0
        rows, encodings = rows[known], chunk.encodings[assigned][known]
        if not len(rows):
            return
        # a sparse people x faces matrix of ones sums each person's encodings at BLAS speed
        # (np.add.at takes seconds on a million faces)
        members = sparse.csr_matrix(
            (np.full(len(rows), float(sign)), (rows, np.arange(len(rows)))),
            shape=(len(self.ids), len(rows)),
        )
        self.sums += members @ encodings
        self.counts += sign * np.bincount(rows, minlength=len(self.ids))

    def centres(self) -> np.ndarray:
        if self.unit:  # the mean direction: a mean of unit vectors is shorter than they are
            return unit_vectors(self.sums).astype(np.float32)
        return (self.sums / np.maximum(self.counts, 1)[:, None]).astype(np.float32)

    def searchable(self) -> np.ndarray:
        return self.usable & (self.counts > 0)

    def closest_to(self, person: int, among: set[int]) -> list[int]:
        """``among``, the closest to ``person``'s typical face first; people with no faces
        (named ones whose faces all moved away) last."""
        row = self.row.get(person)
        if row is None or self.counts[row] == 0:
            return sorted(among - {person})
        centres = self.centres()
        distances = np.linalg.norm(centres - centres[row], axis=1)
        has_faces = self.counts > 0
        ranked = [
            int(self.ids[r])
            for r in np.argsort(distances, kind="stable")
            if has_faces[r] and r != row and int(self.ids[r]) in among
        ]
        return ranked + sorted(among - set(ranked) - {person})

    # -- nearest people ---------------------------------------------------------------------

    def find_all(self) -> None:
        """Everyone's nearest people, from scratch: exactly, as :meth:`refind` does, unless
        there are so many people that an approximate index is faster."""
        rows = np.flatnonzero(self.searchable())
        self.near[:], self.near_distance[:] = -1, np.inf
        if len(rows) < 2:
            return
        centres = self.centres()
        if len(rows) ** 2 <= EXACT_PAIRS:
            self._search(rows, rows, centres)
            return
        found = nearest(centres[rows], centres[rows], PEOPLE_NEIGHBOURS + 1)
        self._keep(rows, np.where(found.indices >= 0, rows[found.indices], -1), found.distances)

    def refind(self, people: set[int]) -> None:
        """After these people's typical faces or flags changed: their nearest people, and
        everyone's who had them near or now has them nearer than their farthest near one."""
        changed = np.array(sorted(self.row[p] for p in people if p in self.row), np.int64)
        if not len(changed):
            return
        searchable = self.searchable()
        rows = np.flatnonzero(searchable)
        centres = self.centres()
        again = np.isin(self.near, changed).any(axis=1)
        again[changed] = True
        farthest = self.near_distance[rows, -1]
        for start in range(0, len(changed), SEARCH_ROWS):
            part = changed[start : start + SEARCH_ROWS]
            part = part[searchable[part]]
            # people who would now have one of these among their nearest
            again[rows[(_distances(centres[part], centres[rows]) < farthest).any(axis=0)]] = True
        again &= searchable
        self.near[again], self.near_distance[again] = -1, np.inf
        self._search(np.flatnonzero(again), rows, centres)

    def _search(self, targets: np.ndarray, rows: np.ndarray, centres: np.ndarray) -> None:
        """The nearest of ``rows`` to each of ``targets``, exactly."""
        k = min(PEOPLE_NEIGHBOURS + 1, len(rows))
        for start in range(0, len(targets), SEARCH_ROWS):
            part = targets[start : start + SEARCH_ROWS]
            distances = _distances(centres[part], centres[rows])
            order = np.argpartition(distances, k - 1, axis=1)[:, :k]
            chosen = np.take_along_axis(distances, order, axis=1)
            ranked = np.argsort(chosen, axis=1, kind="stable")  # ties: the first row first
            order = np.take_along_axis(order, ranked, axis=1)
            self._keep(part, rows[order], np.take_along_axis(distances, order, axis=1))

    def _keep(self, rows: np.ndarray, found: np.ndarray, distances: np.ndarray) -> None:
        """Store the nearest people found for ``rows`` (``found`` rows, self among them)."""
        for i, row in enumerate(rows.tolist()):
            others = found[i] != row
            near, dist = found[i][others], distances[i][others]
            count = min(len(near), PEOPLE_NEIGHBOURS)
            self.near[row, :count], self.near_distance[row, :count] = near[:count], dist[:count]

    def top(self, different: set[tuple[int, int]], limit: int) -> list[PeopleSuggestion]:
        """Close pairs (typical faces within the model's ``limit``), not marked as
        ``different``, closest first. Two named people are proposed too (one person named
        twice), once: "different" answers it for good."""
        searchable = self.searchable()
        a, column = np.nonzero((self.near >= 0) & (self.near_distance <= self.limit))
        b = self.near[a, column]
        keep = searchable[a] & searchable[b]
        a, b, distance = a[keep], b[keep], self.near_distance[a, column][keep]
        low, high = np.minimum(self.ids[a], self.ids[b]), np.maximum(self.ids[a], self.ids[b])
        pairs: dict[tuple[int, int], float] = {}
        for order in np.lexsort((high, low, distance)).tolist():
            pair = (int(low[order]), int(high[order]))
            if pair not in pairs and pair not in different:
                pairs[pair] = float(distance[order])
                if len(pairs) == limit:
                    break
        return [self._suggestion(p, q, d) for (p, q), d in pairs.items()]

    def _suggestion(self, p: int, q: int, distance: float) -> PeopleSuggestion:
        def rank(person: int) -> tuple:
            row = self.row[person]
            return (not self.named[row], -self.counts[row], person)

        keep, other = sorted((p, q), key=rank)
        return PeopleSuggestion(keep, other, distance)


def _distances(queries: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Euclidean distances, queries x base."""
    squared = (
        (queries**2).sum(axis=1)[:, None] + (base**2).sum(axis=1)[None, :] - 2 * queries @ base.T
    )
    return np.sqrt(np.maximum(squared, 0)).astype(np.float32)
