"""Small clips made in the tests from the photos of sample-album, so that what a clip holds
(who, when, which way up) is known."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from PIL import Image

from tests.conftest import SAMPLE

OBAMA_PHOTO = SAMPLE / "2019/Campaign/obama.jpg"
BIDEN_PHOTO = SAMPLE / "2019/Campaign/biden.jpg"
CLIP_SIZE = (640, 480)
FIXED_ONE = 1 << 16  # 16.16 fixed point, as the MP4 track header's matrix stores it
FIXED_W = 1 << 30  # 2.30 fixed point, its third column


@dataclass(frozen=True)
class Shot:
    photo: Path
    seconds: float


def _frame(photo: Path, size: tuple[int, int]) -> np.ndarray:
    """The photo fitted into ``size`` on black, as a camera frame would frame it."""
    with Image.open(photo) as im:
        picture = im.convert("RGB")
    picture.thumbnail(size)
    canvas = Image.new("RGB", size)
    canvas.paste(picture, ((size[0] - picture.width) // 2, (size[1] - picture.height) // 2))
    return np.asarray(canvas)


def make_clip(
    path: Path,
    shots: list[Shot],
    fps: int = 5,
    size: tuple[int, int] = CLIP_SIZE,
    created: str | None = None,
    sideways: bool = False,
    codec: str = "libx264",
    pix_fmt: str = "yuv420p",
    bit_rate: int | None = None,
    metadata: dict[str, str] | None = None,
) -> Path:
    """A clip of ``shots`` in turn: H.264 in MP4 unless told otherwise, an MP4 with its
    index at the front as phones write it (a cut-off copy still plays its start).
    ``sideways``: the frames are stored turned a quarter to the left, and the track header
    says to turn them back, as a phone held upright records. ``metadata``: keys the MOV's
    metadata carries as an iPhone writes them (``com.apple.quicktime.content.identifier``)."""
    mp4 = path.suffix.lower() in (".mp4", ".mov", ".m4v")
    flags = "faststart+use_metadata_tags" if metadata else "faststart"
    out = av.open(str(path), "w", options={"movflags": flags} if mp4 else {})
    if created:
        out.metadata["creation_time"] = created
    for key, value in (metadata or {}).items():
        out.metadata[key] = value
    width, height = (size[1], size[0]) if sideways else size
    stream = out.add_stream(codec, rate=fps)
    stream.width, stream.height, stream.pix_fmt = width, height, pix_fmt
    if bit_rate:
        stream.bit_rate = bit_rate
    for shot in shots:
        pixels = _frame(shot.photo, size)
        if sideways:
            pixels = np.ascontiguousarray(np.rot90(pixels, 1))
        frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
        for _ in range(round(shot.seconds * fps)):
            out.mux(stream.encode(frame.reformat(format=pix_fmt)))  # a frame of its own each
    out.mux(stream.encode())
    out.close()
    if sideways:
        _turn_right_on_play(path)
    return path


def _turn_right_on_play(path: Path) -> None:
    """Write a quarter turn clockwise into the track header's display matrix."""
    data = bytearray(path.read_bytes())
    at = data.find(b"tkhd")
    version = data[at + 4]
    matrix = at + 8 + (32 if version == 1 else 20) + 16
    data[matrix : matrix + 36] = struct.pack(
        ">9i", 0, FIXED_ONE, 0, -FIXED_ONE, 0, 0, 0, 0, FIXED_W
    )
    path.write_bytes(bytes(data))


def with_unknown_codec(path: Path) -> Path:
    """The clip with its codec renamed to one no decoder knows (a camera's own format)."""
    data = path.read_bytes().replace(b"avc1", b"zzz1").replace(b"avcC", b"zzzC")
    path.write_bytes(data)
    return path
