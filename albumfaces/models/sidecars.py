"""XMP sidecars: the named faces of a photo file, what an earlier `xmp write` left, and
what a run did."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from albumfaces.models.faces import Box
from albumfaces.models.reports import NOT_IN_JSON, Failure, Report


@dataclass(frozen=True)
class NamedBox:
    """A named person's face in a photo, in upright pixels."""

    name: str
    box: Box

    def to_json(self) -> list:
        return [self.name, self.box.top, self.box.right, self.box.bottom, self.box.left]

    @classmethod
    def from_json(cls, item: list) -> NamedBox:
        name, top, right, bottom, left = item
        return cls(name, Box(top, right, bottom, left))


@dataclass(frozen=True)
class PhotoFile:
    """A photo file of the library and the names albumfaces gives its faces."""

    path: str
    photo_hash: str
    width: int  # upright pixels
    height: int
    faces: tuple[NamedBox, ...] = ()  # one a person, by name
    imported: frozenset[str] = frozenset()  # names its own XMP regions gave its faces

    def with_names(self, faces: Iterable[NamedBox], imported: Iterable[str]) -> PhotoFile:
        ordered = tuple(sorted(faces, key=lambda f: f.name))
        return dataclasses.replace(self, faces=ordered, imported=frozenset(imported))

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.faces]


@dataclass(frozen=True)
class SidecarRecord:
    """What an earlier `xmp write` left in a sidecar."""

    photo_path: str
    sidecar: str
    photo_hash: str
    faces: tuple[NamedBox, ...]
    created: bool  # albumfaces made the file
    properties: frozenset[str]  # the properties albumfaces made in it
    sha256: str | None  # of the file as albumfaces left it


@dataclass
class XmpReport(Report):
    created: int = 0
    updated: int = 0
    removed: int = 0  # sidecars albumfaces made, deleted because no name was left in them
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    actions: list[str] = field(default_factory=list, metadata=NOT_IN_JSON)  # done, or to do
