"""``albumfaces faces`` and ``albumfaces status``: reading the cache."""

from __future__ import annotations

import click

from albumfaces.cli.app import (
    App,
    echo_json,
    echo_json_lines,
    json_option,
    library_errors,
    pass_app,
)
from albumfaces.words import counts


@click.command()
@json_option
@click.option(
    "--with-encodings",
    is_flag=True,
    help="Include the encodings (JSON only): the library face model's vectors.",
)
@pass_app
@library_errors
def faces(app: App, as_json: bool, with_encodings: bool) -> None:
    """List every face of the photos currently present."""
    # Streamed, one face a line as the database gives it: a million faces never sit in
    # memory at once, and the first lines come before the last face is read.
    with app.open_store() as store:
        found = store.iter_faces(with_encodings=with_encodings)
        if as_json:
            echo_json_lines(f.to_dict(with_encodings) for f in found)
            return
        count = 0
        for face in found:
            count += 1
            b = face.box
            who = f"{face.person} ({face.source})" if face.person else "-"
            at = f" at {face.time:.1f} s" if face.time is not None else ""
            if face.in_motion_part and face.clip is not None:
                at = f" (in its {face.clip.noun}{at})"
            click.echo(
                f"{face.id:>7}  {b.left},{b.top} {b.width}x{b.height}  {who}  {face.path}{at}"
            )
    click.echo(f"{count} faces")


@click.command()
@json_option
@pass_app
@library_errors
def status(app: App, as_json: bool) -> None:
    """Show what the database holds."""
    with app.open_store() as store:
        info = store.status()
    if as_json:
        echo_json(info.to_dict())
        return
    click.echo(f"Database: {info.database} ({info.size_bytes / 1e6:.1f} MB)")
    videos = f", {info.videos} of them videos" if info.videos else ""
    click.echo(f"Photos:   {info.photos} (in {info.files} files{videos})")
    phone = counts((info.live_photos, "Live Photo pair"), (info.motion_photos, "motion photo"))
    if phone:
        clips = "; their clips scanned too" if info.live_clips else ""
        click.echo(f"Phone:    {phone} (each one photo{clips})")
    click.echo(f"Faces:    {info.faces}")
    click.echo(f"Failures: {info.failures}")
    click.echo(f"Model:    {_model_line(info)}")


def _model_line(info) -> str:
    from albumfaces.recognition.profiles import DEFAULT_FACE_MODEL

    if info.face_model is None:
        return f"none yet (the first scan uses {DEFAULT_FACE_MODEL})"
    waiting = sum(n for model, n in info.photos_by_model.items() if model != info.face_model)
    if waiting:
        return f"{info.face_model} ({waiting} photos still to encode with it: scan again)"
    return info.face_model


COMMANDS = [faces, status]
