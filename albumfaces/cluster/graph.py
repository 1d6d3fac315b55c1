"""A sparse neighbour graph of face encodings.

Each face is linked to its k nearest neighbours within the distance threshold, so memory grows
with faces x k, not faces squared: 100,000 faces never become a 100,000 x 100,000 matrix.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

# Enough neighbours that a person with many photos still forms one connected group.
DEFAULT_NEIGHBOURS = 30
# Stored distances must be > 0: sparse matrices drop zeros, and two copies of one photo are at 0.
_MIN_DISTANCE = 1e-6


def neighbour_graph(
    encodings: np.ndarray,
    threshold: float,
    neighbours: int = DEFAULT_NEIGHBOURS,
    photos: np.ndarray | None = None,
) -> sparse.csr_matrix:
    """Symmetric CSR matrix of distances between faces closer than ``threshold``.

    With ``photos`` (one photo number per face), faces of the same photo are never linked:
    one person does not appear twice in a photo, however alike two siblings look.
    """
    from sklearn.neighbors import NearestNeighbors

    n = len(encodings)
    if n < 2:
        return sparse.csr_matrix((n, n), dtype=np.float32)
    k = min(neighbours + 1, n)  # +1: each face is its own nearest neighbour
    index = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(encodings)
    distances, indices = index.kneighbors(encodings)
    rows = np.repeat(np.arange(n), k)
    cols = indices.ravel()
    dist = distances.ravel().astype(np.float32)
    keep = (rows != cols) & (dist < threshold)
    if photos is not None:
        keep &= photos[rows] != photos[cols]
    dist = np.maximum(dist[keep], _MIN_DISTANCE)
    graph = sparse.csr_matrix((dist, (rows[keep], cols[keep])), shape=(n, n))
    return graph.maximum(graph.T).tocsr()  # a link either way is a link both ways
