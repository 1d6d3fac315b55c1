"""The review server: a Starlette app over one face database. Thin: every route reads through
the store or :mod:`albumfaces.people.review`, and every change is a decision of
:mod:`albumfaces.people`."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from albumfaces.errors import AlbumfacesError
from albumfaces.models import Person
from albumfaces.people.refs import NotFound
from albumfaces.people.suggest import LiveSuggestions
from albumfaces.store import Store
from albumfaces.web.crops import DecodedPhotos
from albumfaces.web.guard import BodyTooLarge, Guard
from albumfaces.web.limits import ServerOptions, TimeLimit

HERE = Path(__file__).parent
# A decision waits this long for another process (a scan) to finish writing, then says so.
WEB_BUSY_TIMEOUT_MS = 3000
MMAP_BYTES = 1 << 30  # address space, not memory: pages are the OS's, shared and evictable
RETRY_AFTER_SECONDS = 1
HTTP_CLIENT_CLOSED = 499  # nginx's word for it: never seen by the client, which has gone


class Stores:
    """One connection per server thread (SQLite connections are not shared across threads)."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.local = threading.local()

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = Store.open(self.db_path, create=False, busy_timeout_ms=WEB_BUSY_TIMEOUT_MS)
            # Reads through a memory map share the OS page cache between the server's
            # connections, instead of each thread warming a small private cache of its own.
            store.db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            self.local.store = store
        return store


class PeopleCache:
    """Everyone, with counts and the face to show, kept until the database changes.

    Listing 5,000 people of 100,000 faces takes a fifth of a second, and every page view
    needs it. A connection of its own watches ``PRAGMA data_version``, which changes when any
    other connection commits (another process, or this server's threads, which make every
    decision through their own connections). After a change, if only decisions were made
    (the machine's change counter is the same), only the people their journal entries
    touched are read again; otherwise everyone is."""

    def __init__(self, db_path: Path):
        self.watch = sqlite3.connect(db_path, check_same_thread=False)
        self.lock = threading.Lock()
        self.version = None
        self.marks: tuple[int, int] | None = None  # (machine changes, last journal id)
        self.people: dict[int, Person] = {}
        self.ordered: list[Person] = []  # ``people`` as Store.list_people orders them
        self.shown: dict[int, int] = {}

    def get(self, store: Store) -> tuple[list[Person], dict[int, int]]:
        with self.lock:
            version = self.watch.execute("PRAGMA data_version").fetchone()[0]
            if version != self.version:
                self._refresh(store)
                self.ordered = sorted(
                    self.people.values(), key=lambda p: (not p.named, -p.faces, p.id)
                )
                self.version = version
            return self.ordered, self.shown

    def _refresh(self, store: Store) -> None:
        marks = (store.machine_changes(), store.last_journal_id())
        if self.marks is not None and marks[0] == self.marks[0]:
            touched = store.touched_after(self.marks[1])
            if touched is not None:
                self._refresh_people(store, touched.people)
            self.marks = marks
            return
        self.people = {p.id: p for p in store.list_people()}
        self.shown = store.shown_faces()
        self.marks = marks

    def _refresh_people(self, store: Store, touched: set[int]) -> None:
        for pid in touched:
            person = store.get_person(pid)
            if person is None:
                self.people.pop(pid, None)
                self.shown.pop(pid, None)
            else:
                self.people[pid] = person
        self.shown = {p: f for p, f in self.shown.items() if p not in touched}
        self.shown.update(store.shown_faces(touched))


def crops_dir(db_path: Path) -> Path:
    """Face crops are cached next to the database, readable by its owner only."""
    return db_path.parent / "crops"


async def _library_error(request: Request, exc: AlbumfacesError) -> JSONResponse:
    from albumfaces.web.workers import Busy, WorkerLost

    if isinstance(exc, Busy):
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return JSONResponse({"error": str(exc)}, status_code=503, headers=headers)
    status = 404 if isinstance(exc, NotFound) else 500 if isinstance(exc, WorkerLost) else 400
    return JSONResponse({"error": str(exc)}, status_code=getattr(exc, "status", status))


async def _too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
    return JSONResponse({"error": str(exc)}, status_code=413)


async def _gone(request: Request, exc: ClientDisconnect) -> Response:
    """The client went (or was closed for being too slow) before its body was in: nobody is
    there to answer, and it is no error of the server's to log."""
    return Response(status_code=HTTP_CLIENT_CLOSED)


async def _busy(request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
    if "locked" in str(exc) or "busy" in str(exc):
        message = "the database is busy (another albumfaces run is writing); try again shortly"
        return JSONResponse({"error": message}, status_code=503)
    return JSONResponse({"error": f"database error: {exc}"}, status_code=500)


def _warm_up(app: Starlette) -> None:
    """Compile the templates and list everyone once, at start, so the first page a person
    opens is as quick as the next ones; the suggestions (seconds at a million faces) are
    made in the background, and a suggestion page opened meanwhile waits for them."""
    from albumfaces.web.pages import templates

    for name in templates.env.list_templates():
        templates.env.get_template(name)
    app.state.people.get(app.state.stores.get())

    def suggest() -> None:
        store = Store.open(app.state.stores.db_path, create=False)
        try:
            app.state.suggestions.is_this(store)
        finally:
            store.close()

    threading.Thread(target=suggest, name="suggestions", daemon=True).start()


def create_app(
    db_path: Path, tokens, hosts: frozenset[str] | None, options: ServerOptions | None = None
) -> Starlette:
    """The app for the database at ``db_path``, answering requests for ``hosts`` (``host:port``
    as browsers send them; None: any) that carry the token ``tokens.current()`` gives."""
    from albumfaces.models import ScanSettings
    from albumfaces.recognition.profiles import face_model
    from albumfaces.web import actions, api, identify, openapi, pages
    from albumfaces.web.workers import WorkerPool

    options = options or ServerOptions()
    db_path = Path(db_path).expanduser().absolute()
    with Store.open(db_path, create=False) as store:  # a missing database fails here, at start
        model = face_model(store.face_model())
    # the workers load the library's model once each: its encodings are the ones to match
    workers = WorkerPool(ScanSettings(face_model=model.name), options.workers, options.waiting)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        await run_in_threadpool(workers.stop)

    app = Starlette(
        routes=[
            *pages.ROUTES,
            *api.ROUTES,
            *actions.ROUTES,
            *identify.ROUTES,
            *openapi.ROUTES,
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[
            Middleware(
                Guard,
                tokens=tokens,
                hosts=hosts,
                body_limits=identify.upload_body_limit(options.max_upload_bytes),
            ),
            Middleware(TimeLimit, seconds=options.request_seconds),
        ],
        exception_handlers={
            AlbumfacesError: _library_error,
            BodyTooLarge: _too_large,
            sqlite3.OperationalError: _busy,
            ClientDisconnect: _gone,
        },
        lifespan=lifespan,
    )
    app.state.stores = Stores(db_path)
    app.state.crops = crops_dir(db_path)
    app.state.decoded = DecodedPhotos()
    app.state.suggestions = LiveSuggestions()
    app.state.people = PeopleCache(db_path)
    app.state.known = identify.KnownFacesCache()
    app.state.workers = workers
    app.state.max_upload = options.max_upload_bytes
    app.state.threshold = options.threshold or model.distances.identify
    app.state.face_model = model.name  # the workers' model
    _warm_up(app)
    if options.start_workers:
        workers.start()
    app.state.tokens = tokens
    return app
