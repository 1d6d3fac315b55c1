"""What albumfaces writes into a sidecar, and what it keeps: exiftool reads our names, and
another program's sidecar keeps every byte albumfaces did not write."""

from __future__ import annotations

import dataclasses
import difflib
import subprocess

import pytest

from albumfaces.xmp.rdf import XmpError, parse, properties
from albumfaces.xmp.regions import NamedRegion, RegionFormat, regions_in
from albumfaces.xmp.sidecar import SidecarNames, updated_sidecar
from tests.xmp.helpers import EXIFTOOL, exif_regions, mwg, needs_exiftool, read_with_exiftool

ANNA = NamedRegion("Anna Ölund", 0.1, 0.2, 0.2, 0.3, RegionFormat.MWG)
JO = NamedRegion("조 & <Jo>", 0.6, 0.5, 0.1, 0.15, RegionFormat.MWG)


def names(*regions: NamedRegion, owned=()) -> SidecarNames:
    return SidecarNames(regions, 4000, 3000, frozenset({r.name for r in regions} | set(owned)))


class Sidecar:
    """A sidecar's bytes through successive writes, as `xmp write` carries them along."""

    def __init__(self, data: bytes | None = None):
        self.data = data
        self.created: frozenset[str] = frozenset()

    def write(self, *regions: NamedRegion, owned=()) -> bytes | None:
        wanted = dataclasses.replace(names(*regions, owned=owned), created=self.created)
        update = updated_sidecar(self.data, wanted)
        self.created = update.created
        if update.data is not None:
            self.data = update.data
        return update.data


def only_added(before: bytes, after: bytes) -> bool:
    """Is every byte of ``before`` still in ``after``, in order and together?"""
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    return all(op in ("equal", "insert") for op, *_ in ops)


@needs_exiftool
def test_a_new_sidecar_is_what_exiftool_reads(tmp_path):
    sidecar = tmp_path / "p.jpg.xmp"
    sidecar.write_bytes(Sidecar().write(ANNA, JO))
    info = read_with_exiftool(sidecar)
    assert exif_regions(info) == {
        "Anna Ölund": (0.2, 0.35, 0.2, 0.3, "Face"),
        "조 & <Jo>": (0.65, 0.575, 0.1, 0.15, "Face"),
    }
    assert info["RegionInfo"]["AppliedToDimensions"] == {"W": 4000, "H": 3000, "Unit": "pixel"}
    assert info["PersonInImage"] == ["Anna Ölund", "조 & <Jo>"]
    assert info["TagsList"] == ["People/Anna Ölund", "People/조 & <Jo>"]
    assert info["HierarchicalSubject"] == ["People|Anna Ölund", "People|조 & <Jo>"]
    # and albumfaces reads back what it wrote
    assert [
        (r.name, round(r.left, 6), round(r.top, 6)) for r in regions_in(sidecar.read_bytes())
    ] == [
        ("Anna Ölund", 0.1, 0.2),
        ("조 & <Jo>", 0.6, 0.5),
    ]


def test_nothing_to_change_is_no_write():
    sidecar = Sidecar()
    assert sidecar.write(ANNA) is not None
    assert sidecar.write(ANNA) is None


