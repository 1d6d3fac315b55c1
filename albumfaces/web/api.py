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
from albumfaces.models import MediaType
from albumfaces.people import review
from albumfaces.people.refs import NotFound, PeopleError
from albumfaces.web.crops import (
    CROP_SIZES,
    DEFAULT_CROP,
    DEFAULT_PHOTO,
    PHOTO_SIZES,
    crop_file,
    crop_name,
    photo_file,
)

NO_STORE = {"Cache-Control": "no-store"}  # face data never lands in a browser's cache
PHOTO_HASH_LENGTH = 64  # SHA-256, hex
HISTORY_DEFAULT = 20


def store_of(request: Request):
    return request.app.state.stores.get()


def as_int(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PeopleError(f"{what} must be a whole number")
    return value


def as_ids(value, what: str) -> list[int]:
    if not isinstance(value, list) or not value:
        raise PeopleError(f"{what} must be a non-empty list of ids")
    return [as_int(v, what) for v in value]


async def json_body(request: Request) -> dict:
    try:
        body = json.loads(await request.body() or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise PeopleError("the request body is not JSON") from None
    if not isinstance(body, dict):
        raise PeopleError("the request body must be a JSON object")
    return body


def query_int(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise PeopleError(f"{name} must be a whole number")
    return int(raw)


def json_response(data, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=NO_STORE)


def person_json(person, face_id: int | None = None) -> dict:
    return {**person.to_dict(), "face_id": face_id}


def face_json(face, spread: float | None = None) -> dict:
    return {
        "id": face.id,
        "photo": face.photo_hash,
        "box": face.box.to_dict(),
        "person_id": face.person_id,
        "person": face.person,
        "source": face.source,
        "distance": face.distance,
        "spread": None if spread is None else round(spread, 4),
        "time": face.time,
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
    people, shown = request.app.state.people.get(store_of(request))
    name = request.query_params.get("name")
    if name is not None:  # the person called this, faces or not (the pages' type-ahead)
        found = [p for p in people if p.name == name.strip() and (with_ignored or not p.ignored)]
        return json_response([person_json(p, shown.get(p.id)) for p in found])
    cards = review.people_to_review(people, shown, with_ignored)
    return json_response([person_json(c.person, c.face_id) for c in cards])


def get_person(request: Request) -> Response:
    person = store_of(request).get_person(request.path_params["person_id"])
    if person is None:
        raise NotFound(f"no person {request.path_params['person_id']}")
    return json_response(person_json(person, store_of(request).shown_faces().get(person.id)))


def person_faces(request: Request) -> Response:
    offset = query_int(request, "offset", 0)
    limit = min(review.PAGE_SIZE, max(1, query_int(request, "limit", review.PAGE_SIZE)))
    page = review.person_faces(store_of(request), request.path_params["person_id"], offset, limit)
    return json_response(
        {
            "person": person_json(page.person),
            "total": page.total,
            "offset": page.offset,
            "next_offset": page.next_offset,
            "faces": [face_json(f.face, f.spread) for f in page.faces],
        }
    )


def get_face(request: Request) -> Response:
    face = store_of(request).get_face(request.path_params["face_id"])
    if face is None:
        raise NotFound(f"no face {request.path_params['face_id']}")
    return json_response(face_json(face))


async def face_crop(request: Request) -> Response:
    size = query_int(request, "size", DEFAULT_CROP)
    if size not in CROP_SIZES:
        raise PeopleError(f"size must be one of {', '.join(map(str, CROP_SIZES))}")
    face_id = request.path_params["face_id"]
    crops = request.app.state.crops
    known = store_of(request).face_box(face_id)  # a primary-key lookup: cheap on the loop
    if known is None:
        raise NotFound(f"no face {face_id}")
    path = crops / crop_name(*known, size)
    if not path.is_file():
        face = await run_in_threadpool(lambda: store_of(request).get_face(face_id))
        if face is None:
            raise NotFound(f"no face {face_id}")
        photos = request.app.state.decoded
        path = await run_in_threadpool(crop_file, crops, face, size, photos)
        if path is None:
            raise NotFound(f"the photo of face {face_id} cannot be read")
    # a crop is a few kB: send it whole rather than streaming it from a thread
    return Response(path.read_bytes(), media_type="image/jpeg", headers=NO_STORE)


def photo_hash_of(request: Request) -> str:
    """A photo is named by its content hash, looked up in the database; nothing else."""
    photo_hash = request.path_params["photo_hash"]
    if len(photo_hash) != PHOTO_HASH_LENGTH or photo_hash.strip("0123456789abcdef"):
        raise NotFound("no such photo")
    return photo_hash


def get_photo(request: Request) -> Response:
    photo_hash = photo_hash_of(request)
    store = store_of(request)
    photo = store.get_photo(photo_hash)
    if photo is None:
        raise NotFound("no such photo")
    faces = list(store.iter_faces(photo_hash=photo_hash))
    return json_response(
        {
            "hash": photo.hash,
            "media": photo.media,
            "width": photo.width,
            "height": photo.height,
            "faces": [face_json(f) for f in faces],
        }
    )


def query_time(request: Request) -> float | None:
    """``?time=SECONDS``: which frame of a video to show."""
    raw = request.query_params.get("time")
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise PeopleError("time must be a number of seconds") from None
    if not 0 <= value < 1e6:
        raise PeopleError("time must be a number of seconds")
    return value


def shown_time(photo, faces, wanted: float | None) -> float | None:
    """The frame of a video to show: the one asked for, else the first of its ``faces``
    (read only then; a lazy iterable will do); None for a photo."""
    if photo.media != MediaType.VIDEO:
        return None
    if wanted is not None:
        return wanted
    return min((f.time for f in faces if f.time is not None), default=0.0)


async def photo_image(request: Request) -> Response:
    photo_hash = photo_hash_of(request)
    size = query_int(request, "size", DEFAULT_PHOTO)
    if size not in PHOTO_SIZES:
        raise PeopleError(f"size must be one of {', '.join(map(str, PHOTO_SIZES))}")
    wanted = query_time(request)

    def find() -> tuple[str | None, float | None]:
        store = store_of(request)
        photo = store.get_photo(photo_hash)
        if photo is None:
            return None, None
        faces = store.iter_faces(photo_hash=photo_hash)
        return store.photo_path(photo_hash), shown_time(photo, faces, wanted)

    source, time = await run_in_threadpool(find)
    path = source and await run_in_threadpool(
        photo_file, request.app.state.crops, photo_hash, source, size, time
    )
    if not path:
        raise NotFound("no such photo, or it cannot be read")
    return FileResponse(path, media_type="image/jpeg", headers=NO_STORE)


def unassigned(request: Request) -> Response:
    store = store_of(request)
    offset = query_int(request, "offset", 0)
    limit = min(review.PAGE_SIZE, max(1, query_int(request, "limit", review.PAGE_SIZE)))
    faces = list(store.iter_faces(unassigned=True, newest_first=True, limit=limit, offset=offset))
    total = store.count_unassigned()
    end = offset + len(faces)
    return json_response(
        {
            "total": total,
            "offset": offset,
            "next_offset": end if end < total else None,
            "faces": [face_json(f) for f in faces],
        }
    )


def face_suggestions(request: Request) -> Response:
    store = store_of(request)
    people, shown = request.app.state.people.get(store)
    names = {p.id: p.name for p in people}
    return json_response(
        [
            {
                "face_id": s.face_id,
                "person_id": s.person_id,
                "person": names.get(s.person_id),
                "person_face_id": shown.get(s.person_id),
                "distance": round(s.distance, 4),
            }
            for s in request.app.state.suggestions.is_this(store)
        ]
    )


def people_suggestions(request: Request) -> Response:
    store = store_of(request)
    people, _ = request.app.state.people.get(store)
    names = {p.id: p.name for p in people}
    return json_response(
        [
            {
                "keep": s.keep,
                "keep_name": names.get(s.keep),
                "other": s.other,
                "other_name": names.get(s.other),
                "distance": round(s.distance, 4),
            }
            for s in request.app.state.suggestions.same_person(store)
        ]
    )


def merge_candidates(request: Request) -> Response:
    """People to merge into, the closest first: the person page fetches them after it shows."""
    store = store_of(request)
    person = request.path_params["person_id"]
    people, _ = request.app.state.people.get(store)
    names = {p.id: p.name for p in people if p.faces or p.named}
    among = set(names) - {person}
    ranked = request.app.state.suggestions.closest_to(store, person, among)
    return json_response([{"id": pid, "name": names[pid]} for pid in ranked])


def get_history(request: Request) -> Response:
    limit = max(1, query_int(request, "limit", HISTORY_DEFAULT))
    return json_response([e.to_dict() for e in decisions.history(store_of(request), limit)])


ROUTES = [
    Route("/api/people", list_people),
    Route("/api/people/{person_id:int}", get_person),
    Route("/api/people/{person_id:int}/faces", person_faces),
    Route("/api/faces/{face_id:int}", get_face),
    Route("/api/faces/{face_id:int}/crop", face_crop),
    Route("/api/people/{person_id:int}/merge-candidates", merge_candidates),
    Route("/api/photos/{photo_hash}", get_photo),
    Route("/api/photos/{photo_hash}/image", photo_image),
    Route("/api/unassigned", unassigned),
    Route("/api/suggestions/faces", face_suggestions),
    Route("/api/suggestions/people", people_suggestions),
    Route("/api/history", get_history),
]
