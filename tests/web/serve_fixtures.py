"""A real API server on 127.0.0.1 with its identify workers, over a named sample album."""

from __future__ import annotations

import contextlib

import httpx

from albumfaces.web.limits import MEGABYTE, ServerOptions
from albumfaces.web.server import ReviewServer
from albumfaces.web.token import TokenFile

# small enough that a 12 MP phone photo fits and a test can send more without waiting long
TEST_MAX_UPLOAD = 3 * MEGABYTE
TEST_OPTIONS = ServerOptions(
    workers=1, queue=1, max_upload_bytes=TEST_MAX_UPLOAD, request_seconds=60, start_workers=True
)


@contextlib.contextmanager
def api_server(db, options: ServerOptions = TEST_OPTIONS):
    running = ReviewServer(db, tokens=TokenFile(db), options=options)
    running.start_in_thread()
    try:
        yield running
    finally:
        running.stop()


def bearer(server) -> httpx.Client:
    """A script's client: the token in the Authorization header, nothing else."""
    return httpx.Client(
        base_url=server.base, timeout=60, headers={"Authorization": f"Bearer {server.token}"}
    )


def upload(client: httpx.Client, path, annotate: bool = False, name: str | None = None):
    with open(path, "rb") as f:
        files = {"image": (name or path.name, f.read(), "application/octet-stream")}
    return client.post("/api/identify", params={"annotate": 1} if annotate else {}, files=files)
