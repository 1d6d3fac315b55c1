"""Carrying the user's decisions over to faces found again by a settings rescan. Pure.

A rescan (other ``--upsample``, ``--max-size`` or ``--model``) replaces a photo's faces with
new ones, with new ids. A decision about an old face (its person, its rejections, being a
person's cover) goes to the new face at the same place in the photo.
"""

from __future__ import annotations

from dataclasses import dataclass

from albumfaces.models import Box, FaceDecisions

# Two boxes overlapping at least this much (intersection over union) are the same face found
# twice: the same face detected at another resolution moves by a few pixels, while two faces
# of one photo hardly overlap at all.
CARRY_OVER_MIN_IOU = 0.5


@dataclass(frozen=True)
class CarriedDecisions:
    face: int  # index of the new face, in the order the rescan found them
    decisions: FaceDecisions


def carry_over(old: list[FaceDecisions], new_boxes: list[Box]) -> list[CarriedDecisions]:
    """Match each decided old face to at most one new face, best overlaps first; an old face
    that no new face overlaps enough is not found any more, and its decisions lapse."""
    pairs = sorted(
        (
            (-old_face.box.iou(box), i, j)
            for i, old_face in enumerate(old)
            for j, box in enumerate(new_boxes)
            if old_face.box.iou(box) >= CARRY_OVER_MIN_IOU
        ),
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    carried = []
    for _, i, j in pairs:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        carried.append(CarriedDecisions(j, old[i]))
    return sorted(carried, key=lambda c: c.face)
