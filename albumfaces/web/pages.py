"""The review page's HTML: server-side templates, a little plain JavaScript, no build step."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from albumfaces import people as decisions
from albumfaces.people import review, suggest
from albumfaces.people.refs import NotFound
from albumfaces.web.api import NO_STORE, photo_hash_of
from albumfaces.web.app import HERE
from albumfaces.web.guard import csrf_token

templates = Jinja2Templates(directory=HERE / "templates")
RECENT_HISTORY = 8


def _page(request: Request, name: str, **context) -> Response:
    store = request.app.state.stores.get()
    everyone = [p for p in store.list_people() if p.faces or p.named]
    return templates.TemplateResponse(
        request,
        name,
        {
            "csrf": csrf_token(request.app.state.token),
            "history": decisions.history(store, RECENT_HISTORY),
            "everyone": everyone,
            **context,
        },
        headers=NO_STORE,
    )


def people_page(request: Request) -> Response:
    with_ignored = request.query_params.get("ignored") == "1"
    cards = review.people_to_review(request.app.state.stores.get(), with_ignored)
    unnamed = [c for c in cards if not c.person.named and not c.person.ignored]
    return _page(
        request,
        "people.html",
        unnamed=unnamed,
        named=[c for c in cards if c.person.named or c.person.ignored],
        with_ignored=with_ignored,
    )


def person_page(request: Request) -> Response:
    store = request.app.state.stores.get()
    try:
        page = review.person_faces(store, request.path_params["person_id"])
    except NotFound:  # merged away or undone since: back to everyone
        return RedirectResponse("/", status_code=303)
    people = {p.id: p for p in store.list_people()}
    ranked = [people[i] for i in suggest.merge_candidates(store, page.person.id) if i in people]
    return _page(request, "person.html", page=page, person=page.person, candidates=ranked)


def is_this_page(request: Request) -> Response:
    store = request.app.state.stores.get()
    names = {p.id: p.name for p in store.list_people()}
    shown = store.shown_faces()
    rows = [
        {
            "face": store.get_face(s.face_id),
            "person_id": s.person_id,
            "person": names[s.person_id],
            "person_face": shown.get(s.person_id),
            "distance": s.distance,
        }
        for s in suggest.is_this(store)
    ]
    return _page(request, "is_this.html", rows=rows)


def same_page(request: Request) -> Response:
    store = request.app.state.stores.get()
    people = {p.id: p for p in store.list_people()}
    shown = store.shown_faces()
    rows = [
        {
            "keep": people[s.keep],
            "other": people[s.other],
            "keep_face": shown.get(s.keep),
            "other_face": shown.get(s.other),
            "distance": s.distance,
        }
        for s in suggest.same_person(store)
    ]
    return _page(request, "same.html", rows=rows)


def unassigned_page(request: Request) -> Response:
    store = request.app.state.stores.get()
    faces = list(store.iter_faces(unassigned=True, newest_first=True, limit=review.PAGE_SIZE))
    return _page(request, "unassigned.html", faces=faces, total=store.count_unassigned())


def photo_page(request: Request) -> Response:
    store = request.app.state.stores.get()
    photo = store.get_photo(photo_hash_of(request))
    if photo is None:
        raise NotFound("no such photo")
    faces = list(store.iter_faces(photo_hash=photo.hash))
    return _page(request, "photo.html", photo=photo, faces=faces)


def no_icon(request: Request) -> Response:
    return Response(status_code=204)  # browsers ask for one; an empty answer, not a 404


ROUTES = [
    Route("/favicon.ico", no_icon),
    Route("/", people_page),
    Route("/people/{person_id:int}", person_page),
    Route("/is-this", is_this_page),
    Route("/same", same_page),
    Route("/unassigned", unassigned_page),
    Route("/photos/{photo_hash}", photo_page),
]
