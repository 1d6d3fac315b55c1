"""Annotated copies: each photo with its faces boxed and labelled (names in any script)."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from albumfaces.fonts import font_for

KNOWN_COLOUR = (76, 195, 138)
UNKNOWN_COLOUR = (245, 197, 66)
LABEL_TEXT = (255, 255, 255)
LABEL_BACK = (0, 0, 0)
LINE_FRACTION = 0.004  # box line width, of the photo's long side
FONT_FRACTION = 0.022  # label size, of the photo's long side
MIN_FONT = 12
JPEG_QUALITY = 90


@dataclass(frozen=True)
class FaceLabel:
    box: object  # a Box, in the full-size photo's pixels
    text: str
    known: bool


def annotated_name(dest: Path, source: str) -> Path:
    """``DIR/<stem>.jpg``, numbered when two photos share a stem; never overwrites."""
    stem = Path(source).stem
    path = dest / f"{stem}.jpg"
    number = 2
    while path.exists():
        path = dest / f"{stem}-{number}.jpg"
        number += 1
    return path


def draw_annotated(image, labels: list[FaceLabel]):
    """A copy of ``image`` (an UprightImage) with each face boxed and labelled. Returns (the
    picture, notes about labels no font could draw)."""
    from PIL import Image, ImageDraw

    picture = Image.fromarray(image.pixels)
    # boxes are in the full-size picture's pixels; the decoded one may be reduced
    scale = picture.width / image.width if image.width else 1.0
    draw = ImageDraw.Draw(picture)
    long_side = max(picture.size)
    line = max(2, round(long_side * LINE_FRACTION))
    size = max(MIN_FONT, round(long_side * FONT_FRACTION))
    notes = []
    for label in labels:
        box = label.box
        colour = KNOWN_COLOUR if label.known else UNKNOWN_COLOUR
        left, top = box.left * scale, box.top * scale
        right, bottom = box.right * scale, box.bottom * scale
        draw.rectangle((left, top, right, bottom), outline=colour, width=line)
        choice = font_for(label.text, size)
        if (note := choice.note(label.text)) and note not in notes:
            notes.append(note)
        text_box = draw.textbbox((left, bottom + line), label.text, font=choice.font)
        draw.rectangle(text_box, fill=LABEL_BACK)
        draw.text((left, bottom + line), label.text, fill=LABEL_TEXT, font=choice.font)
    return picture, notes


def annotated_jpeg(image, labels: list[FaceLabel]) -> tuple[bytes, list[str]]:
    """The annotated copy as JPEG bytes (for an answer over HTTP), and the font notes."""
    picture, notes = draw_annotated(image, labels)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue(), notes


def write_annotated(image, labels: list[FaceLabel], dest: Path, source: str):
    """Save the annotated copy of ``image`` in ``dest``, named after ``source``. Returns
    (the file written, notes about labels no font could draw)."""
    picture, notes = draw_annotated(image, labels)
    dest.mkdir(parents=True, exist_ok=True)
    path = annotated_name(dest, source)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)  # faces: private
    with os.fdopen(fd, "wb") as out:
        picture.save(out, "JPEG", quality=JPEG_QUALITY)
    return path, notes
