"""The HTTP API's request bodies and answers, as pydantic models: FastAPI checks bodies
against them and generates the OpenAPI description (``GET /api/openapi.json``) from them.
The answers themselves are each value's one ``to_dict`` (:mod:`albumfaces.service.review`,
:mod:`albumfaces.models`); a test checks that real answers fit these models' schemas."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

Ids = Annotated[list[StrictInt], Field(min_length=1)]


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


# -- request bodies --------------------------------------------------------------------------


class NameBody(Body):
    name: StrictStr
    merge_if_taken: StrictBool = Field(
        False, description="a name that is another person's already merges into that person"
    )


class MergeBody(Body):
    into: StrictInt


class IgnoreBody(Body):
    ignored: StrictBool = True


class CoverBody(Body):
    face: StrictInt


class SplitBody(Body):
    faces: Ids
    name: StrictStr | None = None


class MoveBody(Body):
    faces: Ids
    person: StrictInt


class RejectBody(Body):
    faces: Ids
    person: StrictInt | None = None


class FacesBody(Body):
    faces: Ids


class NewPersonBody(Body):
    faces: Ids
    name: StrictStr | None = None


class DifferentBody(Body):
    people: Annotated[list[StrictInt], Field(min_length=2, max_length=2)]


class BornBody(Body):
    born: StrictStr | None = Field(description="YYYY-MM-DD, or a year (YYYY); null forgets it")


class BoxBody(Body):
    top: StrictInt
    right: StrictInt
    bottom: StrictInt
    left: StrictInt


class DrawBody(Body):
    box: BoxBody
    name: StrictStr | None = None


class CountBody(Body):
    count: StrictInt = 1


# -- answers ---------------------------------------------------------------------------------


class Error(BaseModel):
    error: str


class Box(BaseModel):
    top: int
    right: int
    bottom: int
    left: int


class Person(BaseModel):
    id: int
    name: str
    named: bool
    ignored: bool
    faces: int
    photos: int
    sources: dict[str, int]
    cover_face_id: int | None
    born: str | None
    face_id: int | None = None


class Face(BaseModel):
    id: int
    photo: str
    path: str
    box: Box
    score: float | None
    person_id: int | None
    person: str | None
    source: str | None
    distance: float | None
    media: Literal["photo", "video"]
    time: float | None
    imported: bool
    taken_at: str | None
    age: int | None
    spread: float | None = None


class FacePage(BaseModel):
    person: Person | None = None
    total: int
    offset: int
    next_offset: int | None
    faces: list[Face]


class Photo(BaseModel):
    hash: str
    media: Literal["photo", "video"]
    width: int
    height: int
    live_clip: str | None = Field(None, description="of a Live Photo: its clip's path")
    motion: Literal["google", "samsung"] | None = Field(
        None, description="of a motion photo: who wrote the video it carries"
    )
    faces: list[Face]


class Decision(BaseModel):
    summary: str
    sentence: str
    person_id: int | None
    journal_id: int | None


class Reversal(BaseModel):
    id: int
    summary: str
    sentence: str
    could_not: list[str]


class JournalEntry(BaseModel):
    id: int
    at: str
    kind: str
    command: str
    summary: str
    target: int | None
    undone: bool


class FaceSuggestion(BaseModel):
    face_id: int
    person_id: int
    person: str | None
    person_face_id: int | None
    distance: float


class PeopleSuggestion(BaseModel):
    keep: int
    keep_name: str | None
    other: int
    other_name: str | None
    distance: float


class Candidate(BaseModel):
    id: int
    name: str


class Match(BaseModel):
    person_id: int
    name: str | None
    distance: float


class IdentifiedFace(BaseModel):
    box: Box
    person_id: int | None
    name: str | None
    distance: float | None
    best: Match | None
    runner_up: Match | None


class IdentifiedPhoto(BaseModel):
    path: str
    width: int
    height: int
    faces: list[IdentifiedFace]


class TogetherFace(BaseModel):
    id: int
    person_id: int


class TogetherPhoto(BaseModel):
    photo: str
    path: str
    taken_at: str | None
    media: Literal["photo", "video"]
    width: int
    height: int
    faces: list[TogetherFace]
