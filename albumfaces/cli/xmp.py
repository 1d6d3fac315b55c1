"""``albumfaces xmp write``: names in XMP sidecars, for other photo programs."""

from __future__ import annotations

import click

from albumfaces.cli.app import App, echo_plan, json_option, library_errors, pass_app
from albumfaces.cli.summaries import xmp_summary


@click.group()
def xmp() -> None:
    """Share names with other photo programs through XMP sidecars."""


def _print(report, as_json: bool, dry_run: bool) -> None:
    if echo_plan(report, report.failures, as_json, dry_run):
        return
    click.echo(xmp_summary(report, dry_run))


@xmp.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--person", "people", multiple=True, help="Only photos this person is in (repeatable)."
)
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
@json_option
@pass_app
@library_errors
def write(app: App, paths, people, dry_run, as_json) -> None:
    """Write the names you gave into XMP sidecars next to the photos (under PATHS, or all).

    Each photo with named people gets face regions (MWG), IPTC PersonInImage and People
    keywords (digiKam, Lightroom) in IMG_0001.JPG.xmp, or in the sidecar it already has
    (IMG_0001.xmp too). Photos are never changed; what other programs wrote in a sidecar is
    kept. Runs again change only sidecars whose names changed.
    """
    from albumfaces.sidecars import names_of, write_sidecars

    with app.open_store() as store:
        report = write_sidecars(store, paths, names_of(store, people), dry_run=dry_run)
    _print(report, as_json, dry_run)


COMMANDS = [xmp]
