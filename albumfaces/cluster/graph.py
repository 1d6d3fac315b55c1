"""A sparse neighbour graph of face encodings.

Each face is linked to its k nearest neighbours within the distance threshold, so memory grows
with faces x k, not faces squared: 100,000 faces never become a 100,000 x 100,000 matrix. The
neighbours come from :mod:`albumfaces.cluster.knn`: exact for small libraries, an approximate
index for large ones.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from albumfaces.cluster.knn import Neighbours, Search, chunks

# Enough neighbours that a person with many photos still forms one connected group.
DEFAULT_NEIGHBOURS = 30
# Stored distances must be > 0: sparse matrices drop zeros, and two copies of one photo are at 0.
_MIN_DISTANCE = 1e-6


def neighbour_graph(
    encodings: np.ndarray,
    threshold: float,
    neighbours: int = DEFAULT_NEIGHBOURS,
    photos: np.ndarray | None = None,
    search: Search = Search.AUTO,
) -> sparse.csr_matrix:
    """Symmetric CSR matrix of distances between faces closer than ``threshold``.

    With ``photos`` (one photo number per face), faces of the same photo are never linked:
    one person does not appear twice in a photo, however alike two siblings look.
    """
    n = len(encodings)
    if n < 2:
        return sparse.csr_matrix((n, n), dtype=np.float32)
    rows, cols, dists = [], [], []
    # +1: each face is its own nearest neighbour. Edges are filtered chunk by chunk, so only
    # those within the threshold are ever held for the whole library.
    for start, found in chunks(encodings, neighbours + 1, search):
        row, col, dist = links(
            np.arange(start, start + len(found.indices)), found, threshold, photos
        )
        rows.append(row)
        cols.append(col)
        dists.append(dist)
    graph = sparse.csr_matrix(
        (np.concatenate(dists), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    )
    return graph.maximum(graph.T).tocsr()  # a link either way is a link both ways


def links(
    queries: np.ndarray, found: Neighbours, threshold: float, photos: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The links kept from ``found`` (the neighbours of the faces at positions ``queries``):
    (from, to, distance) of neighbours closer than ``threshold``, neither the face itself nor
    a face of the same photo, distances at least ``_MIN_DISTANCE``."""
    rows = np.repeat(queries, found.indices.shape[1])
    cols = found.indices.ravel()
    dist = found.distances.ravel()
    keep = (cols >= 0) & (rows != cols) & (dist < threshold)
    if photos is not None:
        keep &= photos[rows] != photos[np.maximum(cols, 0)]
    return rows[keep], cols[keep], np.maximum(dist[keep], _MIN_DISTANCE)
