"""Named face regions in XMP: Metadata Working Group regions (``mwg-rs``) and Microsoft
Photo regions (``MPRI``), from a photo's embedded packet and its sidecar.

Regions apply to the stored image (MWG guidelines 2.0, "Image Region Metadata"): a photo
with EXIF orientation 6 has its regions in its stored, unrotated pixels. They are turned by
the orientation here, into the upright pixels albumfaces keeps boxes in."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from albumfaces.kinds import TextEnum
from albumfaces.models import Box
from albumfaces.xmp.rdf import XmpError, parse, properties

MWG_RS = "http://www.metadataworkinggroup.com/schemas/regions/"
ST_AREA = "http://ns.adobe.com/xmp/sType/Area#"
MP = "http://ns.microsoft.com/photo/1.2/"
MPRI = "http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
MP_REG = "http://ns.microsoft.com/photo/1.2/t/Region#"
FACE = "Face"
# Two regions overlapping this much are one face drawn twice (the detector's match threshold).
SAME_FACE_OVERLAP = 0.3
SIDECAR_SUFFIXES = (".xmp", ".XMP")


class RegionFormat(TextEnum):
    MWG = "mwg"
    MICROSOFT = "microsoft"


@dataclass(frozen=True)
class NamedRegion:
    """A named face region, normalised (0..1) in the stored image's orientation."""

    name: str
    left: float
    top: float
    width: float
    height: float
    format: RegionFormat


def _number(text) -> float:
    try:
        number = float(text)
    except (TypeError, ValueError):
        raise XmpError(f"a region has no number where one is needed ({text!r})") from None
    if not math.isfinite(number):
        raise XmpError(f"a region has {text!r} where a number is needed")
    return number


