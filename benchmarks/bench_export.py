"""Export speed: 100,000 album entries, then a re-export with nothing changed.

Usage: python benchmarks/bench_export.py [--entries 100000] [--people 200]

Fills a store with N photos of one face each, spread over named people, points their files at
paths under a temporary library (symlinks do not need the originals to exist), and times
`export_albums` into an empty folder, then again with nothing changed.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from bench_cluster_scale import fill_store  # same folder

from albumfaces.export import export_albums
from albumfaces.store import Store


def raw_symlinks(root: Path, count: int, folders: int) -> float:
    started = time.perf_counter()
    for f in range(folders):
        (root / str(f)).mkdir(parents=True)
    for i in range(count):
        os.symlink("../../library/photo.jpg", root / str(i % folders) / f"{i}.jpg")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--dir", help="where to make the album tree (default: the temp folder)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    encodings = rng.normal(size=(args.entries, 128)).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        face_ids = fill_store(store, encodings)
        with store.transaction():
            people = [
                store.create_person(name=f"Person {i:03d}", user_made=True)
                for i in range(args.people)
            ]
            for i, face_id in enumerate(face_ids):
                store.assign([face_id], people[i % args.people], "user")
        where = Path(tempfile.mkdtemp(dir=args.dir))
        dest = where / "albums"
        raw = raw_symlinks(where / "raw", args.entries, args.people)
        started = time.perf_counter()
        first = export_albums(store, dest)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        again = export_albums(store, dest)
        warm = time.perf_counter() - started
    print(f"album folder: {where}")
    print(f"raw os.symlink of as many links there (the file system's own cost): {raw:.2f} s")
    print(
        f"first export: {first.added} entries in {args.people} folders, {cold:.2f} s "
        f"({first.added / cold:,.0f} entries/s)"
    )
    print(
        f"re-export, nothing changed: {again.unchanged} unchanged, {again.added} added, "
        f"{warm:.2f} s"
    )


if __name__ == "__main__":
    main()
