"""What albumfaces writes into a sidecar, merged into what is already there.

Albumfaces answers for the names in ``SidecarNames.owned`` (the ones it wrote before, took
from this photo's regions, or writes now); every other region, keyword and property of the
sidecar is another program's and is kept byte for byte (see :mod:`albumfaces.xmp.edit`).
"""

from __future__ import annotations

from dataclasses import dataclass

from albumfaces import __version__
from albumfaces.xmp.build import El
from albumfaces.xmp.edit import ABOUT, Packet, array_items, struct_field
from albumfaces.xmp.rdf import DESCRIPTION, LIST_ITEM, PARSE_TYPE, RDF, XmpError, value
from albumfaces.xmp.regions import (
    FACE,
    MP,
    MP_REG,
    MPRI,
    MWG_RS,
    SAME_FACE_OVERLAP,
    ST_AREA,
    NamedRegion,
    mwg_region,
    overlap,
)

ST_DIM = "http://ns.adobe.com/xap/1.0/sType/Dimensions#"
IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
DIGIKAM = "http://www.digikam.org/ns/1.0/"
LIGHTROOM = "http://ns.adobe.com/lightroom/1.0/"
BAG, SEQ = f"{{{RDF}}}Bag", f"{{{RDF}}}Seq"
REGIONS = f"{{{MWG_RS}}}Regions"
REGION_LIST = f"{{{MWG_RS}}}RegionList"
MP_REGION_INFO = f"{{{MP}}}RegionInfo"
RESOURCE = {PARSE_TYPE: "Resource"}

# The people keywords, as digiKam (a tag path) and Lightroom (a keyword hierarchy) read them.
PEOPLE_TAG = "People/{}"
PEOPLE_SUBJECT = "People|{}"


@dataclass(frozen=True)
class ListProperty:
    """A property that is an array of texts, one a name."""

    tag: str
    array: str
    form: str  # how a name is written in it

    def texts(self, names) -> list[str]:
        return [self.form.format(n) for n in names]


NAME_LISTS = (
    ListProperty(f"{{{IPTC_EXT}}}PersonInImage", BAG, "{}"),
    ListProperty(f"{{{DIGIKAM}}}TagsList", SEQ, PEOPLE_TAG),
    ListProperty(f"{{{LIGHTROOM}}}hierarchicalSubject", BAG, PEOPLE_SUBJECT),
)

EMPTY_SIDECAR = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    f'<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="albumfaces {__version__}">\n'
    f' <rdf:RDF xmlns:rdf="{RDF}">\n'
    " </rdf:RDF>\n"
    "</x:xmpmeta>\n"
    '<?xpacket end="w"?>\n'
).encode()


@dataclass(frozen=True)
class SidecarNames:
    """The named faces of one photo, as albumfaces writes them."""

    regions: tuple[NamedRegion, ...]  # one a person, normalised in the stored image
    width: int  # the stored image's pixels (AppliedToDimensions)
    height: int
    owned: frozenset[str]  # the names albumfaces answers for in this sidecar


def _number(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".") or "0"


def _region_item(region: NamedRegion) -> El:
    area = {
        f"{{{ST_AREA}}}x": _number(region.left + region.width / 2),
        f"{{{ST_AREA}}}y": _number(region.top + region.height / 2),
        f"{{{ST_AREA}}}w": _number(region.width),
        f"{{{ST_AREA}}}h": _number(region.height),
        f"{{{ST_AREA}}}unit": "normalized",
    }
    return El(
        LIST_ITEM,
        dict(RESOURCE),
        [
            El(f"{{{MWG_RS}}}Type", text=FACE),
            El(f"{{{MWG_RS}}}Name", text=region.name),
            El(f"{{{MWG_RS}}}Area", area),
        ],
    )


def _regions_property(names: SidecarNames) -> El:
    dimensions = {
        f"{{{ST_DIM}}}w": str(names.width),
        f"{{{ST_DIM}}}h": str(names.height),
        f"{{{ST_DIM}}}unit": "pixel",
    }
    items = [_region_item(r) for r in names.regions]
    return El(
        REGIONS,
        dict(RESOURCE),
        [
            El(f"{{{MWG_RS}}}AppliedToDimensions", dimensions),
            El(REGION_LIST, children=[El(BAG, children=items)]),
        ],
    )


