"""The faces a video clip keeps: in a clip the same person is in hundreds of frames, so its
faces are grouped by person and each person keeps a few representative faces, the best ones
spread over the clip. Pure: faces in, faces out."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from albumfaces.cluster.defaults import DLIB_DISTANCES
from albumfaces.models import DetectedFace

# Two faces of one clip closer than this are one person. Tighter than clustering (0.52):
# within a clip the light, the camera and the day are the same, and a false merge here
# would hide a person for good, while a person split in two is joined again by clustering.
CLIP_SAME_PERSON = DLIB_DISTANCES.clip_same_person
FACES_PER_PERSON = 3  # a few faces a person a clip, spread over the time they are seen


@dataclass(frozen=True)
class ClipFace:
    """A face found in one sampled frame, with how sharp it is there."""

    face: DetectedFace  # its ``time`` is set
    sharpness: float  # variance of the Laplacian of its crop: higher is sharper

    @property
    def quality(self) -> float:
        """Larger and sharper is better: the side in pixels, times the log of sharpness
        (so a tiny sharp face does not beat a large, slightly soft one)."""
        side = min(self.face.box.width, self.face.box.height)
        return side * math.log1p(max(self.sharpness, 0.0))


def group_by_person(faces: list[ClipFace], same: float = CLIP_SAME_PERSON) -> list[list[ClipFace]]:
    """Faces in time order, each joined to the person whose mean face is nearest (within
    ``same``), or starting a new one. Linear in faces times people of the clip."""
    groups: list[list[ClipFace]] = []
    sums: list[np.ndarray] = []
    for item in sorted(faces, key=lambda f: f.face.time or 0.0):
        encoding = np.asarray(item.face.encoding, dtype=np.float64)
        best, best_distance = None, same
        for index, total in enumerate(sums):
            distance = float(np.linalg.norm(total / len(groups[index]) - encoding))
            if distance < best_distance:
                best, best_distance = index, distance
        if best is None:
            groups.append([item])
            sums.append(encoding.copy())
        else:
            groups[best].append(item)
            sums[best] += encoding
    return groups


def spread_best(group: list[ClipFace], count: int = FACES_PER_PERSON) -> list[ClipFace]:
    """The best face of each of ``count`` equal stretches of the time a person is seen."""
    times = [f.face.time or 0.0 for f in group]
    start, end = min(times), max(times)
    span = (end - start) / count
    chosen: dict[int, ClipFace] = {}
    for item, t in zip(group, times, strict=True):
        part = min(count - 1, int((t - start) / span)) if span > 0 else 0
        if part not in chosen or item.quality > chosen[part].quality:
            chosen[part] = item
    return [chosen[p] for p in sorted(chosen)]


def representative_faces(
    faces: list[ClipFace], same: float = CLIP_SAME_PERSON, per_person: int = FACES_PER_PERSON
) -> list[DetectedFace]:
    """The faces a clip keeps: a few a person, in time order."""
    kept = [f for group in group_by_person(faces, same) for f in spread_best(group, per_person)]
    return [f.face for f in sorted(kept, key=lambda f: (f.face.time or 0.0, f.face.box.left))]


def fold_into_still(
    still: list[DetectedFace], motion: list[ClipFace], same: float = CLIP_SAME_PERSON
) -> list[DetectedFace]:
    """The faces a photo's motion part (a Live Photo's clip, a motion photo's video) adds to
    its still: the best face of each person seen in it whom the still does not show. The
    people of the still are counted once, by the still's own faces."""
    kept = []
    for group in group_by_person(motion, same):
        mean = np.mean([np.asarray(f.face.encoding, dtype=np.float64) for f in group], axis=0)
        if any(float(np.linalg.norm(mean - face.encoding)) < same for face in still):
            continue
        kept.append(max(group, key=lambda f: f.quality).face)
    return sorted(kept, key=lambda f: (f.time or 0.0, f.box.left))
