"""The command group and what every command shares: the database, errors, JSON output."""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from albumfaces import __version__
from albumfaces.config import DB_ENV, default_db_path
from albumfaces.errors import AlbumfacesError
from albumfaces.names import printable


@dataclass
class App:
    db_path: Path

    def open_store(self, create: bool = False):
        """The database; only commands that fill it (scan, organize) may ``create`` it, so a
        mistyped --db is an error instead of a new, empty database."""
        from albumfaces.store import Store

        return Store.open(self.db_path, create=create)


pass_app = click.make_pass_decorator(App)


class ProgressBars:
    """A click progress bar a stage (a scan's stages, a download's files), drawn on stderr;
    called as ``bars(stage, done, total)``. Only on a terminal: a log wants the summary, not
    bar redraws."""

    def __init__(self, label=lambda stage: stage):
        self.label = label
        self.stage: str | None = None
        self.bar = None
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if stage != self.stage:
            self.close()
            self.stage, self.done = stage, 0
            self.bar = click.progressbar(length=total, label=self.label(stage), file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def library_errors(func):
    """The library's errors (AlbumfacesError) become one-line CLI errors with exit status 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except AlbumfacesError as exc:
            from albumfaces.cli.hints import with_hint

            raise click.ClickException(printable(with_hint(exc))) from exc

    return wrapper


def json_option(func):
    """The shared ``--json`` flag: print one JSON document instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


def echo_text(text: str, **options) -> None:
    """A line for a person to read: names and paths in it cannot drive the terminal."""
    click.echo(printable(text), **options)


def echo_json(data) -> None:
    """The one JSON writer: names in any script are printed as they are, not as \\u escapes."""
    click.echo(json.dumps(data, ensure_ascii=False))


def echo_json_lines(items) -> None:
    """A JSON array written as it is made, one item a line: for lists of any length."""
    first = True
    for item in items:
        click.echo(("[" if first else ",\n") + json.dumps(item, ensure_ascii=False), nl=False)
        first = False
    click.echo("[]" if first else "]")


def echo_plan(report, problems, as_json: bool, dry_run: bool) -> bool:
    """What runs that can be dry (export, xmp write) print first: the report as JSON, with
    its plan on a dry run; or the plan's lines and a line on stderr for each problem
    (Failure). Returns whether JSON was printed, when nothing more is to be said."""
    if as_json:
        data = report.to_dict()
        if dry_run:
            data["plan"] = report.actions
        echo_json(data)
        return True
    if dry_run:
        for action in report.actions:
            click.echo(f"would {action}")
    for problem in problems:
        click.echo(f"albumfaces: {problem.path}: {problem.reason}", err=True)
    return False


def person_id(store, ref: str) -> int:
    """Resolve what the user typed (an id, a name, ``person_07``) to a person id, once."""
    from albumfaces.people import resolve_person

    return resolve_person(store, ref)


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


def face_model_option(help_text: str):
    """The shared ``--face-model NAME`` option (the names come from the profiles, which
    import nothing heavy, so --help stays instant)."""
    from albumfaces.recognition.profiles import FACE_MODEL_NAMES

    return click.option(
        "--face-model",
        "face_model_name",
        type=click.Choice(FACE_MODEL_NAMES),
        help=help_text,
    )


def library_model(store, asked: str | None):
    """The library's face model; asking for another is an error, since the library's
    encodings are the ones to compare with (a switch is `scan --face-model`)."""
    from albumfaces.recognition.profiles import face_model

    model = face_model(store.face_model())
    if asked is not None and asked != model.name:
        raise click.ClickException(
            f"the library's faces are encoded by face model {model.name}, not {asked}; use "
            f"--face-model {model.name}, or switch the library with `albumfaces scan PHOTOS "
            f"--face-model {asked}`"
        )
    return model
