"""Value objects shared by every layer: boxes, faces, photos, scan settings and results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from albumfaces.kinds import (  # noqa: F401  (re-exported: models is where values live)
    DetectorModel,
    ExportMode,
    FileKind,
    JournalKind,
    MediaType,
    Source,
    TextEnum,
)

if TYPE_CHECKING:  # numpy is only needed once faces exist; keep `import albumfaces` light
    import numpy as np


EXPORT_MODES = ExportMode.values()


@dataclass(frozen=True)
class Box:
    """A face rectangle in upright pixel coordinates of the full-size image."""

    top: int
    right: int
    bottom: int
    left: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def scaled(self, fx: float, fy: float) -> Box:
        """This box in an image resized by ``fx`` horizontally and ``fy`` vertically."""
        return Box(
            round(self.top * fy),
            round(self.right * fx),
            round(self.bottom * fy),
            round(self.left * fx),
        )

    def clipped(self, width: int, height: int) -> Box:
        """This box cut to a ``width`` x ``height`` image (a detector's box may reach past
        its edges)."""
        return Box(
            max(self.top, 0), min(self.right, width), min(self.bottom, height), max(self.left, 0)
        )

    def iou(self, other: Box) -> float:
        """Intersection over union: 1 for the same box, 0 for boxes that do not touch."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        if width <= 0 or height <= 0:
            return 0.0
        inter = width * height
        return inter / (self.width * self.height + other.width * other.height - inter)

    def to_dict(self) -> dict[str, int]:
        return {"top": self.top, "right": self.right, "bottom": self.bottom, "left": self.left}


@dataclass(frozen=True)
class Point:
    x: int
    y: int


@dataclass(frozen=True)
class DetectedFace:
    """One face as the pipeline found it, before it has a database id."""

    box: Box
    landmarks: tuple[Point, ...]
    encoding: np.ndarray = field(compare=False, repr=False)
    score: float | None = None
    time: float | None = None  # seconds into a video clip; None in a photo
    region_name: str | None = None  # the name a region of the photo's XMP gives this face
    imported: bool = False  # made from a named region the detector did not find


@dataclass(frozen=True)
class Face:
    """A stored face."""

    id: int
    photo_hash: str
    box: Box
    path: str
    encoding: np.ndarray | None = field(default=None, compare=False, repr=False)
    score: float | None = None
    person_id: int | None = None
    person: str | None = None
    source: Source | None = None
    distance: float | None = None
    photo_width: int | None = None  # upright full-size width of the photo
    time: float | None = None  # seconds into a video clip; None in a photo
    media: MediaType = MediaType.PHOTO
    imported: bool = False  # made from a named XMP region the detector missed


@dataclass(frozen=True)
class Distances:
    """A face model's thresholds, each a distance in that model's own space (two models'
    distances are never compared). Chosen on lfw-dev and asian-dev: see BENCHMARKS.md."""

    cluster: float  # Chinese whispers links faces closer than this
    dbscan: float  # DBSCAN's eps
    split_margin: float  # a whispers cluster is split by average linkage above cluster + this
    ambiguity_margin: float  # two people this close to a face make its propagation ambiguous
    face_suggestion: float  # "Is this ...?" lists faces up to this far from a person's
    people_suggestion: float  # "Same person?" lists people whose typical faces are this close
    clip_same_person: float  # faces of one clip this close are one person
    identify: float  # identify: the largest distance of a match

    def for_method(self, method: str) -> float:
        """The clustering threshold of ``method`` (chinese-whispers or dbscan)."""
        return self.dbscan if method == "dbscan" else self.cluster


@dataclass(frozen=True)
class ScanSettings:
    """How faces are detected; see ``albumfaces.scan.plan`` for what each value changes."""

    model: DetectorModel = DetectorModel.HOG
    upsample: int = 1
    max_size: int = 1280
    video_fps: float = 1.0  # frames of a video looked at per second of it
    # the face model (albumfaces.recognition.profiles); None: the library's, and a new
    # library's default
    face_model: str | None = None

    def __post_init__(self) -> None:
        if self.model not in DetectorModel.values():
            raise ValueError(f"unknown detection model {self.model!r} (use hog or cnn)")
        object.__setattr__(self, "model", DetectorModel(self.model))
        if self.upsample < 0:
            raise ValueError("upsample must be 0 or more")
        if self.max_size < 0:
            raise ValueError("max size must be 0 (full resolution) or more")
        if not self.video_fps > 0:
            raise ValueError("video fps must be more than 0")


