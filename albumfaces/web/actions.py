"""The HTTP API's changes: each POST is one decision of :mod:`albumfaces.people`, its JSON
body checked against its model (:mod:`albumfaces.web.schemas`), answered with the
decision's own ``to_dict``. Nothing is decided here. The handlers are plain functions, which
FastAPI runs in its thread pool: the connection is the thread's."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from albumfaces import people as decisions
from albumfaces.errors import AlbumfacesError
from albumfaces.models import Box
from albumfaces.web import schemas
from albumfaces.web.answers import checked_hash, json_response, store_of
from albumfaces.web.workers import Refused, face_on_box

router = APIRouter(prefix="/api")
PERSON = "/people/{person_id}"


def _answer(decision) -> object:
    return json_response(decision.to_dict())


@router.post(PERSON + "/name", response_model=schemas.Decision, summary="Name a person")
def name(request: Request, person_id: int, body: schemas.NameBody):
    store = store_of(request)
    return _answer(decisions.name_person(store, person_id, body.name, body.merge_if_taken))


@router.post(
    PERSON + "/merge", response_model=schemas.Decision, summary="Merge a person into another"
)
def merge(request: Request, person_id: int, body: schemas.MergeBody):
    return _answer(decisions.merge_people(store_of(request), [person_id], body.into))


@router.post(
    PERSON + "/ignore", response_model=schemas.Decision, summary="Ignore a person (or not)"
)
def ignore(request: Request, person_id: int, body: schemas.IgnoreBody | None = None):
    ignored = (body or schemas.IgnoreBody()).ignored
    return _answer(decisions.set_ignored(store_of(request), person_id, ignored))


@router.post(
    PERSON + "/born", response_model=schemas.Decision, summary="Give a person's birth date"
)
def born(request: Request, person_id: int, body: schemas.BornBody):
    return _answer(decisions.set_birth(store_of(request), person_id, body.born or None))


@router.post(
    PERSON + "/cover", response_model=schemas.Decision, summary="Choose a person's cover face"
)
def cover(request: Request, person_id: int, body: schemas.CoverBody):
    return _answer(decisions.set_cover(store_of(request), person_id, body.face))


@router.post(
    PERSON + "/split",
    response_model=schemas.Decision,
    summary="Split faces off a person into a new one",
)
def split(request: Request, person_id: int, body: schemas.SplitBody):
    store = store_of(request)
    return _answer(decisions.split_faces(store, person_id, body.faces, body.name or None))


@router.post("/faces/move", response_model=schemas.Decision, summary="Move faces to a person")
def move(request: Request, body: schemas.MoveBody):
    return _answer(decisions.move_faces(store_of(request), body.faces, body.person))


@router.post(
    "/faces/reject",
    response_model=schemas.Decision,
    summary="Say faces are not their person (or not faces)",
)
def reject(request: Request, body: schemas.RejectBody):
    return _answer(decisions.reject_faces(store_of(request), body.faces, body.person))


@router.post(
    "/photos/{photo_hash}/faces",
    response_model=schemas.Decision,
    summary="Draw a face the detector missed (encoded by the library's model)",
    responses={503: {}},
)
async def draw_face(request: Request, photo_hash: str, body: schemas.DrawBody):
    box = Box(body.box.top, body.box.right, body.box.bottom, body.box.left)
    photo_hash = checked_hash(photo_hash)

    def check() -> str:
        store = store_of(request)
        decisions.check_drawn_box(store, photo_hash, box)
        return store.photo_path(photo_hash)

    path = await run_in_threadpool(check)
    face = await request.app.state.workers.run(face_on_box, path, box)
    if isinstance(face, Refused):
        raise AlbumfacesError(f"{path}: {face.reason}", face.status)
    decided = await run_in_threadpool(
        lambda: decisions.add_face(store_of(request), photo_hash, face, body.name or None)
    )
    return _answer(decided)


@router.post(
    "/faces/not-a-face",
    response_model=schemas.Decision,
    summary="Say detections are no face (hidden from then on)",
)
def not_a_face(request: Request, body: schemas.FacesBody):
    return _answer(decisions.mark_not_faces(store_of(request), body.faces))


@router.post(
    "/faces/new-person", response_model=schemas.Decision, summary="Make a new person of faces"
)
def new_person(request: Request, body: schemas.NewPersonBody):
    return _answer(decisions.new_person(store_of(request), body.faces, body.name or None))


@router.post(
    "/different", response_model=schemas.Decision, summary="Say two people are not one person"
)
def different(request: Request, body: schemas.DifferentBody):
    return _answer(decisions.mark_different(store_of(request), *body.people))


@router.post("/undo", response_model=list[schemas.Reversal], summary="Undo the last decisions")
def undo(request: Request, body: schemas.CountBody | None = None):
    done = decisions.undo(store_of(request), (body or schemas.CountBody()).count)
    return json_response([r.to_dict() for r in done])


@router.post("/redo", response_model=list[schemas.Reversal], summary="Redo what was undone")
def redo(request: Request, body: schemas.CountBody | None = None):
    done = decisions.redo(store_of(request), (body or schemas.CountBody()).count)
    return json_response([r.to_dict() for r in done])
