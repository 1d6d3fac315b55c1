"""How the server answers what goes wrong, in the API's one error shape ``{"error": ...}``:
a library error with its class's own HTTP status, a failed check of a request in words, a
body over its limit, a client gone, a database busy."""

from __future__ import annotations

import sqlite3
from http import HTTPStatus

from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from albumfaces.errors import AlbumfacesError
from albumfaces.web.guard import BodyTooLarge

HTTP_CLIENT_CLOSED = 499  # nginx's word for it: never seen by the client, which has gone


WORDS = {  # pydantic's error types, as this API says them
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list of ids",
    "too_short": "must be a non-empty list of ids",
    "too_long": "holds too many ids",
    "greater_than_equal": "must not be negative",
    "missing": "is missing",
}


def _check_failed(errors) -> str:
    """The first of a request's failed checks, in words: "name must be text"."""
    first = errors[0] if errors else {}
    kind = first.get("type", "")
    if kind == "json_invalid":
        return "the request body is not JSON"
    where = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    if kind == "model_attributes_type" or (kind == "missing" and not where):
        return "the request body must be a JSON object"
    words = WORDS.get(kind, first.get("msg", "is not valid"))
    if where and where[0] == "people" and kind in ("too_short", "too_long"):
        words = "must hold exactly two person ids"
    return f"{where[0] if where else 'the request'} {words}"


def _error(message: str, status: int, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


async def _library_error(request: Request, exc: AlbumfacesError) -> JSONResponse:
    """Each error class says its own status (albumfaces.errors)."""
    retry = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
    return _error(str(exc), exc.http_status, retry)


async def _bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    return _error(_check_failed(exc.errors()), HTTPStatus.BAD_REQUEST)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """No such route, or not this method: the API's one error shape."""
    return _error(str(exc.detail), exc.status_code, getattr(exc, "headers", None))


async def _too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
    return _error(str(exc), HTTPStatus.REQUEST_ENTITY_TOO_LARGE)


async def _gone(request: Request, exc: ClientDisconnect) -> Response:
    """The client went (or was closed for being too slow) before its body was in: nobody is
    there to answer, and it is no error of the server's to log."""
    return Response(status_code=HTTP_CLIENT_CLOSED)


async def _busy(request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
    if "locked" in str(exc) or "busy" in str(exc):
        message = "the database is busy (another albumfaces run is writing); try again shortly"
        return _error(message, HTTPStatus.SERVICE_UNAVAILABLE)
    return _error(f"database error: {exc}", HTTPStatus.INTERNAL_SERVER_ERROR)


HANDLERS = {
    AlbumfacesError: _library_error,
    RequestValidationError: _bad_request,
    StarletteHTTPException: _http_error,
    BodyTooLarge: _too_large,
    sqlite3.OperationalError: _busy,
    ClientDisconnect: _gone,
}
