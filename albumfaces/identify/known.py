"""The faces identify matches against: the people the user named, or a folder of photos."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from albumfaces.cluster.assign import AMBIGUITY_MARGIN
from albumfaces.recognition.profiles import face_model
from albumfaces.store import Store

FACE_RECOGNITION_IMAGES = re.compile(r".*\.(jpg|jpeg|png)", re.IGNORECASE)


@dataclass(frozen=True)
class KnownFaces:
    """Encodings with the person each shows. ``names`` maps a person to its name; in the
    library the person is its id, for a folder an index."""

    encodings: np.ndarray
    people: list[int]
    names: dict[int, str]
    notes: list[str] = field(default_factory=list)  # files that gave no or several faces
    margin: float = AMBIGUITY_MARGIN  # the face model's: two people this close are ambiguous
    face_model: str | None = None  # the model that encoded them (the library's)


def known_from_library(store: Store) -> KnownFaces:
    """The faces the user confirmed of the people they named (not ignored ones): the same
    faces propagation trusts."""
    ids, encodings, _ = store.load_face_set()
    user, _ = store.load_user_decisions()
    named = {p.id: p.name for p in store.list_people() if p.named and not p.ignored}
    rows = [i for i, face in enumerate(ids) if user.get(face) in named]
    model = face_model(store.face_model())
    people = [user[ids[i]] for i in rows]
    known = encodings[rows].astype(np.float64)
    return KnownFaces(
        known, people, named, margin=model.distances.ambiguity_margin, face_model=model.name
    )


def known_files(folder: Path) -> list[tuple[str, Path]]:
    """(name, photo) pairs in face_recognition's conventions: a photo directly in ``folder``
    is the person named after the file; a sub-folder is a person, each photo in it one of
    their faces. Sorted by name, then path."""
    from albumfaces.media.images import IMAGE_SUFFIXES

    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            for root, dirs, files in os.walk(entry.path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in IMAGE_SUFFIXES and not name.startswith("."):
                        found.append((entry.name, Path(root) / name))
        elif Path(entry.name).suffix.lower() in IMAGE_SUFFIXES:
            found.append((Path(entry.name).stem, Path(entry.path)))
    return found


def face_recognition_files(folder: str | Path) -> list[Path]:
    """face_recognition's ``image_files_in_folder``: every file under ``folder`` whose name
    its pattern matches (from the start: ``a.jpg.txt`` too), in ``os.walk``'s order."""
    return [
        Path(os.path.join(root, name))
        for root, _dirs, files in os.walk(folder)
        for name in files
        if FACE_RECOGNITION_IMAGES.match(name)
    ]


def known_from_folder(
    folder: Path, find_faces, dimensions: int, face_recognition_rule: bool = False
) -> KnownFaces:
    """Known faces from photos: the first face of each (face_recognition's rule), with its
    warnings, word for word, for photos with several faces or none. ``find_faces(path)``
    returns a photo's faces, or the reason it cannot; a photo that cannot be read is a note,
    not a stop."""
    encodings, people, names, notes = [], [], {}, []
    index: dict[str, int] = {}
    if face_recognition_rule:  # each file a person of its own, named after it, in its order
        files = [(os.path.splitext(p.name)[0], p) for p in face_recognition_files(folder)]
    else:
        files = known_files(Path(folder))
    for name, path in files:
        faces = find_faces(path)
        if isinstance(faces, str):
            notes.append(f"WARNING: {path} cannot be read ({faces}). Ignoring file.")
            continue
        if len(faces) > 1:
            notes.append(
                f"WARNING: More than one face found in {path}. Only considering the first face."
            )
        if not faces:
            notes.append(f"WARNING: No faces found in {path}. Ignoring file.")
            continue
        person = index.setdefault(str(path) if face_recognition_rule else name, len(index))
        names[person] = name
        encodings.append(faces[0].encoding)
        people.append(person)
    array = np.array(encodings, dtype=np.float64).reshape(len(encodings), dimensions)
    return KnownFaces(array, people, names, notes)
