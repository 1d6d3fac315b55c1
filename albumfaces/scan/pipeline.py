"""The face pipeline: dlib's detectors, 5-point landmarks and ResNet encoder.

These are the models and the calls of the ``face_recognition`` project, made directly so that
only the prebuilt ``dlib-bin`` wheel is needed. dlib is imported here only, when a pipeline is
first built, so importing albumfaces stays instant.
"""

from __future__ import annotations

import importlib.util
from functools import cached_property
from pathlib import Path

import numpy as np

from albumfaces.errors import AlbumfacesError
from albumfaces.models import Box, DetectedFace, DetectorModel, Point, ScanSettings
from albumfaces.scan.images import UprightImage

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
WEIGHTS = {
    DetectorModel.HOG: (LANDMARK_WEIGHTS, ENCODER_WEIGHTS),
    DetectorModel.CNN: (CNN_WEIGHTS, LANDMARK_WEIGHTS, ENCODER_WEIGHTS),
}
REINSTALL = "pip install --force-reinstall face_recognition_models"


class ModelsMissing(AlbumfacesError):
    """The model weights are not installed: no photo can be scanned, so the scan stops."""


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


def _trim(rect, width: int, height: int) -> Box:
    # face_recognition's _trim_css_to_bounds: dlib may return boxes reaching past the edges.
    return Box(
        max(rect.top(), 0),
        min(rect.right(), width),
        min(rect.bottom(), height),
        max(rect.left(), 0),
    )


