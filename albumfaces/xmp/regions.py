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


def _mwg(props: dict) -> list[NamedRegion]:
    found = []
    for item in _structs(props, f"{{{MWG_RS}}}Regions", f"{{{MWG_RS}}}RegionList"):
        name = str(item.get(f"{{{MWG_RS}}}Name") or "").strip()
        area = item.get(f"{{{MWG_RS}}}Area")
        kind = item.get(f"{{{MWG_RS}}}Type", FACE)
        if not name or kind != FACE or not isinstance(area, dict):
            continue
        if area.get(f"{{{ST_AREA}}}unit", "normalized") != "normalized":
            continue  # pixel areas are not in the standard; no program we know writes them
        cx, cy = _number(area.get(f"{{{ST_AREA}}}x")), _number(area.get(f"{{{ST_AREA}}}y"))
        w, h = _number(area.get(f"{{{ST_AREA}}}w")), _number(area.get(f"{{{ST_AREA}}}h"))
        found.append(NamedRegion(name, cx - w / 2, cy - h / 2, w, h, RegionFormat.MWG))
    return found


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


def merged(embedded: list[NamedRegion], sidecar: list[NamedRegion]) -> list[NamedRegion]:
    """A sidecar is where programs write later edits: its regions win, and the embedded
    ones it does not name are kept."""
    names = {r.name for r in sidecar}
    return sidecar + [r for r in embedded if r.name not in names]


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


def upright_box(region: NamedRegion, orientation: int, width: int, height: int) -> Box:
    """The region in the upright photo's pixels (``width`` x ``height``, upright)."""
    turn = _UPRIGHT.get(orientation, _UPRIGHT[1])
    x1, y1 = turn(region.left, region.top)
    x2, y2 = turn(region.left + region.width, region.top + region.height)
    left, right = sorted((min(max(x1, 0.0), 1.0), min(max(x2, 0.0), 1.0)))
    top, bottom = sorted((min(max(y1, 0.0), 1.0), min(max(y2, 0.0), 1.0)))
    return Box(
        round(top * height), round(right * width), round(bottom * height), round(left * width)
    )
