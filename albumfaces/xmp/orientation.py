"""A photo's orientation from its XMP sidecar (``tiff:Orientation``): darktable and Lightroom
write a user's rotation there. MWG: where EXIF has no orientation, the XMP value applies
(an embedded packet's value Pillow reads itself, through ``getexif``)."""

from __future__ import annotations

from pathlib import Path

from albumfaces.xmp.rdf import XmpError, parse, properties
from albumfaces.xmp.regions import sidecars_of

TIFF = "http://ns.adobe.com/tiff/1.0/"
ORIENTATION = f"{{{TIFF}}}Orientation"
ORIENTATIONS = range(1, 9)


def sidecar_orientation(photo: str | Path) -> int | None:
    """The first valid ``tiff:Orientation`` of the photo's sidecars (None: none says one).
    A sidecar that cannot be read says nothing: the photo is then shown as stored."""
    for sidecar in sidecars_of(photo):
        try:
            found = properties(parse(sidecar.read_bytes())).get(ORIENTATION)
        except (OSError, XmpError):
            continue
        if isinstance(found, str) and found.strip().isdigit() and int(found) in ORIENTATIONS:
            return int(found)
    return None
