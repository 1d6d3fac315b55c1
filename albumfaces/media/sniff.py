"""What a file is: a photo, a video, or neither, told by its name and then its content."""

from __future__ import annotations

import os

from albumfaces.media.images import IMAGE_SUFFIXES, ImageError, failure_reason, looks_like_image
from albumfaces.media.videos import (
    SNIFF_BYTES,
    VIDEO_SUFFIXES,
    clip_duration,
    has_video_signature,
)
from albumfaces.models import MediaType


def media_type(path: str) -> MediaType | None:
    """A photo or video suffix (.jpg, .HEIC, .mp4, .MOV, ...), else content Pillow reads
    (a photo) or a video container's signature; None for anything else. Raises
    :class:`ImageError` when the file cannot be read to tell."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in IMAGE_SUFFIXES:
        return MediaType.PHOTO
    if suffix in VIDEO_SUFFIXES:
        return MediaType.VIDEO
    if looks_like_image(path):
        return MediaType.PHOTO
    try:
        with open(path, "rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError as exc:
        raise ImageError(f"cannot read: {failure_reason(exc)}") from exc
    return MediaType.VIDEO if has_video_signature(head) else None


def video_duration(path: str) -> float:
    """A clip's duration from its header, 0 when it cannot be read (the scan says why)."""
    import av

    try:
        with av.open(path, metadata_errors="ignore") as container:
            if not container.streams.video:
                return 0.0
            return max(0.0, clip_duration(container, container.streams.video[0]))
    except Exception:  # noqa: BLE001 - only a progress weight: the scan reports the failure
        return 0.0
