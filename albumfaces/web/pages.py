"""The review page's HTML: server-side templates, a little plain JavaScript, no build step.
Each page reads through :mod:`albumfaces.service`, as the API does."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from albumfaces import people as decisions
from albumfaces.errors import NotFound
from albumfaces.service import review
from albumfaces.service.suggestions import face_rows, people_rows
from albumfaces.service.together import chosen_people, photos_together, together_words
from albumfaces.web.answers import (
    NO_STORE,
    ONLY_THEM,
    WITH_PEOPLE,
    checked_hash,
    checked_time,
    store_of,
)
from albumfaces.web.guard import csrf_token
from albumfaces.web.render import templates

RECENT_HISTORY = 8
# Cards per section of the people page: a few screens. 5,000 cards would be 2.6 MB of HTML;
# the rest are one click ("show all") or a search away.
CARDS_SHOWN = 240
# Names in a page's type-ahead list (named people first, then the largest): 51,000 people of a
# million faces made every page 2.7 MB; a name typed that is not among them is asked of the
# server.
TYPE_AHEAD = 1_000
NEXT_OFFSET_HEADER = "X-Next-Offset"  # of a page of tiles: where the next one starts
HTML = {"response_class": HTMLResponse}

router = APIRouter()


def _page(request: Request, name: str, type_ahead: bool = True, **context) -> Response:
    """A page, with the recent history and (``type_ahead``) everyone's names for the move
    and merge fields."""
    store = store_of(request)
    people, _ = request.app.state.people.get(store)
    everyone = [p for p in people if p.faces or p.named][:TYPE_AHEAD] if type_ahead else []
    return templates.TemplateResponse(
        request,
        name,
        {
            "csrf": csrf_token(request.app.state.tokens.current()),
            "history": decisions.history(store, RECENT_HISTORY),
            "everyone": everyone,
            **context,
        },
        headers=NO_STORE,
    )


def _tiles(request: Request, page: review.FacePage, cover: int | None, meta: bool) -> Response:
    """More tiles of a grid, made by the template that made the first ones."""
    context = {"page": page, "cover": cover, "meta": meta}
    headers = {**NO_STORE, NEXT_OFFSET_HEADER: str(page.next_offset or "")}
    return templates.TemplateResponse(request, "tiles.html", context, headers=headers)


@router.get("/favicon.ico", status_code=204, summary="No icon (an empty answer)")
def no_icon():
    return Response(status_code=204)  # browsers ask for one; an empty answer, not a 404


@router.get("/", **HTML, summary="The review page: everyone, to name and correct")
def people_page(
    request: Request,
    ignored: str = Query("", description="1: show ignored people too"),
    all: str = Query("", description="1: every card, not the first few hundred"),
    q: str = Query("", description="only people whose name holds this"),
):
    with_ignored = ignored == "1"
    query = q.strip()
    people, shown = request.app.state.people.get(store_of(request))
    cards = review.people_to_review(people, shown, with_ignored)
    if query:
        cards = [c for c in cards if query.casefold() in c.person.name.casefold()]
    unnamed = [c for c in cards if not c.person.named and not c.person.ignored]
    named = [c for c in cards if c.person.named or c.person.ignored]
    limit = None if all == "1" else CARDS_SHOWN
    return _page(
        request,
        "people.html",
        type_ahead=False,
        unnamed=unnamed[:limit],
        unnamed_total=len(unnamed),
        named=named[:limit],
        named_total=len(named),
        with_ignored=with_ignored,
        query=query,
    )


@router.get("/people/{person_id}", **HTML, summary="The page of one person's faces")
def person_page(request: Request, person_id: int):
    try:
        page = review.person_faces(store_of(request), person_id)
    except NotFound:  # merged away or undone since: back to everyone
        return RedirectResponse("/", status_code=303)
    return _page(request, "person.html", page=page, person=page.person)


@router.get("/people/{person_id}/tiles", **HTML, summary="More of a person's face tiles")
def person_tiles(request: Request, person_id: int, offset: int = Query(0, ge=0)):
    page = review.person_faces(store_of(request), person_id, offset)
    return _tiles(request, page, page.person.cover_face_id, meta=True)


@router.get("/is-this", **HTML, summary="The page of faces that may be named people")
def is_this_page(request: Request):
    store = store_of(request)
    people, shown = request.app.state.people.get(store)
    rows = face_rows(request.app.state.suggestions.is_this(store), people, shown)
    faces = {f.id: f for f in store.iter_faces(face_ids=[r.face_id for r in rows])}
    rows = [r for r in rows if r.face_id in faces]
    return _page(request, "is_this.html", rows=rows, faces=faces)


@router.get("/same", **HTML, summary="The page of people who may be one person")
def same_page(request: Request):
    store = store_of(request)
    people, shown = request.app.state.people.get(store)
    rows = people_rows(request.app.state.suggestions.same_person(store), people, shown)
    return _page(request, "same.html", rows=rows)


@router.get("/unassigned", **HTML, summary="The page of faces that are nobody yet")
def unassigned_page(request: Request):
    return _page(request, "unassigned.html", page=review.unassigned_faces(store_of(request)))


@router.get("/unassigned/tiles", **HTML, summary="More tiles of the faces that are nobody")
def unassigned_tiles(request: Request, offset: int = Query(0, ge=0)):
    return _tiles(request, review.unassigned_faces(store_of(request), offset), None, meta=False)


@router.get(
    "/photos/{photo_hash}",
    **HTML,
    summary="The page of one photo with its faces (of a video: the frame at ?time)",
)
def photo_page(
    request: Request,
    photo_hash: str,
    time: float | None = Query(None, description="of a video: seconds into it"),
):
    view = review.photo_view(store_of(request), checked_hash(photo_hash), checked_time(time))
    return _page(request, "photo.html", view=view)


@router.get("/together", **HTML, summary="The page of the photos people share")
def together_page(
    request: Request,
    people: list[int] = WITH_PEOPLE,
    only: str = ONLY_THEM,
):
    store = store_of(request)
    chosen = chosen_people(store, people)
    found = photos_together(store, [p.id for p in chosen], only == "1")
    face_ids = [face for photo in found for face, _ in photo.faces]
    # a face seen only in a Live Photo's clip has no box on the still
    faces = store.iter_faces(face_ids=face_ids)
    boxes = {f.id: f.box for f in faces if not f.in_motion_part}
    return _page(
        request,
        "together.html",
        chosen=chosen,
        photos=found,
        boxes=boxes,
        names={p.id: p.name for p in chosen},
        only=only == "1",
        said=together_words(chosen, len(found), only == "1"),
    )
