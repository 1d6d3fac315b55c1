"""People, the journal of decisions, and what a clustering run did."""

from __future__ import annotations

from dataclasses import dataclass, field

from albumfaces.kinds import JournalKind
from albumfaces.models.reports import Report, fields_dict


@dataclass(frozen=True)
class Person:
    id: int
    name: str  # the user's name, else the automatic person_NN
    named: bool
    ignored: bool
    faces: int
    photos: int
    sources: dict[str, int] = field(default_factory=dict)  # counts by Source
    cover_face_id: int | None = None  # the face the user chose to show this person
    born: str | None = None  # the user's: YYYY-MM-DD, or a year

    to_dict = fields_dict


@dataclass(frozen=True)
class JournalEntry:
    """One line of ``albumfaces history``."""

    id: int
    at: str
    kind: JournalKind
    command: str
    summary: str  # in words: "merged person_07 (12 faces) into Anna"
    target: int | None = None  # the decision an undo or redo acted on
    undone: bool = False

    to_dict = fields_dict


@dataclass(frozen=True)
class ClusterReport(Report):
    people: int  # people with faces after the run, named or not, ignored included
    named: int
    ignored: int
    new_people: int  # unnamed people made by this run
    propagated: int
    clustered: int
    ambiguous: int
    unassigned: int  # of the faces the run looked at: all (full) or the new ones
    seconds: float
    mode: str = "full"  # full | incremental (albumfaces.cluster.mode)
    reason: str = ""  # why, in words
    new_faces: int = 0  # faces no run had seen before this one
    names_imported: int = 0  # people named from the names Google Takeout gave their photos
    names_unclear: list = field(default_factory=list)  # {name, reason} of names not given


@dataclass(frozen=True)
class Touched:
    """What some journal entries changed."""

    faces: set[int]
    people: set[int]


@dataclass(frozen=True)
class Marks:
    """Where a database was when a cache of it was made: a cache is made again when the
    machine changed faces (a scan, a clustering run, which are not journaled), and takes in
    only what the decisions since touched otherwise."""

    machine_changes: int
    journal: int  # the last journal entry taken in


@dataclass(frozen=True)
class Changes:
    """What moved in a database since some :class:`Marks`."""

    marks: Marks  # where it is now
    everything: bool  # read everything again (the machine changed it, or a first look)
    touched: Touched | None = None  # otherwise, what the decisions since touched, if any

    @property
    def any(self) -> bool:
        return self.everything or self.touched is not None
