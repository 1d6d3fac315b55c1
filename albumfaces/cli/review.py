"""``albumfaces review``: the review page in the browser."""

from __future__ import annotations

import click

from albumfaces.cli.app import App, library_errors, pass_app


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port. Default: a free one.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but 127.0.0.1 lets other machines try the token.",
)
@click.option("--no-browser", is_flag=True, help="Only print the address; open no browser.")
@pass_app
@library_errors
def review(app: App, port: int, host: str, no_browser: bool) -> None:
    """Name and correct people in your browser, on a page served from this machine.

    The address printed holds a secret token: anyone with it can see and change your people.
    Ctrl-C stops the server.
    """
    server = bound_server(app.db_path, host, port)
    click.echo(f"Review page: {server.url}")
    click.echo("Keep this address private (it holds the key to your faces). Ctrl-C stops.")
    if not no_browser:
        click.launch(server.url)
    serve_until_ctrl_c(server)


def bound_server(db_path, host: str, port: int, **options):
    """A server listening on ``host:port``, or the one-line reason it cannot."""
    from albumfaces.web.server import ReviewServer

    try:
        return ReviewServer(db_path, host, port, **options)
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        ) from exc


def serve_until_ctrl_c(server) -> None:
    try:
        server.run()
    except KeyboardInterrupt:
        pass  # uvicorn shut down cleanly, then re-raised the Ctrl-C it had caught
    click.echo("Stopped.")


COMMANDS = [review]
