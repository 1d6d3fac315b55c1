"""Suggestions for the review page: "Is this Anna?" and "Same person?". Pure cores over
arrays, and a loader that reads what they need.

The user answers them with the ordinary decisions (move, reject, merge, different), so an
answer is journaled, undoable, and remembered: a rejected face is never suggested for that
person again, and people marked as different are never proposed as the same again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from albumfaces.cluster.assign import VOTERS
from albumfaces.cluster.knn import NeighbourIndex, nearest
from albumfaces.store import Store
from albumfaces.store.codec import DIMENSIONS
from albumfaces.store.encodings import EncodingChunk

# face_recognition's own tolerance: beyond it a match is rarely right, so not worth asking.
FACE_SUGGESTION_MAX = 0.6
# People whose typical faces are this close are worth a look (the clustering threshold, 0.52,
# plus a margin: clusters that stayed apart by little).
PEOPLE_SUGGESTION_MAX = 0.6
SUGGESTIONS_SHOWN = 100
# Lists of an approximate index searched for "Is this …?": only the closest pairs are shown,
# and a face's closest confirmed faces sit in its own list (a million faces:
# 850,000 undecided faces against 200,000 confirmed ones in seconds, not minutes).
SUGGESTION_PROBES = 1


@dataclass(frozen=True)
class FaceSuggestion:
    face_id: int
    person_id: int  # the named person the face is close to
    distance: float  # to the nearest face the user confirmed for that person


@dataclass(frozen=True)
class PeopleSuggestion:
    keep: int  # the person to merge into (named first, then the larger)
    other: int
    distance: float  # between the two people's typical faces


@dataclass(frozen=True)
class Anchors:
    """The faces the user confirmed for named people: what "Is this Anna?" compares with."""

    face_ids: np.ndarray
    person_ids: np.ndarray
    encodings: np.ndarray

    @classmethod
    def of(cls, chunks: Iterable[EncodingChunk], named: set[int]) -> Anchors:
        parts = [
            (c.face_ids[keep], c.person_ids[keep], c.encodings[keep])
            for c in chunks
            if (keep := np.isin(c.person_ids, list(named))).any()
        ]
        if not parts:
            empty = np.zeros(0, np.int64)
            return cls(empty, empty, np.zeros((0, DIMENSIONS), np.float32))
        return cls(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def suggest_faces(
    anchors: Anchors,
    candidates: Iterable[EncodingChunk],
    rejected: set[tuple[int, int]],
    limit: int = SUGGESTIONS_SHOWN,
    max_distance: float = FACE_SUGGESTION_MAX,
) -> list[FaceSuggestion]:
    """The ``limit`` faces of ``candidates`` (chunks of faces the user has not decided) that
    lie closest to a named person's confirmed faces (``anchors``), nearest first. Faces
    rejected for a person are never suggested for that person. Chunk by chunk, so memory
    holds one chunk and the best ``limit`` so far."""
    if len(anchors.face_ids) == 0:
        return []
    index: NeighbourIndex | None = None
    best: list[FaceSuggestion] = []
    for chunk in candidates:
        if index is None:  # the first chunk's size stands for the rest
            index = NeighbourIndex(
                anchors.encodings, len(chunk.face_ids) * 8, lists_probed=SUGGESTION_PROBES
            )
        found = index.search(chunk.encodings, VOTERS)
        close = np.flatnonzero(found.distances[:, 0] <= max_distance)  # most faces are not
        for row in close:
            face, dists, near = chunk.face_ids[row], found.distances[row], found.indices[row]
            for d, a in zip(dists, near, strict=True):
                if d > max_distance or a < 0:
                    break
                person = int(anchors.person_ids[a])
                if (int(face), person) not in rejected:
                    best.append(FaceSuggestion(int(face), person, float(d)))
                    break
        best = sorted(best, key=lambda s: (s.distance, s.face_id))[:limit]
    return best


# Each person is compared with this many people whose typical faces are nearest.
PEOPLE_NEIGHBOURS = 10


def suggest_people(
    people_ids: list[int],
    centres: np.ndarray,
    people: dict[int, tuple[bool, int]],
    different: set[tuple[int, int]],
    max_distance: float = PEOPLE_SUGGESTION_MAX,
) -> list[PeopleSuggestion]:
    """Pairs of people (``people``: id -> (named, faces)) whose typical faces (``centres``,
    one for each of ``people_ids``) are close, closest first; never a pair marked as
    different. Two named people are proposed too (one person named twice), once:
    "different" answers it for good. Each person is compared with its
    ``PEOPLE_NEIGHBOURS`` nearest, not with everyone (51,000 people at a million faces)."""
    keep = [i for i, p in enumerate(people_ids) if p in people]
    ids, centres = [people_ids[i] for i in keep], centres[keep]
    found = nearest(centres, centres, PEOPLE_NEIGHBOURS + 1)
    pairs: dict[tuple[int, int], float] = {}
    for a, (dists, near) in enumerate(zip(found.distances, found.indices, strict=True)):
        for d, b in zip(dists, near, strict=True):
            if b < 0 or b == a or d > max_distance:
                continue
            p, q = sorted((ids[a], ids[b]))
            if (p, q) not in different:
                pairs[(p, q)] = float(d)
    suggestions = []
    for (p, q), distance in pairs.items():
        keep_id, other = sorted((p, q), key=lambda x: (not people[x][0], -people[x][1], x))
        suggestions.append(PeopleSuggestion(keep_id, other, distance))
    return sorted(suggestions, key=lambda s: (s.distance, s.keep, s.other))


# -- entry points for front ends -------------------------------------------------------------


def is_this(store: Store, limit: int = SUGGESTIONS_SHOWN) -> list[FaceSuggestion]:
    """ "Is this Anna?": undecided faces close to named people, nearest first."""
    named = {p.id for p in store.list_people() if p.named and not p.ignored}
    _, rejected = store.load_user_decisions()
    anchors = Anchors.of(store.encoding_chunks(user=True), named)
    return suggest_faces(anchors, store.encoding_chunks(user=False), rejected, limit)


def same_person(
    store: Store, typical: TypicalFaces | None = None, limit: int = SUGGESTIONS_SHOWN
) -> list[PeopleSuggestion]:
    """ "Same person?": close pairs of people not marked as different, closest first.
    ``typical``: everyone's typical faces, if already at hand."""
    people = {p.id: (p.named, p.faces) for p in store.list_people() if p.faces and not p.ignored}
    typical = typical or TypicalFaces.of(store)
    ids, centres = typical.people, typical.centres
    return suggest_people(ids, centres, people, store.different_pairs())[:limit]


@dataclass(frozen=True)
class TypicalFaces:
    """Every person's typical face (mean encoding), computed once for many requests."""

    people: list[int]
    centres: np.ndarray

    @classmethod
    def of(cls, store: Store) -> TypicalFaces:
        return cls(*store.typical_encodings())

    def closest_to(self, person: int, among: set[int]) -> list[int]:
        """``among``, the closest to ``person``'s typical face first; people with no faces
        (named ones whose faces all moved away) last."""
        if person not in self.people:
            return sorted(among - {person})
        dists = np.linalg.norm(self.centres - self.centres[self.people.index(person)], axis=1)
        ranked = [self.people[i] for i in np.argsort(dists, kind="stable")]
        ranked = [p for p in ranked if p in among and p != person]
        return ranked + sorted(among - set(ranked) - {person})
