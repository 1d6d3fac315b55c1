"""What a reviewer reads: people in the order a person reviews them, a person's faces least
certain first, the faces that are nobody's, a photo with its faces. Reading only; decisions
are in :mod:`albumfaces.people.decisions`. Each value has its one JSON shape here."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from albumfaces.errors import NotFound
from albumfaces.models import Face, MediaType, Person, StoredPhoto
from albumfaces.models.reports import ROUNDED_DIGITS
from albumfaces.store import Store
from albumfaces.store.encodings import EncodingChunk

PAGE_SIZE = 120  # faces per page: a screenful or two of crops, quick to send


@dataclass(frozen=True)
class PersonCard:
    person: Person
    face_id: int | None  # the face to show: the cover, else a face of theirs

    def to_dict(self) -> dict:
        return {**self.person.to_dict(), "face_id": self.face_id}


@dataclass(frozen=True)
class ReviewFace:
    face: Face
    spread: float | None  # distance to the person's typical face: the larger, the less certain

    def to_dict(self) -> dict:
        spread = None if self.spread is None else round(self.spread, ROUNDED_DIGITS + 1)
        return {**self.face.to_dict(), "spread": spread}


@dataclass(frozen=True)
class FacePage:
    """One page of faces: a person's (``person``), or nobody's (None)."""

    person: Person | None
    total: int
    offset: int
    faces: list[ReviewFace]

    @property
    def next_offset(self) -> int | None:
        end = self.offset + len(self.faces)
        return end if end < self.total else None

    def to_dict(self) -> dict:
        page = {
            "total": self.total,
            "offset": self.offset,
            "next_offset": self.next_offset,
            "faces": [f.to_dict() for f in self.faces],
        }
        return page if self.person is None else {"person": self.person.to_dict(), **page}


@dataclass(frozen=True)
class PhotoView:
    """A photo with its faces; of a video, the frame shown (``time``) and its faces."""

    photo: StoredPhoto
    faces: list[Face]
    time: float | None
    live_clip: str | None = None  # of a Live Photo: its clip's path

    @property
    def here(self) -> list[Face]:
        """The faces in the frame shown: of a photo, those of its still (not those seen only
        in its Live Photo clip or motion video)."""
        return [f for f in self.faces if f.time == self.time]

    @property
    def live_clip_name(self) -> str | None:
        return os.path.basename(self.live_clip) if self.live_clip else None

    def to_dict(self) -> dict:
        return {
            "hash": self.photo.hash,
            "media": self.photo.media,
            "width": self.photo.width,
            "height": self.photo.height,
            "live_clip": self.live_clip,
            "motion": self.photo.motion,
            "faces": [f.to_dict() for f in self.faces],
        }


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
        raise NotFound(f"no person {person_id}", "person", (person_id,))
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


def unassigned_faces(store: Store, offset: int = 0, limit: int | None = None) -> FacePage:
    """One page of the faces that are nobody's, newest photos first."""
    limit = limit or PAGE_SIZE
    faces = store.iter_faces(unassigned=True, newest_first=True, limit=limit, offset=offset)
    return FacePage(None, store.count_unassigned(), offset, [ReviewFace(f, None) for f in faces])


def shown_time(photo: StoredPhoto, faces, wanted: float | None) -> float | None:
    """The frame of a video to show: the one asked for, else the first of its ``faces``
    (read only then; a lazy iterable will do); None for a photo."""
    if photo.media != MediaType.VIDEO:
        return None
    if wanted is not None:
        return wanted
    return min((f.time for f in faces if f.time is not None), default=0.0)


def photo_view(store: Store, photo_hash: str, wanted: float | None = None) -> PhotoView:
    """The photo with this content hash and its faces; of a video, at ``wanted`` seconds
    (default: the first face's frame)."""
    photo = store.get_photo(photo_hash)
    if photo is None:
        raise NotFound("no such photo", "photo")
    faces = list(store.iter_faces(photo_hash=photo_hash))
    motion = store.motion_source(photo_hash)
    clip = motion.path if motion is not None and not motion.embedded else None
    return PhotoView(photo, faces, shown_time(photo, faces, wanted), clip)
