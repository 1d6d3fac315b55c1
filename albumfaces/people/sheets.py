"""Contact sheets: a numbered montage of a person's faces, to see who a cluster is."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from albumfaces.fonts import font_for
from albumfaces.models import Face

TILE = 150
LABEL = 18
COLUMNS = 6
MAX_FACES = 48
UNREADABLE_GREY = (90, 90, 90)
MARGIN = 0.3  # of the box size on every side: some hair and chin help recognise people


def pick_faces(faces: list[Face], limit: int = MAX_FACES) -> list[Face]:
    """At most ``limit`` faces spread evenly over the list (stable for the same faces)."""
    if len(faces) <= limit:
        return list(faces)
    step = len(faces) / limit
    return [faces[int(i * step)] for i in range(limit)]


def face_tile(face: Face, size: int = TILE):
    """The face with a margin, as a ``size`` square; a grey tile if the photo is unreadable."""
    from PIL import Image

    crop = crop_face(face, size)
    return crop if crop is not None else Image.new("RGB", (size, size), UNREADABLE_GREY)


def open_upright(path: str, scale: float):
    """The photo at ``path``, upright, decoded at about ``scale`` of its size (JPEG draft
    mode picks the nearest 1/2, 1/4 or 1/8 at least that large). Raises on unreadable files."""
    from PIL import Image

    from albumfaces.media import images

    images.register_formats()
    with Image.open(path) as im:
        wanted = (math.ceil(im.width * scale), math.ceil(im.height * scale))
    return images.open_upright(path, wanted)


def open_frame(path, time: float):
    """The frame of a video clip at ``time`` seconds, upright, as a picture."""
    from PIL import Image

    from albumfaces.media.videos import frame_at

    return Image.fromarray(frame_at(path, time))


def crop_scale(face: Face, size: int) -> float:
    """How far the photo may be reduced before cutting ``face`` out at ``size`` pixels."""
    side = max(face.box.width, face.box.height) * (1 + 2 * MARGIN)
    return min(1.0, 2 * size / side)


def crop_face(face: Face, size: int, opener=open_upright):
    """The face with a margin, upright, as a ``size`` square; None if the photo cannot be
    read (gone since the scan, damaged). ``opener(path, scale)`` decodes the photo (the
    review server passes one that keeps recent photos decoded)."""
    from PIL import Image

    box = face.box
    side = max(box.width, box.height) * (1 + 2 * MARGIN)
    cx, cy = (box.left + box.right) / 2, (box.top + box.bottom) / 2
    try:
        if face.time is not None:  # a face of a video (or a Live Photo's clip): its frame
            upright = open_frame(face.clip or face.path, face.time)
        else:  # decode no larger than needed: the crop only has to fill the tile
            upright = opener(face.path, crop_scale(face, size))
    except Exception:  # noqa: BLE001 - a missing photo must not spoil a sheet or a page
        return None
    # the box is in full-size pixels; the decoded image may be reduced
    full = face.time is not None or not face.photo_width  # a frame is decoded at full size
    f = 1.0 if full else upright.width / face.photo_width
    crop = upright.crop(
        (
            round((cx - side / 2) * f),
            round((cy - side / 2) * f),
            round((cx + side / 2) * f),
            round((cy + side / 2) * f),
        )
    )
    return crop.resize((size, size), Image.Resampling.LANCZOS)


@dataclass(frozen=True)
class Sheet:
    path: Path
    note: str | None = None  # e.g. no installed font can draw the title's script


def write_contact_sheet(faces: list[Face], dest: Path, title: str = "") -> Sheet:
    """Write a PNG montage of ``faces`` (each labelled with its face id) to ``dest``. The
    title (a name, in any script) is drawn with a font that has its glyphs."""
    from PIL import Image, ImageDraw

    chosen = pick_faces(faces)
    columns = min(COLUMNS, max(1, len(chosen)))
    rows = max(1, math.ceil(len(chosen) / columns))
    header = LABEL + 6 if title else 0
    sheet = Image.new("RGB", (columns * TILE, header + rows * (TILE + LABEL)), "white")
    draw = ImageDraw.Draw(sheet)
    title_font = font_for(title)
    if title:
        draw.text((4, 4), title, fill="black", font=title_font.font)
    for i, face in enumerate(chosen):
        x, y = (i % columns) * TILE, header + (i // columns) * (TILE + LABEL)
        sheet.paste(face_tile(face), (x, y))
        draw.text((x + 4, y + TILE + 2), f"#{face.id}", fill="black")
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    sheet.save(dest, "PNG")
    os.chmod(dest, 0o600)  # faces are biometric data, like the database
    return Sheet(dest, title_font.note(title))
