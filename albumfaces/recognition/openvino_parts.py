"""Intel's Open Model Zoo face models, run through OpenVINO on any CPU: the face detector (on the
photo and on tiles of it), 5 landmarks for alignment, and the 256-d re-identification encoder.

OpenVINO is imported here only, when a step first loads, so importing albumfaces stays instant.
Each worker runs one inference thread: a scan already runs a worker a core.
"""

from __future__ import annotations

import os
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
from albumfaces.recognition.profiles import FaceModelName
from albumfaces.recognition.protocols import Detection

INFERENCE_THREADS = 1
CI_VARIABLE = "CI"  # what OpenVINO's telemetry reads to stay off
DETECTOR_SIDE = 300  # face-detection-retail-0004's input
LANDMARKS_SIDE = 48  # landmarks-regression-retail-0009's input
ENCODER_SIDE = 128  # face-reidentification-retail-0095's input
# The landmark model sees the face box widened by a tenth, as in the pipeline that
# ../shared/data/models/README.md measured; on asian-dev's detector boxes it gave TAR 0.773
# at FAR 1e-3 against 0.755 without the margin.
LANDMARKS_MARGIN = 0.1
# face-detection-retail-0004's detections from this confidence on are looked at; from
# SURE_CONFIDENCE on they are faces, below it HOG must find a face there too (sample-album's
# flowers score 0.62 and 0.67, real faces in its masks and sunglasses 0.66 to 1.0).
DETECTOR_CONFIDENCE = 0.5
SURE_CONFIDENCE = 0.8
SAME_FACE_IOU = 0.3
INSIDE = 0.6  # a detection this much inside another is the same face, found in part
TILED_FROM = 400  # px of the long side of the detection copy: smaller photos are not tiled
TILE_SHARE = 0.6  # of each side
EDGE = 2  # px: a box this close to a tile's inner edge is cut by it
# Where a HOG box sits in the detector's box of the same face (median over asian-dev's 297
# faces both found, as fractions of the detector box): HOG's is wider and starts lower. Its
# boxes are put where HOG's would be, so that every face is aligned, cropped and matched alike.
HOG_IN_DETECTOR_BOX = (-0.10, 0.06, 1.04, 0.97)  # left, top, right, bottom


def import_openvino():
    """OpenVINO, imported without its telemetry. ``import openvino`` loads its conversion
    tools, which send a usage event to Google Analytics unless no consent was given or the
    process is a CI job (``disable_in_ci``). albumfaces sends nothing anywhere: for the
    import, the process says it is one, so consent is declined and nothing is written or
    sent."""
    import sys

    if "openvino" in sys.modules:
        return sys.modules["openvino"]
    saved = os.environ.get(CI_VARIABLE)
    os.environ[CI_VARIABLE] = "true"
    try:
        import openvino
    finally:
        if saved is None:
            del os.environ[CI_VARIABLE]
        else:
            os.environ[CI_VARIABLE] = saved
    return openvino


def _blob(rgb: np.ndarray) -> np.ndarray:
    """An RGB image as the zoo's models take it: 1 x 3 x H x W, BGR, 0-255."""
    return np.ascontiguousarray(rgb[:, :, ::-1].transpose(2, 0, 1)[None], dtype=np.float32)


class _OpenVinoModel:
    """One IR model, compiled for the CPU on first use."""

    files: tuple[ModelFile, ...]
    model_name = FaceModelName.INTEL.value

    def check_ready(self) -> None:
        check_files(self.model_name, self.files)

    def load(self) -> None:
        _ = self._compiled

    @cached_property
    def _compiled(self):
        openvino = import_openvino()
        xml = models_folder() / self.files[0].path
        return openvino.Core().compile_model(
            str(xml), "CPU", {"INFERENCE_NUM_THREADS": INFERENCE_THREADS}
        )

    def infer(self, blob: np.ndarray) -> np.ndarray:
        return self._compiled(blob)[0]


def _tiles(width: int, height: int) -> list[Box]:
    """Four tiles of ``TILE_SHARE`` of each side, in the corners: they overlap in the middle,
    so a face smaller than the overlap lies whole in one of them."""
    tw, th = round(width * TILE_SHARE), round(height * TILE_SHARE)
    return [
        Box(top, left + tw, top + th, left) for left in (0, width - tw) for top in (0, height - th)
    ]


