"""Who may talk to the review server: face data is biometric.

- The Host header must name this server (a DNS-rebinding page cannot reach it).
- Every request needs the secret token ``review`` printed: in the URL once (it is then kept
  in an HttpOnly, SameSite=Strict cookie and removed from the address bar), or as
  ``Authorization: Bearer TOKEN`` from a script.
- State changes are POST only; a POST authenticated by the cookie must also carry the CSRF
  token of the page (header ``X-CSRF-Token``), and a foreign ``Origin`` is refused.
- Request bodies are bounded.
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


def csrf_token(token: str) -> str:
    """The CSRF token of pages served with ``token``: derived, so nothing else is stored."""
    return hmac.new(token.encode(), b"albumfaces csrf", hashlib.sha256).hexdigest()


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def _refuse(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status_code=status)


class Guard:
    """Plain ASGI middleware (Starlette's BaseHTTPMiddleware costs a task per request)."""

    def __init__(self, app, token: str, hosts: frozenset[str]):
        self.app = app
        self.token = token
        self.hosts = hosts
        self.csrf = csrf_token(token)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self.check(Request(scope))
        if refused is not None:
            await refused(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def check(self, request: Request) -> Response | None:
        """None when the request may go on, else the answer that refuses it."""
        if request.headers.get("host", "") not in self.hosts:
            return _refuse(403, "unknown Host: open the address albumfaces review printed")
        given = request.query_params.get(TOKEN_PARAM)
        if given is not None and request.method in READ_METHODS:
            if not _same(given, self.token):
                return _refuse(401, "wrong token: open the address albumfaces review printed")
            return self._remember(request)
        bearer = _same(request.headers.get("authorization"), f"Bearer {self.token}")
        if not bearer and not _same(request.cookies.get(TOKEN_COOKIE), self.token):
            return _refuse(401, "token required: open the address albumfaces review printed")
        if request.method not in READ_METHODS:
            return self._check_change(request, bearer)
        return None

    def _remember(self, request: Request) -> Response:
        """Keep the token in a cookie and take it out of the address bar (and history)."""
        rest = {k: v for k, v in request.query_params.multi_items() if k != TOKEN_PARAM}
        target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict", path="/")
        return response

    def _check_change(self, request: Request, bearer: bool) -> Response | None:
        if request.method != "POST":
            return _refuse(405, "changes are POST requests")
        if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
            return _refuse(413, f"request body over {MAX_BODY_BYTES} bytes")
        origin = request.headers.get("origin")
        if origin is not None and origin.split("://", 1)[-1] not in self.hosts:
            return _refuse(403, "request from another site refused")
        if not bearer and not _same(request.headers.get(CSRF_HEADER), self.csrf):
            return _refuse(403, "CSRF check failed: reload the page")
        return None
