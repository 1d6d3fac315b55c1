"""Suggestions for the review page: "Is this Anna?" and "Same person?". Pure cores over
arrays, and a loader that reads what they need.

The user answers them with the ordinary decisions (move, reject, merge, different), so an
answer is journaled, undoable, and remembered: a rejected face is never suggested for that
person again, and people marked as different are never proposed as the same again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from albumfaces.cluster.assign import VOTERS
from albumfaces.models import FaceAssignment, Source
from albumfaces.store import Store

# face_recognition's own tolerance: beyond it a match is rarely right, so not worth asking.
FACE_SUGGESTION_MAX = 0.6
# People whose typical faces are this close are worth a look (the clustering threshold, 0.52,
# plus a margin: clusters that stayed apart by little).
PEOPLE_SUGGESTION_MAX = 0.6
SUGGESTIONS_SHOWN = 100


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
class FaceData:
    """Present faces with their encodings and owners, as the cores need them."""

    ids: list[int]
    encodings: np.ndarray
    owners: dict[int, FaceAssignment]


def load_face_data(store: Store) -> FaceData:
    ids, encodings, _ = store.load_face_set()
    return FaceData(ids, encodings, store.assignment_map())


def suggest_faces(
    data: FaceData,
    named: set[int],
    rejected: set[tuple[int, int]],
    max_distance: float = FACE_SUGGESTION_MAX,
) -> list[FaceSuggestion]:
    """Faces the user has not decided that lie close to a named person's confirmed faces,
    nearest first. Faces rejected for a person are never suggested for that person."""
    user = [
        i
        for i, f in enumerate(data.ids)
        if (o := data.owners.get(f)) and o.source == Source.USER and o.person_id in named
    ]
    free = [
        i
        for i, f in enumerate(data.ids)
        if (o := data.owners.get(f)) is None or o.source != Source.USER
    ]
    if not user or not free:
        return []
    from albumfaces.cluster.knn import nearest

    found = nearest(data.encodings[user], data.encodings[free], VOTERS)
    distances, near = found.distances, found.indices
    found = []
    for i, dists, anchors in zip(free, distances, near, strict=True):
        face = data.ids[i]
        for d, a in zip(dists, anchors, strict=True):
            person = data.owners[data.ids[user[a]]].person_id
            if d > max_distance:
                break
            if (face, person) not in rejected:
                found.append(FaceSuggestion(face, person, float(d)))
                break
    return sorted(found, key=lambda s: (s.distance, s.face_id))


def typical_faces(data: FaceData, people: set[int]) -> tuple[list[int], np.ndarray]:
    """Each person's mean encoding (their typical face), for ``people`` that have faces."""
    members: dict[int, list[int]] = {}
    for i, face in enumerate(data.ids):
        owner = data.owners.get(face)
        if owner is not None and owner.person_id in people:
            members.setdefault(owner.person_id, []).append(i)
    ids = sorted(members)
    if not ids:
        return [], np.zeros((0, data.encodings.shape[1]), np.float32)
    return ids, np.stack([data.encodings[members[p]].mean(axis=0) for p in ids])


def suggest_people(
    data: FaceData,
    people: dict[int, tuple[bool, int]],
    different: set[tuple[int, int]],
    max_distance: float = PEOPLE_SUGGESTION_MAX,
) -> list[PeopleSuggestion]:
    """Pairs of people (``people``: id -> (named, faces)) whose typical faces are close,
    closest first; never a pair marked as different. Two named people are proposed too
    (one person named twice), once: "different" answers it for good."""
    ids, centres = typical_faces(data, set(people))
    found = []
    for a in range(len(ids)):
        dists = np.linalg.norm(centres[a + 1 :] - centres[a], axis=1)
        for offset in np.flatnonzero(dists <= max_distance):
            p, q = ids[a], ids[a + 1 + offset]
            if (min(p, q), max(p, q)) in different:
                continue
            keep, other = sorted((p, q), key=lambda x: (not people[x][0], -people[x][1], x))
            found.append(PeopleSuggestion(keep, other, float(dists[offset])))
    return sorted(found, key=lambda s: (s.distance, s.keep, s.other))


# -- entry points for front ends -------------------------------------------------------------


def is_this(store: Store, limit: int = SUGGESTIONS_SHOWN) -> list[FaceSuggestion]:
    """ "Is this Anna?": undecided faces close to named people, nearest first."""
    named = {p.id for p in store.list_people() if p.named and not p.ignored}
    _, rejected = store.load_user_decisions()
    return suggest_faces(load_face_data(store), named, rejected)[:limit]


def same_person(store: Store, limit: int = SUGGESTIONS_SHOWN) -> list[PeopleSuggestion]:
    """ "Same person?": close pairs of people not marked as different, closest first."""
    people = {p.id: (p.named, p.faces) for p in store.list_people() if p.faces and not p.ignored}
    return suggest_people(load_face_data(store), people, store.different_pairs())[:limit]


@dataclass(frozen=True)
class TypicalFaces:
    """Every person's typical face (mean encoding), computed once for many requests."""

    people: list[int]
    centres: np.ndarray

    @classmethod
    def of(cls, store: Store) -> TypicalFaces:
        data = load_face_data(store)
        ids, centres = typical_faces(data, {o.person_id for o in data.owners.values()})
        return cls(ids, centres)

    def closest_to(self, person: int, among: set[int]) -> list[int]:
        """``among``, the closest to ``person``'s typical face first; people with no faces
        (named ones whose faces all moved away) last."""
        if person not in self.people:
            return sorted(among - {person})
        dists = np.linalg.norm(self.centres - self.centres[self.people.index(person)], axis=1)
        ranked = [self.people[i] for i in np.argsort(dists, kind="stable")]
        ranked = [p for p in ranked if p in among and p != person]
        return ranked + sorted(among - set(ranked) - {person})
