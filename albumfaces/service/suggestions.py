"""The rows of "Is this …?" and "Same person?", as the page shows them and the API answers
them: the suggestions of :class:`albumfaces.people.suggest.LiveSuggestions` with the names
and faces a reviewer needs beside them."""

from __future__ import annotations

from dataclasses import dataclass

from albumfaces.models import Person
from albumfaces.models.reports import ROUNDED_DIGITS
from albumfaces.people.suggest import FaceSuggestion, PeopleSuggestion

DISTANCE_DIGITS = ROUNDED_DIGITS + 1


@dataclass(frozen=True)
class FaceRow:
    """ "Is this Anna?": a face, and the named person it may be."""

    face_id: int
    person: Person
    person_face_id: int | None  # the face shown for the person
    distance: float

    def to_dict(self) -> dict:
        return {
            "face_id": self.face_id,
            "person_id": self.person.id,
            "person": self.person.name,
            "person_face_id": self.person_face_id,
            "distance": round(self.distance, DISTANCE_DIGITS),
        }


@dataclass(frozen=True)
class PeopleRow:
    """ "Same person?": two people who may be one."""

    keep: Person
    other: Person
    keep_face: int | None
    other_face: int | None
    distance: float

    def to_dict(self) -> dict:
        return {
            "keep": self.keep.id,
            "keep_name": self.keep.name,
            "other": self.other.id,
            "other_name": self.other.name,
            "distance": round(self.distance, DISTANCE_DIGITS),
        }


def face_rows(
    suggestions: list[FaceSuggestion], people: list[Person], shown: dict[int, int]
) -> list[FaceRow]:
    """Each suggestion with its person (``people`` and ``shown`` as the server's people
    cache holds them); a person gone since the suggestions were made is left out."""
    by_id = {p.id: p for p in people}
    return [
        FaceRow(s.face_id, by_id[s.person_id], shown.get(s.person_id), s.distance)
        for s in suggestions
        if s.person_id in by_id
    ]


def people_rows(
    suggestions: list[PeopleSuggestion], people: list[Person], shown: dict[int, int]
) -> list[PeopleRow]:
    by_id = {p.id: p for p in people}
    return [
        PeopleRow(by_id[s.keep], by_id[s.other], shown.get(s.keep), shown.get(s.other), s.distance)
        for s in suggestions
        if s.keep in by_id and s.other in by_id
    ]
