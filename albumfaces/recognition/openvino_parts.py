"""Intel's Open Model Zoo face models, run through OpenVINO on any CPU: a detector for the faces
HOG misses, 5 landmarks for alignment, and the 256-d re-identification encoder.

OpenVINO is imported here only, when a step first loads, so importing albumfaces stays instant.
Each worker runs one inference thread: a scan already runs a worker a core.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from albumfaces.models import Box
from albumfaces.recognition.align import (
    REIDENTIFICATION_TEMPLATE,
    aligned_face,
    crop_resized,
    widened,
)
from albumfaces.recognition.catalogue import (
    DETECTION_0004,
    LANDMARKS_0009,
    REIDENTIFICATION_0095,
    ModelFile,
)
from albumfaces.recognition.files import check_files, models_folder
from albumfaces.recognition.pipeline import unit_vectors
from albumfaces.recognition.protocols import Detection

INFERENCE_THREADS = 1
DETECTOR_SIDE = 300  # face-detection-retail-0004's input
LANDMARKS_SIDE = 48  # landmarks-regression-retail-0009's input
ENCODER_SIDE = 128  # face-reidentification-retail-0095's input
# The landmark model sees the face box widened by a tenth: measured on asian-dev
# (BENCHMARKS.md, "Face models"), the eyes and mouth corners land best with that margin.
LANDMARKS_MARGIN = 0.1
# A detection of face-detection-retail-0004 is a face from this confidence on; below, a flower
# of sample-album (0.62) counts. It only adds faces HOG did not find.
DETECTOR_CONFIDENCE = 0.8
SAME_FACE_IOU = 0.3
# Where a HOG box sits in the detector's box of the same face (median over asian-dev's 297
# faces both found, as fractions of the detector box): HOG's is wider and starts lower. Its
# boxes are put where HOG's would be, so that every face is aligned, cropped and matched alike.
HOG_IN_DETECTOR_BOX = (-0.10, 0.06, 1.04, 0.97)  # left, top, right, bottom


def _blob(rgb: np.ndarray) -> np.ndarray:
    """An RGB image as the zoo's models take it: 1 x 3 x H x W, BGR, 0-255."""
    return np.ascontiguousarray(rgb[:, :, ::-1].transpose(2, 0, 1)[None], dtype=np.float32)


class _OpenVinoModel:
    """One IR model, compiled for the CPU on first use."""

    files: tuple[ModelFile, ...]
    model_name = "intel"

    def check_ready(self) -> None:
        check_files(self.model_name, self.files)

    def load(self) -> None:
        _ = self._compiled

    @cached_property
    def _compiled(self):
        import openvino

        xml = models_folder() / self.files[0].path
        return openvino.Core().compile_model(
            str(xml), "CPU", {"INFERENCE_NUM_THREADS": INFERENCE_THREADS}
        )

    def infer(self, blob: np.ndarray) -> np.ndarray:
        return self._compiled(blob)[0]


def hog_like(box: Box, width: int, height: int) -> Box:
    """A detector box moved to where HOG's box of the same face would be."""
    left, top, right, bottom = HOG_IN_DETECTOR_BOX
    w, h = box.width, box.height
    return Box(
        max(round(box.top + top * h), 0),
        min(round(box.left + right * w), width),
        min(round(box.top + bottom * h), height),
        max(round(box.left + left * w), 0),
    )


class RetailDetector(_OpenVinoModel):
    """face-detection-retail-0004 on the whole photo: large faces HOG misses (masked, turned,
    touching the edge of a tight crop)."""

    files = DETECTION_0004

    def detect(self, photo) -> list[Detection]:
        image = photo.detect
        height, width = image.shape[:2]
        out = self.infer(_blob(crop_resized(image, Box(0, width, height, 0), DETECTOR_SIDE)))
        pix_h, pix_w = photo.pixels.shape[:2]
        found = []
        for _, _, confidence, x0, y0, x1, y1 in out.reshape(-1, 7):
            if confidence < DETECTOR_CONFIDENCE:
                continue
            box = Box(round(y0 * pix_h), round(x1 * pix_w), round(y1 * pix_h), round(x0 * pix_w))
            box = hog_like(box, pix_w, pix_h)
            if box.width > 1 and box.height > 1:
                found.append(Detection(box, float(confidence)))
        return found


class HogThenRetail:
    """dlib's HOG finds faces as the dlib pipeline does (no face it finds is lost); Intel's
    detector adds the faces HOG missed."""

    def __init__(self, hog, retail: RetailDetector):
        self.hog, self.retail = hog, retail

    def check_ready(self) -> None:
        self.hog.check_ready()
        self.retail.check_ready()

    def load(self) -> None:
        self.hog.load()
        self.retail.load()

    def detect(self, photo) -> list[Detection]:
        return self.add_missed(photo, self.hog.detect(photo))

    def add_missed(self, photo, found: list[Detection]) -> list[Detection]:
        found = list(found)
        for extra in sorted(self.retail.detect(photo), key=lambda d: -(d.score or 0)):
            if all(extra.box.iou(d.box) < SAME_FACE_IOU for d in found):
                found.append(extra)
        return found


class RetailLandmarks(_OpenVinoModel):
    """landmarks-regression-retail-0009: eyes, nose tip and lip corners of a face crop."""

    files = LANDMARKS_0009

    def landmarks(self, pixels: np.ndarray, boxes: list[Box]) -> list[np.ndarray]:
        height, width = pixels.shape[:2]
        found = []
        for box in boxes:
            crop = widened(box, LANDMARKS_MARGIN, width, height)
            if crop.width < 1 or crop.height < 1:
                crop = Box(0, width, height, 0)
            points = self.infer(_blob(crop_resized(pixels, crop, LANDMARKS_SIDE))).reshape(5, 2)
            found.append(points * [crop.width, crop.height] + [crop.left, crop.top])
        return found


class ReidentificationEncoder(_OpenVinoModel):
    """face-reidentification-retail-0095: 256-d unit vectors, compared by cosine."""

    files = REIDENTIFICATION_0095

    def encode(
        self, pixels: np.ndarray, boxes: list[Box], landmarks: list[np.ndarray]
    ) -> np.ndarray:
        vectors = [
            self.infer(
                _blob(aligned_face(pixels, points, REIDENTIFICATION_TEMPLATE, ENCODER_SIDE))
            ).reshape(-1)
            for points in landmarks
        ]
        return unit_vectors(np.array(vectors, dtype=np.float32))
