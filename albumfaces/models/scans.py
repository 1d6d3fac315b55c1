"""What a scan is told and what it finds: settings, a photo's content, files, status."""

from __future__ import annotations

from dataclasses import dataclass, field

from albumfaces.kinds import DetectorModel, FileKind, MediaType, MotionKind, PairHow
from albumfaces.models.faces import DetectedFace
from albumfaces.models.reports import Failure, Report, fields_dict


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
    # also scan the clip of each Live Photo and the video of each motion photo, as the
    # photo's motion part (its faces folded into the photo's); None: as the library does
    # (a library remembers the last choice made for it)
    live_clips: bool | None = None

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
class MotionPart:
    """The video a motion photo carries after its still. ``whole`` is False when the file was
    cut short and the video is not all there (the still may still be whole)."""

    kind: MotionKind
    offset: int  # where the video starts, from the start of the file
    length: int  # its bytes, as the file's metadata gives them
    whole: bool = True


@dataclass(frozen=True)
class LivePair:
    """A Live Photo: the photo and its short clip, found by ``how``."""

    photo_path: str
    clip_path: str
    how: PairHow
    content_id: str | None = None


@dataclass(frozen=True)
class ScanOptions:
    """What a scan run is asked to do, besides where (see ``scan_library``)."""

    settings: ScanSettings = field(default_factory=ScanSettings)
    workers: int | None = None  # processes (None: one per CPU), or Ray's
    retry_failed: bool = False  # try again files that failed before, changed or not
    videos: bool = True  # False: videos are neither scanned nor forgotten
    import_regions: bool = True  # named XMP face regions name their faces
    import_names: bool = True  # Google Takeout's names name the face of a one-face photo
    ray_address: str | None = None  # scan on this Ray cluster ("auto": the local one)


@dataclass(frozen=True)
class PhotoScan:
    """What the pipeline learned about one photo's content."""

    hash: str
    width: int
    height: int
    format: str
    settings_key: str
    faces: tuple[DetectedFace, ...]
    taken_at: str | None = None  # EXIF, else Takeout's, else the file's time (ISO 8601)
    media: MediaType = MediaType.PHOTO
    duration: float | None = None  # seconds, of a video
    face_model: str = "dlib"  # the model that encoded its faces
    takeout_names: tuple[str, ...] | None = None  # its Takeout JSON's people (None: no JSON)
    motion: MotionPart | None = None  # the video a motion photo carries, if it does


@dataclass
class ScanReport(Report):
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
    takeout_photos: int = 0  # photos with a Google Takeout JSON
    takeout_named: int = 0  # faces named by it (a photo of one face and one name)
    videos: int = 0  # clips scanned
    video_seconds: float = 0.0  # their duration
    video_faces_detected: int = 0  # faces in their sampled frames, before a few a person
    face_model: str | None = None  # the library's, that encoded this run's faces
    switched_from: str | None = None  # the model the library had before this run
    live_photos: int = 0  # Live Photo pairs under the folders scanned (photo and clip: one)
    motion_photos: int = 0  # motion photos under them (a still carrying its video)
    motion_scanned: int = 0  # Live Photo clips and motion videos scanned (``live_clips``)


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
    live_photos: int = 0  # Live Photo pairs (their clips are not counted as videos)
    motion_photos: int = 0  # photos carrying a video after the still
    live_clips: bool = False  # scans scan their clips and videos too (``scan --live-clips``)

    to_dict = fields_dict


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
    motion: MotionKind | None = None  # of a motion photo
    motion_checked: bool = True  # False: stored before motion photos were looked for
