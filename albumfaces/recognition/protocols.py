"""The three steps of a face pipeline, each a small protocol, and what a scan needs of a whole
pipeline. Every model is a detector, an aligner and an encoder put together
(:class:`albumfaces.recognition.pipeline.FacePipeline`); tests pass fakes of the whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from albumfaces.models import Box, DetectedFace, ScanSettings

if TYPE_CHECKING:
    import numpy as np

    from albumfaces.media.images import UprightImage
    from albumfaces.recognition.profiles import FaceModel


@dataclass(frozen=True)
class Detection:
    box: Box  # in the coordinates of the photo's decoded ``pixels``
    score: float | None = None  # the detector's own, not comparable across detectors


class Step(Protocol):
    def check_ready(self) -> None:
        """Raise ``ModelsMissing`` unless every file this step needs is there and whole."""

    def load(self) -> None:
        """Load the step's model now (a worker does, so that no photo waits for it)."""


class Detector(Step, Protocol):
    def detect(self, photo: UprightImage) -> list[Detection]:
        """The faces of ``photo``, boxes in its ``pixels``' coordinates."""

    def add_missed(self, photo: UprightImage, found: list[Detection]) -> list[Detection]:
        """``found`` (what dlib's HOG finds in ``photo``), then the faces this detector adds
        to them."""


class Aligner(Step, Protocol):
    def landmarks(self, pixels: np.ndarray, boxes: list[Box]) -> list[np.ndarray]:
        """The 5 landmarks (x, y in ``pixels``) of the face in each box."""


class Encoder(Step, Protocol):
    def encode(
        self, pixels: np.ndarray, boxes: list[Box], landmarks: list[np.ndarray]
    ) -> np.ndarray:
        """One vector a face, (faces, dimensions)."""


class FaceFinder(Protocol):
    """What a scan, identify and the servers need of a face pipeline."""

    settings: ScanSettings
    model: FaceModel

    def check_ready(self) -> None:
        """Raise an ``AlbumfacesError`` if no photo can be scanned (model files missing)."""

    def find_faces(
        self, photo: UprightImage, hog_boxes: list[tuple[Box, float | None]] | None = None
    ) -> list[DetectedFace]:
        """Every face of ``photo``, in full-size upright pixels (``hog_boxes``: what HOG
        found in it before, not searched for again)."""

    def face_at(self, photo: UprightImage, box: Box) -> DetectedFace:
        """The face in ``box`` (full-size upright pixels), though the detector missed it."""

    def encode_at(self, photo: UprightImage, boxes: list[Box]) -> list[DetectedFace]:
        """The faces at ``boxes`` (full-size upright pixels), encoded again: a switch of
        encoder that keeps the detector keeps every box."""