@dataclass(frozen=True)
class PhotoScan:
    """What the pipeline learned about one photo's content."""

    hash: str
    width: int
    height: int
    format: str
    settings_key: str
    faces: tuple[DetectedFace, ...]
    taken_at: str | None = None  # EXIF date, else the file's modification time (ISO 8601)
    media: MediaType = MediaType.PHOTO
    duration: float | None = None  # seconds, of a video
    face_model: str = "dlib"  # the model that encoded its faces


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


@dataclass
class ScanReport:
    """Counts of one scan run, as ``scan --json`` prints them."""

    new: int = 0
    changed: int = 0
    moved: int = 0
    unchanged: int = 0
    rescanned: int = 0  # unchanged files whose photo the new settings detect differently
    removed: int = 0
    failed: int = 0
    faces: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False
    warnings: list[Failure] = field(default_factory=list)  # stored, with a remark
    regions_matched: int = 0  # named XMP regions that are detected faces
    regions_imported: int = 0  # named XMP regions made faces of their own
    videos: int = 0  # clips scanned
    video_seconds: float = 0.0  # their duration
    video_faces_detected: int = 0  # faces in their sampled frames, before a few a person
    face_model: str | None = None  # the library's, that encoded this run's faces
    switched_from: str | None = None  # the model the library had before this run

    def to_dict(self) -> dict:
        return {
            "face_model": self.face_model,
            "switched_from": self.switched_from,
            "new": self.new,
            "changed": self.changed,
            "moved": self.moved,
            "unchanged": self.unchanged,
            "rescanned": self.rescanned,
            "removed": self.removed,
            "failed": self.failed,
            "faces": self.faces,
            "seconds": round(self.seconds, 3),
            "failures": [f.to_dict() for f in self.failures],
            "warnings": [w.to_dict() for w in self.warnings],
            "videos": self.videos,
            "video_seconds": round(self.video_seconds, 3),
            "video_faces_detected": self.video_faces_detected,
            "regions_matched": self.regions_matched,
            "regions_imported": self.regions_imported,
        }


@dataclass(frozen=True)
class Status:
    database: str
    size_bytes: int
    photos: int
    files: int
    faces: int
    failures: int
    videos: int = 0  # of ``photos``, the contents that are video clips
    face_model: str | None = None  # the library's; None before its first scan
    photos_by_model: dict[str, int] = field(default_factory=dict)  # which model encoded them

    def to_dict(self) -> dict:
        return {
            "database": self.database,
            "face_model": self.face_model,
            "photos_by_model": self.photos_by_model,
            "videos": self.videos,
            "size_bytes": self.size_bytes,
            "photos": self.photos,
            "files": self.files,
            "faces": self.faces,
            "failures": self.failures,
        }


@dataclass(frozen=True)
class FileRecord:
    """What the cache knows of one path: its signature and what its content turned out to be."""

    path: str
    size: int
    mtime_ns: int
    kind: FileKind
    photo_hash: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class StoredPhoto:
    hash: str
    width: int
    height: int
    format: str
    settings_key: str
    media: MediaType = MediaType.PHOTO
    face_model: str = "dlib"


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

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "named": self.named,
            "ignored": self.ignored,
            "faces": self.faces,
            "photos": self.photos,
            "sources": self.sources,
            "cover_face_id": self.cover_face_id,
        }


@dataclass(frozen=True)
class FaceAssignment:
    person_id: int
    source: Source


@dataclass(frozen=True)
class FaceDecisions:
    """What the user decided about one stored face, to carry over to a re-detected face."""

    box: Box
    person_id: int | None  # the user assigned the face to this person
    rejected: tuple[int, ...] = ()  # people the user said the face is not
    cover_of: tuple[int, ...] = ()  # people whose cover face it is


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

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "at": self.at,
            "kind": self.kind,
            "command": self.command,
            "summary": self.summary,
            "target": self.target,
            "undone": self.undone,
        }


@dataclass(frozen=True)
class ClusterReport:
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

    def to_dict(self) -> dict:
        return {**self.__dict__, "seconds": round(self.seconds, 3)}


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


@dataclass
class ExportReport:
    added: int = 0
    removed: int = 0
    renamed: int = 0
    unchanged: int = 0
    skipped: list[Failure] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)  # what was (or would be) done
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "removed": self.removed,
            "renamed": self.renamed,
            "unchanged": self.unchanged,
            "skipped": [s.to_dict() for s in self.skipped],
        }