@needs_exiftool
def test_another_programs_sidecar_keeps_every_byte(tmp_path):
    """exiftool writes a sidecar with a rating, place keywords, a region of someone
    albumfaces does not know and a pet; albumfaces adds Anna, renames her, takes her out."""
    sidecar = tmp_path / "p.jpg.xmp"
    ben = (
        mwg(("Ben", 0.7, 0.3, 0.1, 0.1))[: -len("]}")]
        + ",{Area={X=0.3,Y=0.8,W=0.2,H=0.1,Unit=normalized},Name=Rex,Type=Pet}]}"
    )
    subprocess.run(
        [
            EXIFTOOL,
            "-q",
            "-o",
            str(sidecar),
            "-XMP-xmp:Rating=4",
            "-XMP-digiKam:TagsList=Places/Alps",
            "-XMP-lr:HierarchicalSubject=Places|Alps",
            ben,
        ],
        check=True,
    )
    original = sidecar.read_bytes()
    ours = Sidecar(original)
    with_anna = ours.write(ANNA)
    assert only_added(original, with_anna)
    sidecar.write_bytes(with_anna)
    info = read_with_exiftool(sidecar)
    assert info["Rating"] == 4
    assert info["TagsList"] == ["Places/Alps", "People/Anna Ölund"]
    assert info["HierarchicalSubject"] == ["Places|Alps", "People|Anna Ölund"]
    assert info["PersonInImage"] == ["Anna Ölund"]
    regions = exif_regions(info)
    assert regions["Ben"] == (0.7, 0.3, 0.1, 0.1, "Face") and regions["Rex"][4] == "Pet"
    assert regions["Anna Ölund"] == (0.2, 0.35, 0.2, 0.3, "Face")

    renamed = NamedRegion("Anna Lund", ANNA.left, ANNA.top, ANNA.width, ANNA.height, ANNA.format)
    sidecar.write_bytes(ours.write(renamed, owned={"Anna Ölund"}))
    info = read_with_exiftool(sidecar)
    assert set(exif_regions(info)) == {"Ben", "Rex", "Anna Lund"}
    assert info["TagsList"] == ["Places/Alps", "People/Anna Lund"]
    assert "Ölund" not in sidecar.read_text()

    # her name taken back: the file is exiftool's again, to the byte
    assert ours.write(owned={"Anna Lund"}) == original


HAND_WRITTEN = (
    b"""<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x='adobe:ns:meta/'>
<!-- a comment a person wrote -->
\t<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
\t\t<rdf:Description rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/'
\t\t\txmp:Label='a &amp; b &gt; c' xmp:Rating='2'/>
\t\t<rdf:Description rdf:about='' xmlns:pfx='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'>
\t\t\t<pfx:PersonInImage><rdf:Bag/></pfx:PersonInImage>
\t\t</rdf:Description>
\t</rdf:RDF>
</x:xmpmeta>
"""
    + b" " * 200
    + b"\x00\x00"
)


@needs_exiftool
def test_a_hand_written_sidecar_of_odd_but_valid_xmp(tmp_path):
    """Single quotes, tabs, a comment, an empty-element array under another prefix,
    padding: added to, read by exiftool, taken back to the byte."""
    sidecar = tmp_path / "p.xmp"
    ours = Sidecar(HAND_WRITTEN)
    added = ours.write(ANNA)
    sidecar.write_bytes(added)
    info = read_with_exiftool(sidecar)
    assert info["Label"] == "a & b > c" and info["Rating"] == 2
    assert info["PersonInImage"] == ["Anna Ölund"]
    assert exif_regions(info)["Anna Ölund"][:2] == (0.2, 0.35)
    removed = ours.write(owned={"Anna Ölund"})
    # the array albumfaces filled was another program's: it stays, empty again (as a pair
    # of tags now); albumfaces's own properties go
    assert removed.replace(b"<rdf:Bag>\n</rdf:Bag>", b"<rdf:Bag/>") == HAND_WRITTEN.rstrip(b"\x00")


def test_a_greater_than_sign_inside_an_attribute():
    """XML allows '>' unescaped in an attribute (exiftool does not read it; lxml does)."""
    data = HAND_WRITTEN.replace(b"&gt;", b">")
    added = Sidecar(data).write(ANNA)
    assert only_added(data.rstrip(b"\x00"), added)
    assert [r.name for r in regions_in(added)] == ["Anna Ölund"]
    assert properties(parse(added))["{http://ns.adobe.com/xap/1.0/}Label"] == "a & b > c"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"<x:xmpmeta><rdf:RDF>broken", "malformed"),
        (b"just text", "no XML"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "DTD"),
        (b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>", "no rdf:RDF"),
    ],
)
def test_what_cannot_be_edited_safely_is_one_reason(data, reason):
    with pytest.raises(XmpError) as error:
        Sidecar(data).write(ANNA)
    assert reason in str(error.value) and "\n" not in str(error.value)
