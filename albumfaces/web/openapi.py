"""The OpenAPI description of every route, served at ``GET /api/openapi.json``. Written as a
table here (the app is Starlette, which has no typed routes to derive it from); a test checks
that it names exactly the app's routes and that real answers fit its schemas."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.routing import Route

from albumfaces import __version__
from albumfaces.web.api import json_response
from albumfaces.web.schemas import (
    FLAG,
    INT,
    NUMBER,
    SCHEMAS,
    TEXT,
    list_of,
    nullable,
    object_of,
    ref,
)

OPENAPI_PATH = "/api/openapi.json"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    answer: dict | str | None  # a JSON schema, "html", "jpeg", or None for a redirect
    body: dict | None = None  # the JSON body a POST takes
    query: dict = field(default_factory=dict)  # name -> (schema, description)
    errors: tuple[int, ...] = (400, 404)
    ok: int = 200  # the status of a good answer
    also: str | None = None  # another kind of answer it may give instead ("jpeg")
    upload: str | None = None  # the multipart form field of a file it takes


PERSON = "/api/people/{person_id}"
ID_LIST = list_of(INT)
PAGE = {"offset": (INT, "faces to skip"), "limit": (INT, "faces to return (at most 120)")}
OPERATIONS = [
    Operation("GET", "/", "The review page: everyone, to name and correct", "html"),
    Operation("GET", "/people/{person_id}", "The page of one person's faces", "html"),
    Operation("GET", "/is-this", "The page of faces that may be named people", "html"),
    Operation("GET", "/same", "The page of people who may be one person", "html"),
    Operation("GET", "/unassigned", "The page of faces that are nobody yet", "html"),
    Operation(
        "GET",
        "/photos/{photo_hash}",
        "The page of one photo with its faces (of a video: the frame at ?time)",
        "html",
        query={"time": (NUMBER, "of a video: seconds into it")},
    ),
    Operation("GET", "/favicon.ico", "No icon (an empty answer)", None, ok=204),
    Operation(
        "GET",
        "/api/people",
        "Everyone, named first",
        list_of(ref("Person")),
        query={
            "ignored": (TEXT, "1: include ignored people"),
            "name": (TEXT, "only the person called this (with or without faces)"),
        },
    ),
    Operation("GET", PERSON, "One person", ref("Person")),
    Operation(
        "GET",
        PERSON + "/faces",
        "A person's faces, least certain first",
        ref("FacePage"),
        query=PAGE,
    ),
    Operation(
        "GET",
        PERSON + "/merge-candidates",
        "People to merge into, closest first",
        list_of(ref("Candidate")),
    ),
    Operation("GET", "/api/faces/{face_id}", "One face", ref("Face")),
    Operation(
        "GET",
        "/api/faces/{face_id}/crop",
        "A face's crop (JPEG)",
        "jpeg",
        query={"size": (INT, "crop side in pixels")},
    ),
    Operation("GET", "/api/photos/{photo_hash}", "A photo with its faces' boxes", ref("Photo")),
    Operation(
        "GET",
        "/api/photos/{photo_hash}/image",
        "A photo, upright (JPEG); of a video, the frame at ?time (default: the first face's)",
        "jpeg",
        query={
            "size": (INT, "long side in pixels"),
            "time": (NUMBER, "of a video: seconds into it"),
        },
    ),
    Operation(
        "GET",
        "/api/unassigned",
        "Faces that are nobody, newest first",
        ref("FacePage"),
        query=PAGE,
    ),
    Operation(
        "GET",
        "/api/suggestions/faces",
        "Faces that may be named people",
        list_of(ref("FaceSuggestion")),
    ),
    Operation(
        "GET",
        "/api/suggestions/people",
        "People who may be one person",
        list_of(ref("PeopleSuggestion")),
    ),
    Operation(
        "GET",
        "/api/history",
        "Recent decisions, newest first",
        list_of(ref("JournalEntry")),
        query={"limit": (INT, "how many")},
    ),
    Operation("GET", OPENAPI_PATH, "This description", {"type": "object"}, errors=()),
    Operation(
        "POST", PERSON + "/name", "Name a person", ref("Decision"), body=object_of({"name": TEXT})
    ),
    Operation(
        "POST",
        PERSON + "/merge",
        "Merge a person into another",
        ref("Decision"),
        body=object_of({"into": INT}),
    ),
    Operation(
        "POST",
        PERSON + "/ignore",
        "Ignore a person (or not)",
        ref("Decision"),
        body=object_of({}, {"ignored": FLAG}),
    ),
    Operation(
        "POST",
        PERSON + "/cover",
        "Choose a person's cover face",
        ref("Decision"),
        body=object_of({"face": INT}),
    ),
    Operation(
        "POST",
        PERSON + "/split",
        "Split faces off a person into a new one",
        ref("Decision"),
        body=object_of({"faces": ID_LIST}, {"name": nullable(TEXT)}),
    ),
    Operation(
        "POST",
        "/api/faces/move",
        "Move faces to a person",
        ref("Decision"),
        body=object_of({"faces": ID_LIST, "person": INT}),
    ),
    Operation(
        "POST",
        "/api/faces/reject",
        "Say faces are not their person (or not faces)",
        ref("Decision"),
        body=object_of({"faces": ID_LIST}, {"person": nullable(INT)}),
    ),
    Operation(
        "POST",
        "/api/faces/new-person",
        "Make a new person of faces",
        ref("Decision"),
        body=object_of({"faces": ID_LIST}, {"name": nullable(TEXT)}),
    ),
    Operation(
        "POST",
        "/api/different",
        "Say two people are not one person",
        ref("Decision"),
        body=object_of({"people": {**ID_LIST, "minItems": 2, "maxItems": 2}}),
    ),
    Operation(
        "POST",
        "/api/undo",
        "Undo the last decisions",
        list_of(ref("Reversal")),
        body=object_of({}, {"count": INT}),
    ),
    Operation(
        "POST",
        "/api/redo",
        "Redo what was undone",
        list_of(ref("Reversal")),
        body=object_of({}, {"count": INT}),
    ),
]

OPERATIONS.append(
    Operation(
        "POST",
        "/api/identify",
        "Who is in this photo? The JSON of `identify --json` for one photo, or the annotated JPEG",
        ref("IdentifiedPhoto"),
        query={"annotate": (TEXT, "1: answer the annotated photo (JPEG)")},
        errors=(400, 413, 415, 503, 504),
        also="jpeg",
        upload="image",
    )
)
COMMON_ERRORS = {401: "no token, or a wrong one", 504: "no answer within the time limit"}
ERROR_TEXT = {
    400: "bad request (the reason is in error)",
    404: "no such person, face or photo",
    413: "the upload is over the size limit",
    415: "not an image, or not sent as multipart/form-data",
    503: "all workers busy and the queue full, or the database busy: try again (or the "
    "library switched face models while the server ran: start it again)",
    504: "no answer within the time limit",
}
PATH_PARAMS = {
    "person_id": INT,
    "face_id": INT,
    "photo_hash": {**TEXT, "pattern": "^[0-9a-f]{64}$"},
}


def _content(answer) -> dict:
    if answer == "html":
        return {"text/html": {"schema": TEXT}}
    if answer == "jpeg":
        return {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}
    return {"application/json": {"schema": answer}}


def _operation(op: Operation) -> dict:
    error = {"application/json": {"schema": ref("Error")}}
    ok = (
        {"description": "OK"}
        if op.answer is None
        else {"description": "OK", "content": _content(op.answer)}
    )
    if op.also is not None:
        ok["content"].update(_content(op.also))
    responses = {str(op.ok): ok}
    for status in (*op.errors, *COMMON_ERRORS):
        text = ERROR_TEXT.get(status) or COMMON_ERRORS[status]
        responses[str(status)] = {"description": text, "content": error}
    params = [
        {"name": name, "in": "path", "required": True, "schema": schema}
        for name, schema in PATH_PARAMS.items()
        if "{" + name + "}" in op.path
    ] + [
        {"name": name, "in": "query", "required": False, "schema": schema, "description": text}
        for name, (schema, text) in op.query.items()
    ]
    out = {"summary": op.summary, "responses": responses}
    if params:
        out["parameters"] = params
    if op.body is not None:
        out["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": op.body}},
        }
    if op.upload is not None:
        upload = object_of({op.upload: {"type": "string", "format": "binary"}})
        out["requestBody"] = {
            "required": True,
            "content": {"multipart/form-data": {"schema": upload}},
        }
    return out


def description() -> dict:
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "albumfaces",
            "version": __version__,
            "description": "The people of a photo library, and who is in a new photo. Every "
            "route needs the header Authorization: Bearer TOKEN (albumfaces token prints it).",
        },
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"token": []}],
    }


def openapi_json(request: Request):
    return json_response(description())


ROUTES = [Route(OPENAPI_PATH, openapi_json)]
