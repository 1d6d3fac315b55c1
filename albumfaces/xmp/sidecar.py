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
APPLIED_TO = f"{{{MWG_RS}}}AppliedToDimensions"
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
    created: frozenset[str] = frozenset()  # the properties albumfaces made in it before


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


def _dimensions(names: SidecarNames) -> El:
    size = {
        f"{{{ST_DIM}}}w": str(names.width),
        f"{{{ST_DIM}}}h": str(names.height),
        f"{{{ST_DIM}}}unit": "pixel",
    }
    return El(APPLIED_TO, size)


def _regions_property(names: SidecarNames) -> El:
    items = [_region_item(r) for r in names.regions]
    return El(
        REGIONS,
        dict(RESOURCE),
        [_dimensions(names), El(REGION_LIST, children=[El(BAG, children=items)])],
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


def _holds(packet: Packet, tag: str) -> bool:
    """Does the packet hold this property (or, for AppliedToDimensions, this field of the
    regions)?"""
    if tag == APPLIED_TO:
        regions = packet.find(REGIONS)
        return regions is not None and struct_field(regions, APPLIED_TO) is not None
    return packet.find(tag) is not None


class _Merge:
    """One sidecar's update: the packet's splices, the properties to add, and which of
    albumfaces's properties the sidecar holds afterwards."""

    def __init__(self, packet: Packet, names: SidecarNames):
        self.packet = packet
        self.names = names
        self.new: list[El] = []
        self.made = {tag for tag in names.created if _holds(packet, tag)}

    def add(self, prop: El) -> None:
        self.new.append(prop)
        self.made.add(prop.tag)

    def replace_items(self, prop, array, items: list, gone: list, added: list) -> None:
        """Take ``gone`` out of an array property and add ``added``. A property albumfaces
        made goes as a whole when nothing is left in it; another program's stays, empty."""
        if gone and len(gone) == len(items) and not added and prop.tag in self.made:
            self.packet.remove(prop)
            self.made.discard(prop.tag)
            return
        for item in gone:
            self.packet.remove(item)
        if added:
            self.packet.append(array, added)


def _update_regions(merge: _Merge) -> None:
    packet, names = merge.packet, merge.names
    element = packet.find(REGIONS)
    if element is None:
        if names.regions:
            merge.add(_regions_property(names))
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
    merge.replace_items(element, array, items, gone, added)
    applied = struct_field(element, APPLIED_TO)
    if added and applied is None:
        # the regions' image size, which MWG asks for and another program left out
        packet.append(region_list.getparent(), [_dimensions(names)])
        merge.made.add(APPLIED_TO)
    elif not names.regions and APPLIED_TO in merge.made and id(element) not in packet.removed:
        packet.remove(applied)  # albumfaces added it to another program's regions
        merge.made.discard(APPLIED_TO)


def _update_list(merge: _Merge, prop: ListProperty) -> None:
    wanted = prop.texts(dict.fromkeys(r.name for r in merge.names.regions))
    owned = set(prop.texts(merge.names.owned))
    element = merge.packet.find(prop.tag)
    if element is None:
        if wanted:
            items = [El(LIST_ITEM, text=t) for t in wanted]
            merge.add(El(prop.tag, children=[El(prop.array, children=items)]))
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
    merge.replace_items(element, array, items, gone, added)


def _drop_microsoft(merge: _Merge) -> None:
    """Microsoft Photo regions of names albumfaces no longer gives here (a person renamed
    or removed) go, so that no program reads the old name from them."""
    element = merge.packet.find(MP_REGION_INFO)
    regions = struct_field(element, f"{{{MPRI}}}Regions") if element is not None else None
    if regions is None:
        return
    _, items = array_items(regions)
    stale = merge.names.owned - {r.name for r in merge.names.regions}
    gone = [
        item
        for item in items
        if isinstance(fields := value(item), dict)
        and str(fields.get(f"{{{MP_REG}}}PersonDisplayName") or "").strip() in stale
    ]
    merge.replace_items(element, None, items, gone, [])


@dataclass(frozen=True)
class SidecarUpdate:
    data: bytes | None  # the new sidecar; None when it already holds what albumfaces writes
    created: frozenset[str]  # the properties albumfaces made that it holds now


def updated_sidecar(existing: bytes | None, names: SidecarNames) -> SidecarUpdate:
    """The sidecar with albumfaces's names as ``names`` says and everything else as it was.
    Raises :class:`XmpError`."""
    packet = Packet(existing if existing is not None else EMPTY_SIDECAR)
    merge = _Merge(packet, names)
    _update_regions(merge)
    for prop in NAME_LISTS:
        _update_list(merge, prop)
    _drop_microsoft(merge)
    for description in packet.descriptions():
        packet.remove_if_emptied(description)
    if merge.new:
        packet.append(packet.rdf(), [El(DESCRIPTION, {ABOUT: packet.about()}, merge.new)])
    unchanged = existing is not None and not packet.changed
    return SidecarUpdate(None if unchanged else packet.result(), frozenset(merge.made))
