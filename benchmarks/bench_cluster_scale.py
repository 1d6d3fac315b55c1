"""Clustering 100,000 faces: time and peak memory, pure core and full `cluster` run.

Usage: python benchmarks/bench_cluster_scale.py [--faces 100000] [--lfw-db DB]

Synthetic encodings of known structure (identities with power-law sizes, like a family
library: a few people in thousands of photos, many in a handful; spreads like dlib's), plus
the real lfw-dev encodings when --lfw-db points at a scanned lfw-dev database. Then the same
faces in a store, clustered by `recluster` (reads, plans, writes people) with a few named.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from albumfaces.cluster.algorithms import cluster_encodings
from albumfaces.cluster.evaluate import bcubed


def synthetic(count: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    # power-law identity sizes, drawn until they hold ``count`` faces (count/2 draws are
    # always enough: the mean size is about 16)
    sizes = (rng.pareto(1.2, size=max(2, count // 2)) * 3).astype(np.int64) + 1
    sizes = sizes[: np.searchsorted(np.cumsum(sizes), count) + 1]
    sizes[-1] -= sizes.sum() - count
    centres = rng.normal(size=(len(sizes), 128))
    centres *= 0.7 / np.linalg.norm(centres, axis=1, keepdims=True)  # ~1.0 apart
    truth = np.repeat(np.arange(len(sizes)), sizes)
    # per-dimension noise so faces of one person are ~0.35 apart, like dlib's encodings
    points = centres[truth] + rng.normal(scale=0.35 / np.sqrt(256), size=(count, 128))
    return points.astype(np.float32), truth


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lfw_encodings(db: Path) -> np.ndarray:
    from albumfaces.store import Store

    with Store.open(db) as store:
        return store.load_face_set()[1]


def fill_store(store, encodings: np.ndarray) -> list[int]:
    from albumfaces.models import Box, DetectedFace, FileRecord, PhotoScan

    with store.transaction():
        for i, encoding in enumerate(encodings):
            face = DetectedFace(Box(0, 10, 10, 0), (), encoding)
            store.save_photo(PhotoScan(f"h{i:07d}", 10, 10, "JPEG", "bench", (face,)))
        store.save_files(
            FileRecord(f"/bench/{i}.jpg", 1, 1, "photo", f"h{i:07d}") for i in range(len(encodings))
        )
    return store.load_face_set()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", type=int, default=100_000)
    parser.add_argument("--lfw-db", type=Path)
    args = parser.parse_args()
    real = lfw_encodings(args.lfw_db) if args.lfw_db else np.zeros((0, 128), np.float32)
    fake, truth = synthetic(args.faces - len(real))
    encodings = np.vstack([fake, real])
    print(
        f"faces: {len(encodings)} ({len(fake)} synthetic in {truth.max() + 1} identities, "
        f"{len(real)} real from lfw-dev)"
    )
    base = peak_mb()
    for method in ("chinese-whispers", "dbscan"):
        started = time.perf_counter()
        labels = cluster_encodings(encodings, method, 0.5 if method != "dbscan" else 0.45, 2)
        seconds = time.perf_counter() - started
        score = bcubed(list(truth), labels[: len(fake)])
        print(
            f"{method}: {seconds:.1f} s, {labels.max() + 1} clusters, synthetic BCubed "
            f"P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f}, "
            f"peak RSS {peak_mb():.0f} MB (before: {base:.0f} MB)"
        )

    from albumfaces.people import name_person, recluster
    from albumfaces.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        started = time.perf_counter()
        fill_store(store, encodings)
        print(f"store filled in {time.perf_counter() - started:.1f} s")
        first = recluster(store)
        for person in store.list_people()[:20]:
            name_person(store, person.id, f"Named {person.id}")
        again = recluster(store)
        print(f"recluster (first run): {first.seconds:.1f} s, {first.people} people")
        print(
            f"recluster (20 named, propagation): {again.seconds:.1f} s, "
            f"{again.propagated} propagated, {again.clustered} clustered"
        )
        print(f"peak RSS of the whole benchmark: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
