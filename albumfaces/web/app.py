"""The review server: a Starlette app over one face database. Thin: every route reads through
the store or :mod:`albumfaces.people.review`, and every change is a decision of
:mod:`albumfaces.people`."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from albumfaces.errors import AlbumfacesError
from albumfaces.people.refs import NotFound
from albumfaces.store import Store
from albumfaces.web.guard import Guard

HERE = Path(__file__).parent
# A decision waits this long for another process (a scan) to finish writing, then says so.
WEB_BUSY_TIMEOUT_MS = 3000


class Stores:
    """One connection per server thread (SQLite connections are not shared across threads)."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.local = threading.local()

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = Store.open(self.db_path, create=False, busy_timeout_ms=WEB_BUSY_TIMEOUT_MS)
            self.local.store = store
        return store


def crops_dir(db_path: Path) -> Path:
    """Face crops are cached next to the database, readable by its owner only."""
    return db_path.parent / "crops"


async def _library_error(request: Request, exc: AlbumfacesError) -> JSONResponse:
    status = 404 if isinstance(exc, NotFound) else 400
    return JSONResponse({"error": str(exc)}, status_code=status)


async def _busy(request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
    if "locked" in str(exc) or "busy" in str(exc):
        message = "the database is busy (another albumfaces run is writing); try again shortly"
        return JSONResponse({"error": message}, status_code=503)
    return JSONResponse({"error": f"database error: {exc}"}, status_code=500)


def create_app(db_path: Path, token: str, hosts: frozenset[str]) -> Starlette:
    """The review app for the database at ``db_path``, answering requests for ``hosts``
    (``host:port`` as browsers send them) that carry ``token``."""
    from albumfaces.web import actions, api, pages

    db_path = Path(db_path).expanduser().absolute()
    Store.open(db_path, create=False).close()  # a missing database fails here, at start
    app = Starlette(
        routes=[
            *pages.ROUTES,
            *api.ROUTES,
            *actions.ROUTES,
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[Middleware(Guard, token=token, hosts=hosts)],
        exception_handlers={
            AlbumfacesError: _library_error,
            sqlite3.OperationalError: _busy,
        },
    )
    app.state.stores = Stores(db_path)
    app.state.crops = crops_dir(db_path)
    app.state.token = token
    return app
