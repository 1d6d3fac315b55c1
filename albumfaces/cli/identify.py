"""``albumfaces identify``: who is in these photos?"""

from __future__ import annotations

import os
from pathlib import Path

import click

from albumfaces.cli.app import (
    App,
    echo_json,
    face_model_option,
    json_option,
    library_errors,
    library_model,
    pass_app,
)
from albumfaces.recognition.profiles import DEFAULT_FACE_MODEL, FaceModelName

FACE_RECOGNITION_TOLERANCE = 0.6  # face_recognition's command line default
UNKNOWN = "unknown_person"
NO_FACES = "no_persons_found"


def shown_path(path: str, roots: list[str]) -> str:
    """A path as the user typed its folder (face_recognition prints them so)."""
    for root in roots:
        absolute = os.path.abspath(root)
        if path == absolute:
            return root
        if path.startswith(absolute.rstrip(os.sep) + os.sep):
            return os.path.join(root, os.path.relpath(path, absolute))
    return path


def _lines(result, names: dict[int, str], folder: bool, show_distance: bool, roots) -> list[str]:
    path = shown_path(result.path, roots)

    def line(name: str, distance) -> str:
        return f"{path},{name},{distance}" if show_distance else f"{path},{name}"

    if not result.faces:
        return [line(NO_FACES, None)]
    out = []
    for face in result.faces:
        if folder:  # face_recognition's rule: every known face within the tolerance
            nearest: dict[int, float] = {}
            for person, distance in face.within:  # one line a known person, as in its order
                nearest.setdefault(person, distance)
            out += [line(names[p], d) for p, d in nearest.items()] or [line(UNKNOWN, None)]
        elif face.match.person is not None:
            out.append(line(names[face.match.person], face.match.distance))
        else:
            out.append(line(UNKNOWN, None))
    return out


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--known",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Match against the photos of this folder (one a person, named after the file, or a "
    "sub-folder a person) instead of your named people; prints what face_recognition prints.",
)
@click.option(
    "--tolerance",
    type=click.FloatRange(0.01, 2.0),
    help="Largest distance of a match. Default: the face model's (see `albumfaces models`); "
    f"{FACE_RECOGNITION_TOLERANCE} with --known and --face-model dlib (as face_recognition).",
)
@face_model_option(
    "The face model to find and encode faces with. Default: the library's; with --known, "
    f"{DEFAULT_FACE_MODEL} (dlib prints what face_recognition prints, line for line)."
)
@click.option("--show-distance", is_flag=True, help="Add the distance to each line.")
@click.option(
    "--annotate",
    "annotate_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write a copy of each photo with its faces boxed and named to this folder.",
)
@json_option
@pass_app
@library_errors
def identify(
    app: App, paths, known, tolerance, show_distance, annotate_dir, face_model_name, as_json
) -> None:
    """Who is in PATHS (photos or folders)? One line a face: `path,name`.

    Faces are found as scan finds them and matched against the people you named, with the
    same vote as propagation; nothing is stored. `unknown_person`: no one matches (or two
    people match almost equally); `no_persons_found`: a photo without faces.
    """
    from albumfaces.identify import (
        Identifier,
        identify_paths,
        known_from_folder,
        known_from_library,
    )
    from albumfaces.identify.report import photo_json
    from albumfaces.models import ScanSettings
    from albumfaces.recognition import face_model

    folder = known is not None
    compat = False
    if folder:
        model = face_model(face_model_name)
        compat = model.name == FaceModelName.DLIB
        default = FACE_RECOGNITION_TOLERANCE if compat else model.distances.identify
        settings = ScanSettings(face_model=model.name)
        identifier = Identifier(None, settings, tolerance or default, compat, folder=True)
        identifier.known = known_from_folder(
            known, lambda p: _faces_only(identifier.faces_in(p, False)), model.dimensions, compat
        )
        for note in identifier.known.notes:  # face_recognition prints these with the results
            click.echo(note, err=as_json)
    else:
        with app.open_store() as store:
            model = library_model(store, face_model_name)
            settings = ScanSettings(face_model=model.name)
            threshold = tolerance or model.distances.identify
            identifier = Identifier(known_from_library(store), settings, threshold, False)
    if not (folder and compat):  # face_recognition's output has no such line
        click.echo(
            f"albumfaces: identified with face model {model.name} "
            f"(tolerance {identifier.threshold:g})",
            err=True,
        )
    names = identifier.known.names
    failed, found, notes, identified = [], [], set(), 0

    def on_error(path: str, reason: str) -> None:
        failed.append(path)
        click.echo(f"albumfaces: {path}: {reason}", err=True)

    for result in identify_paths(list(paths), identifier, on_error):
        if result.error:
            on_error(result.path, result.error)
            continue
        identified += 1
        if annotate_dir is not None:
            notes.update(_annotate(result, names, folder, annotate_dir))
        if as_json:
            found.append(photo_json(result, names, not folder))
        else:
            for line in _lines(result, names, folder, show_distance, list(paths)):
                click.echo(line)
    for note in sorted(notes):
        click.echo(f"albumfaces: {note}", err=True)
    if as_json:
        echo_json(found)
    if failed and not identified:  # nothing could be looked at
        raise SystemExit(1)


def _faces_only(found):
    """A known photo's faces, or the reason it could not be read."""
    return found if isinstance(found, str) else found[1]


def _annotate(result, names, folder: bool, dest: Path) -> list[str]:
    from albumfaces.identify.annotate import write_annotated
    from albumfaces.identify.report import face_labels

    _, notes = write_annotated(
        result.image, face_labels(result, names, not folder), dest, result.path
    )
    return notes


COMMANDS = [identify]
