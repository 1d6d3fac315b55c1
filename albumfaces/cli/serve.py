"""``albumfaces serve``: the library over HTTP for scripts and other devices, and
``albumfaces token``: the key they need."""

from __future__ import annotations

import click

from albumfaces.cli.app import App, library_errors, pass_app
from albumfaces.cli.review import bound_server, serve_until_ctrl_c
from albumfaces.web.limits import (
    DEFAULT_MAX_UPLOAD_MB,
    DEFAULT_REQUEST_SECONDS,
    QUEUE_RANGE,
    REQUEST_SECONDS_RANGE,
    UPLOAD_MB_RANGE,
    WAITING_PER_WORKER,
    WORKERS_RANGE,
)

DEFAULT_PORT = 8765


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port (0: a free one).",
)
@click.option(
    "--workers",
    type=click.IntRange(*WORKERS_RANGE),
    help="Processes that find faces in uploaded photos. Default: one per CPU.",
)
@click.option(
    "--queue",
    type=click.IntRange(*QUEUE_RANGE),
    help="Identify requests that may wait for a worker; more get 503. Default: "
    f"{WAITING_PER_WORKER} per worker.",
)
@click.option(
    "--max-upload",
    "max_upload_mb",
    type=click.FloatRange(*UPLOAD_MB_RANGE),
    default=DEFAULT_MAX_UPLOAD_MB,
    show_default=True,
    help="Largest photo upload in MB; larger ones get 413.",
)
@click.option(
    "--timeout",
    "request_seconds",
    type=click.FloatRange(*REQUEST_SECONDS_RANGE),
    default=DEFAULT_REQUEST_SECONDS,
    show_default=True,
    help="Seconds a request may take; then it gets 504.",
)
@click.option(
    "--tolerance",
    type=click.FloatRange(0.01, 2.0),
    help="Largest distance of a match for identify. Default: the library face model's "
    "(see `albumfaces models`).",
)
@pass_app
@library_errors
def serve(app: App, host, port, workers, queue, max_upload_mb, request_seconds, tolerance):
    """Serve the people of the library over HTTP: the JSON API of the review page, and
    POST /api/identify for photos from other devices.

    Every request needs the header `Authorization: Bearer TOKEN`; `albumfaces token` prints
    the token. The API is described at /api/openapi.json. Ctrl-C stops the server.
    """
    from albumfaces.models import ScanSettings
    from albumfaces.recognition import face_model, make_pipeline
    from albumfaces.web.limits import MEGABYTE, ServerOptions
    from albumfaces.web.server import is_loopback
    from albumfaces.web.token import TokenFile, token_path

    with app.open_store() as store:
        model = face_model(store.face_model())
    # no model files: say so now, not per request
    make_pipeline(ScanSettings(face_model=model.name)).check_ready()
    options = ServerOptions(
        max_upload_bytes=round(max_upload_mb * MEGABYTE),
        request_seconds=request_seconds,
        threshold=tolerance,
        queue=queue,
        start_workers=True,
        **({"workers": workers} if workers else {}),
    )
    app.open_store().close()  # a missing database is the one-line error of every command
    tokens = TokenFile(app.db_path)
    server = bound_server(app.db_path, host, port, tokens=tokens, options=options)
    if not is_loopback(host):
        click.echo(
            f"albumfaces: warning: listening on {host}: face data will be reachable from the "
            "network by anyone who has the token",
            err=True,
        )
    click.echo(f"Serving {app.db_path} at {server.base}/api (described at /api/openapi.json)")
    click.echo(f"Token: `albumfaces token` prints it (kept in {token_path(app.db_path)}).")
    click.echo(f"Review page: {server.base}/?token=TOKEN. Ctrl-C stops.")
    serve_until_ctrl_c(server)


@click.command()
@click.option("--rotate", is_flag=True, help="Replace the token: the old one stops working.")
@pass_app
@library_errors
def token(app: App, rotate: bool) -> None:
    """Print the token that `albumfaces serve` asks for (made on first use, kept next to
    the database, readable by you only)."""
    from albumfaces.web.token import library_token

    app.open_store().close()  # a token belongs to an existing library
    click.echo(library_token(app.db_path, rotate=rotate))
    if rotate:
        click.echo("The old token no longer works, also on a running server.", err=True)


COMMANDS = [serve, token]
