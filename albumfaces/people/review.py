"""What the review page shows: people in the order a person reviews them, and a person's
faces least certain first. Reading only; decisions are in :mod:`albumfaces.people.decisions`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from albumfaces.models import Face, Person
from albumfaces.people.refs import NotFound
from albumfaces.store import Store
from albumfaces.store.encodings import EncodingChunk

PAGE_SIZE = 120  # faces per page: a screenful or two of crops, quick to send


@dataclass(frozen=True)
class PersonCard:
    person: Person
    face_id: int | None  # the face to show: the cover, else a face of theirs


@dataclass(frozen=True)
class ReviewFace:
    face: Face
    spread: float  # distance to the person's typical face: the larger, the less certain


@dataclass(frozen=True)
class FacePage:
    person: Person
    total: int
    offset: int
    faces: list[ReviewFace]

    @property
    def next_offset(self) -> int | None:
        end = self.offset + len(self.faces)
        return end if end < self.total else None


def people_to_review(
    people: list[Person], shown: dict[int, int], with_ignored: bool = False
) -> list[PersonCard]:
    """People with faces (from ``Store.list_people``, with ``Store.shown_faces``): unnamed
    ones first (the "who is this?" queue), largest first, then named ones by name; ignored
    people only when asked for."""
    people = [p for p in people if p.faces and (with_ignored or not p.ignored)]
    people.sort(key=lambda p: (p.named, -p.faces if not p.named else 0, p.name.casefold()))
    return [PersonCard(p, shown.get(p.id)) for p in people]


def least_certain_first(encodings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The order of faces by distance to their mean, farthest first, and those distances.

    A face far from the person's typical face is the likeliest mistake: reviewing those first
    finds the wrong faces of a large person in the first screen."""
    if len(encodings) == 0:
        return np.zeros(0, dtype=int), np.zeros(0)
    spreads = np.linalg.norm(encodings - encodings.mean(axis=0), axis=1)
    order = np.argsort(-spreads, kind="stable")
    return order, spreads


def person_faces(
    store: Store, person_id: int, offset: int = 0, limit: int | None = None
) -> FacePage:
    """One page of a person's faces (``PAGE_SIZE`` unless ``limit``), least certain first."""
    limit = limit or PAGE_SIZE
    person = store.get_person(person_id)
    if person is None:
        raise NotFound(f"no person {person_id}")
    # the encodings as arrays, and whole faces only for the page: a person of 50,000 faces
    # read as Face objects took seconds
    chunks = list(store.encoding_chunks(person_id=person_id))
    joined = EncodingChunk.joined(chunks, store.encoding_dimensions())
    ids, encodings = joined.face_ids, joined.encodings
    order, spreads = least_certain_first(encodings)
    chosen = order[offset : offset + limit]
    faces = {f.id: f for f in store.iter_faces(face_ids=ids[chosen].tolist())}
    return FacePage(
        person,
        len(ids),
        offset,
        [ReviewFace(faces[int(ids[i])], float(spreads[i])) for i in chosen],
    )
