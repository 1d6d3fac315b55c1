"""BCubed precision, recall and F1 (Bagga & Baldwin 1998; Amigo et al. 2009)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def bcubed(truth: list, labels: np.ndarray) -> BCubed:
    """Score predicted ``labels`` against ``truth``; label -1 counts as a cluster of its own."""
    predicted = [lab if lab >= 0 else ("noise", i) for i, lab in enumerate(labels)]
    pairs = Counter(zip(predicted, truth, strict=True))
    cluster_size = Counter(predicted)
    class_size = Counter(truth)
    precision = recall = 0.0
    for (cluster, cls), together in pairs.items():
        precision += together * together / cluster_size[cluster]
        recall += together * together / class_size[cls]
    n = len(truth)
    return BCubed(precision / n, recall / n)
