"""``POST /api/identify``: who is in an uploaded photo? The answer is the JSON of
``albumfaces identify --json`` for one photo, or (``?annotate=1``) the annotated JPEG.
Faces are found on the worker processes; matching against the named people happens here,
from a copy of their faces kept until a decision or a scan changes them."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import Response

from albumfaces.errors import AlbumfacesError
from albumfaces.identify.known import KnownFaces, known_from_library
from albumfaces.identify.report import face_labels, photo_json
from albumfaces.identify.run import PhotoResult, match_photo
from albumfaces.web import schemas
from albumfaces.web.answers import NO_STORE, json_response, store_of
from albumfaces.web.workers import HTTP_UNAVAILABLE, Refused, annotate, find_faces

IDENTIFY_PATH = "/api/identify"
UPLOAD_FIELD = "image"
UPLOAD_NAME = "upload"  # the path reported for an upload sent without a file name
MAX_FORM_FIELDS = 4
MULTIPART_OVERHEAD = 64 * 1024  # boundaries and headers around the photo in the body
TRUE_VALUES = ("1", "true", "yes")


class UploadError(AlbumfacesError):
    """A request to identify that carries no usable upload, with its HTTP status."""


class KnownFacesCache:
    """The named people's confirmed faces, read again only after a decision (the journal
    grows) or a scan or clustering run (the machine's change counter grows)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.marks = None
        self.value: KnownFaces | None = None

    def get(self, store) -> KnownFaces:
        with self.lock:
            changes = store.changes_since(self.marks)
            if changes.any:
                self.value, self.marks = known_from_library(store), changes.marks
            return self.value


async def read_upload(request: Request, max_bytes: int) -> tuple[bytes, str]:
    """The photo in the multipart field ``image``, and its file name."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UploadError(
            f"send the photo as multipart/form-data in the field '{UPLOAD_FIELD}'", 415
        )
    try:
        async with request.form(max_files=1, max_fields=MAX_FORM_FIELDS) as form:
            upload = form.get(UPLOAD_FIELD)
            if upload is None or isinstance(upload, str):
                raise UploadError(f"no photo in the form field '{UPLOAD_FIELD}'", 400)
            data = await upload.read(max_bytes + 1)
            name = upload.filename or UPLOAD_NAME
    except HTTPException as exc:  # the multipart parser's complaint
        raise UploadError(f"the upload is not a well-formed form ({exc.detail})", 400) from None
    if len(data) > max_bytes:
        raise UploadError(f"{name}: the photo is over {max_bytes:,} bytes", 413)
    return data, name


router = APIRouter()
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {UPLOAD_FIELD: {"type": "string", "format": "binary"}},
                "required": [UPLOAD_FIELD],
            }
        }
    },
}


@router.post(
    IDENTIFY_PATH,
    response_model=schemas.IdentifiedPhoto,
    summary="Who is in this photo? The JSON of `identify --json` for one photo, or the "
    "annotated JPEG",
    responses={200: {"content": {"image/jpeg": {}}}, 413: {}, 415: {}, 503: {}},
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def identify_upload(
    request: Request,
    annotate_it: str = Query("", alias="annotate", description="1: answer the annotated JPEG"),
) -> Response:
    state = request.app.state
    data, name = await read_upload(request, state.max_upload)
    found = await state.workers.run(find_faces, data)
    if isinstance(found, Refused):
        raise UploadError(f"{name}: {found.reason}", found.status)
    known = await run_in_threadpool(lambda: state.known.get(store_of(request)))
    if known.face_model != state.face_model:  # vectors of two models are never compared
        raise UploadError(
            f"the library switched to face model {known.face_model} while this server finds "
            f"faces with {state.face_model}: start the server again",
            HTTP_UNAVAILABLE,
        )
    faces = match_photo(known, state.threshold, found.boxes, found.encodings)
    result = PhotoResult(name, found.width, found.height, faces)
    if annotate_it.lower() in TRUE_VALUES:
        jpeg = await state.workers.run(annotate, data, face_labels(result, known.names, True))
        if isinstance(jpeg, Refused):
            raise UploadError(f"{name}: {jpeg.reason}", jpeg.status)
        return Response(jpeg, media_type="image/jpeg", headers=NO_STORE)
    return json_response(photo_json(result, known.names, True))


def upload_body_limit(max_upload: int) -> dict[str, int]:
    """The body limit of the identify route, for the guard: the photo and its form."""
    return {IDENTIFY_PATH: max_upload + MULTIPART_OVERHEAD}
