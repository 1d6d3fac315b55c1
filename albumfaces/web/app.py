"""The review server: a FastAPI app (Starlette underneath) over one face database. Thin:
every route reads through the store or :mod:`albumfaces.service`, and every change is a
decision of :mod:`albumfaces.people`."""

from __future__ import annotations

import contextlib
import inspect
import sqlite3
import threading
from pathlib import Path

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.staticfiles import StaticFiles

from albumfaces.models import Marks, Person
from albumfaces.people.suggest import LiveSuggestions
from albumfaces.store import Store
from albumfaces.web.answers import json_response
from albumfaces.web.crops import DecodedPhotos
from albumfaces.web.errors import HANDLERS
from albumfaces.web.guard import Guard
from albumfaces.web.limits import ServerOptions, TimeLimit
from albumfaces.web.render import STATIC, warm_up

# A decision waits this long for another process (a scan) to finish writing, then says so.
WEB_BUSY_TIMEOUT_MS = 3000
MMAP_BYTES = 1 << 30  # address space, not memory: pages are the OS's, shared and evictable


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
        self.marks: Marks | None = None
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
        changes = store.changes_since(self.marks)
        if changes.everything:
            self.people = {p.id: p for p in store.list_people()}
            self.shown = store.shown_faces()
        elif changes.touched is not None:
            self._refresh_people(store, changes.touched.people)
        self.marks = changes.marks

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


def _warm_up(app: FastAPI) -> None:
    """Compile the templates and list everyone once, at start, so the first page a person
    opens is as quick as the next ones; the suggestions (seconds at a million faces) are
    made in the background, and a suggestion page opened meanwhile waits for them."""
    warm_up()
    app.state.people.get(app.state.stores.get())

    def suggest() -> None:
        store = Store.open(app.state.stores.db_path, create=False)
        try:
            app.state.suggestions.is_this(store)
        finally:
            store.close()

    threading.Thread(target=suggest, name="suggestions", daemon=True).start()


def add_routes(app: FastAPI) -> FastAPI:
    """Every route of the server, each declared once where it is handled."""
    from albumfaces.web import actions, api, identify, pages
    from albumfaces.web.openapi import OPENAPI_PATH, description

    for router in (pages.router, api.router, actions.router, identify.router):
        app.include_router(router)

    @app.get(OPENAPI_PATH, summary="This description", response_model=dict)
    def openapi_json():
        return json_response(description(app))

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


# FastAPI's OpenTelemetry hooks, all off: with an SDK installed and OTEL_* variables set they
# would export requests, and the messages of failed checks (names among them), to a
# collector. Face data never leaves the machine unless the user serves it.
NO_TELEMETRY = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


def new_app(**options) -> FastAPI:
    """A FastAPI app as albumfaces makes every one: no docs pages (they load scripts from a
    CDN), the description served by a route of ours behind the guard, no telemetry."""
    if "telemetry" in inspect.signature(FastAPI).parameters:  # FastAPI 0.165 and later
        options["telemetry"] = NO_TELEMETRY
    return FastAPI(openapi_url=None, docs_url=None, redoc_url=None, **options)


def routes_only() -> FastAPI:
    """The routes without a database or a server behind them: what the OpenAPI description
    (and its copy in docs/) is made from."""
    return add_routes(new_app())


def create_app(
    db_path: Path, tokens, hosts: frozenset[str] | None, options: ServerOptions | None = None
) -> FastAPI:
    """The app for the database at ``db_path``, answering requests for ``hosts`` (``host:port``
    as browsers send them; None: any) that carry the token ``tokens.current()`` gives."""
    from albumfaces.models import ScanSettings
    from albumfaces.recognition.profiles import face_model
    from albumfaces.web import identify
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

    app = new_app(
        middleware=[
            Middleware(
                Guard,
                tokens=tokens,
                hosts=hosts,
                body_limits=identify.upload_body_limit(options.max_upload_bytes),
            ),
            Middleware(TimeLimit, seconds=options.request_seconds),
        ],
        exception_handlers=HANDLERS,
        lifespan=lifespan,
    )
    add_routes(app)
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
