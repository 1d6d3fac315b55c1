"""Changing a few properties of an XMP packet while keeping every other byte of it.

lxml reads the values; the standard library's expat gives each element's byte span. Edits
are splices of the original bytes: what albumfaces removes is cut out (with the whitespace
that led up to it), what it adds is inserted beside its siblings, and everything else, down
to another program's quoting, comments and padding, stays byte for byte. (Libraries that
write XMP, exiv2 and Exempi, serialise the whole packet again, which is why this is ours.)
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.parsers import expat

from albumfaces.xmp.build import El, render
from albumfaces.xmp.rdf import ARRAYS, DESCRIPTION, LIST_ITEM, PARSE_TYPE, RDF, XmpError, parse

RDF_ROOT = f"{{{RDF}}}RDF"
ABOUT = f"{{{RDF}}}about"
WHITESPACE = b" \t\r\n"


@dataclass(frozen=True)
class Span:
    """Where an element is in the packet's bytes."""

    start: int  # its '<'
    head_end: int  # just after its start tag's '>'
    end: int  # just after its end tag (or of its start tag, when it is empty: <x/>)

    @property
    def empty_tag(self) -> bool:
        return self.head_end == self.end


def _tag_end(data: bytes, start: int) -> int:
    """Just after the '>' of the tag starting at ``start``; '>' may be inside quotes."""
    quote = None
    for i in range(start + 1, len(data)):
        c = data[i]
        if quote is not None:
            if c == quote:
                quote = None
        elif c in b"\"'":
            quote = c
        elif c == ord(">"):
            return i + 1
    raise XmpError("malformed XMP (a tag is not closed)")


def _spans(data: bytes) -> list[Span]:
    """Every element's span, in document order."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    found: list[Span | None] = []
    open_at: list[tuple[int, int]] = []

    def start(name, attrs):
        open_at.append((len(found), parser.CurrentByteIndex))
        found.append(None)

    def end(name):
        index, begin = open_at.pop()
        head_end = _tag_end(data, begin)
        if data[head_end - 2 : head_end] == b"/>":
            found[index] = Span(begin, head_end, head_end)
        else:
            close = parser.CurrentByteIndex
            found[index] = Span(begin, head_end, data.index(b">", close) + 1)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XmpError(f"malformed XMP ({exc})") from exc
    return found  # type: ignore[return-value]


def _qname(element) -> str:
    local = element.tag.split("}", 1)[1]
    return f"{element.prefix}:{local}" if element.prefix else local


class Packet:
    """An XMP packet (a sidecar's bytes) and the splices to make to it."""

    def __init__(self, data: bytes):
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise XmpError("it declares a DTD or entities, which XMP never does; left as it is")
        self.data = data.rstrip(b"\x00")  # padding some programs leave is not XML
        root = parse(self.data)
        self.elements = [e for e in root.iter() if isinstance(e.tag, str)]
        offset = self.data.find(b"<")
        spans = _spans(self.data[offset:])
        if len(spans) != len(self.elements):
            raise XmpError("malformed XMP (its elements could not be located)")
        self.spans = {
            id(e): Span(s.start + offset, s.head_end + offset, s.end + offset)
            for e, s in zip(self.elements, spans, strict=True)
        }
        self.root = root
        self.edits: list[tuple[int, int, bytes]] = []
        self.removed: dict[int, tuple[int, int, bytes]] = {}

    # -- finding -----------------------------------------------------------------------------
    def rdf(self):
        found = [e for e in self.elements if e.tag == RDF_ROOT]
        if not found:
            raise XmpError("not XMP (no rdf:RDF element)")
        return found[0]

    def descriptions(self) -> list:
        return [e for e in self.rdf() if e.tag == DESCRIPTION]

    def find(self, clark: str):
        """The element of a top-level property, or None."""
        for description in self.descriptions():
            for child in description:
                if child.tag == clark:
                    return child
        return None

    def about(self) -> str:
        """The rdf:about every description of one packet shares (XMP requires it)."""
        for description in self.descriptions():
            if description.get(ABOUT) is not None:
                return description.get(ABOUT)
        return ""

    # -- changing ----------------------------------------------------------------------------
    def span(self, element) -> Span:
        return self.spans[id(element)]

    def remove(self, element) -> None:
        """Cut an element out, with the whitespace before it (its line)."""
        edit = (self._line_start(element), self.span(element).end, b"")
        self.edits.append(edit)
        self.removed[id(element)] = edit

    def remove_if_emptied(self, element) -> None:
        """Remove an element whose every child was removed and that says nothing itself
        (an rdf:Description albumfaces emptied), instead of leaving it empty."""
        children = [c for c in element if isinstance(c.tag, str)]
        own = [k for k in element.attrib if k != ABOUT]
        if not children or own or not all(id(c) in self.removed for c in children):
            return
        for child in children:
            self.edits.remove(self.removed.pop(id(child)))
        self.remove(element)

    def _line_start(self, element) -> int:
        """Where the whitespace leading up to an element begins."""
        start = self.span(element).start
        while start > 0 and self.data[start - 1] in WHITESPACE:
            start -= 1
        return start

    def _indent_of(self, element) -> bytes:
        return self.data[self._line_start(element) : self.span(element).start] or b"\n"

    def append(self, parent, elements: list[El]) -> None:
        """Add child elements after the parent's last child, indented like its children."""
        if not elements:
            return
        children = [c for c in parent if isinstance(c.tag, str)]
        outer = self._indent_of(parent)
        lead = self._indent_of(children[0]) if children else outer + b" "
        indent = lead.decode().rsplit("\n", 1)[-1]
        added = b"".join(lead + render(e, dict(parent.nsmap), indent).encode() for e in elements)
        if children:
            end = self.span(children[-1]).end
            self.edits.append((end, end, added))
            return
        span = self.span(parent)
        if span.empty_tag:  # <rdf:Bag/> becomes <rdf:Bag>...</rdf:Bag>
            head = self.data[span.start : span.end - 2].rstrip(WHITESPACE) + b">"
            closing = f"</{_qname(parent)}>".encode()
            self.edits.append((span.start, span.end, head + added + outer + closing))
        else:  # only whitespace (or nothing) between its tags
            close = self.data.rindex(b"</", span.head_end, span.end)
            self.edits.append((span.head_end, close, added + outer))

    def result(self) -> bytes:
        """The packet with every edit made."""
        out, at = [], 0
        for start, end, replacement in sorted(self.edits, key=lambda e: (e[0], e[1])):
            if start < at:
                raise XmpError("internal error: overlapping XMP edits")
            out += [self.data[at:start], replacement]
            at = end
        out.append(self.data[at:])
        return b"".join(out)

    @property
    def changed(self) -> bool:
        return bool(self.edits)


def array_items(element) -> tuple[object, list] | tuple[None, list]:
    """The array (rdf:Bag, Seq or Alt) a property holds and its rdf:li items; (None, [])
    when it holds no array."""
    for child in element:
        if isinstance(child.tag, str) and child.tag in ARRAYS:
            return child, [li for li in child if li.tag == LIST_ITEM]
    return None, []


def struct_field(element, clark: str):
    """A field of a struct written either way RDF allows (parseType="Resource", or a nested
    rdf:Description), or None."""
    if element.get(PARSE_TYPE) == "Resource":
        fields = [c for c in element if c.tag == clark]
    else:
        fields = [c for d in element if d.tag == DESCRIPTION for c in d if c.tag == clark] + [
            c for c in element if c.tag == clark
        ]
    return fields[0] if fields else None
