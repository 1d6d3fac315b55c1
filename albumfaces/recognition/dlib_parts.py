"""dlib's detectors, 5-point landmarks and ResNet encoder: the calls of the ``face_recognition``
project, made directly so that only the prebuilt ``dlib-bin`` wheel is needed, kept bit for bit
(``--max-size 0`` gives face_recognition's own boxes and encodings).

dlib is imported here only, when a step is first used, so importing albumfaces stays instant.
"""

from __future__ import annotations

import importlib.util
from functools import cached_property
from pathlib import Path

import numpy as np

from albumfaces.models import Box, DetectorModel, ScanSettings
from albumfaces.recognition.files import ModelsMissing
from albumfaces.recognition.protocols import Detection

# HOG detections this far below the threshold on a reduced copy get a second look.
NEAR_MISS_THRESHOLD = -0.4
# Two detections overlapping this much are one face (a near miss confirmed where a face was
# already found, or a crop's detection of the candidate it was cut around).
SAME_FACE_IOU = 0.3
# dlib's HOG window is 80 px; faces of at least this side (80 px plus room for the box to be
# loose) are found without upsampling, smaller ones need one step.
NO_UPSAMPLE_MIN_SIDE = 100

CNN_WEIGHTS = "mmod_human_face_detector.dat"
LANDMARK_WEIGHTS = "shape_predictor_5_face_landmarks.dat"
ENCODER_WEIGHTS = "dlib_face_recognition_resnet_model_v1.dat"
REINSTALL = "pip install --force-reinstall face_recognition_models"


