"""Albums: the photos of a person, what export wrote, and what a run did."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from albumfaces.kinds import EntryPart, ExportMode
from albumfaces.models.reports import NOT_IN_JSON, Failure, Report


class AlbumPhoto(NamedTuple):
    """A photo in which a person appears: one entry of that person's album.

    A NamedTuple rather than a dataclass: exports read 100,000s of these, and tuples are built
    several times faster."""

    person_id: int
    named: bool
    person: str  # the name, else the automatic name
    photo_hash: str
    source: str  # a file holding the photo (a path, not a Source)
    taken_at: str | None  # ISO date-time


@dataclass(frozen=True)
class TogetherPhoto:
    """A photo several people share, with their faces in it."""

    photo_hash: str
    path: str  # a file holding it
    taken_at: str | None
    media: str
    width: int  # upright pixels
    height: int
    faces: tuple[tuple[int, int], ...]  # (face id, person id) of the people asked about

    def to_dict(self) -> dict:
        return {
            "photo": self.photo_hash,
            "path": self.path,
            "taken_at": self.taken_at,
            "media": self.media,
            "width": self.width,
            "height": self.height,
            "faces": [{"id": face, "person_id": person} for face, person in self.faces],
        }


class ExportRecord(NamedTuple):
    """An album entry that export created, and how to recognise it on disk (NamedTuple: see
    AlbumPhoto)."""

    rel_path: str
    person_id: int
    photo_hash: str
    source: str
    mode: ExportMode
    link_target: str | None = None  # symlinks
    inode: int | None = None  # hardlinks and copies
    size: int | None = None
    part: EntryPart | None = None  # which file of the photo (None: the photo itself)


@dataclass
class ExportReport(Report):
    mode: ExportMode = ExportMode.SYMLINK  # what an album entry is
    added: int = 0
    removed: int = 0
    renamed: int = 0
    unchanged: int = 0
    folders: int = 0  # albums an entry was added to, taken from or renamed
    failures: list[Failure] = field(default_factory=list)  # links not made, or left alone
    actions: list[str] = field(default_factory=list, metadata=NOT_IN_JSON)  # done, or to do
    notes: list[str] = field(default_factory=list, metadata=NOT_IN_JSON)
