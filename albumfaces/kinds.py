"""Kinds of things, as enums whose members are their text (stored in SQLite, shown in JSON)."""

from __future__ import annotations

from enum import Enum


class TextEnum(str, Enum):
    """An enum whose members are their text: they compare equal to it, print as it and are
    stored in SQLite as it (``StrEnum`` is Python 3.11+; we support 3.10)."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)


class Source(TextEnum):
    """Who assigned a face to a person."""

    USER = "user"  # the user named, moved, merged or split it: final for the machine
    PROPAGATED = "propagated"  # it matched faces the user confirmed
    CLUSTER = "cluster"  # it was grouped with the person's faces


class FileKind(TextEnum):
    """What the cache knows a path to be."""

    PHOTO = "photo"
    FAILED = "failed"  # could not be read or decoded; tried again when it changes
    OTHER = "other"  # not an image
    # the short clip of a Live Photo: part of its photo (``live_clips``), not a video of its own
    LIVE_CLIP = "live clip"


class MediaType(TextEnum):
    """What a scanned file's content is. A video is stored like a photo (by content hash),
    with a few faces a person, each at its time in the clip."""

    PHOTO = "photo"
    VIDEO = "video"


class MotionKind(TextEnum):
    """The video a motion photo carries after its still image, by who wrote it."""

    GOOGLE = "google"  # XMP GCamera:MicroVideo* or Container:Directory (Pixel, newer Samsung)
    SAMSUNG = "samsung"  # Samsung's trailer: the MP4 after a "MotionPhoto_Data" marker


class EntryPart(TextEnum):
    """Which file of a photo an album entry is, when it is not the photo itself."""

    LIVE_CLIP = "live clip"  # a Live Photo's clip, beside its photo under the same name


class PairHow(TextEnum):
    """How a Live Photo's photo and clip were found to belong together."""

    CONTENT_ID = "content id"  # both carry the same Apple content identifier
    NAME_AND_TIME = "name and time"  # same folder and name, a short clip of the same moment


class DetectorModel(TextEnum):
    HOG = "hog"  # dlib's HOG detector: fast on a CPU
    CNN = "cnn"  # dlib's MMOD CNN: finds more turned faces, about 50 times slower


class ExportMode(TextEnum):
    """How export makes album entries; the first is the default."""

    SYMLINK = "symlink"
    HARDLINK = "hardlink"
    COPY = "copy"


class JournalKind(TextEnum):
    DECISION = "decision"
    UNDO = "undo"
    REDO = "redo"
