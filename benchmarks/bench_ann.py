"""Approximate nearest neighbours for the neighbour graph (issue 12): which library, how fast,
how exact. Compares exact search (scikit-learn brute force, the search before issue 12; faiss
flat) with faiss HNSW, hnswlib, pynndescent and what albumfaces now uses (faiss IVF through
albumfaces.cluster.knn), on synthetic encodings of known structure (as bench_cluster_scale.py
makes them) plus, with --lfw-db, the real lfw-dev encodings: build + query time of the 30
nearest neighbours of every face, and three recalls of the exact 30: all of them; those the
graph keeps (closer than the clustering threshold, 0.52); and all of them for the real faces.

Usage: python -m benchmarks.bench_ann [--faces 100000] [--lfw-db DB] [--only NAME ...]
hnswlib and pynndescent are not dependencies of albumfaces; install them to measure:
    pip install hnswlib pynndescent
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from albumfaces.cluster.defaults import DEFAULT_THRESHOLD
from albumfaces.cluster.knn import Search, nearest
from benchmarks.bench_cluster_scale import lfw_encodings, synthetic

NEIGHBOURS = 30
K = NEIGHBOURS + 1  # each face is its own nearest neighbour
THREADS = os.cpu_count() or 1


def exact_sklearn(x: np.ndarray) -> np.ndarray:
    from sklearn.neighbors import NearestNeighbors

    return NearestNeighbors(n_neighbors=K, algorithm="brute").fit(x).kneighbors(x)[1]


def exact_faiss(x: np.ndarray) -> np.ndarray:
    import faiss

    index = faiss.IndexFlatL2(x.shape[1])
    index.add(x)
    return index.search(x, K)[1]


def hnsw_faiss(x: np.ndarray, m: int = 32, ef_search: int = 128) -> np.ndarray:
    import faiss

    index = faiss.IndexHNSWFlat(x.shape[1], m)
    index.hnsw.efConstruction = 80
    index.add(x)
    index.hnsw.efSearch = ef_search
    return index.search(x, K)[1]


def hnsw_lib(x: np.ndarray, m: int = 16, ef: int = 100) -> np.ndarray:
    import hnswlib

    index = hnswlib.Index(space="l2", dim=x.shape[1])
    index.init_index(max_elements=len(x), ef_construction=200, M=m)
    index.set_num_threads(THREADS)
    index.add_items(x)
    index.set_ef(ef)
    return index.knn_query(x, k=K)[0]


def nn_descent(x: np.ndarray) -> np.ndarray:
    from pynndescent import NNDescent

    return NNDescent(x, n_neighbors=K, n_jobs=THREADS, random_state=0).neighbor_graph[0]


def albumfaces_ivf(x: np.ndarray) -> np.ndarray:
    return nearest(x, x, K, Search.APPROXIMATE).indices


CANDIDATES = {
    "albumfaces-faiss-ivf": albumfaces_ivf,
    "sklearn-exact": exact_sklearn,
    "faiss-flat": exact_faiss,
    "faiss-hnsw32-ef128": hnsw_faiss,
    "faiss-hnsw32-ef64": lambda x: hnsw_faiss(x, 32, 64),
    "hnswlib-M16-ef100": hnsw_lib,
    "hnswlib-M32-ef200": lambda x: hnsw_lib(x, 32, 200),
    "pynndescent": nn_descent,
}


# ann-benchmarks' k-nn recall: a neighbour found counts when it is no farther than the exact
# k-th, give or take this much (synthetic faces of one person are almost equally far apart,
# so which of two near-ties is "the" 30th is chance).
TIE = 1e-3


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    """Share of the exact 30 nearest (self excluded) that ``found`` has, by identity."""
    hits = 0
    for row_found, row_truth in zip(found, truth, strict=True):
        exact = set(row_truth[1:].tolist())
        hits += len(exact & set(row_found.tolist()))
    return hits / (len(truth) * NEIGHBOURS)


def graph_recall(found: np.ndarray, truth: np.ndarray, truth_dist: np.ndarray) -> float:
    """Share of the exact 30 nearest closer than the threshold (the graph's links) found."""
    hits = total = 0
    for row, (row_found, row_truth, row_dist) in enumerate(
        zip(found, truth, truth_dist, strict=True)
    ):
        exact = set(row_truth[row_dist < DEFAULT_THRESHOLD].tolist()) - {row}
        total += len(exact)
        hits += len(exact & set(row_found.tolist()))
    return hits / max(total, 1)


def distance_recall(x: np.ndarray, found: np.ndarray, truth: np.ndarray) -> float:
    """Share of the 30 found (self excluded) no farther than the exact 30th, give or take TIE."""
    rows = np.arange(len(x))[:, None]
    kth = np.linalg.norm(x[truth[:, -1]] - x, axis=1)
    others = np.where(found == rows, -1, found)[:, :K]
    dist = np.linalg.norm(x[np.maximum(others, 0)] - x[:, None, :], axis=2)
    good = (others >= 0) & (dist <= kth[:, None] * (1 + TIE))
    return float(np.minimum(good.sum(axis=1), NEIGHBOURS).sum() / (len(x) * NEIGHBOURS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", type=int, default=100_000)
    parser.add_argument("--lfw-db", type=Path)
    parser.add_argument("--only", nargs="*", help="candidates to run (default: all)")
    args = parser.parse_args()
    real = lfw_encodings(args.lfw_db) if args.lfw_db else np.zeros((0, 128), np.float32)
    x, _ = synthetic(args.faces - len(real))
    x = np.ascontiguousarray(np.vstack([x, real]), dtype=np.float32)
    print(f"{args.faces:,} faces ({len(real):,} real), {THREADS} threads; k = {NEIGHBOURS}")
    start = time.perf_counter()
    exact = nearest(x, x, K, Search.EXACT)
    truth, truth_dist = exact.indices, exact.distances
    print(f"  reference (faiss flat, exact): {time.perf_counter() - start:.1f} s")
    real_rows = slice(len(x) - len(real), len(x))
    for name in args.only or CANDIDATES:
        start = time.perf_counter()
        try:
            found = CANDIDATES[name](x)
        except ImportError as exc:
            print(f"  {name}: not installed ({exc.name})")
            continue
        seconds = time.perf_counter() - start
        real_recall = recall(found[real_rows], truth[real_rows]) if len(real) else float("nan")
        print(
            f"  {name}: {seconds:.1f} s, recall@{NEIGHBOURS} {recall(found, truth):.4f}, "
            f"by distance {distance_recall(x, found, truth):.4f}, graph links "
            f"{graph_recall(found, truth, truth_dist):.4f}, real faces {real_recall:.4f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
