"""Value objects shared by every layer: boxes, faces, photos, people, albums, sidecars, and
what each run reports. Plain data; every layer may import it, and it imports no layer."""

from albumfaces.kinds import (
    DetectorModel,
    ExportMode,
    FileKind,
    JournalKind,
    MediaType,
    Source,
    TextEnum,
)
from albumfaces.models.albums import AlbumPhoto, ExportRecord, ExportReport, TogetherPhoto
from albumfaces.models.faces import (
    Box,
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
    "ClusterReport",
    "DetectedFace",
    "DetectorModel",
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
    "Marks",
    "MediaType",
    "NamedBox",
    "Person",
    "PhotoFile",
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