def _structs(props: dict, outer: str, inner: str) -> list[dict]:
    """The structs in the array ``inner`` of the struct ``outer``; none when either is
    missing or not the shape the schema says (a foreign program's mistake)."""
    container = props.get(outer)
    items = container.get(inner) if isinstance(container, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def mwg_region(item: dict) -> NamedRegion | None:
    """The named face region an ``mwg-rs:RegionList`` item is, or None (not a face, no
    name, or an area outside the standard). Raises :class:`XmpError` on a bad number."""
    name = str(item.get(f"{{{MWG_RS}}}Name") or "").strip()
    area = item.get(f"{{{MWG_RS}}}Area")
    kind = item.get(f"{{{MWG_RS}}}Type", FACE)
    if not name or kind != FACE or not isinstance(area, dict):
        return None
    if area.get(f"{{{ST_AREA}}}unit", "normalized") != "normalized":
        return None  # pixel areas are not in the standard; no program we know writes them
    cx, cy = _number(area.get(f"{{{ST_AREA}}}x")), _number(area.get(f"{{{ST_AREA}}}y"))
    w, h = _number(area.get(f"{{{ST_AREA}}}w")), _number(area.get(f"{{{ST_AREA}}}h"))
    return NamedRegion(name, cx - w / 2, cy - h / 2, w, h, RegionFormat.MWG)


def _mwg(props: dict) -> list[NamedRegion]:
    items = _structs(props, f"{{{MWG_RS}}}Regions", f"{{{MWG_RS}}}RegionList")
    return [region for item in items if (region := mwg_region(item)) is not None]


def _microsoft(props: dict) -> list[NamedRegion]:
    found = []
    for item in _structs(props, f"{{{MP}}}RegionInfo", f"{{{MPRI}}}Regions"):
        name = str(item.get(f"{{{MP_REG}}}PersonDisplayName") or "").strip()
        rectangle = str(item.get(f"{{{MP_REG}}}Rectangle") or "")
        parts = [p for p in rectangle.replace(",", " ").split() if p]
        if not name or len(parts) != 4:
            continue
        left, top, w, h = (_number(p) for p in parts)
        found.append(NamedRegion(name, left, top, w, h, RegionFormat.MICROSOFT))
    return found


def regions_in(data: bytes) -> list[NamedRegion]:
    """The named face regions of an XMP packet: MWG's, and Microsoft's for names MWG does
    not give (programs write both for the same faces). Raises :class:`XmpError`."""
    props = properties(parse(data))
    mwg = _mwg(props)
    named = {r.name for r in mwg}
    return mwg + [r for r in _microsoft(props) if r.name not in named]


def sidecars_of(photo: str | Path) -> list[Path]:
    """The sidecars a photo may have: ``IMG_0001.JPG.xmp`` (darktable, digiKam) and
    ``IMG_0001.xmp`` (Lightroom), whichever exist."""
    photo = Path(photo)
    stem = photo.with_suffix("")
    candidates = [Path(f"{photo}{s}") for s in SIDECAR_SUFFIXES]
    candidates += [Path(f"{stem}{s}") for s in SIDECAR_SUFFIXES]
    seen, found = set(), []
    for candidate in candidates:
        if candidate.is_file() and os.path.normcase(candidate) not in seen:
            seen.add(os.path.normcase(candidate))
            found.append(candidate)
    return found


def overlap(a: NamedRegion, b: NamedRegion) -> float:
    """Intersection over union of two regions (both normalised, in the same image)."""
    w = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    h = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    inter = max(w, 0.0) * max(h, 0.0)
    union = a.width * a.height + b.width * b.height - inter
    return inter / union if union > 0 else 0.0


def merged(embedded: list[NamedRegion], sidecar: list[NamedRegion]) -> list[NamedRegion]:
    """A sidecar is where programs write later edits: its regions win over embedded ones of
    the same name or on the same face (a person renamed in the sidecar is not two people),
    and the other embedded ones are kept."""
    names = {r.name for r in sidecar}
    return sidecar + [
        r
        for r in embedded
        if r.name not in names and all(overlap(r, s) < SAME_FACE_OVERLAP for s in sidecar)
    ]


# Where a point (x, y) of the stored image, normalised, is in the upright one, for each EXIF
# orientation: the transforms ImageOps.exif_transpose applies.
_UPRIGHT = {
    1: lambda x, y: (x, y),
    2: lambda x, y: (1 - x, y),  # mirrored
    3: lambda x, y: (1 - x, 1 - y),  # turned half way
    4: lambda x, y: (x, 1 - y),  # mirrored upside down
    5: lambda x, y: (y, x),  # transposed
    6: lambda x, y: (1 - y, x),  # to be turned a quarter clockwise
    7: lambda x, y: (1 - y, 1 - x),  # transverse
    8: lambda x, y: (y, 1 - x),  # to be turned a quarter anticlockwise
}


# The inverse: where a point of the upright photo is in the stored image. A quarter turn one
# way is undone by a quarter turn the other; the mirrorings and the half turn undo themselves.
_STORED = {**_UPRIGHT, 6: _UPRIGHT[8], 8: _UPRIGHT[6]}


def _clamp(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def _turned(turn, left: float, top: float, right: float, bottom: float):
    x1, y1 = turn(left, top)
    x2, y2 = turn(right, bottom)
    return (*sorted((_clamp(x1), _clamp(x2))), *sorted((_clamp(y1), _clamp(y2))))


def stored_region(box: Box, orientation: int, width: int, height: int, name: str) -> NamedRegion:
    """A face box of the upright photo (``width`` x ``height``, upright) as a region of the
    stored image, where MWG regions apply."""
    turn = _STORED.get(orientation, _STORED[1])
    left, right, top, bottom = _turned(
        turn, box.left / width, box.top / height, box.right / width, box.bottom / height
    )
    return NamedRegion(name, left, top, right - left, bottom - top, RegionFormat.MWG)


def upright_box(region: NamedRegion, orientation: int, width: int, height: int) -> Box:
    """The region in the upright photo's pixels (``width`` x ``height``, upright)."""
    turn = _UPRIGHT.get(orientation, _UPRIGHT[1])
    left, right, top, bottom = _turned(
        turn, region.left, region.top, region.left + region.width, region.top + region.height
    )
    return Box(
        round(top * height), round(right * width), round(bottom * height), round(left * width)
    )
