"""Motion photos at the edge of a scan: what video the photos stored before motion photos were
looked for carry: read once, without decoding them."""

from __future__ import annotations

import dataclasses

from albumfaces.media.images import embedded_xmp, register_formats
from albumfaces.media.motion import motion_part
from albumfaces.models import FileKind, MediaType, MotionPart
from albumfaces.store import Store


def catch_up_motion(store: Store, photos: dict, files, known_files) -> int:
    """Look for the video of every present photo stored before motion photos were looked for;
    ``photos`` is updated. Returns how many were looked at."""
    from PIL import Image

    unchecked = {
        d for d, p in photos.items() if not p.motion_checked and p.media == MediaType.PHOTO
    }
    if not unchecked:
        return 0  # every scan after the first: nothing to look at
    register_formats()
    path_of = {}
    for found in files:
        record = known_files.get(found.path)
        if record is not None and record.kind == FileKind.PHOTO:
            path_of.setdefault(record.photo_hash, found.path)
    found: dict[str, MotionPart | None] = {}
    for digest in unchecked:
        path = path_of.get(digest)
        if path is None:
            continue
        try:
            with Image.open(path) as im:
                xmp = embedded_xmp(im)
        except Exception:  # noqa: BLE001 - the photo's own scan reports what is wrong with it
            xmp = None
        found[digest] = motion_part(path, xmp)
    if found:
        with store.transaction():
            store.set_motion(found)
        for digest, part in found.items():
            photos[digest] = dataclasses.replace(
                photos[digest], motion=part and part.kind, motion_checked=True
            )
    return len(found)
