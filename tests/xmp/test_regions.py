"""Reading named face regions from XMP (issue 11, first part): the real portrait with MWG
and Microsoft regions, the eight EXIF orientations, and XMP's equivalent spellings."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageOps

from albumfaces.xmp.rdf import XmpError
from albumfaces.xmp.regions import (
    NamedRegion,
    RegionFormat,
    merged,
    regions_in,
    sidecars_of,
    upright_box,
)
from tests.conftest import DATA, run, run_json
from tests.xmp.helpers import TRANSPOSE

PORTRAIT = DATA / "metadata" / "portrait-mwg-regions.jpg"
ORIENTED = DATA / "edge-cases" / "orientation"


def test_the_portrait_names_two_people_in_both_formats(data):
    with Image.open(PORTRAIT) as im:
        packet = im.info["xmp"]
    regions = regions_in(packet)
    assert [(r.name, r.format) for r in regions] == [
        ("Marie Curie", RegionFormat.MWG),
        ("Pierre Curie", RegionFormat.MWG),
    ]
    # Microsoft's top-left rectangles say the same as MWG's centred areas
    from albumfaces.xmp.rdf import parse, properties
    from albumfaces.xmp.regions import _microsoft

    microsoft = {r.name: r for r in _microsoft(properties(parse(packet)))}
    for region in regions:
        other = microsoft[region.name]
        assert region.left == pytest.approx(other.left, abs=1e-5)
        assert region.top == pytest.approx(other.top, abs=1e-5)


def test_a_named_region_is_where_the_detector_finds_a_face(data, tmp_path):
    db = tmp_path / "faces.db"
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "portrait.jpg").write_bytes(PORTRAIT.read_bytes())
    run(db, "scan", folder, "--max-size", "0", "--no-import-regions")
    (face,) = run_json(db, "faces")  # the default detector finds one of the two
    with Image.open(PORTRAIT) as im:
        boxes = [upright_box(r, 1, *im.size) for r in regions_in(im.info["xmp"])]
    from albumfaces.models import Box

    found = Box(**face["box"])
    assert max(found.iou(b) for b in boxes) > 0.4


@pytest.mark.parametrize("orientation", range(1, 9))
def test_regions_of_the_stored_image_turn_as_exif_transpose_turns_pixels(data, orientation):
    """A region of the stored pixels, turned by the orientation, covers the pixels of the
    upright photo that the stored crop turns into."""
    path = ORIENTED / f"facenet_multiface_orient{orientation}.jpg"
    with Image.open(path) as im:
        assert im.getexif().get(0x0112, 1) == orientation
        stored = im.convert("RGB")
        upright = ImageOps.exif_transpose(im).convert("RGB")
    w, h = stored.size
    x0, y0, x1, y1 = w // 8, h // 4, w // 8 + w // 4, h // 4 + h // 2
    region = NamedRegion("someone", x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h, RegionFormat.MWG)
    crop = stored.crop((x0, y0, x1, y1))
    turned = crop.transpose(TRANSPOSE[orientation]) if orientation in TRANSPOSE else crop
    box = upright_box(region, orientation, *upright.size)
    expected = upright.crop((box.left, box.top, box.right, box.bottom))
    assert turned.size == expected.size
    assert np.array_equal(np.asarray(turned), np.asarray(expected))


ATTRIBUTES = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""
 xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
 xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"><mwg-rs:Regions rdf:parseType="Resource">
 <mwg-rs:RegionList><rdf:Bag><rdf:li><rdf:Description mwg-rs:Name="Anna" mwg-rs:Type="Face">
 <mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.2" stArea:h="0.4" stArea:unit="normalized"/>
 </rdf:Description></rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>
 </rdf:Description></rdf:RDF></x:xmpmeta>"""

ELEMENTS = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""
 xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
 xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"><mwg-rs:Regions><rdf:Description>
 <mwg-rs:RegionList><rdf:Bag><rdf:li rdf:parseType="Resource"><mwg-rs:Name>Anna</mwg-rs:Name>
 <mwg-rs:Type>Face</mwg-rs:Type><mwg-rs:Area rdf:parseType="Resource"><stArea:x>0.5</stArea:x>
 <stArea:y>0.5</stArea:y><stArea:w>0.2</stArea:w><stArea:h>0.4</stArea:h>
 <stArea:unit>normalized</stArea:unit></mwg-rs:Area></rdf:li></rdf:Bag></mwg-rs:RegionList>
 </rdf:Description></mwg-rs:Regions></rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def test_xmp_spelled_with_attributes_or_elements_reads_the_same():
    expected = [NamedRegion("Anna", 0.4, 0.3, 0.2, 0.4, RegionFormat.MWG)]
    for packet in (ATTRIBUTES, ELEMENTS):
        (region,) = regions_in(packet)
        assert region.name == "Anna"
        got = (region.left, region.top, region.width, region.height)
        want = (expected[0].left, expected[0].top, expected[0].width, expected[0].height)
        assert got == pytest.approx(want)


def test_malformed_or_hostile_xmp_is_a_clear_error():
    with pytest.raises(XmpError, match="malformed"):
        regions_in(b"<x:xmpmeta><rdf:RDF>")
    with pytest.raises(XmpError):
        regions_in(b"no xml at all")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>&lol2;</x:xmpmeta>"
    )
    assert regions_in(bomb) == []  # entities are not expanded: nothing to read, no blow-up


def test_sidecars_by_either_name_and_the_sidecar_wins(tmp_path):
    photo = tmp_path / "IMG_0001.JPG"
    photo.write_bytes(b"")
    assert sidecars_of(photo) == []
    (tmp_path / "IMG_0001.JPG.xmp").write_bytes(ATTRIBUTES)
    (tmp_path / "IMG_0001.xmp").write_bytes(ELEMENTS)
    assert [p.name for p in sidecars_of(photo)] == ["IMG_0001.JPG.xmp", "IMG_0001.xmp"]
    old = NamedRegion("Anna", 0, 0, 0.1, 0.1, RegionFormat.MWG)
    new = NamedRegion("Anna", 0.5, 0.5, 0.1, 0.1, RegionFormat.MWG)
    other = NamedRegion("Ben", 0.2, 0.2, 0.1, 0.1, RegionFormat.MICROSOFT)
    assert merged([old, other], [new]) == [new, other]
