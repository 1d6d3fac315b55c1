"""Chinese whispers and DBSCAN over the neighbour graph, with scikit-learn's conventions:
an array of labels, -1 for faces in no cluster, explicit seeds, input order irrelevant when the
caller passes faces in a canonical order."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from albumfaces.cluster.defaults import METHODS, SPLIT_LARGEST, SPLIT_MARGIN
from albumfaces.cluster.graph import neighbour_graph
from albumfaces.cluster.knn import Search


def chinese_whispers(
    graph: sparse.csr_matrix,
    threshold: float,
    iterations: int = 30,
    seed: int = 0,
    batches: int = 16,
    labels: np.ndarray | None = None,
    fixed: np.ndarray | None = None,
) -> np.ndarray:
    """Chinese whispers (Biemann 2006) on a distance graph; returns one label per node.

    Each node takes the label with the largest summed edge weight among its neighbours. Edges
    weigh ``1 - distance / threshold``, so a close neighbour counts more than one at the edge
    of the threshold. Nodes are visited in seeded random batches; within a batch updates are
    simultaneous, which keeps the loop in numpy. By default every node starts with a label of
    its own; ``labels`` gives other starting labels (>= 0), and nodes where ``fixed`` is true
    keep theirs (an incremental run places new faces among people already made).
    """
    n = graph.shape[0]
    labels = np.arange(n) if labels is None else labels.copy()
    if graph.nnz == 0:
        return labels
    weights = graph.copy()
    weights.data = 1.0 - weights.data / threshold + 1e-3
    movable = np.arange(n) if fixed is None else np.flatnonzero(~fixed)
    rng = np.random.default_rng(seed)
    for _ in range(iterations):
        changed = 0
        for batch in np.array_split(rng.permutation(movable), min(batches, max(len(movable), 1))):
            changed += _update(weights, labels, np.sort(batch))
        if changed == 0:
            break
    return labels


def _update(weights: sparse.csr_matrix, labels: np.ndarray, batch: np.ndarray) -> int:
    sub = weights[batch]
    if sub.nnz == 0:
        return 0
    n = int(labels.max()) + 1
    rows = np.repeat(np.arange(len(batch)), np.diff(sub.indptr))
    keys = rows.astype(np.int64) * n + labels[sub.indices]
    unique, inverse = np.unique(keys, return_inverse=True)
    sums = np.bincount(inverse, weights=sub.data)
    urows, ulabels = unique // n, unique % n
    # best label per row: largest weight, ties to the smallest label (deterministic)
    order = np.lexsort((ulabels, -sums, urows))
    first = order[np.r_[True, urows[order][1:] != urows[order][:-1]]]
    new = labels[batch].copy()
    new[urows[first]] = ulabels[first]
    changed = int(np.count_nonzero(new != labels[batch]))
    labels[batch] = new
    return changed


def split_chains(
    encodings: np.ndarray, labels: np.ndarray, cut: float, largest: int = SPLIT_LARGEST
) -> np.ndarray:
    """Split each cluster where average linkage says it holds separate groups.

    Chinese whispers can join two look-alike people through a few close pairs; average
    linkage inside the cluster looks at all pairs and cuts such chains. Clusters over
    ``largest`` faces are left whole: the pairwise distances would grow quadratically.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    out = labels.copy()
    next_label = labels.max() + 1 if len(labels) else 0
    order = np.argsort(labels, kind="stable")  # members of each cluster, in one pass
    starts = np.flatnonzero(np.r_[True, np.diff(labels[order]) != 0])
    for members in np.split(order, starts[1:]):
        if labels[members[0]] < 0 or not 3 <= len(members) <= largest:
            continue
        parts = fcluster(linkage(pdist(encodings[members]), "average"), cut, "distance")
        for part in range(2, parts.max() + 1):
            out[members[parts == part]] = next_label
            next_label += 1
    return out


def dbscan(graph: sparse.csr_matrix, threshold: float, min_samples: int) -> np.ndarray:
    from sklearn.cluster import DBSCAN

    model = DBSCAN(eps=threshold, min_samples=min_samples, metric="precomputed")
    return model.fit_predict(graph)


def cluster_encodings(
    encodings: np.ndarray,
    method: str,
    threshold: float,
    min_faces: int,
    seed: int = 0,
    photos: np.ndarray | None = None,
    search: Search = Search.AUTO,
    split_margin: float = SPLIT_MARGIN,
) -> np.ndarray:
    """Cluster labels for ``encodings``: clusters smaller than ``min_faces`` become -1.

    Labels are renumbered 0, 1, ... by decreasing size, ties by first member, so the same faces
    in the same order always give the same labels. Chinese whispers clusters are then split
    by average linkage at ``threshold + split_margin`` (see :func:`split_chains`; the
    margin is the face model's).
    """
    encodings = np.asarray(encodings, dtype=np.float32)
    if len(encodings) == 0:
        return np.zeros(0, dtype=int)
    graph = neighbour_graph(encodings, threshold, photos=photos, search=search)
    if method == "chinese-whispers":
        raw = chinese_whispers(graph, threshold, seed=seed)
        raw = split_chains(encodings, raw, threshold + split_margin)
    elif method == "dbscan":
        raw = dbscan(graph, threshold, min_samples=max(2, min_faces))
    else:
        raise ValueError(f"unknown clustering method {method!r}; use one of {', '.join(METHODS)}")
    return _relabel_by_size(raw, min_faces)


def _relabel_by_size(raw: np.ndarray, min_faces: int) -> np.ndarray:
    labels = np.full(len(raw), -1)
    valid = raw >= 0
    values, first, counts = np.unique(raw[valid], return_index=True, return_counts=True)
    first = np.flatnonzero(valid)[first]
    # by decreasing size, ties by first member; one pass, not one per cluster (70,000
    # clusters of a million faces)
    order = np.lexsort((first, -counts))
    kept = order[counts[order] >= min_faces]
    new_label = np.full(len(values), -1)
    new_label[kept] = np.arange(len(kept))
    labels[valid] = new_label[np.searchsorted(values, raw[valid])]
    return labels
