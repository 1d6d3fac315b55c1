"""Rescan speed of an unchanged library: files per second when nothing has changed.

Usage: python benchmarks/bench_rescan.py [--files 20000] [--dir DIR]

Builds DIR (a temporary folder by default) with N distinct small PNG images in nested
folders, scans it once (cold), then times rescans: through the library, and as a whole
`albumfaces scan --json` process (start-up included).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# the face model files where the tests read them, unless ALBUMFACES_MODELS says otherwise
os.environ.setdefault(
    "ALBUMFACES_MODELS", str(Path(__file__).resolve().parents[2] / "shared" / "data" / "models")
)


def build_library(root: Path, count: int) -> None:
    from PIL import Image

    per_folder = 100
    for i in range(count):
        folder = root / f"{2000 + i // 5000}" / f"event-{i // per_folder:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        # distinct content per file, so each is a photo of its own in the cache
        colour = (i % 256, (i // 256) % 256, (i // 65536) % 256)
        Image.new("RGB", (16, 16), colour).save(folder / f"IMG_{i:05d}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()

    from albumfaces.scan import scan_library
    from albumfaces.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        root = args.dir or Path(tmp) / "library"
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        build_library(root, args.files)
        print(f"built {args.files} files in {time.perf_counter() - started:.1f} s")
        with Store.open(db) as store:
            cold = scan_library(store, [str(root)])
            print(f"cold scan: {cold.new} new in {cold.seconds:.1f} s")
            best = float("inf")
            for _ in range(3):
                report = scan_library(store, [str(root)])
                assert report.unchanged == args.files, report
                best = min(best, report.seconds)
        print(f"rescan (library call, best of 3): {best:.3f} s = {args.files / best:,.0f} files/s")
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "albumfaces", "--db", str(db), "scan", str(root), "--json"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ},
        )
        wall = time.perf_counter() - started
        assert json.loads(out.stdout)["unchanged"] == args.files
        print(f"rescan (whole CLI process): {wall:.3f} s = {args.files / wall:,.0f} files/s")


if __name__ == "__main__":
    main()
