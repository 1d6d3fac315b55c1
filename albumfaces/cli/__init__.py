"""The ``albumfaces`` command: thin wrappers that parse options, call the library, print."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import click

from albumfaces import __version__
from albumfaces.config import DB_ENV, default_db_path
from albumfaces.errors import AlbumfacesError


@dataclass
class App:
    db_path: Path

    def open_store(self):
        from albumfaces.store import Store

        try:
            return Store.open(self.db_path)
        except Exception as exc:  # noqa: BLE001 - becomes one line for the user
            raise click.ClickException(f"cannot open database {self.db_path}: {exc}") from exc


pass_app = click.make_pass_decorator(App)


def library_errors(func):
    """The library's errors (AlbumfacesError) become one-line CLI errors with exit status 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except AlbumfacesError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Face database file. Default: ${DB_ENV}, else albumfaces.db in your user data folder.",
)
@click.version_option(__version__, prog_name="albumfaces")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None) -> None:
    """Turn a folder of family photos into per-person albums. Everything stays on this machine."""
    ctx.obj = App(db_path=db_path or default_db_path())


from albumfaces.cli import export, faces, people, scan  # noqa: E402,F401  (registers the commands)
