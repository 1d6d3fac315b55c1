"""Reading video clips with PyAV (its wheels bundle FFmpeg): what is a video, how long it is,
when it was made, and its frames sampled at a rate, upright.

Every way a clip can fail becomes an :class:`ImageError` with a short reason; a clip that
breaks partway keeps the frames before the break (:class:`Frames` says where it stopped)."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from albumfaces.media.images import ImageError
from albumfaces.media.motion import Stretch
from albumfaces.models import ClipSource

VIDEO_SUFFIXES = frozenset(
    ".mp4 .mov .m4v .avi .mkv .webm .3gp .3g2 .mts .m2ts .mpg .mpeg .wmv .qt".split()
)
# Larger than 8K (33 MP): a header claiming more is damaged or hostile, not a family clip.
MAX_VIDEO_PIXELS = 40_000_000
MAX_VIDEO_SECONDS = 24 * 3600  # a longer duration is a broken header
# A clip whose last frame comes this long (plus a sampling step) before its stated end was
# cut off: its header promised more.
END_SLACK_SECONDS = 1.0
SNIFF_BYTES = 192  # an MPEG transport stream repeats its sync byte every 188 bytes
TS_PACKET = 188


def has_video_signature(head: bytes) -> bool:
    """The first bytes of a file look like a video container: ISO/QuickTime (MP4, MOV, M4V,
    3GP), AVI, Matroska/WebM, MPEG program or transport stream."""
    return (
        head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free")
        or (head[:4] == b"RIFF" and head[8:12] == b"AVI ")
        or head[:4] == b"\x1a\x45\xdf\xa3"
        or head[:4] == b"\x00\x00\x01\xba"
        or (len(head) > TS_PACKET and head[0] == head[TS_PACKET] == 0x47)
    )


@dataclass(frozen=True)
class VideoInfo:
    width: int  # upright: a portrait phone clip is taller than wide
    height: int
    duration: float  # seconds
    codec: str
    created_at: str | None  # the container's creation time, ISO 8601, if it has one


@dataclass
class Frame:
    time: float
    pixels: np.ndarray  # upright RGB, full size
    detect: np.ndarray  # upright RGB, reduced for detection


@dataclass
class Frames:
    """Sampled frames, and after the loop: where decoding stopped if it broke."""

    info: VideoInfo
    iterator: Iterator[Frame]
    broken_at: float | None = None
    broken_reason: str | None = None

    def __iter__(self) -> Iterator[Frame]:
        return self.iterator


def _reason(exc: BaseException) -> str:
    """FFmpeg's words for what went wrong, without the path (the failure line has it)."""
    text = getattr(exc, "strerror", None) or str(exc).strip() or type(exc).__name__
    return re.sub(r"^\[Errno -?\d+\] |: '.*'$", "", text).strip()


