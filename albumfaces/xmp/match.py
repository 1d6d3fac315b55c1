"""Which detected face a named region is: pure, boxes in, pairs out."""

from __future__ import annotations

from dataclasses import dataclass

from albumfaces.models import Box

# A region drawn by hand is looser than the detector's box (hair, chin); this much overlap
# is the same face. Two faces side by side overlap far less.
REGION_MATCH_MIN_IOU = 0.3


@dataclass(frozen=True)
class RegionMatch:
    name: str
    box: Box  # the region's, in upright pixels
    face: int | None  # the index of the detected face it is, or None: a face of its own


def match_regions(
    faces: list[Box], regions: list[tuple[str, Box]], min_iou: float = REGION_MATCH_MIN_IOU
) -> list[RegionMatch]:
    """Each named region paired with the detected face it overlaps most, best pairs first,
    one to one; a region overlapping no free face by ``min_iou`` stands on its own."""
    pairs = sorted(
        (
            (region_box.iou(face_box), r, f)
            for r, (_, region_box) in enumerate(regions)
            for f, face_box in enumerate(faces)
        ),
        reverse=True,
    )
    face_of: dict[int, int] = {}
    taken: set[int] = set()
    for overlap, r, f in pairs:
        if overlap < min_iou:
            break
        if r not in face_of and f not in taken:
            face_of[r] = f
            taken.add(f)
    return [RegionMatch(name, box, face_of.get(r)) for r, (name, box) in enumerate(regions)]