class FacePipeline:
    """Detects and encodes faces with one set of settings. Models load on first use."""

    def __init__(self, settings: ScanSettings, encoding_dtype=np.float32):
        self.settings = settings
        # float32 is what the store keeps; identify's face_recognition mode keeps dlib's
        # float64, so that its distances print exactly as face_recognition's do
        self.encoding_dtype = encoding_dtype

    def check_ready(self) -> None:
        """Raise :class:`ModelsMissing` unless every weight file these settings need is there."""
        folder = models_dir()
        missing = [name for name in WEIGHTS[self.settings.model] if not (folder / name).is_file()]
        if missing:
            raise ModelsMissing(
                f"face model weights not found in {folder}: {', '.join(missing)}; "
                f"install them with: {REINSTALL}"
            )

    def load_models(self) -> None:
        """Load every model now instead of on the first photo (a server's workers do, so
        that no request waits for them)."""
        self.check_ready()
        _ = self._detector, self._landmarks, self._encoder

    @cached_property
    def _dlib(self):
        import dlib

        return dlib

    @cached_property
    def _detector(self):
        if self.settings.model == DetectorModel.CNN:
            return self._dlib.cnn_face_detection_model_v1(str(models_dir() / CNN_WEIGHTS))
        return self._dlib.get_frontal_face_detector()

    @cached_property
    def _landmarks(self):
        return self._dlib.shape_predictor(str(models_dir() / LANDMARK_WEIGHTS))

    @cached_property
    def _encoder(self):
        return self._dlib.face_recognition_model_v1(str(models_dir() / ENCODER_WEIGHTS))

    def detect(
        self, image: np.ndarray, threshold: float = 0.0, upsample: int | None = None
    ) -> list[tuple[Box, float | None]]:
        """Face boxes in ``image`` coordinates with the detector's score (HOG: >= threshold)."""
        # dlib reads the buffer as if it were contiguous and ignores strides: a crop view
        # would be read as garbage.
        image = np.ascontiguousarray(image)
        height, width = image.shape[:2]
        upsample = self.settings.upsample if upsample is None else upsample
        if self.settings.model == DetectorModel.CNN:
            found = self._detector(image, upsample)
            return [(_trim(d.rect, width, height), float(d.confidence)) for d in found]
        rects, scores, _ = self._detector.run(image, upsample, threshold)
        return [(_trim(r, width, height), float(s)) for r, s in zip(rects, scores, strict=True)]

    def _confirm(self, pixels: np.ndarray, candidate: Box) -> tuple[Box, float] | None:
        """Re-run HOG on a crop of ``pixels`` around a near miss; the face, if it holds up.

        HOG is a sliding window, so a crop with a margin sees what full-size detection would.
        """
        height, width = pixels.shape[:2]
        side = max(candidate.width, candidate.height)
        left, top = max(candidate.left - side, 0), max(candidate.top - side, 0)
        right, bottom = min(candidate.right + side, width), min(candidate.bottom + side, height)
        crop = pixels[top:bottom, left:right]  # a view; detect() makes it contiguous
        upsample = 0 if side >= NO_UPSAMPLE_MIN_SIDE else 1
        for box, score in self.detect(crop, 0.0, upsample=upsample):
            found = Box(box.top + top, box.right + left, box.bottom + top, box.left + left)
            if found.iou(candidate) >= SAME_FACE_IOU:
                return found, score
        return None

    def _detect_in_pixels(self, photo: UprightImage) -> list[tuple[Box, float | None]]:
        """Detections in ``photo.pixels`` coordinates.

        On a reduced copy, borderline faces (often masked or turned) can drop just below the
        threshold; those near misses are checked again at the decoded resolution.
        """
        det_h, det_w = photo.detect.shape[:2]
        pix_h, pix_w = photo.pixels.shape[:2]
        if (det_w, det_h) == (pix_w, pix_h):
            return self.detect(photo.pixels)
        if self.settings.model == DetectorModel.CNN:  # scores are not comparable to HOG's threshold
            return [
                (box.scaled(pix_w / det_w, pix_h / det_h), score)
                for box, score in self.detect(photo.detect)
            ]
        found = []
        for box, score in self.detect(photo.detect, NEAR_MISS_THRESHOLD):
            box = box.scaled(pix_w / det_w, pix_h / det_h)
            if score >= 0:
                found.append((box, score))
            elif (confirmed := self._confirm(photo.pixels, box)) is not None:
                if all(confirmed[0].iou(other) < SAME_FACE_IOU for other, _ in found):
                    found.append(confirmed)
        return found

    def face_at(self, photo: UprightImage, box: Box) -> DetectedFace:
        """The face in ``box`` (full-size upright pixels) though the detector did not find
        it there: landmarks and encoding computed on the box (a face someone named by hand
        in another program, often turned or partly hidden)."""
        pix_h, pix_w = photo.pixels.shape[:2]
        fx, fy = pix_w / photo.width, pix_h / photo.height
        inside = box.scaled(fx, fy)
        shape = self._landmarks(
            photo.pixels,
            self._dlib.rectangle(inside.left, inside.top, inside.right, inside.bottom),
        )
        encoding = self._encoder.compute_face_descriptor(photo.pixels, shape, 1)
        landmarks = tuple(Point(round(p.x / fx), round(p.y / fy)) for p in shape.parts())
        return DetectedFace(
            box=box,
            landmarks=landmarks,
            encoding=np.asarray(encoding, dtype=self.encoding_dtype),
            score=None,
        )

    def find_faces(self, photo: UprightImage) -> list[DetectedFace]:
        """Every face of ``photo``, boxes and landmarks in full-size upright pixels."""
        detections = self._detect_in_pixels(photo)
        if not detections:
            return []
        pix_h, pix_w = photo.pixels.shape[:2]
        to_full = (photo.width / pix_w, photo.height / pix_h)
        shapes = self._dlib.full_object_detections()
        for b, _ in detections:
            shapes.append(
                self._landmarks(
                    photo.pixels, self._dlib.rectangle(b.left, b.top, b.right, b.bottom)
                )
            )
        # One batched call: the ResNet runs all faces of the photo together.
        encodings = self._encoder.compute_face_descriptor(photo.pixels, shapes, 1)
        faces = []
        for (box, score), shape, encoding in zip(detections, shapes, encodings, strict=True):
            landmarks = tuple(
                Point(round(p.x * to_full[0]), round(p.y * to_full[1])) for p in shape.parts()
            )
            faces.append(
                DetectedFace(
                    box=box.scaled(*to_full),
                    landmarks=landmarks,
                    encoding=np.asarray(encoding, dtype=self.encoding_dtype),
                    score=score,
                )
            )
        return faces
