"""Which sidecars `xmp write` changes: pure, the library's named faces and the records of
earlier writes in, the changes out."""

from __future__ import annotations

import os
from dataclasses import dataclass

from albumfaces.models import PhotoFile, SidecarRecord


@dataclass(frozen=True)
class Selection:
    """The photos a run is about: under these paths (all when none), and of these names
    (all when None): photos a name is in now, or was written in before."""

    paths: tuple[str, ...] = ()
    names: frozenset[str] | None = None

    def has_path(self, path: str) -> bool:
        return not self.paths or any(
            path == p or path.startswith(p.rstrip(os.sep) + os.sep) for p in self.paths
        )


@dataclass(frozen=True)
class SidecarChange:
    photo: PhotoFile
    sidecar: str
    exists: bool
    record: SidecarRecord | None
    owned: frozenset[str]  # the names albumfaces answers for in this sidecar

    @property
    def added(self) -> list[str]:
        before = {f.name for f in self.record.faces} if self.record else set()
        return [n for n in self.photo.names if n not in before]

    @property
    def removed(self) -> list[str]:
        now = set(self.photo.names)
        return [f.name for f in self.record.faces if f.name not in now] if self.record else []


def selected(
    photos: dict[str, PhotoFile], records: dict[str, SidecarRecord], selection: Selection
) -> list[str]:
    """The photo files of the run, in path order: those with named faces or an earlier
    sidecar, inside the selection."""
    paths = {p for p, photo in photos.items() if photo.faces} | set(records)
    chosen = []
    for path in sorted(paths):
        if not selection.has_path(path):
            continue
        if selection.names is not None:
            names = set(photos[path].names) if path in photos else set()
            if path in records:
                names |= {f.name for f in records[path].faces}
            if not names & selection.names:
                continue
        chosen.append(path)
    return chosen


def decide(
    photo: PhotoFile, record: SidecarRecord | None, sidecar: str, exists: bool
) -> SidecarChange | None:
    """The change a photo's sidecar needs, or None when it holds what albumfaces would
    write (a sidecar changed since by another program is left to it)."""
    if record is None and not photo.faces:
        return None
    if record is not None and exists and record.sidecar == sidecar:
        if record.faces == photo.faces:
            return None
    if record is not None and not exists and not photo.faces:
        return None  # nothing to take out of a file that is gone
    owned = set(photo.names) | photo.imported
    if record is not None:
        owned |= {f.name for f in record.faces}
    return SidecarChange(photo, sidecar, exists, record, frozenset(owned))
