"""Value objects shared by every layer: boxes, faces, photos, people, albums, sidecars, and
what each run reports. Plain data; every layer may import it, and it imports no layer."""

from albumfaces.kinds import (
    DetectorModel,
    EntryPart,
    ExportMode,
    FileKind,
    JournalKind,
    MediaType,
    MotionKind,
    PairHow,
    Source,
    TextEnum,
)
from albumfaces.models.albums import AlbumPhoto, ExportRecord, ExportReport, TogetherPhoto
from albumfaces.models.faces import (
    Box,
    ClipSource,
    DetectedFace,
    Distances,
    Face,
    FaceAssignment,
    FaceDecisions,
    Point,
)
from albumfaces.models.people import Changes, ClusterReport, JournalEntry, Marks, Person, Touched
from albumfaces.models.reports import Failure, Report
from albumfaces.models.scans import (
    FileRecord,
    LivePair,
    MotionPart,
    PhotoScan,
    ScanOptions,
    ScanReport,
    ScanSettings,
    Status,
    StoredPhoto,
)
from albumfaces.models.sidecars import NamedBox, PhotoFile, SidecarRecord, XmpReport

EXPORT_MODES = ExportMode.values()

__all__ = [
    "EXPORT_MODES",
    "AlbumPhoto",
    "Box",
    "Changes",
    "ClipSource",
    "ClusterReport",
    "DetectedFace",
    "DetectorModel",
    "EntryPart",
    "Distances",
    "ExportMode",
    "ExportRecord",
    "ExportReport",
    "Face",
    "FaceAssignment",
    "FaceDecisions",
    "Failure",
    "FileKind",
    "FileRecord",
    "JournalEntry",
    "JournalKind",
    "LivePair",
    "Marks",
    "MediaType",
    "MotionKind",
    "MotionPart",
    "NamedBox",
    "Person",
    "PhotoFile",
    "PairHow",
    "PhotoScan",
    "Point",
    "Report",
    "ScanOptions",
    "ScanReport",
    "ScanSettings",
    "SidecarRecord",
    "Source",
    "Status",
    "StoredPhoto",
    "TextEnum",
    "TogetherPhoto",
    "Touched",
    "XmpReport",
]
