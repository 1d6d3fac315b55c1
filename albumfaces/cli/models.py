"""``albumfaces models``: the face models, their files, and getting them."""

from __future__ import annotations

from pathlib import Path

import click

from albumfaces.cli.app import ProgressBars, echo_json, json_option, library_errors
from albumfaces.recognition.profiles import FACE_MODEL_NAMES, FACE_MODELS, FaceModel


def model_row(model: FaceModel) -> dict:
    from albumfaces.recognition.files import models_folder, problems
    from albumfaces.recognition.profiles import DEFAULT_FACE_MODEL

    if model.files:
        installed = not problems(model.files)
        where = str(models_folder())
    else:
        import importlib.util

        installed = importlib.util.find_spec(model.package) is not None
        where = f"pip package {model.package}"
    return {
        "name": model.name.value,
        "default": model.name == DEFAULT_FACE_MODEL,
        "summary": model.summary,
        "licence": model.licence,
        "dimensions": model.dimensions,
        "metric": model.metric.value,
        "size_bytes": model.size,
        "installed": installed,
        "where": where,
        "distances": vars(model.distances),
    }


@click.group(invoke_without_command=True)
@json_option
@click.pass_context
def models(ctx, as_json) -> None:
    """The face models: what each is, its licence, its size, and whether it is installed.

    A new library uses the default model; `albumfaces scan PHOTOS --face-model NAME` switches
    a library (every face is encoded again, every decision kept). Files are looked for in
    $ALBUMFACES_MODELS, else in the user data folder. Nothing but model files is downloaded.
    """
    if ctx.invoked_subcommand is not None:
        return
    rows = [model_row(m) for m in FACE_MODELS.values()]
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        state = "installed" if row["installed"] else "not installed"
        size = f"{row['size_bytes'] / 1e6:.1f} MB" if row["size_bytes"] else "with pip"
        default = " (default)" if row["default"] else ""
        click.echo(f"{row['name']}{default}: {state}, {size}, {row['licence']}")
        click.echo(f"  {row['summary']}")
        click.echo(f"  {row['dimensions']}-d vectors, {row['metric']}; files: {row['where']}")


@models.command("get")
@click.argument("name", type=click.Choice(FACE_MODEL_NAMES), required=False)
@library_errors
def get(name) -> None:
    """Download a model's files (default: the default model) from their official addresses,
    check their size and SHA-384, and install them. Files already whole are kept."""
    from albumfaces.recognition.install import get_model
    from albumfaces.recognition.profiles import face_model

    bar = ProgressBars()
    try:
        report = get_model(face_model(name), bar)
    finally:
        bar.close()
    _say(report)


@models.command("add")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--model",
    "name",
    type=click.Choice(FACE_MODEL_NAMES),
    help="The model the files are of. Default: the default model.",
)
@library_errors
def add(path, name) -> None:
    """Install model files you already have (a file, or a folder searched by file name),
    without a network; each is checked as `models get` checks a download."""
    from albumfaces.recognition.install import add_files
    from albumfaces.recognition.profiles import face_model

    _say(add_files(face_model(name), path))


def _say(report) -> None:
    if report.installed:
        click.echo(
            f"Installed {len(report.installed)} file(s) of face model {report.model} in "
            f"{report.folder}: {', '.join(report.installed)}"
        )
    else:
        click.echo(f"Face model {report.model}'s files are installed already in {report.folder}.")


COMMANDS = [models]
