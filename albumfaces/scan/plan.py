"""Which resolution to detect and encode at: pure functions of image size and settings.

Detection cost grows with pixels (times four per upsample step), so a 12 MP photo is detected
on a copy whose long side is ``max_size``. Encodings are computed on the least reduced image
that was decoded anyway, because dlib's 150 px face chip loses detail when cut from a small copy.
"""

from __future__ import annotations

from albumfaces.media.images import detection_size
from albumfaces.models import MediaType, ScanSettings
from albumfaces.recognition.profiles import FaceModelName, face_model

# Bump when the pipeline changes in a way that changes boxes or encodings, so rescans redo them.
PIPELINE_VERSION = 1


def settings_key(width: int, height: int, settings: ScanSettings) -> str:
    """A key equal for two settings exactly when they give this photo the same faces.

    A photo smaller than both ``max_size`` values is detected at full size either way, so
    changing ``max_size`` does not rescan it.
    """
    return hog_key(width, height, settings) + _model_part(settings)


def hog_key(width: int, height: int, settings: ScanSettings) -> str:
    """The part of :func:`settings_key` that decides what dlib's detector finds (the whole
    key of a dlib library, as it was before there was a choice of model)."""
    det_w, det_h = detection_size(width, height, settings)
    resolution = "full" if (det_w, det_h) == (width, height) else f"{max(det_w, det_h)}px"
    return f"v{PIPELINE_VERSION}:{settings.model}:up{settings.upsample}:{resolution}"


def _model_part(settings: ScanSettings) -> str:
    model = face_model(settings.face_model).name
    return "" if model == FaceModelName.DLIB else f":{model}"


def boxes_reusable(stored_key: str, photo, settings: ScanSettings) -> bool:
    """A photo stored by dlib at these detection settings keeps its boxes when the library
    switches to a model that keeps them: only the encodings change, and that model's own
    detector adds the faces HOG missed (so every decision stays on its face)."""
    model = face_model(settings.face_model)
    return (
        photo.media == MediaType.PHOTO
        and model.keeps_hog_boxes
        and photo.face_model == FaceModelName.DLIB
        and stored_key == hog_key(photo.width, photo.height, settings)
    )


def media_settings_key(media: MediaType, width: int, height: int, settings: ScanSettings) -> str:
    """:func:`settings_key`, and for a video also the frame rate it was sampled at (so that
    changing ``--video-fps`` rescans videos only)."""
    key = settings_key(width, height, settings)
    return f"{key}:fps{settings.video_fps:g}" if media == MediaType.VIDEO else key


MOTION_KEY = ":live"  # its Live Photo clip or motion video was scanned too (``--live-clips``)


def motion_key(key: str, settings: ScanSettings, has_motion: bool) -> str:
    """``key``, marked when ``--live-clips`` scans the photo's motion part too: turning the
    option on or off rescans exactly the Live Photos and motion photos."""
    return key + MOTION_KEY if settings.live_clips and has_motion else key
