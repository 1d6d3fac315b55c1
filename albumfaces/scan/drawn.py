"""Faces the user drew where the detector found none: encoded on their box by the library's
face model when drawn, and again each time their photo is scanned (a switch of model
included), in place of any detection of the same face."""

from __future__ import annotations

import dataclasses

from albumfaces.media.images import load_upright
from albumfaces.models import Box, DetectedFace

SAME_FACE = 0.5  # a detection this much like a drawn box is that face: the drawn one stays


def encode_drawn(pipeline, path: str, box: Box) -> DetectedFace:
    """The face on ``box`` (upright pixels) of the photo at ``path``. Raises ImageError."""
    image = load_upright(path, pipeline.settings)
    return dataclasses.replace(pipeline.face_at(image, box), drawn=True)


def with_drawn(pipeline, image, faces: list[DetectedFace], drawn: tuple[Box, ...]) -> list:
    """A photo's faces when scanned again: its detections but those of a drawn face, and the
    drawn faces, made again on their boxes."""
    if not drawn:
        return faces
    kept = [f for f in faces if all(f.box.iou(b) < SAME_FACE for b in drawn)]
    made = [dataclasses.replace(pipeline.face_at(image, b), drawn=True) for b in drawn]
    return kept + made
