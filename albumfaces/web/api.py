"""The HTTP API of the review page (JSON): what the page's script calls, and what other
programs can call with ``Authorization: Bearer TOKEN``. Every change is one decision of
:mod:`albumfaces.people`; nothing is decided here."""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from albumfaces import people as decisions
from albumfaces.people import review
from albumfaces.people.refs import NotFound, PeopleError
from albumfaces.web.crops import CROP_SIZES, DEFAULT_CROP, crop_file

NO_STORE = {"Cache-Control": "no-store"}  # face data never lands in a browser's cache
HISTORY_DEFAULT = 20


def _store(request: Request):
    return request.app.state.stores.get()


def _int(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PeopleError(f"{what} must be a whole number")
    return value


def _ids(value, what: str) -> list[int]:
    if not isinstance(value, list) or not value:
        raise PeopleError(f"{what} must be a non-empty list of ids")
    return [_int(v, what) for v in value]


async def _body(request: Request) -> dict:
    try:
        body = json.loads(await request.body() or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise PeopleError("the request body is not JSON") from None
    if not isinstance(body, dict):
        raise PeopleError("the request body must be a JSON object")
    return body


def _query_int(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise PeopleError(f"{name} must be a whole number")
    return int(raw)


def _json(data, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=NO_STORE)


def person_json(person, face_id: int | None = None) -> dict:
    return {**person.to_dict(), "face_id": face_id}


def face_json(face, spread: float | None = None) -> dict:
    return {
        "id": face.id,
        "box": face.box.to_dict(),
        "person_id": face.person_id,
        "person": face.person,
        "source": face.source,
        "distance": face.distance,
        "spread": None if spread is None else round(spread, 4),
    }


def decision_json(decision) -> dict:
    return {
        "summary": decision.summary,
        "person_id": decision.person_id,
        "journal_id": decision.entry_id,
    }


# -- reading -------------------------------------------------------------------------------


def list_people(request: Request) -> Response:
    with_ignored = request.query_params.get("ignored") == "1"
    cards = review.people_to_review(_store(request), with_ignored)
    return _json([person_json(c.person, c.face_id) for c in cards])


def get_person(request: Request) -> Response:
    person = _store(request).get_person(request.path_params["person_id"])
    if person is None:
        raise NotFound(f"no person {request.path_params['person_id']}")
    return _json(person_json(person, _store(request).shown_faces().get(person.id)))


def person_faces(request: Request) -> Response:
    offset = _query_int(request, "offset", 0)
    limit = min(review.PAGE_SIZE, max(1, _query_int(request, "limit", review.PAGE_SIZE)))
    page = review.person_faces(_store(request), request.path_params["person_id"], offset, limit)
    return _json(
        {
            "person": person_json(page.person),
            "total": page.total,
            "offset": page.offset,
            "next_offset": page.next_offset,
            "faces": [face_json(f.face, f.spread) for f in page.faces],
        }
    )


def get_face(request: Request) -> Response:
    face = _store(request).get_face(request.path_params["face_id"])
    if face is None:
        raise NotFound(f"no face {request.path_params['face_id']}")
    return _json(face_json(face))


async def face_crop(request: Request) -> Response:
    size = _query_int(request, "size", DEFAULT_CROP)
    if size not in CROP_SIZES:
        raise PeopleError(f"size must be one of {', '.join(map(str, CROP_SIZES))}")
    face = await run_in_threadpool(lambda: _store(request).get_face(request.path_params["face_id"]))
    if face is None:
        raise NotFound(f"no face {request.path_params['face_id']}")
    path = await run_in_threadpool(crop_file, request.app.state.crops, face, size)
    if path is None:
        raise NotFound(f"the photo of face {face.id} cannot be read")
    return FileResponse(path, media_type="image/jpeg", headers=NO_STORE)


def get_history(request: Request) -> Response:
    limit = max(1, _query_int(request, "limit", HISTORY_DEFAULT))
    return _json([e.to_dict() for e in decisions.history(_store(request), limit)])


# -- decisions -----------------------------------------------------------------------------


def _decision(func):
    """A POST route: parse the JSON body, make one decision, answer what it did."""

    async def endpoint(request: Request) -> Response:
        body = await _body(request)
        # the connection is per thread: take it in the thread that uses it
        result = await run_in_threadpool(lambda: func(_store(request), request.path_params, body))
        return _json(result)

    return endpoint


def _name(store, params, body):
    name = body.get("name")
    if not isinstance(name, str):
        raise PeopleError("name must be text")
    return decision_json(decisions.name_person(store, params["person_id"], name))


def _merge(store, params, body):
    into = _int(body.get("into"), "into")
    return decision_json(decisions.merge_people(store, [params["person_id"]], into))


def _ignore(store, params, body):
    ignored = body.get("ignored", True)
    if not isinstance(ignored, bool):
        raise PeopleError("ignored must be true or false")
    return decision_json(decisions.set_ignored(store, params["person_id"], ignored))


def _cover(store, params, body):
    face = _int(body.get("face"), "face")
    return decision_json(decisions.set_cover(store, params["person_id"], face))


def _split(store, params, body):
    name = body.get("name") or None
    if name is not None and not isinstance(name, str):
        raise PeopleError("name must be text")
    faces = _ids(body.get("faces"), "faces")
    return decision_json(decisions.split_faces(store, params["person_id"], faces, name))


def _move(store, params, body):
    person = _int(body.get("person"), "person")
    return decision_json(decisions.move_faces(store, _ids(body.get("faces"), "faces"), person))


def _reject(store, params, body):
    return decision_json(decisions.reject_faces(store, _ids(body.get("faces"), "faces")))


def _different(store, params, body):
    people = _ids(body.get("people"), "people")
    if len(people) != 2:
        raise PeopleError("people must hold exactly two person ids")
    return decision_json(decisions.mark_different(store, *people))


def _reverse(redo: bool):
    def reverse(store, params, body):
        count = _int(body.get("count", 1), "count")
        done = (decisions.redo if redo else decisions.undo)(store, count)
        return [
            {"id": r.entry.id, "summary": r.entry.summary, "could_not": list(r.problems)}
            for r in done
        ]

    return reverse


ROUTES = [
    Route("/api/people", list_people),
    Route("/api/people/{person_id:int}", get_person),
    Route("/api/people/{person_id:int}/faces", person_faces),
    Route("/api/faces/{face_id:int}", get_face),
    Route("/api/faces/{face_id:int}/crop", face_crop),
    Route("/api/history", get_history),
    Route("/api/people/{person_id:int}/name", _decision(_name), methods=["POST"]),
    Route("/api/people/{person_id:int}/merge", _decision(_merge), methods=["POST"]),
    Route("/api/people/{person_id:int}/ignore", _decision(_ignore), methods=["POST"]),
    Route("/api/people/{person_id:int}/cover", _decision(_cover), methods=["POST"]),
    Route("/api/people/{person_id:int}/split", _decision(_split), methods=["POST"]),
    Route("/api/faces/move", _decision(_move), methods=["POST"]),
    Route("/api/faces/reject", _decision(_reject), methods=["POST"]),
    Route("/api/different", _decision(_different), methods=["POST"]),
    Route("/api/undo", _decision(_reverse(redo=False)), methods=["POST"]),
    Route("/api/redo", _decision(_reverse(redo=True)), methods=["POST"]),
]