def _kept_region(fields: dict, wanted: dict[str, NamedRegion], kept: set[str]) -> bool:
    """Is this region, of a name albumfaces writes, already on the same face? Then the box
    drawn there (by hand, or by an earlier write) is kept as it is."""
    try:
        region = mwg_region(fields)
    except XmpError:
        return False
    if region is None or region.name not in wanted or region.name in kept:
        return False
    return overlap(region, wanted[region.name]) >= SAME_FACE_OVERLAP


def _replace_items(packet: Packet, prop, array, items: list, gone: list, added: list) -> None:
    """Take ``gone`` out of an array property and add ``added``; a property left with no
    items goes as a whole (with its other fields, which only described those items)."""
    if gone and len(gone) == len(items) and not added:
        packet.remove(prop)
        return
    for item in gone:
        packet.remove(item)
    if added:
        packet.append(array, added)


def _update_regions(packet: Packet, names: SidecarNames, new: list[El]) -> None:
    element = packet.find(REGIONS)
    if element is None:
        if names.regions:
            new.append(_regions_property(names))
        return
    region_list = struct_field(element, REGION_LIST)
    array, items = array_items(region_list) if region_list is not None else (None, [])
    if array is None:
        raise XmpError("its mwg-rs:Regions has no region list; left as it is")
    wanted = {r.name: r for r in names.regions}
    kept: set[str] = set()
    gone = []
    for item in items:
        fields = value(item)
        if not isinstance(fields, dict):
            continue
        name = str(fields.get(f"{{{MWG_RS}}}Name") or "").strip()
        if fields.get(f"{{{MWG_RS}}}Type", FACE) != FACE or name not in names.owned:
            continue
        if _kept_region(fields, wanted, kept):
            kept.add(name)
            continue
        gone.append(item)
    added = [_region_item(r) for r in names.regions if r.name not in kept]
    _replace_items(packet, element, array, items, gone, added)


def _update_list(packet: Packet, prop: ListProperty, names: SidecarNames, new: list[El]) -> None:
    wanted = prop.texts(dict.fromkeys(r.name for r in names.regions))
    owned = set(prop.texts(names.owned))
    element = packet.find(prop.tag)
    if element is None:
        if wanted:
            items = [El(LIST_ITEM, text=t) for t in wanted]
            new.append(El(prop.tag, children=[El(prop.array, children=items)]))
        return
    array, items = array_items(element)
    if array is None:
        raise XmpError(f"its {prop.tag.split('}')[1]} is not a list; left as it is")
    present: set[str] = set()
    gone = []
    for item in items:
        text = value(item)
        if text in owned and (text not in wanted or text in present):
            gone.append(item)
        elif isinstance(text, str):
            present.add(text)
    added = [El(LIST_ITEM, text=t) for t in wanted if t not in present]
    _replace_items(packet, element, array, items, gone, added)


def _drop_microsoft(packet: Packet, names: SidecarNames) -> None:
    """Microsoft Photo regions of names albumfaces no longer gives here (a person renamed
    or removed) go, so that no program reads the old name from them."""
    element = packet.find(MP_REGION_INFO)
    regions = struct_field(element, f"{{{MPRI}}}Regions") if element is not None else None
    if regions is None:
        return
    _, items = array_items(regions)
    stale = names.owned - {r.name for r in names.regions}
    gone = [
        item
        for item in items
        if isinstance(fields := value(item), dict)
        and str(fields.get(f"{{{MP_REG}}}PersonDisplayName") or "").strip() in stale
    ]
    _replace_items(packet, element, None, items, gone, [])


def updated_sidecar(existing: bytes | None, names: SidecarNames) -> bytes | None:
    """The sidecar with albumfaces's names as ``names`` says and everything else as it was;
    None when that is what it already holds. Raises :class:`XmpError`."""
    packet = Packet(existing if existing is not None else EMPTY_SIDECAR)
    new: list[El] = []
    _update_regions(packet, names, new)
    for prop in NAME_LISTS:
        _update_list(packet, prop, names, new)
    _drop_microsoft(packet, names)
    for description in packet.descriptions():
        packet.remove_if_emptied(description)
    if new:
        packet.append(packet.rdf(), [El(DESCRIPTION, {ABOUT: packet.about()}, new)])
    if existing is not None and not packet.changed:
        return None
    return packet.result()
