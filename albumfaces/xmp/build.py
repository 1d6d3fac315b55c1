"""The XML albumfaces adds to a packet: small elements rendered with the prefixes already
in scope where they go, declaring only the namespaces that are not."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from albumfaces.xmp.rdf import RDF

# The prefixes albumfaces declares when a packet has none for a namespace (the usual ones).
PREFIXES = {
    RDF: "rdf",
    "http://www.metadataworkinggroup.com/schemas/regions/": "mwg-rs",
    "http://ns.adobe.com/xmp/sType/Area#": "stArea",
    "http://ns.adobe.com/xap/1.0/sType/Dimensions#": "stDim",
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": "Iptc4xmpExt",
    "http://www.digikam.org/ns/1.0/": "digiKam",
    "http://ns.adobe.com/lightroom/1.0/": "lr",
}


@dataclass
class El:
    """An element to add: a Clark-named tag (``{namespace}Name``), attributes, and either
    text or child elements."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[El] = field(default_factory=list)
    text: str | None = None


def _namespace(clark: str) -> str:
    return clark[1:].split("}", 1)[0]


def _used(el: El) -> list[str]:
    found = [_namespace(el.tag), *(_namespace(a) for a in el.attrs)]
    for child in el.children:
        found += _used(child)
    return list(dict.fromkeys(found))


def _free_prefix(wanted: str, taken: set[str]) -> str:
    prefix, n = wanted, 1
    while prefix in taken:
        n += 1
        prefix = f"{wanted}{n}"
    return prefix


def render(el: El, in_scope: dict, indent: str) -> str:
    """``el`` as XML, for a place where ``in_scope`` (prefix -> namespace, like lxml's
    ``nsmap``) holds and whose lines are indented by ``indent``."""
    prefix_of = {ns: p for p, ns in in_scope.items() if p}
    declare = {}
    for ns in _used(el):
        if ns not in prefix_of:
            prefix = _free_prefix(PREFIXES.get(ns, "ns"), set(in_scope) | set(declare.values()))
            declare[ns] = prefix
            prefix_of[ns] = prefix
    return _render(el, prefix_of, indent, declare)


def _name(clark: str, prefix_of: dict) -> str:
    return f"{prefix_of[_namespace(clark)]}:{clark.split('}', 1)[1]}"


def _render(el: El, prefix_of: dict, indent: str, declare: dict) -> str:
    name = _name(el.tag, prefix_of)
    attrs = "".join(f" {_name(k, prefix_of)}={quoteattr(v)}" for k, v in el.attrs.items())
    attrs += "".join(f" xmlns:{p}={quoteattr(ns)}" for ns, p in declare.items())
    if el.text is not None:
        return f"<{name}{attrs}>{escape(el.text)}</{name}>"
    if not el.children:
        return f"<{name}{attrs}/>"
    inner = indent + " "
    body = "".join(f"\n{inner}{_render(c, prefix_of, inner, {})}" for c in el.children)
    return f"<{name}{attrs}>{body}\n{indent}</{name}>"