def _open(source: str | ClipSource):
    """A container for a clip's file, or for the video a motion photo carries."""
    import av

    path = source.path if isinstance(source, ClipSource) else source
    if os.path.getsize(path) == 0:
        raise ImageError("empty file (0 bytes)")
    try:
        if isinstance(source, ClipSource) and source.embedded:
            container = av.open(Stretch(source), metadata_errors="ignore")
        else:
            container = av.open(path, metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        raise ImageError(
            f"not a video that can be read: truncated, damaged or not a video ({_reason(exc)})"
        ) from exc
    if not container.streams.video:
        container.close()
        raise ImageError("no video stream (audio only, or not a video)")
    if container.streams.video[0].codec_context is None:
        container.close()
        raise ImageError("the video's codec is not one FFmpeg can decode")
    return container


def container_time(raw: str | None) -> str | None:
    """A date of a clip's metadata (``creation_time``, Apple's ``creationdate``) as
    ``YYYY-MM-DDTHH:MM:SS``, as written, without its zone; None when unset."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})", raw or "")
    if not match or match.group(1) in ("0000", "1904", "1970"):  # unset, as cameras write it
        return None
    y, mo, d, h, mi, s = match.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}"


def clip_duration(container, stream) -> float:
    """Seconds, from the stream's header, else the container's."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000  # AV_TIME_BASE
    return 0.0


def _quarter_turns(frame) -> int:
    """Counter-clockwise quarter turns that make the frame upright (the rotation phones
    record in the track's display matrix: ``-90`` for a portrait iPhone clip)."""
    return round(frame.rotation / 90) % 4


def _check(width: int, height: int, duration: float) -> None:
    if width <= 0 or height <= 0:
        raise ImageError("video without a picture size")
    if width * height > MAX_VIDEO_PIXELS:
        raise ImageError(f"video frames of {width}x{height} pixels refused (damaged header?)")
    if not math.isfinite(duration) or duration > MAX_VIDEO_SECONDS:
        raise ImageError(f"video duration of {duration:.0f} s refused (damaged header?)")


def probe(path: str | ClipSource) -> VideoInfo:
    """A clip's size (upright), duration and date, reading its header and first frame."""
    import av

    container = _open(path)
    try:
        stream = container.streams.video[0]
        duration = clip_duration(container, stream)
        width, height = stream.codec_context.width, stream.codec_context.height
        _check(width, height, duration)
        try:
            first = next(container.decode(stream), None)
        except av.error.FFmpegError as exc:
            raise ImageError(f"no frame can be decoded ({_reason(exc)})") from exc
        if first is None:
            raise ImageError("no frame can be decoded")
        if _quarter_turns(first) % 2:
            width, height = height, width
        codec = stream.codec_context.name
        created = container_time(container.metadata.get("creation_time"))
        return VideoInfo(width, height, duration, codec, created)
    finally:
        container.close()


def sample_frames(
    path: str | ClipSource, fps: float, detect_size, start: float = 0.0, end: float | None = None
) -> Frames:
    """Frames every ``1 / fps`` seconds of the clip (at 0, 1/fps, 2/fps, ...) from ``start``
    up to ``end`` (the clip's end when None), upright. ``detect_size(w, h)`` gives the size
    of the detection copy. Decoding goes to ``end``, or to the first error, which
    :class:`Frames` then records."""
    info = probe(path)
    frames = Frames(info, iter(()))
    frames.iterator = _decode(path, fps, detect_size, frames, start, end)
    return frames


class _SeekMissed(Exception):
    """A seek landed past the wanted time, or on nothing (a format without an index)."""


def _offset(stream) -> float:
    """When the stream's first frame is shown: clip times count from there (an MPEG
    transport stream starts at 1.4 s, say), so that they match the clip's duration."""
    if stream.start_time is None or stream.time_base is None:
        return 0.0
    return float(stream.start_time * stream.time_base)


def _seek(container, stream, time: float) -> bool:
    """To the key frame at or before ``time`` (clip time): decoding from there gives the
    same frames as from the beginning. False when there is nothing to seek."""
    if time <= 0 or stream.time_base is None:
        return False
    target = int((time + _offset(stream)) / stream.time_base)
    container.seek(target, stream=stream, backward=True)
    return True


def _decode(
    path: str | ClipSource, fps: float, detect_size, frames: Frames, start, end
) -> Iterator[Frame]:
    """Decode from ``start`` (seeking), or from the beginning when seeking misses."""
    try:
        yield from _decode_once(path, fps, detect_size, frames, start, end, seek=True)
    except _SeekMissed:
        yield from _decode_once(path, fps, detect_size, frames, start, end, seek=False)


def _decode_once(path, fps, detect_size, frames: Frames, start, end, seek: bool):
    import av

    step = 1.0 / fps
    next_time = math.ceil(start / step - 1e-9) * step  # on the clip's grid of samples
    last_time = start
    container = _open(path)
    try:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"  # FFmpeg decodes with threads of its own
        offset = _offset(stream)
        seeked = seek and _seek(container, stream, start)
        for frame in container.decode(stream):
            t = float(frame.time) - offset if frame.time is not None else last_time
            if seeked:  # the first frame after a seek must not be past the start
                if t > next_time + 1e-6:
                    raise _SeekMissed
                seeked = False
            if end is not None and t >= end - 1e-6:
                break
            last_time = max(last_time, t)
            if t + 1e-6 < next_time:
                continue
            next_time = (math.floor(t / step + 1e-9) + 1) * step
            yield _upright(frame, t, detect_size)
        else:
            if seeked:  # nothing at all after the seek
                raise _SeekMissed
            stop = frames.info.duration if end is None else min(end, frames.info.duration)
            if stop - last_time > END_SLACK_SECONDS + step:
                frames.broken_at, frames.broken_reason = last_time, "the clip ends early"
    except av.error.FFmpegError as exc:
        if seeked:
            raise _SeekMissed from exc
        frames.broken_at, frames.broken_reason = last_time, _reason(exc)
    finally:
        container.close()


def _upright(frame, t: float, detect_size) -> Frame:
    turns = _quarter_turns(frame)
    width, height = frame.width, frame.height
    if turns % 2:
        width, height = height, width
    det_w, det_h = detect_size(width, height)
    pixels = np.rot90(frame.to_ndarray(format="rgb24"), turns)
    if (det_w, det_h) == (width, height):
        detect = pixels
    else:  # FFmpeg's scaler, on the stored (unturned) frame
        stored = (det_h, det_w) if turns % 2 else (det_w, det_h)
        small = frame.reformat(width=stored[0], height=stored[1], format="rgb24")
        detect = np.rot90(small.to_ndarray(), turns)
    return Frame(t, np.ascontiguousarray(pixels), np.ascontiguousarray(detect))


def frame_at(path: str | ClipSource, time: float) -> np.ndarray:
    """The frame shown at ``time`` seconds into the clip, upright RGB at full size (for a
    face's crop or the clip's view). Raises :class:`ImageError`."""
    found = _frame_near(path, time, seek=True)
    return found if found is not None else _frame_near(path, time, seek=False)


def _frame_near(path: str | ClipSource, time: float, seek: bool) -> np.ndarray | None:
    """The last frame shown at or before ``time``; None when a seek missed it."""
    import av

    container = _open(path)
    seeked = False
    try:
        stream = container.streams.video[0]
        offset = _offset(stream)
        seeked = seek and _seek(container, stream, time)
        shown = None
        for frame in container.decode(stream):
            t = float(frame.time) - offset if frame.time is not None else None
            if t is not None and t > time + 1e-6 and (shown is not None or seeked):
                break
            shown = frame
        if shown is None or (
            seeked and shown.time is not None and float(shown.time) - offset > time + 1e-6
        ):
            if seeked:
                return None
            raise ImageError(f"no frame at {time:.1f} s")
        return np.ascontiguousarray(
            np.rot90(shown.to_ndarray(format="rgb24"), _quarter_turns(shown))
        )
    except av.error.FFmpegError as exc:
        if seeked:
            return None
        raise ImageError(f"no frame at {time:.1f} s ({_reason(exc)})") from exc
    finally:
        container.close()
