"""Face models side by side: faces found, TAR at FAR 1e-3 and BCubed clustering quality on
asian-dev and lfw-dev, each model scanned as a library scans (scan_library, its defaults).

Usage: python -m benchmarks.bench_face_models [--models intel dlib] [--sets asian-dev lfw-dev]
       [--keep DIR]

The largest face of each photo is labelled with its folder's identity (lfw-dev strangers: a
person of their own). TAR@FAR 1e-3: the share of same-person pairs closer than the distance
that lets through one different-person pair in a thousand. BCubed over the labelled faces,
Chinese whispers at each threshold of the grid; the model's default is marked. ``--keep``
keeps the scanned databases there (a second run reuses them).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from albumfaces.cluster.algorithms import cluster_encodings
from albumfaces.cluster.defaults import DEFAULT_MIN_FACES
from albumfaces.cluster.evaluate import bcubed
from albumfaces.models import ScanOptions, ScanSettings
from albumfaces.recognition.profiles import FACE_MODEL_NAMES, face_model
from albumfaces.scan import scan_library
from albumfaces.store import Store
from benchmarks.bench_cluster_quality import labelled_faces

# the face model files where the tests read them, unless ALBUMFACES_MODELS says otherwise
os.environ.setdefault(
    "ALBUMFACES_MODELS", str(Path(__file__).resolve().parents[2] / "shared" / "data" / "models")
)
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
FAR = 1e-3
DLIB_TOLERANCE = 0.6
GRIDS = {
    "dlib": [0.45, 0.5, 0.52, 0.55, 0.6],
    "intel": [1.0, 1.03, 1.05, 1.08, 1.1, 1.15],
}
DBSCAN_GRIDS = {"dlib": [0.4, 0.45, 0.5], "intel": [0.9, 0.95, 1.0, 1.05]}


def identity(dataset: str, path: str) -> str:
    parts = Path(path).parts
    if dataset == "lfw-dev":
        return parts[-2] if parts[-3] == "people" else "stranger:" + parts[-1]
    return parts[-2]  # asian-dev/people/<identity>/<file>


def photos_of(dataset: str) -> int:
    root = DATA / dataset
    suffixes = {".jpg", ".jpeg", ".png"}
    return sum(1 for p in root.rglob("*") if p.suffix.lower() in suffixes)


def labelled(store: Store, dataset: str):
    """Encodings of every face; positions and identities of each photo's largest face."""
    return labelled_faces(store, lambda path: identity(dataset, path))


def pair_rates(vectors: np.ndarray, truth: list[str]) -> tuple[float, float, float]:
    """TAR at FAR 1e-3, its distance, and the share of different-person pairs within dlib's
    0.6 (only meaningful for dlib's space)."""
    vectors = vectors.astype(np.float64)
    squares = (vectors**2).sum(axis=1)
    distances = np.sqrt(
        np.maximum(squares[:, None] + squares[None, :] - 2 * vectors @ vectors.T, 0)
    )
    upper = np.triu_indices(len(vectors), 1)
    labels = np.array(truth)
    same = (labels[:, None] == labels[None, :])[upper]
    pairs = distances[upper]
    negatives = np.sort(pairs[~same])
    limit = negatives[int(FAR * len(negatives))]
    return (
        float((pairs[same] < limit).mean()),
        float(limit),
        float((negatives < DLIB_TOLERANCE).mean()),
    )


def scan_set(model: str, dataset: str, db: Path) -> tuple[Store, float]:
    store = Store.open(db)
    started = time.perf_counter()
    report = scan_library(store, [str(DATA / dataset)], ScanOptions(ScanSettings(face_model=model)))
    return store, report.seconds if report.new else time.perf_counter() - started


def measure(model: str, dataset: str, folder: Path) -> None:
    store, seconds = scan_set(model, dataset, folder / f"{dataset}-{model}.db")
    encodings, photos, index, truth = labelled(store, dataset)
    store.close()
    total = photos_of(dataset)
    tar, limit, under = pair_rates(encodings[index], truth)
    default = face_model(model).distances
    print(f"\n### {dataset}, {model}")
    print(
        f"{len(index)} of {total} photos have a face ({len(index) / total:.1%}); "
        f"{len(encodings)} faces; scanned in {seconds:.0f} s"
    )
    print(f"TAR@FAR {FAR:g}: {tar:.3f} (distance {limit:.3f})", end="")
    print(f"; different-person pairs under 0.6: {under:.1%}" if model == "dlib" else "")
    print("| method | threshold | precision | recall | F1 | people |")
    print("|---|---|---|---|---|---|")
    for method, grid, chosen in (
        ("chinese-whispers", GRIDS[model], default.cluster),
        ("dbscan", DBSCAN_GRIDS[model], default.dbscan),
    ):
        for threshold in sorted(set(grid) | {chosen}):
            labels = cluster_encodings(
                encodings,
                method,
                threshold,
                DEFAULT_MIN_FACES,
                photos=photos,
                split_margin=default.split_margin,
            )
            score = bcubed(truth, labels[index])
            mark = " (default)" if threshold == chosen else ""
            people = len(set(labels[index]) - {-1})
            print(
                f"| {method} | {threshold}{mark} | {score.precision:.4f} | {score.recall:.4f} "
                f"| {score.f1:.4f} | {people} |"
            )


def set_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--models", nargs="+", default=list(FACE_MODEL_NAMES))
    parser.add_argument("--sets", nargs="+", default=["asian-dev", "lfw-dev"])
    parser.add_argument("--keep", type=Path, help="keep the scans here (and reuse them)")


def each_set(args, measure) -> None:
    """``measure(model, dataset, folder)`` for every set and model, scans kept in a folder."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for dataset in args.sets:
            for model in args.models:
                measure(model, dataset, folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    set_options(parser)
    each_set(parser.parse_args(), measure)


if __name__ == "__main__":
    main()