def models_dir() -> Path:
    """Where ``face_recognition_models`` keeps its weights, found without importing it
    (its ``__init__`` needs ``pkg_resources``, which current setuptools no longer ships)."""
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise ModelsMissing(
            f"the face model weights are not installed (package face_recognition_models); "
            f"install them with: {REINSTALL}"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def _check_weights(*names: str) -> None:
    folder = models_dir()
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        raise ModelsMissing(
            f"face model weights not found in {folder}: {', '.join(missing)}; "
            f"install them with: {REINSTALL}"
        )


def _raw(rect) -> Box:
    return Box(rect.top(), rect.right(), rect.bottom(), rect.left())


class _Dlib:
    @cached_property
    def _dlib(self):
        import dlib

        return dlib


class DlibDetector(_Dlib):
    """HOG (or MMOD CNN) on the reduced copy; near misses checked again at full size.

    Boxes are trimmed to the image, as face_recognition's ``face_locations`` gives them;
    ``trim`` False keeps dlib's raw rectangles, which its ``face_encodings(image)`` hands the
    landmark model (a face cut by the edge then gets other landmarks, and another encoding).
    """

    def __init__(self, settings: ScanSettings, trim: bool = True):
        self.settings = settings
        self.trim = trim

    def check_ready(self) -> None:
        if self.settings.model == DetectorModel.CNN:
            _check_weights(CNN_WEIGHTS)
        else:
            models_dir()

    def load(self) -> None:
        _ = self._detector

    @cached_property
    def _detector(self):
        if self.settings.model == DetectorModel.CNN:
            return self._dlib.cnn_face_detection_model_v1(str(models_dir() / CNN_WEIGHTS))
        return self._dlib.get_frontal_face_detector()

    def run(
        self, image: np.ndarray, threshold: float = 0.0, upsample: int | None = None
    ) -> list[tuple[Box, float]]:
        """Face boxes in ``image`` coordinates with the detector's score (HOG: >= threshold)."""
        # dlib reads the buffer as if it were contiguous and ignores strides: a crop view
        # would be read as garbage.
        image = np.ascontiguousarray(image)
        height, width = image.shape[:2]
        upsample = self.settings.upsample if upsample is None else upsample
        # face_recognition's _trim_css_to_bounds: dlib's boxes may reach past the edges
        box = (lambda r: _raw(r).clipped(width, height)) if self.trim else _raw
        if self.settings.model == DetectorModel.CNN:
            found = self._detector(image, upsample)
            return [(box(d.rect), float(d.confidence)) for d in found]
        rects, scores, _ = self._detector.run(image, upsample, threshold)
        return [(box(r), float(s)) for r, s in zip(rects, scores, strict=True)]

    def confirm(self, pixels: np.ndarray, candidate: Box) -> tuple[Box, float] | None:
        """Re-run HOG on a crop of ``pixels`` around a near miss; the face, if it holds up.

        HOG is a sliding window, so a crop with a margin sees what full-size detection would.
        """
        height, width = pixels.shape[:2]
        side = max(candidate.width, candidate.height)
        left, top = max(candidate.left - side, 0), max(candidate.top - side, 0)
        right, bottom = min(candidate.right + side, width), min(candidate.bottom + side, height)
        crop = pixels[top:bottom, left:right]  # a view; run() makes it contiguous
        upsample = 0 if side >= NO_UPSAMPLE_MIN_SIDE else 1
        for box, score in self.run(crop, 0.0, upsample=upsample):
            found = Box(box.top + top, box.right + left, box.bottom + top, box.left + left)
            if found.iou(candidate) >= SAME_FACE_IOU:
                return found, score
        return None

    def detect(self, photo) -> list[Detection]:
        """Detections in ``photo.pixels`` coordinates.

        On a reduced copy, borderline faces (often masked or turned) can drop just below the
        threshold; those near misses are checked again at the decoded resolution.
        """
        det_h, det_w = photo.detect.shape[:2]
        pix_h, pix_w = photo.pixels.shape[:2]
        if (det_w, det_h) == (pix_w, pix_h):
            return [Detection(box, score) for box, score in self.run(photo.pixels)]
        scale = (pix_w / det_w, pix_h / det_h)
        if self.settings.model == DetectorModel.CNN:  # scores are not comparable to HOG's
            return [Detection(box.scaled(*scale), s) for box, s in self.run(photo.detect)]
        found: list[tuple[Box, float]] = []
        for box, score in self.run(photo.detect, NEAR_MISS_THRESHOLD):
            box = box.scaled(*scale)
            if score >= 0:
                found.append((box, score))
            elif (confirmed := self.confirm(photo.pixels, box)) is not None:
                if all(confirmed[0].iou(other) < SAME_FACE_IOU for other, _ in found):
                    found.append(confirmed)
        return [Detection(box, score) for box, score in found]

    def add_missed(self, photo, found: list[Detection]) -> list[Detection]:
        return list(found)  # HOG is the whole detector


class DlibLandmarks(_Dlib):
    """dlib's 5-point shape predictor (eye corners and the bottom of the nose)."""

    def check_ready(self) -> None:
        _check_weights(LANDMARK_WEIGHTS)

    def load(self) -> None:
        _ = self._predictor

    @cached_property
    def _predictor(self):
        return self._dlib.shape_predictor(str(models_dir() / LANDMARK_WEIGHTS))

    def shapes(self, pixels: np.ndarray, boxes: list[Box]):
        """dlib's own shape objects, for the encoder."""
        return [
            self._predictor(pixels, self._dlib.rectangle(b.left, b.top, b.right, b.bottom))
            for b in boxes
        ]

    def landmarks(self, pixels: np.ndarray, boxes: list[Box]) -> list[np.ndarray]:
        return [
            np.array([(p.x, p.y) for p in shape.parts()]) for shape in self.shapes(pixels, boxes)
        ]


class DlibEncoder(_Dlib):
    """dlib's ResNet: 128-d vectors compared by Euclidean distance."""

    def __init__(self, encoding_dtype=np.float32):
        # float32 is what the store keeps; identify's face_recognition mode keeps dlib's
        # float64, so that its distances print exactly as face_recognition's do
        self.encoding_dtype = encoding_dtype

    def check_ready(self) -> None:
        _check_weights(ENCODER_WEIGHTS)

    def load(self) -> None:
        _ = self._net

    @cached_property
    def _net(self):
        return self._dlib.face_recognition_model_v1(str(models_dir() / ENCODER_WEIGHTS))

    def encode(
        self, pixels: np.ndarray, boxes: list[Box], landmarks: list[np.ndarray]
    ) -> np.ndarray:
        dlib = self._dlib
        shapes = dlib.full_object_detections()
        for box, points in zip(boxes, landmarks, strict=True):
            rect = dlib.rectangle(box.left, box.top, box.right, box.bottom)
            parts = dlib.points()
            for x, y in points:
                parts.append(dlib.point(int(x), int(y)))
            shapes.append(dlib.full_object_detection(rect, parts))
        # One batched call: the ResNet runs all faces of the photo together.
        encodings = self._net.compute_face_descriptor(pixels, shapes, 1)
        return np.array([np.asarray(e) for e in encodings], dtype=self.encoding_dtype)
