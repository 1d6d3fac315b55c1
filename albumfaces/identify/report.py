"""What identify says of a photo, the same for the command line and the HTTP API: the JSON
of ``identify --json`` and the label drawn on an annotated copy."""

from __future__ import annotations

from albumfaces.identify.annotate import FaceLabel
from albumfaces.identify.run import IdentifiedFace, PhotoResult

UNKNOWN_LABEL = "unknown"


def _who(person: int | None, names: dict[int, str], distance) -> dict | None:
    if person is None:
        return None
    return {"person_id": person, "name": names.get(person), "distance": distance}


def nearest_within(face: IdentifiedFace) -> tuple[int | None, float | None]:
    """With known photos (face_recognition's rule): the nearest known person in tolerance."""
    return min(face.within, key=lambda w: w[1], default=(None, None))


def face_json(face: IdentifiedFace, names: dict[int, str], library: bool) -> dict:
    """A face: who it is (or nulls), and for an ambiguous face the two people it could be,
    ``best`` and ``runner_up``. ``library``: matched against named people, so a person id
    means something; else against a folder of known photos."""
    if not library:
        person, distance = nearest_within(face)
        found, best, runner_up = _who(person, names, distance), None, None
    else:
        m = face.match
        found = _who(m.person, names, m.distance)
        best = _who(m.best, names, m.distance) if m.ambiguous else None
        runner_up = _who(m.runner_up, names, m.runner_up_distance) if m.ambiguous else None
    return {
        "box": face.box.to_dict(),
        "person_id": found["person_id"] if found and library else None,
        "name": found["name"] if found else None,
        "distance": found["distance"] if found else None,
        "best": best,
        "runner_up": runner_up,
    }


def photo_json(result: PhotoResult, names: dict[int, str], library: bool) -> dict:
    return {
        "path": result.path,
        "width": result.width,
        "height": result.height,
        "faces": [face_json(f, names, library) for f in result.faces],
    }


def face_labels(result: PhotoResult, names: dict[int, str], library: bool) -> list[FaceLabel]:
    """What to draw on an annotated copy: each face's name and distance, or "unknown"."""
    labelled = []
    for face in result.faces:
        if library:
            person, distance = face.match.person, face.match.distance
        else:
            person, distance = nearest_within(face)
        label = f"{names[person]} {distance:.2f}" if person is not None else UNKNOWN_LABEL
        labelled.append(FaceLabel(face.box, label, person is not None))
    return labelled