def _cut(box: Box, region: Box, whole: Box) -> bool:
    """``box`` touches an edge of ``region`` that is not the photo's own edge."""
    return (
        (box.left <= region.left + EDGE and region.left > whole.left)
        or (box.right >= region.right - EDGE and region.right < whole.right)
        or (box.top <= region.top + EDGE and region.top > whole.top)
        or (box.bottom >= region.bottom - EDGE and region.bottom < whole.bottom)
    )


def _without_overlaps(found: list[tuple[Box, float]]) -> list[tuple[Box, float]]:
    """The most confident of detections that are one face: overlapping, or one mostly
    inside the other (a face found whole and again in part)."""
    kept: list[tuple[Box, float]] = []
    for box, score in sorted(found, key=lambda d: -d[1]):
        if all(box.iou(k) < SAME_FACE_IOU and _inside_share(box, k) < INSIDE for k, _ in kept):
            kept.append((box, score))
    return kept


def _inside_share(a: Box, b: Box) -> float:
    """How much of the smaller of two boxes lies inside the other."""
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    return width * height / min(a.width * a.height, b.width * b.height)


def hog_like(box: Box, width: int, height: int) -> Box:
    """A detector box moved to where HOG's box of the same face would be."""
    left, top, right, bottom = HOG_IN_DETECTOR_BOX
    w, h = box.width, box.height
    moved = Box(
        round(box.top + top * h),
        round(box.left + right * w),
        round(box.top + bottom * h),
        round(box.left + left * w),
    )
    return moved.clipped(width, height)


class RetailDetector(_OpenVinoModel):
    """face-detection-retail-0004 on the photo and, when it is large enough for faces to be
    small in it, on four overlapping tiles: its 300 x 300 input sees faces down to about
    60 px, a tile sees those of a quarter of the photo at twice the scale."""

    files = DETECTION_0004

    def detect(self, photo) -> list[Detection]:
        image = photo.detect
        height, width = image.shape[:2]
        whole = Box(0, width, height, 0)
        found = self._in(image, whole, whole)
        if max(width, height) >= TILED_FROM:
            for tile in _tiles(width, height):
                found += self._in(image, tile, whole)
        kept = _without_overlaps(found)
        pix_h, pix_w = photo.pixels.shape[:2]
        scale = (pix_w / width, pix_h / height)
        return [Detection(hog_like(box.scaled(*scale), pix_w, pix_h), score) for box, score in kept]

    def _in(self, image: np.ndarray, region: Box, whole: Box) -> list[tuple[Box, float]]:
        """Detections in ``region`` of ``image``, in image coordinates; in a tile, those cut
        by its inner edges are left to the tile (or the whole photo) that holds them."""
        out = self.infer(_blob(crop_resized(image, region, DETECTOR_SIDE)))
        found = []
        for _, _, confidence, x0, y0, x1, y1 in out.reshape(-1, 7):
            if confidence < DETECTOR_CONFIDENCE:
                continue
            box = Box(
                round(region.top + y0 * region.height),
                round(region.left + x1 * region.width),
                round(region.top + y1 * region.height),
                round(region.left + x0 * region.width),
            )
            if box.width > 1 and box.height > 1 and not _cut(box, region, whole):
                found.append((box, float(confidence)))
        return found


class RetailThenHog:
    """Intel's detector finds the faces, tiled; a detection it is unsure of (a flower, a
    pattern) counts only when dlib's HOG, run on a crop around it, finds a face there too.
    HOG never scans a whole photo: that is most of the time of the dlib pipeline."""

    def __init__(self, hog, retail: RetailDetector):
        self.hog, self.retail = hog, retail

    def check_ready(self) -> None:
        self.hog.check_ready()
        self.retail.check_ready()

    def load(self) -> None:
        self.hog.load()
        self.retail.load()

    def detect(self, photo) -> list[Detection]:
        return self.add_missed(photo, [])

    def add_missed(self, photo, found: list[Detection]) -> list[Detection]:
        """``found`` (HOG's boxes, kept from a dlib scan), then the faces Intel's detector
        finds that they do not hold."""
        found = list(found)

        def is_new(box: Box) -> bool:
            return all(box.iou(d.box) < SAME_FACE_IOU for d in found)

        for extra in sorted(self.retail.detect(photo), key=lambda d: -(d.score or 0)):
            if not is_new(extra.box):
                continue
            if (extra.score or 0) < SURE_CONFIDENCE:  # HOG's box, where HOG agrees
                confirmed = self.hog.confirm(photo.pixels, extra.box)
                if confirmed is None or not is_new(confirmed[0]):
                    continue
                extra = Detection(confirmed[0], extra.score)
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
