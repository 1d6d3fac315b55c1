"""Pure clustering and matching: arrays in, labels out. No I/O, no database."""

from albumfaces.cluster.algorithms import METHODS, cluster_encodings

__all__ = ["METHODS", "cluster_encodings"]
