"""Clustering quality on Labeled Faces in the Wild: BCubed precision, recall and F1.

Usage: python benchmarks/bench_cluster_quality.py [--db DB] [--data ../shared/data/lfw-dev]

Scans lfw-dev with dlib into DB (reused if it holds the scan already; a temporary one
otherwise), labels the largest face of each photo by its folder (people/<Name>/) or as a
person of its own (strangers/), and scores both methods over several thresholds, plus dlib's
own recipe (dlib.chinese_whispers_clustering, unweighted, threshold 0.5) on the same
encodings. The default face model's figures: bench_face_models.py.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from albumfaces.cluster.algorithms import cluster_encodings
from albumfaces.cluster.defaults import DEFAULT_METHOD, DEFAULT_MIN_FACES, DEFAULT_THRESHOLD
from albumfaces.cluster.evaluate import bcubed
from albumfaces.cluster.knn import Search
from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.scan import scan_library
from albumfaces.store import Store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lfw-dev"
GRID = {
    "chinese-whispers": [0.45, 0.48, 0.5, 0.51, 0.52, 0.53, 0.55],
    "dbscan": [0.4, 0.42, 0.45, 0.48, 0.5],
}


def identity(path: str) -> str:
    parts = Path(path).parts
    return parts[-2] if parts[-3] == "people" else "stranger:" + parts[-1]


def labelled_faces(store: Store, identity=identity):
    """Encodings and photo numbers of all faces; indices and truth (``identity`` of a
    path) of the labelled ones: the largest face of each photo."""
    ids, encodings, photos = store.load_face_set()
    faces = {f.id: f for f in store.iter_faces()}
    largest: dict[str, tuple[int, int]] = {}
    for i, face_id in enumerate(ids):
        face = faces[face_id]
        area = face.box.width * face.box.height
        if face.path not in largest or area > largest[face.path][0]:
            largest[face.path] = (area, i)
    index = np.array(sorted(i for _, i in largest.values()))
    truth = [identity(faces[ids[i]].path) for i in index]
    return encodings, photos, index, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(args.db or Path(tmp) / "lfw.db") as store:
            report = scan_library(
                store, [str(args.data)], ScanOptions(ScanSettings(face_model="dlib"))
            )
            print(
                f"scan: {report.new} new, {report.unchanged} unchanged, "
                f"{report.faces} faces found in {report.seconds:.0f} s"
            )
            encodings, photos, index, truth = labelled_faces(store)
    print(f"{len(encodings)} faces, {len(index)} labelled, {len(set(truth))} identities")
    print("| method | threshold | precision | recall | F1 | seconds |")
    print("|---|---|---|---|---|---|")
    for method, thresholds in GRID.items():
        for threshold in thresholds:
            started = time.perf_counter()
            labels = cluster_encodings(
                encodings, method, threshold, DEFAULT_MIN_FACES, photos=photos
            )
            score = bcubed(truth, labels[index])
            mark = (
                " (default)" if (method, threshold) == (DEFAULT_METHOD, DEFAULT_THRESHOLD) else ""
            )
            print(
                f"| {method}{mark} | {threshold} | {score.precision:.4f} | {score.recall:.4f} "
                f"| {score.f1:.4f} | {time.perf_counter() - started:.2f} |"
            )
    print()
    print("Exact against approximate neighbour search (faiss IVF, forced on these few faces):")
    print("| method | threshold | F1, exact graph | F1, approximate graph | difference |")
    print("|---|---|---|---|---|")
    for threshold in GRID[DEFAULT_METHOD]:
        f1 = {}
        for search in (Search.EXACT, Search.APPROXIMATE):
            labels = cluster_encodings(
                encodings,
                DEFAULT_METHOD,
                threshold,
                DEFAULT_MIN_FACES,
                photos=photos,
                search=search,
            )
            f1[search] = bcubed(truth, labels[index]).f1
        exact, approximate = f1[Search.EXACT], f1[Search.APPROXIMATE]
        print(
            f"| {DEFAULT_METHOD} | {threshold} | {exact:.4f} | {approximate:.4f} "
            f"| {approximate - exact:+.4f} |"
        )
    import dlib

    started = time.perf_counter()
    labels = np.array(
        dlib.chinese_whispers_clustering([dlib.vector(e.tolist()) for e in encodings], 0.5)
    )
    score = bcubed(truth, labels[index])
    print(
        f"| dlib.chinese_whispers_clustering (dlib's recipe) | 0.5 | {score.precision:.4f} "
        f"| {score.recall:.4f} | {score.f1:.4f} | {time.perf_counter() - started:.2f} |"
    )


if __name__ == "__main__":
    main()
