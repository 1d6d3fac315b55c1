"""iPhone Live Photos, before and after albumfaces knew them: a folder of --pairs Live Photo
pairs (a HEIC still of a sample-album photo with Apple's content identifier, and a 2.5 s MOV
of the same moment, 1440x1080 at 30 fps as iPhones record it) scanned, clustered and exported
by the code before (a git worktree at --before) and by this checkout, with and without
--live-clips. Printed: scan time, videos scanned, faces stored, and album entries.

    python -m benchmarks.bench_live_photos [--pairs 200] [--before 2e1325c] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np
from PIL import Image

from albumfaces.media.live import CLIP_CONTENT_ID, CLIP_CREATION_DATE
from benchmarks.bench_review_effort import DATA
from tests.media.phone import save_still

REPO = Path(__file__).resolve().parents[1]
BEFORE = "2e1325c"  # the last commit before Live Photos were paired
CLIP_SIZE = (1440, 1080)  # an iPhone Live Photo's video
CLIP_FPS = 30
CLIP_SECONDS = 2.5


def make_pairs(folder: Path, count: int) -> None:
    photos = sorted((DATA / "sample-album").rglob("*.jpg"))
    folder.mkdir(parents=True)
    for k in range(count):
        source = photos[k % len(photos)]
        content_id = f"BENCH-{k:04d}-4C1D-4F7A-9B0E-3D5C7A9E1F20"
        with Image.open(source) as im:
            picture = im.convert("RGB")
        save_still(folder / f"IMG_{k:04d}.HEIC", picture, content_id)
        _clip(folder / f"IMG_{k:04d}.MOV", picture, content_id)


def _clip(path: Path, picture: Image.Image, content_id: str) -> None:
    frame = Image.new("RGB", CLIP_SIZE)
    fitted = picture.copy()
    fitted.thumbnail(CLIP_SIZE)
    frame.paste(fitted, ((CLIP_SIZE[0] - fitted.width) // 2, (CLIP_SIZE[1] - fitted.height) // 2))
    out = av.open(str(path), "w", format="mov", options={"movflags": "use_metadata_tags"})
    out.metadata[CLIP_CONTENT_ID] = content_id
    out.metadata[CLIP_CREATION_DATE] = "2023-05-01T12:34:55+0900"
    stream = out.add_stream("libx264", rate=CLIP_FPS, options={"preset": "ultrafast"})
    stream.width, stream.height, stream.pix_fmt = *CLIP_SIZE, "yuv420p"
    still = av.VideoFrame.from_ndarray(np.asarray(frame), format="rgb24").reformat(format="yuv420p")
    for _ in range(round(CLIP_SECONDS * CLIP_FPS)):
        out.mux(stream.encode(still))
    out.mux(stream.encode())
    out.close()


def albumfaces(code: Path, db: Path, *args) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "albumfaces", "--db", str(db), *map(str, args), "--json"]
    # run from the code's folder: `python -m` looks in the current folder first
    done = subprocess.run(command, env=env, cwd=code, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def measure(code: Path, folder: Path, work: Path, label: str, *scan_args, export_args=()):
    db = work / f"{label}.db"
    started = time.monotonic()
    scanned = albumfaces(code, db, "scan", folder, *scan_args)
    seconds = time.monotonic() - started
    albumfaces(code, db, "cluster")
    exported = albumfaces(
        code, db, "export", work / f"{label}-albums", "--include-unnamed", *export_args
    )
    status = albumfaces(code, db, "status")
    print(
        f"{label:<34} scan {seconds:6.1f} s  videos {scanned.get('videos', 0):4d}  "
        f"faces {status['faces']:4d}  album entries {exported['added']:4d}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--before", default=BEFORE, help="the commit of the code before")
    parser.add_argument("--keep", type=Path, help="keep the files here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="albumfaces-live-"))
    folder = work / "photos"
    started = time.monotonic()
    if not folder.exists():
        make_pairs(folder, args.pairs)
    print(f"{args.pairs} Live Photo pairs made in {time.monotonic() - started:.0f} s ({work})")
    before = work / "before-code"
    if not before.exists():
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(before), args.before],
            check=True,
            capture_output=True,
        )
    try:
        measure(before, folder, work, f"before ({args.before})")
        measure(REPO, folder, work, "after")
        measure(REPO, folder, work, "after, --with-live-clips", export_args=["--with-live-clips"])
        measure(REPO, folder, work, "after, scan --live-clips", "--live-clips")
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(before)])
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
