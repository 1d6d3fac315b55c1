"""Reading XMP's RDF into plain values. XMP writes one property in several equivalent ways
(an attribute, a child element, a struct as ``rdf:parseType="Resource"`` or as an
``rdf:Description``), so every program's sidecar reads the same here.

Parsing is safe for files from anywhere: no entities, no network, no huge trees (lxml)."""

from __future__ import annotations

from lxml import etree

from albumfaces.errors import AlbumfacesError

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ARRAYS = {f"{{{RDF}}}{kind}" for kind in ("Bag", "Seq", "Alt")}
DESCRIPTION = f"{{{RDF}}}Description"
LIST_ITEM = f"{{{RDF}}}li"
PARSE_TYPE = f"{{{RDF}}}parseType"
XML_NS = "http://www.w3.org/XML/1998/namespace"

Value = str | dict | list


class XmpError(AlbumfacesError):
    """XMP that cannot be read; the message is the reason."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False
    )


def parse(data: bytes) -> etree._Element:
    """The XML of an XMP packet or sidecar. Raises :class:`XmpError`."""
    start = data.find(b"<")
    if start < 0:
        raise XmpError("no XML in the XMP data")
    try:
        return etree.fromstring(data[start:].rstrip(b"\x00 \t\r\n"), _parser())
    except etree.XMLSyntaxError as exc:
        raise XmpError(f"malformed XMP ({exc})") from exc


def _own_attributes(element) -> dict:
    return {
        key: value
        for key, value in element.attrib.items()
        if not key.startswith(f"{{{RDF}}}") and not key.startswith(f"{{{XML_NS}}}")
    }


def struct(element) -> dict:
    """The fields of a struct: its attributes and its property elements."""
    fields: dict = dict(_own_attributes(element))
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction
        if child.tag == DESCRIPTION:
            fields.update(struct(child))
        else:
            fields[child.tag] = value(child)
    return fields


def value(element) -> Value:
    """A property's value: text, a struct (dict) or an array (list)."""
    if element.get(PARSE_TYPE) == "Resource":
        return struct(element)
    children = [c for c in element if isinstance(c.tag, str)]
    if not children:
        return struct(element) if _own_attributes(element) else (element.text or "").strip()
    first = children[0]
    if first.tag in ARRAYS:
        return [value(item) for item in first if item.tag == LIST_ITEM]
    if first.tag == DESCRIPTION:
        return struct(first)
    return struct(element)


def properties(root) -> dict:
    """Every top-level property of every ``rdf:Description`` of a packet, by Clark name
    (``{namespace}Name``)."""
    found: dict = {}
    for description in root.iter(DESCRIPTION):
        if description.getparent() is not None and description.getparent().tag == f"{{{RDF}}}RDF":
            found.update(struct(description))
    return found
