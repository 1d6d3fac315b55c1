"""Approximate nearest neighbours for the neighbour graph (issue 12): which library, how fast,
how exact. Compares the exact search `cluster` uses today (scikit-learn, brute force) with
faiss-cpu (exact flat index and HNSW), hnswlib and pynndescent, on synthetic encodings of known
structure (as bench_cluster_scale.py makes them): build + query time of the 30 nearest
neighbours of every face, and recall of the exact 30.

Usage: python -m benchmarks.bench_ann [--faces 100000] [--only NAME ...]
The candidates are not dependencies of albumfaces; install them to measure:
    pip install faiss-cpu hnswlib pynndescent
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from benchmarks.bench_cluster_scale import synthetic

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


CANDIDATES = {
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
    parser.add_argument("--only", nargs="*", help="candidates to run (default: all)")
    args = parser.parse_args()
    x, _ = synthetic(args.faces)
    x = np.ascontiguousarray(x, dtype=np.float32)
    print(f"{args.faces:,} synthetic faces, {THREADS} threads; k = {NEIGHBOURS}")
    start = time.perf_counter()
    truth = exact_faiss(x)
    print(f"  reference (faiss flat, exact): {time.perf_counter() - start:.1f} s")
    for name in args.only or CANDIDATES:
        start = time.perf_counter()
        try:
            found = CANDIDATES[name](x)
        except ImportError as exc:
            print(f"  {name}: not installed ({exc.name})")
            continue
        seconds = time.perf_counter() - start
        print(
            f"  {name}: {seconds:.1f} s, recall@{NEIGHBOURS} {recall(found, truth):.4f}, "
            f"by distance {distance_recall(x, found, truth):.4f}"
        )


if __name__ == "__main__":
    main()
