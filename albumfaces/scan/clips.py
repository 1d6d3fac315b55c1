"""Scanning a video clip: sample frames, find faces in each with the photo pipeline, keep a
few representative faces a person (:mod:`albumfaces.cluster.clip`). A long clip is cut into
stretches that workers scan side by side; its faces are grouped once all are in."""

from __future__ import annotations

import dataclasses

import numpy as np

from albumfaces.cluster.clip import ClipFace, fold_into_still, representative_faces
from albumfaces.media.images import ImageError, UprightImage, detection_size, iso_time
from albumfaces.media.videos import VideoInfo, sample_frames
from albumfaces.models import Box, ClipSource, DetectedFace, MediaType, PhotoScan, ScanSettings
from albumfaces.recognition.profiles import face_model
from albumfaces.scan.plan import media_settings_key


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
class ClipPart:
    """What a worker found in one stretch of a clip: its faces, not yet grouped."""

    info: VideoInfo
    start: float
    faces: list[ClipFace]
    sampled: int  # frames looked at
    broken_at: float | None = None  # where decoding stopped early, and why
    broken_reason: str | None = None
    error: str | None = None  # nothing of this stretch could be read


@dataclasses.dataclass(frozen=True)
class ClipScan:
    scan: PhotoScan
    detected: int  # faces found in all sampled frames, before keeping a few a person
    note: str | None = None  # why decoding stopped before the end, when it did


def find_clip_faces(
    pipeline, path: str | ClipSource, start: float = 0.0, end: float | None = None
) -> ClipPart:
    """In a worker: every face of the frames sampled from ``start`` to ``end``. Raises
    :class:`ImageError` when the clip cannot be read at all."""
    settings = pipeline.settings
    frames = sample_frames(
        path, settings.video_fps, lambda w, h: detection_size(w, h, settings), start, end
    )
    found: list[ClipFace] = []
    sampled = 0
    for frame in frames:
        sampled += 1
        height, width = frame.pixels.shape[:2]
        image = UprightImage(width, height, "video", frame.pixels, frame.detect)
        for face in pipeline.find_faces(image):
            timed = dataclasses.replace(face, time=round(frame.time, 3))
            found.append(ClipFace(timed, sharpness(frame.pixels, face.box)))
    return ClipPart(frames.info, start, found, sampled, frames.broken_at, frames.broken_reason)


def assemble_clip(
    parts: list[ClipPart], content_hash: str, mtime_ns: int, settings: ScanSettings
) -> ClipScan:
    """The clip's stored content from the faces of all its stretches: a few a person.
    Raises :class:`ImageError` when no frame of any stretch could be decoded."""
    parts = sorted(parts, key=lambda part: part.start)
    read = [part for part in parts if part.error is None]
    if not any(part.sampled for part in read):
        reasons = [p.error or p.broken_reason for p in parts if p.error or p.broken_reason]
        raise ImageError(f"no frame can be decoded ({reasons[0] if reasons else 'empty'})")
    info = read[0].info
    model = face_model(settings.face_model)
    found = [face for part in read for face in part.faces]
    broken = next((p for p in parts if p.error or p.broken_reason), None)
    note = None
    if broken is not None:
        at = broken.start if broken.error else broken.broken_at
        note = (
            f"decoded to {at:.1f} s of {info.duration:.1f} s, kept the faces of the frames "
            f"that could be ({broken.error or broken.broken_reason})"
        )
    scan = PhotoScan(
        hash=content_hash,
        width=info.width,
        height=info.height,
        format=info.codec,
        settings_key=media_settings_key(MediaType.VIDEO, info.width, info.height, settings),
        faces=tuple(representative_faces(found, model.distances.clip_same_person)),
        taken_at=info.created_at or iso_time(mtime_ns),
        media=MediaType.VIDEO,
        duration=round(info.duration, 3),
        face_model=model.name,
    )
    return ClipScan(scan, len(found), note)


def motion_faces(pipeline, source: ClipSource, still: list[DetectedFace]) -> list[DetectedFace]:
    """The faces the motion part of a photo adds to its still's (``fold_into_still``).
    Raises :class:`ImageError` when the clip cannot be read."""
    part = find_clip_faces(pipeline, source)
    return fold_into_still(still, part.faces, pipeline.model.distances.clip_same_person)
