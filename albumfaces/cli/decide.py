"""Decision commands: merge, move, reject, split, different, ignore, cover, born.

Each resolves what the user typed to ids once, calls one decision of ``albumfaces.people``, and
prints what it did in words (``--json``: the same as an object). Every one can be undone.
"""

from __future__ import annotations

import click

from albumfaces.cli.app import (
    App,
    echo_json,
    echo_text,
    json_option,
    library_errors,
    pass_app,
    person_id,
)


def _report(decision, as_json: bool) -> None:
    if as_json:
        echo_json(decision.to_dict())
    else:
        echo_text(decision.sentence)


@click.command()
@click.argument("people", nargs=-1, required=True)
@click.argument("into_person")
@json_option
@pass_app
@library_errors
def merge(app: App, people, into_person, as_json) -> None:
    """Move every face of PEOPLE (one or several) into INTO_PERSON."""
    from albumfaces.people import merge_people

    with app.open_store() as store:
        sources = [person_id(store, ref) for ref in people]
        _report(merge_people(store, sources, person_id(store, into_person)), as_json)


@click.command()
@click.argument("face_ids", nargs=-1, required=True, type=int)
@click.argument("person")
@json_option
@pass_app
@library_errors
def move(app: App, face_ids, person, as_json) -> None:
    """Assign the faces FACE_IDS to PERSON."""
    from albumfaces.people import move_faces

    with app.open_store() as store:
        _report(move_faces(store, face_ids, person_id(store, person)), as_json)


@click.command()
@click.argument("face_ids", nargs=-1, required=True, type=int)
@json_option
@pass_app
@library_errors
def reject(app: App, face_ids, as_json) -> None:
    """The faces FACE_IDS are not the person they are assigned to; never assign them there
    again."""
    from albumfaces.people import reject_faces

    with app.open_store() as store:
        _report(reject_faces(store, face_ids), as_json)


@click.command()
@click.argument("person")
@click.argument("face_ids", nargs=-1, required=True, type=int)
@click.option("--name", "new_name", help="Name the new person.")
@json_option
@pass_app
@library_errors
def split(app: App, person, face_ids, new_name, as_json) -> None:
    """The faces FACE_IDS of PERSON are someone else: make them a new person.

    Clustering never puts them back into PERSON.
    """
    from albumfaces.people import split_faces

    with app.open_store() as store:
        _report(split_faces(store, person_id(store, person), face_ids, new_name), as_json)


@click.command()
@click.argument("person")
@click.argument("other")
@json_option
@pass_app
@library_errors
def different(app: App, person, other, as_json) -> None:
    """PERSON and OTHER are not the same person (siblings, twins, look-alikes).

    Clustering and propagation never merge them, and they are never proposed as a merge again.
    """
    from albumfaces.people import mark_different

    with app.open_store() as store:
        _report(mark_different(store, person_id(store, person), person_id(store, other)), as_json)


@click.command()
@click.argument("person")
@click.option("--undo", is_flag=True, help="Show this person again.")
@json_option
@pass_app
@library_errors
def ignore(app: App, person, undo, as_json) -> None:
    """Mark PERSON as strangers: hidden from albums and from naming."""
    from albumfaces.people import set_ignored

    with app.open_store() as store:
        _report(set_ignored(store, person_id(store, person), ignored=not undo), as_json)


@click.command()
@click.argument("person")
@click.argument("face_id", type=int)
@json_option
@pass_app
@library_errors
def cover(app: App, person, face_id, as_json) -> None:
    """Show face FACE_ID for PERSON (it must be one of PERSON's faces)."""
    from albumfaces.people import set_cover

    with app.open_store() as store:
        _report(set_cover(store, person_id(store, person), face_id), as_json)


@click.command()
@click.argument("person")
@click.argument("date", required=False)
@click.option("--clear", is_flag=True, help="Forget PERSON's birth date.")
@json_option
@pass_app
@library_errors
def born(app: App, person, date, clear, as_json) -> None:
    """PERSON was born on DATE: YYYY-MM-DD, or only the year (YYYY).

    Ages show on their faces, from each photo's date (EXIF, else the file's time).
    """
    from albumfaces.people import set_birth

    if bool(date) == clear:
        raise click.UsageError("give DATE, or --clear to forget it")
    with app.open_store() as store:
        _report(set_birth(store, person_id(store, person), None if clear else date), as_json)


COMMANDS = [merge, move, reject, split, different, ignore, cover, born]


@click.group()
def face() -> None:
    """Faces the detector got wrong."""


@face.command("not-a-face")
@click.argument("face_ids", nargs=-1, required=True, type=int)
@json_option
@pass_app
@library_errors
def not_a_face(app: App, face_ids, as_json) -> None:
    """The faces FACE_IDS are no face (a poster, a flower, a face on a screen): they leave
    their person and every list, album and sidecar, and stay hidden after every rescan."""
    from albumfaces.people import mark_not_faces

    with app.open_store() as store:
        _report(mark_not_faces(store, face_ids), as_json)


def _box(text: str):
    from albumfaces.models import Box

    parts = text.replace(" ", "").split(",")
    if len(parts) != 4 or not all(p.lstrip("-").isdigit() for p in parts):
        raise click.BadParameter("give TOP,RIGHT,BOTTOM,LEFT in whole pixels", param_hint="--box")
    return Box(*map(int, parts))


@face.command("add")
@click.argument("photo", type=click.Path(dir_okay=False))
@click.option(
    "--box",
    "box_text",
    required=True,
    metavar="TOP,RIGHT,BOTTOM,LEFT",
    help="The face, in the photo's upright pixels (as `faces --json` prints boxes).",
)
@click.option("--name", help="The person it is (made if there is none).")
@json_option
@pass_app
@library_errors
def add(app: App, photo, box_text, name, as_json) -> None:
    """A face the detector missed in PHOTO: made on --box with the library's face model,
    yours, and made again there whenever PHOTO is scanned again."""
    import os

    from albumfaces.models import ScanSettings
    from albumfaces.people import add_face, check_drawn_box
    from albumfaces.recognition import make_pipeline
    from albumfaces.scan.drawn import encode_drawn

    box = _box(box_text)
    with app.open_store() as store:
        path = os.path.abspath(photo)
        photo_hash = store.photo_of_path(path)
        if photo_hash is None:
            raise click.ClickException(f"{photo}: not in the library (scan it first)")
        check_drawn_box(store, photo_hash, box)
        pipeline = make_pipeline(ScanSettings(face_model=store.face_model()))
        drawn = encode_drawn(pipeline, path, box)
        _report(add_face(store, photo_hash, drawn, name), as_json)


COMMANDS.append(face)
