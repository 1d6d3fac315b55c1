"""Who may talk to the server: face data is biometric.

- The Host header must name this server (a DNS-rebinding page cannot reach it); a server
  listening on the network (``hosts`` None) takes any Host, and the token still guards it.
- Every request needs the secret token: in the URL once (it is then kept in an HttpOnly,
  SameSite=Strict cookie and removed from the address bar), or as ``Authorization: Bearer
  TOKEN`` from a script.
- State changes are POST only; a POST authenticated by the cookie must also carry the CSRF
  token of the page (header ``X-CSRF-Token``), and a foreign ``Origin`` is refused.
- Request bodies are bounded, whether they say their length or not (chunked).
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

TOKEN_COOKIE = "albumfaces_token"
TOKEN_PARAM = "token"
CSRF_HEADER = "x-csrf-token"
MAX_BODY_BYTES = 64 * 1024  # decisions are small JSON objects
READ_METHODS = ("GET", "HEAD")


class BodyTooLarge(Exception):
    """A request body (sent chunked, without a length) went past its limit while read."""

    def __init__(self, limit: int):
        super().__init__(f"request body over {limit:,} bytes")
        self.limit = limit


def _bounded(receive, limit: int):
    """``receive`` that stops a body at ``limit`` bytes, however it is sent."""
    seen = 0

    async def bounded_receive():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return bounded_receive


def csrf_token(token: str) -> str:
    """The CSRF token of pages served with ``token``: derived, so nothing else is stored."""
    return hmac.new(token.encode(), b"albumfaces csrf", hashlib.sha256).hexdigest()


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def _refuse(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status_code=status)


class Guard:
    """Plain ASGI middleware (Starlette's BaseHTTPMiddleware costs a task per request)."""

    def __init__(self, app, tokens, hosts: frozenset[str] | None, body_limits: dict[str, int]):
        """``tokens.current()`` gives the token now; ``body_limits`` maps a path to the
        largest body it takes (others take MAX_BODY_BYTES)."""
        self.app = app
        self.tokens = tokens
        self.hosts = hosts
        self.body_limits = body_limits

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refused = self.check(request)
        if refused is not None:
            await refused(scope, receive, send)
        else:
            limit = self.body_limits.get(request.url.path, MAX_BODY_BYTES)
            await self.app(scope, _bounded(receive, limit), send)

    def _known_host(self, host: str) -> bool:
        return host in self.hosts if self.hosts is not None else bool(host)

    def check(self, request: Request) -> Response | None:
        """None when the request may go on, else the answer that refuses it."""
        if not self._known_host(request.headers.get("host", "")):
            return _refuse(403, "unknown Host: open the address albumfaces printed")
        token = self.tokens.current()
        given = request.query_params.get(TOKEN_PARAM)
        if given is not None and request.method in READ_METHODS:
            if not _same(given, token):
                return _refuse(401, "wrong token: open the address albumfaces printed")
            return self._remember(request, token)
        bearer = _same(request.headers.get("authorization"), f"Bearer {token}")
        if not bearer and not _same(request.cookies.get(TOKEN_COOKIE), token):
            return _refuse(
                401,
                "token required: open the address albumfaces printed, or send the header "
                "Authorization: Bearer TOKEN (albumfaces token prints it)",
            )
        if request.method not in READ_METHODS:
            return self._check_change(request, bearer, token)
        return None

    def _remember(self, request: Request, token: str) -> Response:
        """Keep the token in a cookie and take it out of the address bar (and history)."""
        rest = {k: v for k, v in request.query_params.multi_items() if k != TOKEN_PARAM}
        target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    def _check_change(self, request: Request, bearer: bool, token: str) -> Response | None:
        if request.method != "POST":
            return _refuse(405, "changes are POST requests")
        limit = self.body_limits.get(request.url.path, MAX_BODY_BYTES)
        length = request.headers.get("content-length") or "0"
        if not length.isdigit():
            return _refuse(400, "Content-Length is not a number")
        if int(length) > limit:
            return _refuse(413, f"request body over {limit:,} bytes")
        origin = request.headers.get("origin")
        if origin is not None:
            site = origin.split("://", 1)[-1]
            if site != request.headers.get("host") or not self._known_host(site):
                return _refuse(403, "request from another site refused")
        if not bearer and not _same(request.headers.get(CSRF_HEADER), csrf_token(token)):
            return _refuse(403, "CSRF check failed: reload the page")
        return None
