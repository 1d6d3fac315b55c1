"""Scanning a video clip: sample frames, find faces in each with the photo pipeline, keep a
few representative faces a person (:mod:`albumfaces.cluster.clip`)."""

from __future__ import annotations

import dataclasses

import numpy as np

from albumfaces.cluster.clip import ClipFace, representative_faces
from albumfaces.models import Box, MediaType, PhotoScan
from albumfaces.scan.images import ImageError, UprightImage, iso_time
from albumfaces.scan.plan import detection_size, media_settings_key
from albumfaces.scan.videos import sample_frames


def sharpness(pixels: np.ndarray, box: Box) -> float:
    """Variance of the Laplacian of the face's grey crop: blur and motion lower it."""
    crop = pixels[max(box.top, 0) : box.bottom, max(box.left, 0) : box.right]
    if crop.shape[0] < 3 or crop.shape[1] < 3:
        return 0.0
    grey = crop.astype(np.float32).mean(axis=2)
    laplacian = (
        4 * grey[1:-1, 1:-1] - grey[:-2, 1:-1] - grey[2:, 1:-1] - grey[1:-1, :-2] - grey[1:-1, 2:]
    )
    return float(laplacian.var())


@dataclasses.dataclass(frozen=True)
class ClipScan:
    scan: PhotoScan
    detected: int  # faces found in all sampled frames, before keeping a few a person
    note: str | None = None  # why decoding stopped before the end, when it did


def scan_clip(pipeline, path: str, content_hash: str, mtime_ns: int) -> ClipScan:
    """Sample ``path`` at the pipeline's video rate and keep its representative faces.
    Raises :class:`ImageError` when no frame can be read at all."""
    settings = pipeline.settings
    frames = sample_frames(path, settings.video_fps, lambda w, h: detection_size(w, h, settings))
    info = frames.info
    found: list[ClipFace] = []
    sampled = 0
    for frame in frames:
        sampled += 1
        height, width = frame.pixels.shape[:2]
        image = UprightImage(width, height, "video", frame.pixels, frame.detect)
        for face in pipeline.find_faces(image):
            timed = dataclasses.replace(face, time=round(frame.time, 3))
            found.append(ClipFace(timed, sharpness(frame.pixels, face.box)))
    note = None
    if frames.broken_reason is not None:
        if sampled == 0:
            raise ImageError(f"no frame can be decoded ({frames.broken_reason})")
        note = (
            f"decoded to {frames.broken_at:.1f} s of {info.duration:.1f} s, kept the faces "
            f"of those frames ({frames.broken_reason})"
        )
    scan = PhotoScan(
        hash=content_hash,
        width=info.width,
        height=info.height,
        format=info.codec,
        settings_key=media_settings_key(MediaType.VIDEO, info.width, info.height, settings),
        faces=tuple(representative_faces(found)),
        taken_at=info.created_at or iso_time(mtime_ns),
        media=MediaType.VIDEO,
        duration=round(info.duration, 3),
    )
    return ClipScan(scan, len(found), note)
