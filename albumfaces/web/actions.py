"""The HTTP API's changes: each POST is one decision of :mod:`albumfaces.people`, with a JSON
body, answered with what it did in words. Nothing is decided here."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from albumfaces import people as decisions
from albumfaces.people.refs import PeopleError
from albumfaces.web.api import as_ids, as_int, decision_json, json_body, json_response, store_of


def _decision(func):
    """A POST route: parse the JSON body, make one decision, answer what it did."""

    async def endpoint(request: Request) -> Response:
        body = await json_body(request)
        # the connection is per thread: take it in the thread that uses it
        result = await run_in_threadpool(lambda: func(store_of(request), request.path_params, body))
        return json_response(result)

    return endpoint


def _name(store, params, body):
    name = body.get("name")
    if not isinstance(name, str):
        raise PeopleError("name must be text")
    return decision_json(decisions.name_person(store, params["person_id"], name))


def _merge(store, params, body):
    into = as_int(body.get("into"), "into")
    return decision_json(decisions.merge_people(store, [params["person_id"]], into))


def _ignore(store, params, body):
    ignored = body.get("ignored", True)
    if not isinstance(ignored, bool):
        raise PeopleError("ignored must be true or false")
    return decision_json(decisions.set_ignored(store, params["person_id"], ignored))


def _cover(store, params, body):
    face = as_int(body.get("face"), "face")
    return decision_json(decisions.set_cover(store, params["person_id"], face))


def _optional_name(body: dict) -> str | None:
    """The name a new person may be given: text, or missing, null or empty for none."""
    name = body.get("name") or None
    if name is not None and not isinstance(name, str):
        raise PeopleError("name must be text")
    return name


def _split(store, params, body):
    name = _optional_name(body)
    faces = as_ids(body.get("faces"), "faces")
    return decision_json(decisions.split_faces(store, params["person_id"], faces, name))


def _move(store, params, body):
    person = as_int(body.get("person"), "person")
    return decision_json(decisions.move_faces(store, as_ids(body.get("faces"), "faces"), person))


def _reject(store, params, body):
    person = body.get("person")
    person = None if person is None else as_int(person, "person")
    return decision_json(decisions.reject_faces(store, as_ids(body.get("faces"), "faces"), person))


def _new_person(store, params, body):
    name = _optional_name(body)
    faces = as_ids(body.get("faces"), "faces")
    return decision_json(decisions.new_person(store, faces, name))


def _different(store, params, body):
    people = as_ids(body.get("people"), "people")
    if len(people) != 2:
        raise PeopleError("people must hold exactly two person ids")
    return decision_json(decisions.mark_different(store, *people))


def _reverse(redo: bool):
    def reverse(store, params, body):
        count = as_int(body.get("count", 1), "count")
        done = (decisions.redo if redo else decisions.undo)(store, count)
        return [r.to_dict() for r in done]

    return reverse


ROUTES = [
    Route("/api/people/{person_id:int}/name", _decision(_name), methods=["POST"]),
    Route("/api/people/{person_id:int}/merge", _decision(_merge), methods=["POST"]),
    Route("/api/people/{person_id:int}/ignore", _decision(_ignore), methods=["POST"]),
    Route("/api/people/{person_id:int}/cover", _decision(_cover), methods=["POST"]),
    Route("/api/people/{person_id:int}/split", _decision(_split), methods=["POST"]),
    Route("/api/faces/move", _decision(_move), methods=["POST"]),
    Route("/api/faces/reject", _decision(_reject), methods=["POST"]),
    Route("/api/faces/new-person", _decision(_new_person), methods=["POST"]),
    Route("/api/different", _decision(_different), methods=["POST"]),
    Route("/api/undo", _decision(_reverse(redo=False)), methods=["POST"]),
    Route("/api/redo", _decision(_reverse(redo=True)), methods=["POST"]),
]
