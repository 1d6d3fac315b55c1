"""The HTTP API's reading routes (JSON and JPEG): what the page's script calls, and what
other programs call with ``Authorization: Bearer TOKEN``. Each route is declared once, with
its answer's model (:mod:`albumfaces.web.schemas`), from which the OpenAPI description is
made. Nothing is decided here."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, Response

from albumfaces import people as decisions
from albumfaces.errors import NotFound
from albumfaces.people.refs import find_people
from albumfaces.service import review
from albumfaces.service.suggestions import face_rows, people_rows
from albumfaces.service.together import photos_together
from albumfaces.web import schemas
from albumfaces.web.answers import (
    NO_STORE,
    ONLY_THEM,
    WITH_PEOPLE,
    checked_hash,
    checked_size,
    checked_time,
    json_response,
    store_of,
)
from albumfaces.web.crops import (
    CROP_SIZES,
    DEFAULT_CROP,
    DEFAULT_PHOTO,
    PHOTO_SIZES,
    crop_file,
    crop_name,
    photo_file,
)

HISTORY_DEFAULT = 20
JPEG = {200: {"content": {"image/jpeg": {}}, "description": "a JPEG"}}
Offset = Query(0, ge=0, description="faces to skip")
Limit = Query(review.PAGE_SIZE, ge=1, description=f"faces to return (at most {review.PAGE_SIZE})")
VideoTime = Query(None, description="of a video: seconds into it")

router = APIRouter(prefix="/api")


@router.get("/people", response_model=list[schemas.Person], summary="Everyone, named first")
def list_people(
    request: Request,
    ignored: str = Query("", description="1: include ignored people"),
    name: str | None = Query(
        None,
        description="only who this means (with or without faces), as every front end "
        "looks people up: an id, a name or an automatic name; case ignored when nothing "
        "matches exactly",
    ),
):
    with_ignored = ignored == "1"
    store = store_of(request)
    people, shown = request.app.state.people.get(store)
    if name is not None:  # the pages' type-ahead: a name typed that is not in their list
        wanted = set(find_people(store, name))
        found = [p for p in people if p.id in wanted and (with_ignored or not p.ignored)]
        return json_response([review.PersonCard(p, shown.get(p.id)).to_dict() for p in found])
    cards = review.people_to_review(people, shown, with_ignored)
    return json_response([c.to_dict() for c in cards])


@router.get("/people/{person_id}", response_model=schemas.Person, summary="One person")
def get_person(request: Request, person_id: int):
    store = store_of(request)
    person = store.get_person(person_id)
    if person is None:
        raise NotFound(f"no person {person_id}", "person", (person_id,))
    return json_response(
        review.PersonCard(person, store.shown_faces([person_id]).get(person_id)).to_dict()
    )


@router.get(
    "/people/{person_id}/faces",
    response_model=schemas.FacePage,
    summary="A person's faces, least certain first",
)
def person_faces(request: Request, person_id: int, offset: int = Offset, limit: int = Limit):
    limit = min(review.PAGE_SIZE, limit)
    return json_response(review.person_faces(store_of(request), person_id, offset, limit).to_dict())


@router.get(
    "/people/{person_id}/merge-candidates",
    response_model=list[schemas.Candidate],
    summary="People to merge into, closest first",
)
def merge_candidates(request: Request, person_id: int):
    """The person page fetches them after it shows."""
    store = store_of(request)
    people, _ = request.app.state.people.get(store)
    names = {p.id: p.name for p in people if p.faces or p.named}
    among = set(names) - {person_id}
    ranked = request.app.state.suggestions.closest_to(store, person_id, among)
    return json_response([{"id": pid, "name": names[pid]} for pid in ranked])


@router.get("/faces/{face_id}", response_model=schemas.Face, summary="One face")
def get_face(request: Request, face_id: int):
    face = store_of(request).get_face(face_id)
    if face is None:
        raise NotFound(f"no face {face_id}", "face", (face_id,))
    return json_response(face.to_dict())


@router.get(
    "/faces/{face_id}/crop", response_class=Response, responses=JPEG, summary="A face's crop"
)
async def face_crop(
    request: Request, face_id: int, size: int = Query(DEFAULT_CROP, description="side in pixels")
):
    checked_size(size, CROP_SIZES)
    crops = request.app.state.crops
    known = store_of(request).face_box(face_id)  # a primary-key lookup: cheap on the loop
    if known is None:
        raise NotFound(f"no face {face_id}", "face", (face_id,))
    photo_hash, box, time = known
    path = crops / crop_name(photo_hash, box, size, time)
    if not path.is_file():
        face = await run_in_threadpool(lambda: store_of(request).get_face(face_id))
        if face is None:
            raise NotFound(f"no face {face_id}", "face", (face_id,))
        photos = request.app.state.decoded
        path = await run_in_threadpool(crop_file, crops, face, size, photos)
        if path is None:
            raise NotFound(f"the photo of face {face_id} cannot be read", "photo")
    # a crop is a few kB: send it whole rather than streaming it from a thread
    return Response(path.read_bytes(), media_type="image/jpeg", headers=NO_STORE)


@router.get(
    "/photos",
    response_model=list[schemas.TogetherPhoto],
    summary="The photos in which all the people given appear, newest first",
)
def photos_shared(
    request: Request,
    people: list[int] = WITH_PEOPLE,
    only: str = ONLY_THEM,
):
    found = photos_together(store_of(request), people, only == "1")
    return json_response([p.to_dict() for p in found])


@router.get(
    "/photos/{photo_hash}", response_model=schemas.Photo, summary="A photo with its faces' boxes"
)
def get_photo(request: Request, photo_hash: str):
    view = review.photo_view(store_of(request), checked_hash(photo_hash))
    return json_response(view.to_dict())


@router.get(
    "/photos/{photo_hash}/image",
    response_class=Response,
    responses=JPEG,
    summary="A photo, upright (JPEG); of a video, the frame at ?time (default: the first face's)",
)
async def photo_image(
    request: Request,
    photo_hash: str,
    size: int = Query(DEFAULT_PHOTO, description="long side in pixels"),
    time: float | None = VideoTime,
):
    photo_hash = checked_hash(photo_hash)
    checked_size(size, PHOTO_SIZES)
    wanted = checked_time(time)

    def find() -> tuple[str | None, float | None]:
        store = store_of(request)
        photo = store.get_photo(photo_hash)
        if photo is None:
            return None, None
        faces = store.iter_faces(photo_hash=photo_hash)
        return store.photo_path(photo_hash), review.shown_time(photo, faces, wanted)

    source, shown = await run_in_threadpool(find)
    path = source and await run_in_threadpool(
        photo_file, request.app.state.crops, photo_hash, source, size, shown
    )
    if not path:
        raise NotFound("no such photo, or it cannot be read", "photo")
    return FileResponse(path, media_type="image/jpeg", headers=NO_STORE)


@router.get(
    "/unassigned", response_model=schemas.FacePage, summary="Faces that are nobody, newest first"
)
def unassigned(request: Request, offset: int = Offset, limit: int = Limit):
    limit = min(review.PAGE_SIZE, limit)
    return json_response(review.unassigned_faces(store_of(request), offset, limit).to_dict())


@router.get(
    "/suggestions/faces",
    response_model=list[schemas.FaceSuggestion],
    summary="Faces that may be named people",
)
def face_suggestions(request: Request):
    store = store_of(request)
    people, shown = request.app.state.people.get(store)
    rows = face_rows(request.app.state.suggestions.is_this(store), people, shown)
    return json_response([r.to_dict() for r in rows])


@router.get(
    "/suggestions/people",
    response_model=list[schemas.PeopleSuggestion],
    summary="People who may be one person",
)
def people_suggestions(request: Request):
    store = store_of(request)
    people, shown = request.app.state.people.get(store)
    rows = people_rows(request.app.state.suggestions.same_person(store), people, shown)
    return json_response([r.to_dict() for r in rows])


@router.get(
    "/history", response_model=list[schemas.JournalEntry], summary="Recent decisions, newest first"
)
def get_history(
    request: Request, limit: int = Query(HISTORY_DEFAULT, ge=1, description="how many")
):
    return json_response([e.to_dict() for e in decisions.history(store_of(request), limit)])
