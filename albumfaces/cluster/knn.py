"""Nearest neighbours of face encodings: exact for small sets, approximate for large ones.

Exact search compares every query with every base face (BLAS, through faiss's flat index):
its cost grows with base x queries, about 33 s for 100,000 x 100,000 faces on 2 cores and an
hour at a million. Above ``EXACT_PAIRS`` pairs the base goes into an inverted-file index
(faiss ``IndexIVFFlat``): k-means cuts the faces into lists, and each query compares only
the faces of its ``probes`` nearest lists. Faces of one person sit in the same few lists, so
the neighbours that matter (those within the clustering threshold) are found; the choice of
faiss over hnswlib and pynndescent, and of these settings, is measured in BENCHMARKS.md
(``benchmarks/bench_ann.py``, ``benchmarks/bench_million.py``).
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import numpy as np

# Up to this many base x query pairs exact search is about as fast as training an index.
EXACT_PAIRS = 2_000_000_000
# Lists of the inverted file: about this many times the square root of the base size...
LISTS_PER_ROOT = 2
# ...with at least this many faces a list to train k-means on (faiss warns below 39).
TRAIN_PER_LIST = 39
# Each query is compared with the faces of enough of its nearest lists to hold about this
# many faces, and of at least MIN_PROBES lists. Measured (BENCHMARKS.md): at 100,000 faces
# that is 13 of 632 lists, which finds over 99.5% of the exact graph's links; at a million, 8 of
# 2,000 lists, 4,000 faces a query.
SCANNED = 1_900
MIN_PROBES = 8
# Queries are searched in chunks of this many, so results never hold a million rows at once.
CHUNK = 65_536
# A fixed training sample keeps the same faces giving the same neighbours, run after run.
_SEED = 0


class Search(enum.Enum):
    AUTO = "auto"  # exact up to EXACT_PAIRS, approximate above
    EXACT = "exact"
    APPROXIMATE = "approximate"


@dataclass(frozen=True)
class Neighbours:
    """The k nearest base faces of each query, nearest first."""

    distances: np.ndarray  # (queries, k) float32, Euclidean; inf where fewer were found
    indices: np.ndarray  # (queries, k) int64 positions in the base; -1 where fewer were found


def nearest(
    base: np.ndarray, queries: np.ndarray, k: int, search: Search = Search.AUTO
) -> Neighbours:
    """The ``k`` nearest faces of ``base`` to each of ``queries``."""
    return NeighbourIndex(base, len(queries), search).search(queries, k)


class NeighbourIndex:
    """``base`` indexed once for queries that come in parts (``expected`` of them in all,
    which decides exact or approximate search)."""

    def __init__(
        self,
        base: np.ndarray,
        expected: int,
        search: Search = Search.AUTO,
        lists_probed: int | None = None,
    ):
        """``lists_probed`` overrides how many lists an approximate index searches."""
        self.size = len(base)
        how = _resolve(search, len(base), expected)
        self.index = build_index(_as_faiss(base), how) if self.size else None
        if lists_probed is not None and hasattr(self.index, "nprobe"):
            self.index.nprobe = min(lists_probed, self.index.nlist)

    def search(self, queries: np.ndarray, k: int) -> Neighbours:
        return _search_chunks(self.index, self.size, queries, k)


def chunks(base: np.ndarray, k: int, search: Search = Search.AUTO):
    """The ``k`` nearest neighbours of every base face among the base itself (each face is
    its own nearest), yielded as (first position, Neighbours) chunks of ``CHUNK`` faces."""
    base = _as_faiss(base)
    index = NeighbourIndex(base, len(base), search)
    for start in range(0, len(base), CHUNK):
        yield start, index.search(base[start : start + CHUNK], k)


def build_index(base: np.ndarray, search: Search):
    import faiss

    dim = base.shape[1]
    if search is Search.EXACT:
        index = faiss.IndexFlatL2(dim)
    else:
        lists = _lists(len(base))
        index = faiss.IndexIVFFlat(faiss.IndexFlatL2(dim), dim, lists)
        rng = np.random.default_rng(_SEED)
        sample = min(len(base), lists * TRAIN_PER_LIST)
        index.train(base[np.sort(rng.choice(len(base), sample, replace=False))])
        index.nprobe = probes(len(base), lists)
    index.add(base)
    return index


def probes(count: int, lists: int) -> int:
    """Lists searched for each query, for ``count`` faces in ``lists`` lists."""
    return min(lists, max(MIN_PROBES, math.ceil(SCANNED * lists / count)))


def _lists(count: int) -> int:
    return max(1, min(round(LISTS_PER_ROOT * math.sqrt(count)), count // TRAIN_PER_LIST))


def _resolve(search: Search, base: int, queries: int) -> Search:
    if search is not Search.AUTO:
        return search
    return Search.EXACT if base * queries <= EXACT_PAIRS else Search.APPROXIMATE


def _search_chunks(index, size: int, queries: np.ndarray, k: int) -> Neighbours:
    """The ``k`` nearest of ``index`` (``size`` faces) to each query, ``CHUNK`` queries at a
    time."""
    k = min(k, size)
    if k == 0 or len(queries) == 0:
        empty = (len(queries), k)
        return Neighbours(np.full(empty, np.inf, np.float32), np.full(empty, -1, np.int64))
    queries = _as_faiss(queries)
    parts = [_search(index, queries[i : i + CHUNK], k) for i in range(0, len(queries), CHUNK)]
    return Neighbours(
        np.vstack([p.distances for p in parts]), np.vstack([p.indices for p in parts])
    )


def _search(index, queries: np.ndarray, k: int) -> Neighbours:
    squared, indices = index.search(queries, k)
    distances = np.sqrt(np.maximum(squared, 0, out=squared), out=squared)
    distances[indices < 0] = np.inf  # faiss pads with -1 and a huge distance
    return Neighbours(distances, indices)


def _as_faiss(array: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.float32)


# -- an index that changes with every decision -----------------------------------------------


def train_parts(sample: np.ndarray, count: int) -> np.ndarray:
    """Centres of the parts (k-means on ``sample``) that cut ``count`` faces into lists of about
    the square root of ``count`` faces each."""
    import faiss

    parts = max(1, min(round(math.sqrt(count)), len(sample) // TRAIN_PER_LIST))
    kmeans = faiss.Kmeans(sample.shape[1], parts, seed=_SEED)
    kmeans.train(_as_faiss(sample))
    return kmeans.centroids


class IdIndex:
    """Faces kept under their ids, added and removed as the user decides. With ``centres``
    (see :func:`train_parts`), each face lives in its nearest part and a query searches the
    faces of its ``probes`` nearest parts: a change to the faces of one part changes the
    answers of only the queries that search it. Without, every query searches every face."""

    def __init__(self, dimensions: int, centres: np.ndarray | None = None, probes: int = 1):
        import faiss

        self.quantizer = None
        if centres is None:
            self.index = faiss.IndexIDMap2(faiss.IndexFlatL2(dimensions))
        else:
            self.quantizer = faiss.IndexFlatL2(dimensions)
            self.quantizer.add(_as_faiss(centres))
            # trained already: the quantizer holds one centre a list
            self.index = faiss.IndexIVFFlat(self.quantizer, dimensions, len(centres))
            self.index.nprobe = min(probes, len(centres))
        self.probes = 1 if centres is None else self.index.nprobe

    def parts_of(self, encodings: np.ndarray) -> np.ndarray:
        """The parts each of ``encodings`` searches, (faces, probes); all 0 with one part."""
        if self.quantizer is None:
            return np.zeros((len(encodings), 1), np.int64)
        return self.quantizer.search(_as_faiss(encodings), self.probes)[1]

    def home_parts(self, encodings: np.ndarray) -> np.ndarray:
        """The part each of ``encodings`` is kept in."""
        if self.quantizer is None:
            return np.zeros(len(encodings), np.int64)
        return self.quantizer.search(_as_faiss(encodings), 1)[1][:, 0]

    def add(self, ids: np.ndarray, encodings: np.ndarray) -> None:
        if len(ids):
            self.index.add_with_ids(_as_faiss(encodings), np.asarray(ids, np.int64))

    def remove(self, ids: np.ndarray) -> None:
        if len(ids):
            self.index.remove_ids(np.asarray(ids, np.int64))

    def search(self, queries: np.ndarray, k: int) -> Neighbours:
        """As :meth:`NeighbourIndex.search`, with ids instead of positions."""
        return _search_chunks(self.index, self.index.ntotal, queries, k)
