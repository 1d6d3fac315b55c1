"""A fake face pipeline and the pictures it understands: fast tests of scanning, carry-over and
export that need neither dlib nor ../shared/data.

A "face" is a solid coloured square on a white picture. Its box is the square; its encoding is
its colour, so two squares of one colour are the same person and two colours are two people.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from albumfaces.media.images import UprightImage
from albumfaces.models import Box, DetectedFace, ScanSettings

RED, BLUE, GREEN = (220, 20, 20), (20, 20, 220), (20, 160, 20)
BACKGROUND = (255, 255, 255)
# Far apart in "encoding" space: (255, 0, 0) and (0, 0, 255) are about 1.4 apart, far above
# any clustering threshold; a square redrawn in the same colour is at distance 0.
COLOUR_SCALE = 1 / 255


def make_photo(
    path: Path, squares: list[tuple[tuple[int, int, int], int, int, int]], size=(240, 160)
):
    """Write a PNG with a square of ``colour`` at (left, top) with side ``side`` for each of
    ``squares`` ((colour, left, top, side), ...)."""
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(image)
    for colour, left, top, side in squares:
        draw.rectangle((left, top, left + side - 1, top + side - 1), fill=colour)
    image.save(path, "PNG")  # whatever the suffix: the scan goes by content
    return path


class FakePipeline:
    """Finds the coloured squares of a picture. A higher ``upsample`` grows each box by a pixel
    per step, the way a real detector's box moves a little at another resolution."""

    def __init__(self, settings: ScanSettings):
        from albumfaces.recognition import face_model

        self.settings = settings
        self.model = face_model(settings.face_model)  # its 128-d "encodings" are dlib-sized
        self.calls = 0

    def check_ready(self) -> None:
        pass

    def find_faces(self, photo: UprightImage) -> list[DetectedFace]:
        from scipy import ndimage

        self.calls += 1
        pixels = photo.pixels.astype(int)
        painted = (pixels != BACKGROUND).any(axis=2)
        labels, count = ndimage.label(painted)
        faces = []
        grow = self.settings.upsample - 1
        for found in ndimage.find_objects(labels):
            rows, cols = found
            colour = pixels[rows.start, cols.start]
            encoding = np.zeros(128, np.float32)
            encoding[:3] = colour * COLOUR_SCALE
            box = Box(
                max(rows.start - grow, 0),
                cols.stop + grow,
                rows.stop + grow,
                max(cols.start - grow, 0),
            )
            faces.append(DetectedFace(box, (), encoding, score=1.0))
        return faces

    def face_at(self, photo: UprightImage, box: Box) -> DetectedFace:
        """The face on a box: its encoding the box's middle pixel's colour."""
        pixels = photo.pixels.astype(int)
        colour = pixels[(box.top + box.bottom) // 2, (box.left + box.right) // 2]
        encoding = np.zeros(128, np.float32)
        encoding[:3] = colour * COLOUR_SCALE
        return DetectedFace(box, (), encoding, score=None)


class MissingWeights(FakePipeline):
    def check_ready(self) -> None:
        from albumfaces.recognition.files import ModelsMissing

        raise ModelsMissing("face model weights not found in /nowhere: (test)")
