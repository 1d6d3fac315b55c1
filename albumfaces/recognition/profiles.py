"""The face models a library can use: what each is, its licence, its vectors and its distances.

Plain data (no numpy, no dlib, no OpenVINO), so ``--help`` and ``albumfaces models`` stay
instant. The pipelines that run them are in ``dlib_pipeline`` and ``openvino_pipeline``.
"""

from __future__ import annotations

from dataclasses import dataclass

from albumfaces.cluster.defaults import DLIB_DISTANCES
from albumfaces.errors import AlbumfacesError
from albumfaces.kinds import TextEnum
from albumfaces.models import Distances
from albumfaces.recognition.catalogue import (
    DETECTION_0004,
    LANDMARKS_0009,
    REIDENTIFICATION_0095,
    ModelFile,
)


class FaceModelName(TextEnum):
    INTEL = "intel"  # the default for new libraries
    DLIB = "dlib"


class Metric(TextEnum):
    EUCLIDEAN = "euclidean"  # dlib's vectors, compared as they are
    # Unit vectors compared by Euclidean distance, which orders pairs as cosine similarity
    # does (d = sqrt(2 - 2 cos)): one neighbour index (faiss L2) serves both models.
    COSINE = "cosine"


@dataclass(frozen=True)
class FaceModel:
    name: FaceModelName
    summary: str  # what it is, in a line
    licence: str
    dimensions: int
    metric: Metric
    distances: Distances
    files: tuple[ModelFile, ...] = ()  # what `models get` downloads; dlib's come with pip
    package: str | None = None  # the pip package that brings the files instead
    # a dlib library's boxes hold when it switches to this model: its detector adds to HOG's
    # faces only what HOG missed
    keeps_hog_boxes: bool = False

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


DLIB = FaceModel(
    name=FaceModelName.DLIB,
    summary="dlib's HOG detector, 5-point landmarks and ResNet encoder (face_recognition's)",
    licence="Boost (dlib), CC0 (face_recognition_models weights)",
    dimensions=128,
    metric=Metric.EUCLIDEAN,
    # measured on lfw-dev (BENCHMARKS.md, "Clustering quality")
    distances=DLIB_DISTANCES,
    package="face_recognition_models",
)

INTEL = FaceModel(
    name=FaceModelName.INTEL,
    summary=(
        "Intel's face-detection-retail-0004 finds faces (tiled; dlib's HOG checks the "
        "unsure ones), landmarks-regression-retail-0009 aligns them, "
        "face-reidentification-retail-0095 encodes them (OpenVINO)"
    ),
    licence="Apache-2.0 (Intel Open Model Zoo)",
    dimensions=256,
    metric=Metric.COSINE,
    # Chosen on lfw-dev and asian-dev at once (BENCHMARKS.md, "Face models"): the threshold
    # whose worse F1 of the two sets is best. Unit vectors, so 1.05 is a cosine similarity
    # of 0.45. The margins and the "Is this ...?" limit keep dlib's proportions to its
    # clustering threshold. "Same person?" compares typical faces (mean directions), which
    # lie closer than faces do: two halves of one person's faces are at most 0.90 apart on
    # both sets, two people at least 0.95, so pairs up to 1.0 are asked about.
    distances=Distances(
        cluster=1.05,
        dbscan=0.9,
        split_margin=0.06,
        ambiguity_margin=0.08,
        face_suggestion=1.2,
        people_suggestion=1.0,
        clip_same_person=0.9,
        identify=1.05,
    ),
    files=LANDMARKS_0009 + REIDENTIFICATION_0095 + DETECTION_0004,
    keeps_hog_boxes=True,
)

FACE_MODELS = {model.name: model for model in (INTEL, DLIB)}
DEFAULT_FACE_MODEL = FaceModelName.INTEL
FACE_MODEL_NAMES = FaceModelName.values()


class UnknownFaceModel(AlbumfacesError):
    pass


def face_model(name: str | None) -> FaceModel:
    """The model called ``name`` (None: the default for new libraries)."""
    if name is None:
        return FACE_MODELS[DEFAULT_FACE_MODEL]
    try:
        return FACE_MODELS[FaceModelName(name)]
    except ValueError:
        known = ", ".join(FACE_MODEL_NAMES)
        raise UnknownFaceModel(f"unknown face model {name!r} (known: {known})") from None
