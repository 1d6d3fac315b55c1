"""Clustering defaults, measured on lfw-dev (see BENCHMARKS.md). No imports: the CLI reads
these to build its help without loading numpy."""

DEFAULT_METHOD = "chinese-whispers"
METHODS = ("chinese-whispers", "dbscan")
# Each method's best threshold on lfw-dev (DBSCAN chains identities together above 0.45).
METHOD_THRESHOLDS = {"chinese-whispers": 0.52, "dbscan": 0.45}
# Chinese whispers clusters are split by average linkage at threshold + this margin.
SPLIT_MARGIN = 0.03
# Larger clusters are not split: average linkage needs all their pairwise distances.
SPLIT_LARGEST = 2000
DEFAULT_THRESHOLD = METHOD_THRESHOLDS[DEFAULT_METHOD]
DEFAULT_MIN_FACES = 2
