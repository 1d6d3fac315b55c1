"""Scanning video: seconds of scanning per minute of 1080p video, and faces stored per
minute against faces detected.

Two clips of about a minute at 1920x1080, made here from ``../shared/data``:
- ``crowd``: ``videos/crowd-1080p.mp4`` (4.2 s, a crowd walking towards the camera) played
  15 times over, its packets copied (no re-encoding): many faces, small and moving;
- ``two people``: H.264 frames of two sample-album photos side by side, 60 s at 25 fps: the
  clip a phone records of two people talking.

Each is scanned on its own, cold, with the default settings (one frame a second), then both
together (a clip is one job, so one clip keeps one core busy; a library's clips keep all).

    python benchmarks/bench_video.py [--fps 1] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import av
import numpy as np
from PIL import Image

from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.scan import scan_library
from albumfaces.store import Store

# the face model files where the tests read them, unless ALBUMFACES_MODELS says otherwise
os.environ.setdefault(
    "ALBUMFACES_MODELS", str(Path(__file__).resolve().parents[2] / "shared" / "data" / "models")
)
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CROWD = DATA / "videos" / "crowd-1080p.mp4"
LOOPS = 15
FULL_HD = (1920, 1080)
TALK_SECONDS = 60
TALK_FPS = 25


def looped_crowd(dest: Path) -> Path:
    """The crowd clip LOOPS times over, packets copied with shifted times."""
    with av.open(str(CROWD)) as source, av.open(str(dest), "w") as out:
        stream = source.streams.video[0]
        copy = out.add_stream_from_template(stream)
        packets = [p for p in source.demux(stream) if p.dts is not None]
        span = max(p.pts + (p.duration or 0) for p in packets) - min(p.pts for p in packets)
        for loop in range(LOOPS):
            for packet in packets:
                packet.pts += span if loop else 0
                packet.dts += span if loop else 0
                packet.stream = copy
                out.mux(packet)
    return dest


def two_people(dest: Path) -> Path:
    """Two sample-album portraits side by side for TALK_SECONDS at 1080p."""
    canvas = Image.new("RGB", FULL_HD)
    for i, rel in enumerate(("2019/Campaign/obama.jpg", "2019/Campaign/biden.jpg")):
        with Image.open(DATA / "sample-album" / rel) as im:
            im = im.convert("RGB")
            im.thumbnail((FULL_HD[0] // 2, FULL_HD[1]))
            canvas.paste(im, (i * FULL_HD[0] // 2, 0))
    frame = av.VideoFrame.from_ndarray(np.asarray(canvas), format="rgb24")
    with av.open(str(dest), "w") as out:
        stream = out.add_stream("libx264", rate=TALK_FPS, options={"preset": "ultrafast"})
        stream.width, stream.height, stream.pix_fmt = *FULL_HD, "yuv420p"
        for _ in range(TALK_SECONDS * TALK_FPS):
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return dest


def scan_clips(name: str, clips: list[Path], fps: float, workers: int) -> None:
    """Scan ``clips`` into a new library, cold, and print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "clips"
        folder.mkdir()
        for clip in clips:
            os.symlink(clip, folder / clip.name)
        with Store.open(Path(tmp) / "faces.db") as store:
            started = time.perf_counter()
            report = scan_library(
                store, [str(folder)], ScanOptions(ScanSettings(video_fps=fps), workers)
            )
            seconds = time.perf_counter() - started
    minutes = report.video_seconds / 60
    print(
        f"{name}: {report.video_seconds:.1f} s of video scanned in {seconds:.1f} s "
        f"({seconds / minutes:.1f} s a minute); faces detected {report.video_faces_detected} "
        f"({report.video_faces_detected / minutes:.0f} a minute), stored {report.faces} "
        f"({report.faces / minutes:.0f} a minute)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fps", type=float, default=ScanSettings().video_fps)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clips = [looped_crowd(Path(tmp) / "crowd.mp4"), two_people(Path(tmp) / "two-people.mp4")]
        for clip in clips:  # one clip is one job: it keeps one core busy
            scan_clips(clip.stem, [clip], args.fps, args.workers)
        # clips side by side keep every core busy, as in a library
        scan_clips("both clips together", clips, args.fps, args.workers)


if __name__ == "__main__":
    main()
