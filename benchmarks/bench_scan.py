"""Cold scan speed and peak memory against face_recognition's own defaults, in one run.

Usage: python benchmarks/bench_scan.py [PHOTO_DIR] [--baseline-images N] [--workers N]
       [--models intel dlib]

The baseline repeats face_recognition 1.3.0's calls exactly (load_image_file, face_locations
with HOG and upsample 1 at full resolution, face_encodings), one image at a time in one
process, through dlib directly (the face_recognition package itself does not import on a
current setuptools). albumfaces runs `scan` with its defaults into a new database, once with
each face model. Also checks that each model finds every face of sample-album/labels.csv.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

# the face model files where the tests read them, unless ALBUMFACES_MODELS says otherwise
os.environ.setdefault(
    "ALBUMFACES_MODELS", str(Path(__file__).resolve().parents[2] / "shared" / "data" / "models")
)
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def baseline_seconds_per_image(files: list[Path]) -> tuple[float, int]:
    import dlib
    import numpy as np
    from PIL import Image

    from albumfaces.recognition.dlib_parts import models_dir

    detector = dlib.get_frontal_face_detector()
    predictor = dlib.shape_predictor(str(models_dir() / "shape_predictor_5_face_landmarks.dat"))
    encoder = dlib.face_recognition_model_v1(
        str(models_dir() / "dlib_face_recognition_resnet_model_v1.dat")
    )
    faces = 0
    started = time.perf_counter()
    for path in files:
        image = np.array(Image.open(path).convert("RGB"))  # load_image_file
        h, w = image.shape[:2]
        for r in detector(image, 1):  # face_locations(img)
            rect = dlib.rectangle(
                max(r.left(), 0), max(r.top(), 0), min(r.right(), w), min(r.bottom(), h)
            )
            encoder.compute_face_descriptor(image, predictor(image, rect), 1)  # face_encodings
            faces += 1
    return (time.perf_counter() - started) / len(files), faces


def albumfaces_scan(folder: Path, workers: int | None, model: str, max_size=None) -> tuple:
    from albumfaces.models import ScanOptions, ScanSettings
    from albumfaces.scan import scan_library
    from albumfaces.store import Store

    settings = ScanSettings(face_model=model)
    if max_size is not None:
        settings = ScanSettings(max_size=max_size, face_model=model)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        report = scan_library(store, [str(folder)], ScanOptions(settings, workers))
        faces = Counter(f.path for f in store.iter_faces())
    return report, faces


def check_reference_faces(workers: int | None, model: str) -> list[str]:
    album = DATA / "sample-album"
    _, faces = albumfaces_scan(album, workers, model)
    missing = []
    with open(album / "labels.csv", newline="") as f:
        for row in csv.DictReader(f):
            found = faces.get(str(album / row["path"]), 0)
            if found < int(row["reference_faces"]):
                missing.append(f"{row['path']}: {found} of {row['reference_faces']}")
    return missing


def peak_rss_mb(who) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DATA / "album-12mp")
    parser.add_argument("--baseline-images", type=int, default=0, help="0 = all")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--models", nargs="+", default=["intel", "dlib"])
    args = parser.parse_args()
    files = sorted(p for p in args.folder.iterdir() if not p.name.startswith("."))
    print(f"machine: {platform.machine()} {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"photos: {len(files)} in {args.folder}")

    results = []
    for model in args.models:
        report, _ = albumfaces_scan(args.folder, args.workers, model)
        ours = len(files) / report.seconds
        worker_peak = peak_rss_mb(resource.RUSAGE_CHILDREN)  # the largest child so far
        print(
            f"albumfaces scan --face-model {model} (defaults, workers="
            f"{args.workers or os.cpu_count()}): {report.seconds:.1f} s, {ours:.2f} images/s, "
            f"{report.faces} faces, {report.failed} failed"
        )
        print(f"  peak RSS of the largest worker so far: {worker_peak:.0f} MB")
        missing = check_reference_faces(args.workers, model)
        print(
            f"  sample-album reference faces missed: {len(missing)}"
            + "".join(f"\n    {m}" for m in missing)
        )
        results.append((model, ours))
    # last: the workers' peak memory (ru_maxrss) would carry over the baseline's otherwise
    sample = files[: args.baseline_images or None]
    base_spi, base_faces = baseline_seconds_per_image(sample)
    base_peak = peak_rss_mb(resource.RUSAGE_SELF)
    print(
        f"face_recognition defaults ({len(sample)} images, 1 process): "
        f"{1 / base_spi:.3f} images/s, {base_faces} faces, peak RSS {base_peak:.0f} MB"
    )
    for model, ours in results:
        print(f"speed-up of --face-model {model}: {ours * base_spi:.1f}x")


if __name__ == "__main__":
    main()
