"""A face pipeline: a detector, an aligner and an encoder, run on a decoded photo.

Detection may run on a reduced copy (``photo.detect``); landmarks and encodings are computed on
the least reduced pixels decoded (``photo.pixels``); boxes and landmarks are returned in the
full-size upright image's pixels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from albumfaces.models import Box, DetectedFace, Point, ScanSettings
from albumfaces.recognition.protocols import Aligner, Detection, Detector, Encoder

if TYPE_CHECKING:
    from albumfaces.media.images import UprightImage
    from albumfaces.recognition.profiles import FaceModel


class FacePipeline:
    """One face model with one set of scan settings. Models load on first use."""

    def __init__(
        self,
        settings: ScanSettings,
        model: FaceModel,
        detector: Detector,
        aligner: Aligner,
        encoder: Encoder,
    ):
        self.settings = settings
        self.model = model
        self.detector, self.aligner, self.encoder = detector, aligner, encoder

    @property
    def _steps(self):
        return (self.detector, self.aligner, self.encoder)

    def check_ready(self) -> None:
        for step in self._steps:
            step.check_ready()

    def load_models(self) -> None:
        """Load every model now instead of on the first photo (a server's workers and Ray
        workers do, so that no request waits for them)."""
        self.check_ready()
        for step in self._steps:
            step.load()

    def find_faces(
        self, photo: UprightImage, hog_boxes: list[tuple[Box, float | None]] | None = None
    ) -> list[DetectedFace]:
        """Every face of ``photo``, boxes and landmarks in full-size upright pixels.

        ``hog_boxes``: what dlib's HOG found in the photo at these settings, kept from an
        earlier scan (full-size boxes with their scores): they are not searched for again,
        and the detector only adds what HOG misses."""
        if hog_boxes is None:
            return self._faces(photo, self.detector.detect(photo), [])
        fx, fy = _to_pixels(photo)
        known = [Detection(box.scaled(fx, fy), score) for box, score in hog_boxes]
        return self._faces(photo, self.detector.add_missed(photo, known), [b for b, _ in hog_boxes])

    def face_at(self, photo: UprightImage, box: Box) -> DetectedFace:
        """The face in ``box`` though the detector did not find it there (a face someone
        named by hand in another program, often turned or partly hidden)."""
        return self.encode_at(photo, [box])[0]

    def encode_at(self, photo: UprightImage, boxes: list[Box]) -> list[DetectedFace]:
        """The faces at ``boxes`` (full-size upright pixels), with new landmarks and
        encodings; the boxes stay exactly as given."""
        fx, fy = _to_pixels(photo)
        return self._faces(photo, [Detection(box.scaled(fx, fy)) for box in boxes], boxes)

    def _faces(
        self, photo: UprightImage, found: list[Detection], full_boxes: list[Box]
    ) -> list[DetectedFace]:
        """Landmarks and encodings of the ``found`` faces; the first of them keep the
        full-size ``full_boxes`` given, the others' boxes are scaled up from the pixels."""
        if not found:
            return []
        boxes = [d.box for d in found]
        points = self.aligner.landmarks(photo.pixels, boxes)
        encodings = self.encoder.encode(photo.pixels, boxes, points)
        pix_h, pix_w = photo.pixels.shape[:2]
        to_full = (photo.width / pix_w, photo.height / pix_h)
        faces = []
        for i, (detection, marks) in enumerate(zip(found, points, strict=True)):
            box = full_boxes[i] if i < len(full_boxes) else detection.box.scaled(*to_full)
            faces.append(
                DetectedFace(
                    box=box,
                    landmarks=tuple(
                        Point(round(x * to_full[0]), round(y * to_full[1])) for x, y in marks
                    ),
                    encoding=encodings[i],
                    score=detection.score,
                )
            )
        return faces


def _to_pixels(photo: UprightImage) -> tuple[float, float]:
    """How much smaller ``photo.pixels`` is than the full-size photo, across and down."""
    pix_h, pix_w = photo.pixels.shape[:2]
    return pix_w / photo.width, pix_h / photo.height


def unit_vectors(vectors: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (a zero row stays zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)
