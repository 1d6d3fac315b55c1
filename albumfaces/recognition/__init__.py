"""The face-model layer: detectors, aligners and encoders, put together as one pipeline a model.

Below ``scan``, ``identify`` and the servers; dlib and OpenVINO are imported only here, lazily.
"""

from __future__ import annotations

from albumfaces.models import ScanSettings
from albumfaces.recognition.files import ModelsMissing
from albumfaces.recognition.profiles import (
    DEFAULT_FACE_MODEL,
    FACE_MODEL_NAMES,
    FACE_MODELS,
    FaceModel,
    FaceModelName,
    face_model,
)
from albumfaces.recognition.protocols import FaceFinder

__all__ = [
    "DEFAULT_FACE_MODEL",
    "FACE_MODELS",
    "FACE_MODEL_NAMES",
    "FaceFinder",
    "FaceModel",
    "FaceModelName",
    "ModelsMissing",
    "face_model",
    "make_pipeline",
]


def make_pipeline(
    settings: ScanSettings, encoding_dtype=None, face_recognition_boxes: bool = False
) -> FaceFinder:
    """The pipeline of ``settings.face_model`` (None: the default model). A module-level
    function, so that worker processes can be handed it. ``face_recognition_boxes``: dlib's
    raw boxes, as face_recognition's command line encodes faces (identify --known)."""
    import numpy as np

    from albumfaces.recognition.dlib_parts import DlibDetector, DlibEncoder, DlibLandmarks
    from albumfaces.recognition.pipeline import FacePipeline

    model = face_model(settings.face_model)
    hog = DlibDetector(settings, trim=not face_recognition_boxes)
    if model.name == FaceModelName.DLIB:
        encoder = DlibEncoder(encoding_dtype or np.float32)
        return FacePipeline(settings, model, hog, DlibLandmarks(), encoder)
    from albumfaces.recognition.openvino_parts import (
        ReidentificationEncoder,
        RetailDetector,
        RetailLandmarks,
        RetailThenHog,
    )

    detector = RetailThenHog(hog, RetailDetector())
    return FacePipeline(settings, model, detector, RetailLandmarks(), ReidentificationEncoder())
