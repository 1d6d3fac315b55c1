"""The review page's HTML: server-side templates, a little plain JavaScript, no build step."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from albumfaces import people as decisions
from albumfaces.people import review
from albumfaces.people.refs import NotFound
from albumfaces.web.api import NO_STORE, photo_hash_of, query_time, shown_time
from albumfaces.web.app import HERE
from albumfaces.web.guard import csrf_token

templates = Jinja2Templates(directory=HERE / "templates")
RECENT_HISTORY = 8
# Cards per section of the people page: a few screens. 5,000 cards would be 2.6 MB of HTML;
# the rest are one click ("show all") or a search away.
CARDS_SHOWN = 240
# Names in a page's type-ahead list (named people first, then the largest): 51,000 people of a
# million faces made every page 2.7 MB; a name typed that is not among them is asked of the
# server.
TYPE_AHEAD = 1_000


def _page(request: Request, name: str, type_ahead: bool = True, **context) -> Response:
    """A page, with the recent history and (``type_ahead``) everyone's names for the move
    and merge fields."""
    store = request.app.state.stores.get()
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


def people_page(request: Request) -> Response:
    with_ignored = request.query_params.get("ignored") == "1"
    show_all = request.query_params.get("all") == "1"
    query = request.query_params.get("q", "").strip()
    people, shown = request.app.state.people.get(request.app.state.stores.get())
    cards = review.people_to_review(people, shown, with_ignored)
    if query:
        cards = [c for c in cards if query.casefold() in c.person.name.casefold()]
    unnamed = [c for c in cards if not c.person.named and not c.person.ignored]
    named = [c for c in cards if c.person.named or c.person.ignored]
    limit = None if show_all else CARDS_SHOWN
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


def person_page(request: Request) -> Response:
    store = request.app.state.stores.get()
    try:
        page = review.person_faces(store, request.path_params["person_id"])
    except NotFound:  # merged away or undone since: back to everyone
        return RedirectResponse("/", status_code=303)
    return _page(request, "person.html", page=page, person=page.person)


def is_this_page(request: Request) -> Response:
    store = request.app.state.stores.get()
    people, shown = request.app.state.people.get(store)
    names = {p.id: p.name for p in people}
    rows = [
        {
            "face": store.get_face(s.face_id),
            "person_id": s.person_id,
            "person": names[s.person_id],
            "person_face": shown.get(s.person_id),
            "distance": s.distance,
        }
        for s in request.app.state.suggestions.is_this(store)
    ]
    return _page(request, "is_this.html", rows=rows)


def same_page(request: Request) -> Response:
    store = request.app.state.stores.get()
    everyone, shown = request.app.state.people.get(store)
    people = {p.id: p for p in everyone}
    rows = [
        {
            "keep": people[s.keep],
            "other": people[s.other],
            "keep_face": shown.get(s.keep),
            "other_face": shown.get(s.other),
            "distance": s.distance,
        }
        for s in request.app.state.suggestions.same_person(store)
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
    time = shown_time(photo, faces, query_time(request))
    here = [f for f in faces if time is None or f.time == time]
    return _page(request, "photo.html", photo=photo, faces=faces, here=here, time=time)


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
