"""Faces and where they are: boxes, landmarks, detections, stored faces, a model's distances."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from albumfaces.kinds import MediaType, Source

ENCODING_DIGITS = 7  # float32 holds about seven significant digits

if TYPE_CHECKING:  # numpy is only needed once faces exist; keep `import albumfaces` light
    import numpy as np


@dataclass(frozen=True)
class ClipSource:
    """Where a clip's bytes are: a whole file, or ``length`` bytes of one from ``offset`` (the
    video a motion photo carries after its still)."""

    path: str
    offset: int = 0
    length: int | None = None  # None: to the end of the file

    @property
    def embedded(self) -> bool:
        return self.offset > 0 or self.length is not None

    @property
    def noun(self) -> str:
        """What it is, as a sentence says it."""
        return "motion video" if self.embedded else "Live Photo clip"


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
    takeout_name: str | None = None  # the one name Google Takeout gives its photo of one face
    drawn: bool = False  # the user drew it (the detector had missed it)


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
    taken_at: str | None = None  # the photo's date (EXIF, else the file's time)
    born: str | None = None  # its person's birth, when the user gave one
    # of a face seen in a photo's motion part (its Live Photo clip, or the video a motion
    # photo carries; ``time`` is set): where that clip is read from
    clip: ClipSource | None = field(default=None, compare=False)

    @property
    def in_motion_part(self) -> bool:
        """Seen in the photo's Live Photo clip or motion video, not in its still."""
        return self.time is not None and self.media == MediaType.PHOTO

    @property
    def age(self) -> int | None:
        """Its person's age in the photo, when both dates are known."""
        from albumfaces.births import age_in, stored_birth

        return age_in(stored_birth(self.born), self.taken_at)

    def to_dict(self, with_encoding: bool = False) -> dict:
        """The one JSON shape of a face (``faces --json``, the HTTP API)."""
        data = {
            "id": self.id,
            "photo": self.photo_hash,
            "path": self.path,
            "box": self.box.to_dict(),
            "score": self.score,
            "person_id": self.person_id,
            "person": self.person,
            "source": self.source,
            "distance": self.distance,
            "media": self.media,
            "time": self.time,  # seconds into a video; null in a photo
            "imported": self.imported,  # made from a named XMP region the detector missed
            "taken_at": self.taken_at,
            "age": self.age,  # its person's, from their birth and the photo's date
        }
        if with_encoding:
            data["encoding"] = [round(float(v), ENCODING_DIGITS) for v in self.encoding]
        return data


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
    timed: bool = False  # seen at a time in a clip (a video, or a photo's motion part)
