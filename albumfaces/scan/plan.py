"""Which resolution to detect and encode at: pure functions of image size and settings.

Detection cost grows with pixels (times four per upsample step), so a 12 MP photo is detected
on a copy whose long side is ``max_size``. Encodings are computed on the least reduced image
that was decoded anyway, because dlib's 150 px face chip loses detail when cut from a small copy.
"""

from __future__ import annotations

from albumfaces.models import MediaType, ScanSettings

# Bump when the pipeline changes in a way that changes boxes or encodings, so rescans redo them.
PIPELINE_VERSION = 1


def detection_size(width: int, height: int, settings: ScanSettings) -> tuple[int, int]:
    """The size of the copy that detection runs on (the image itself when small enough)."""
    long_side = max(width, height)
    if settings.max_size == 0 or long_side <= settings.max_size:
        return width, height
    scale = settings.max_size / long_side
    return max(1, round(width * scale)), max(1, round(height * scale))


def settings_key(width: int, height: int, settings: ScanSettings) -> str:
    """A key equal for two settings exactly when they give this photo the same faces.

    A photo smaller than both ``max_size`` values is detected at full size either way, so
    changing ``max_size`` does not rescan it.
    """
    det_w, det_h = detection_size(width, height, settings)
    resolution = "full" if (det_w, det_h) == (width, height) else f"{max(det_w, det_h)}px"
    return f"v{PIPELINE_VERSION}:{settings.model}:up{settings.upsample}:{resolution}"


def media_settings_key(media: MediaType, width: int, height: int, settings: ScanSettings) -> str:
    """:func:`settings_key`, and for a video also the frame rate it was sampled at (so that
    changing ``--video-fps`` rescans videos only)."""
    key = settings_key(width, height, settings)
    return f"{key}:fps{settings.video_fps:g}" if media == MediaType.VIDEO else key
