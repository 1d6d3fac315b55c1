"""Clustering defaults, measured on lfw-dev (see BENCHMARKS.md). Only the value objects are
imported: the CLI reads these to build its help without loading numpy."""

from albumfaces.models import Distances

DEFAULT_METHOD = "chinese-whispers"
METHODS = ("chinese-whispers", "dbscan")
# dlib's distances, the pure cores' defaults (each face model carries its own: the dlib
# model's are these). Each method's best threshold on lfw-dev (DBSCAN chains identities
# together above 0.45); Chinese whispers clusters split by average linkage at threshold +
# 0.03; two people within 0.04 of a face make it ambiguous; face_recognition's own tolerance,
# 0.6, as the limit of what is worth asking about; faces of one clip within 0.45 one person.
DLIB_DISTANCES = Distances(
    cluster=0.52,
    dbscan=0.45,
    split_margin=0.03,
    ambiguity_margin=0.04,
    face_suggestion=0.6,
    people_suggestion=0.6,
    clip_same_person=0.45,
    identify=0.52,
)
METHOD_THRESHOLDS = {method: DLIB_DISTANCES.for_method(method) for method in METHODS}
SPLIT_MARGIN = DLIB_DISTANCES.split_margin
# Larger clusters are not split: average linkage needs all their pairwise distances.
SPLIT_LARGEST = 2000
DEFAULT_THRESHOLD = METHOD_THRESHOLDS[DEFAULT_METHOD]
DEFAULT_MIN_FACES = 2
