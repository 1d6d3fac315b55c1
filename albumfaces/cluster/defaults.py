"""Clustering defaults, measured on lfw-dev (see BENCHMARKS.md). No imports: the CLI reads
these to build its help without loading numpy."""

DEFAULT_METHOD = "chinese-whispers"
METHODS = ("chinese-whispers", "dbscan")
# Each method's best threshold on lfw-dev (DBSCAN chains identities together above 0.45).
METHOD_THRESHOLDS = {"chinese-whispers": 0.5, "dbscan": 0.45}
DEFAULT_THRESHOLD = METHOD_THRESHOLDS[DEFAULT_METHOD]
DEFAULT_MIN_FACES = 2
