"""``albumfaces export`` and ``albumfaces organize``."""

from __future__ import annotations

import click

from albumfaces.cli.app import (
    App,
    echo_json,
    echo_plan,
    face_model_option,
    json_option,
    library_errors,
    pass_app,
    person_id,
)
from albumfaces.cli.summaries import cluster_summary, export_summary
from albumfaces.models import EXPORT_MODES, ExportMode

_MODE = click.Choice(EXPORT_MODES)
TOGETHER_SEPARATOR = "+"


def together_option(func):
    """The shared ``--together "A+B"`` option of export and organize."""
    return click.option(
        "--together",
        "together",
        multiple=True,
        metavar="A+B",
        help='Also an album "A & B" of the photos these people are all in (repeatable).',
    )(func)


def live_clips_option(func):
    """The shared ``--with-live-clips`` option of export and organize."""
    return click.option(
        "--with-live-clips",
        is_flag=True,
        help="Put each Live Photo's clip beside its photo, under the same name "
        "(a Live Photo is one entry otherwise).",
    )(func)


def together_groups(store, refs) -> list[list[int]]:
    """Each ``--together "A+B"`` as the ids of its people, resolved as every command does."""
    groups = []
    for ref in refs:
        parts = [part.strip() for part in ref.split(TOGETHER_SEPARATOR) if part.strip()]
        ids = list(dict.fromkeys(person_id(store, part) for part in parts))
        if len(ids) < 2:
            raise click.UsageError(f'--together "{ref}": name two people or more, as "A+B"')
        groups.append(ids)
    return groups


def _print_export(report, as_json: bool, dry_run: bool) -> None:
    if echo_plan(report, report.failures, as_json, dry_run):
        return
    for note in report.notes:
        click.echo(f"albumfaces: {note}", err=True)
    click.echo(export_summary(report, dry_run))


@click.command()
@click.argument("dest", type=click.Path(file_okay=False))
@click.option(
    "--mode",
    type=_MODE,
    default=ExportMode.SYMLINK.value,
    show_default=True,
    help="Relative symbolic links (the album tree and the library can move together), "
    "hard links, or copies.",
)
@click.option("--person", "people", multiple=True, help="Only this person (repeatable).")
@click.option("--include-unnamed", is_flag=True, help="Also albums of unnamed people.")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
@together_option
@live_clips_option
@json_option
@pass_app
@library_errors
def export(
    app: App, dest, mode, people, include_unnamed, dry_run, together, with_live_clips, as_json
) -> None:
    """Make DEST hold a folder per person, with an entry for each photo they are in.

    Runs again update DEST incrementally: only what changed is touched, and nothing that
    albumfaces did not create is ever removed or overwritten.
    """
    from albumfaces.export import export_albums

    with app.open_store() as store:
        report = export_albums(
            store,
            dest,
            mode=ExportMode(mode),
            people=[person_id(store, ref) for ref in people] or None,
            include_unnamed=include_unnamed,
            dry_run=dry_run,
            together=together_groups(store, together),
            with_live_clips=with_live_clips,
        )
    _print_export(report, as_json, dry_run)


@click.command()
@click.argument("photos", nargs=-1, required=True, type=click.Path())
@click.option(
    "--out", "dest", required=True, type=click.Path(file_okay=False), help="Folder for the albums."
)
@click.option("--mode", type=_MODE, default=ExportMode.SYMLINK.value, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes for the scan.")
@face_model_option(
    "The face model (a new library's default: the first of `albumfaces models`; another "
    "switches the library, keeping every decision)."
)
@together_option
@live_clips_option
@click.option(
    "--no-import-names",
    is_flag=True,
    help="Do not take the names of XMP face regions or Google Takeout.",
)
@json_option
@pass_app
@library_errors
def organize(
    app: App,
    photos,
    dest,
    mode,
    workers,
    face_model_name,
    together,
    with_live_clips,
    no_import_names,
    as_json,
) -> None:
    """Scan PHOTOS, group faces into people, and write an album per person to --out.

    Albums of people you have not named yet are called person_01, person_02, …; name them with
    `albumfaces name` and run organize again: the albums follow.
    """
    from albumfaces.cli.scan import run_scan
    from albumfaces.export import export_albums
    from albumfaces.models import ScanOptions, ScanSettings
    from albumfaces.people import recluster

    with app.open_store(create=True) as store:
        settings = ScanSettings(face_model=face_model_name)
        takes = not no_import_names
        options = ScanOptions(
            settings=settings, workers=workers, import_regions=takes, import_names=takes
        )
        scanned = run_scan(store, list(photos), options, quiet=as_json)
        if scanned.interrupted:
            raise SystemExit(130)
        clustered = recluster(store, import_names=takes)
        report = export_albums(
            store,
            dest,
            mode=ExportMode(mode),
            include_unnamed=True,
            together=together_groups(store, together),
            with_live_clips=with_live_clips,
        )
    if as_json:
        echo_json(
            {"scan": scanned.to_dict(), "cluster": clustered.to_dict(), "export": report.to_dict()}
        )
        return
    click.echo(cluster_summary(clustered))
    _print_export(report, False, False)


COMMANDS = [export, organize]
