"""Names other programs gave the faces of a photo: its XMP face regions (embedded, and in
its sidecars), matched to the faces found, in a scan's worker."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from albumfaces.models import DetectedFace
from albumfaces.names import valid_name
from albumfaces.xmp.match import match_regions
from albumfaces.xmp.rdf import XmpError
from albumfaces.xmp.regions import NamedRegion, merged, regions_in, sidecars_of, upright_box

MIN_REGION_SIDE = 8  # pixels: a smaller region is a mistake, not a face to encode


def regions_for(path: str | Path, embedded_xmp: bytes | None) -> list[NamedRegion]:
    """The photo's named face regions: its sidecars' first, then embedded ones they do not
    name. Raises :class:`XmpError`."""
    embedded = regions_in(embedded_xmp) if embedded_xmp else []
    beside: list[NamedRegion] = []
    for sidecar in sidecars_of(path):
        try:
            data = sidecar.read_bytes()
        except OSError as exc:
            raise XmpError(f"cannot read {sidecar.name} ({exc.strerror or exc})") from exc
        beside = merged(beside, regions_in(data))
    return merged(embedded, beside)


def name_faces(pipeline, image, faces: list[DetectedFace], path) -> tuple[list, str | None]:
    """``faces`` with the names of the regions that are them, plus a face for each named
    region the detector missed. Returns (faces, a note when the XMP could not be read: the
    photo is then scanned without it)."""
    try:
        regions = regions_for(path, image.xmp)
    except XmpError as exc:
        return faces, f"face regions of its XMP not read ({exc}); scanned without them"
    # another program's names keep albumfaces' rule for names: one it cannot make valid
    # (empty once its control characters are out, or too long) names no face
    boxed = [
        (name, upright_box(r, image.orientation, image.width, image.height))
        for r in regions
        if (name := valid_name(r.name)) is not None
    ]
    named = list(faces)
    for match in match_regions([f.box for f in faces], boxed):
        if match.face is not None:
            named[match.face] = dataclasses.replace(named[match.face], region_name=match.name)
        elif min(match.box.width, match.box.height) >= MIN_REGION_SIDE:
            face = pipeline.face_at(image, match.box)
            named.append(dataclasses.replace(face, region_name=match.name, imported=True))
    return named, None
