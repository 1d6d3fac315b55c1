"""Switching a library from dlib to the default model: time and peak memory of re-encoding.

Usage: python benchmarks/bench_reencode.py [--faces 10000] [--keep DIR]

Builds a library of lfw-dev photos and variants of them (mirrored, then cropped by a few
pixels: other content, so other photos to the cache) until it holds about ``--faces``
faces, scans and clusters it with dlib, names 50 people, then runs `scan --face-model intel`
(every face encoded again; the photos keep dlib's HOG boxes) and checks that every face is
the new model's and that every decision is still there.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageOps

os.environ.setdefault(
    "ALBUMFACES_MODELS", str(Path(__file__).resolve().parents[2] / "shared" / "data" / "models")
)
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "lfw-dev"
NAMED = 50


def build_library(root: Path, faces: int) -> int:
    """Copies and variants of lfw-dev's photos; returns how many photos."""
    originals = sorted(DATA.rglob("*.jpg"))
    count = 0
    for round_ in range(1 + faces // len(originals)):
        for photo in originals:
            if count >= faces:
                return count
            target = root / f"round-{round_}" / photo.relative_to(DATA)
            target.parent.mkdir(parents=True, exist_ok=True)
            if round_ == 0:
                shutil.copy2(photo, target)
            else:
                with Image.open(photo) as im:
                    variant = ImageOps.mirror(im) if round_ % 2 else im
                    inset = round_ // 2
                    variant.crop((inset, inset, im.width - inset, im.height - inset)).save(
                        target, quality=92
                    )
            count += 1
    return count


def decisions(store) -> list:
    return sorted(
        store.db.execute(
            "SELECT p.name, f.photo_hash, f.top, f.left FROM assignments a "
            "JOIN faces f ON f.id = a.face_id JOIN people p ON p.id = a.person_id "
            "WHERE a.source = 'user'"
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", type=int, default=10_000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()

    from albumfaces import people as decide
    from albumfaces.models import ScanOptions, ScanSettings
    from albumfaces.people import recluster
    from albumfaces.scan import scan_library
    from albumfaces.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        root, db = folder / "library", folder / "library.db"
        if not root.exists():
            print(f"built {build_library(root, args.faces)} photos")
        with Store.open(db) as store:
            report = scan_library(store, [str(root)], ScanOptions(ScanSettings(face_model="dlib")))
            print(f"dlib scan: {report.new} new, {report.faces} faces in {report.seconds:.0f} s")
            recluster(store)
            people = sorted(store.list_people(), key=lambda p: -p.faces)[:NAMED]
            for i, person in enumerate(people):
                if not person.named:
                    decide.name_person(store, person.id, f"Person {i}")
            before = decisions(store)
            faces = store.status().faces
            started = time.perf_counter()
            report = scan_library(store, [str(root)], ScanOptions(ScanSettings(face_model="intel")))
            seconds = time.perf_counter() - started
            after = decisions(store)
            _, encodings, _ = store.load_face_set()
            status = store.status()
        print(
            f"switch to intel: {report.rescanned} photos, {faces} faces before, "
            f"{status.faces} after, in {seconds:.1f} s ({status.faces / seconds:.0f} faces/s)"
        )
        print(f"  vectors now {encodings.shape[1]}-d, photos by model {status.photos_by_model}")
        print(f"  user decisions kept: {len(after)} of {len(before)}, same: {after == before}")
        print(
            f"  peak RSS: driver {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
            f" MB, largest worker "
            f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB"
        )


if __name__ == "__main__":
    main()
