"""The review page's HTML: server-side templates, a little plain JavaScript, no build step."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from albumfaces import people as decisions
from albumfaces.people import review
from albumfaces.people.refs import NotFound
from albumfaces.web.api import NO_STORE
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
    try:
        page = review.person_faces(request.app.state.stores.get(), request.path_params["person_id"])
    except NotFound:  # merged away or undone since: back to everyone
        return RedirectResponse("/", status_code=303)
    return _page(request, "person.html", page=page, person=page.person)


def no_icon(request: Request) -> Response:
    return Response(status_code=204)  # browsers ask for one; an empty answer, not a 404


ROUTES = [
    Route("/favicon.ico", no_icon),
    Route("/", people_page),
    Route("/people/{person_id:int}", person_page),
]
