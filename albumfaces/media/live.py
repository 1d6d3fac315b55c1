"""What the two files of an iPhone Live Photo say about each other: the photo's Apple content
identifier (its maker note, or its XMP), the clip's (``com.apple.quicktime.content.identifier``
in the MOV's metadata), and when and how long the clip is."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import ExifTags, Image

from albumfaces.media.images import embedded_xmp, exif_taken_at, register_formats
from albumfaces.media.videos import clip_duration, container_time

APPLE_NOTE = b"Apple iOS\x00"  # then a version (2 bytes), the byte order, and an IFD
NOTE_IFD = 14  # the IFD starts after the header; its offsets count from the note's start
NOTE_ENTRY = 12
MAX_NOTE_ENTRIES = 256  # Apple writes a few dozen; more is a damaged note
CONTENT_ID_TAG = 0x0011  # exiftool: Apple:MediaGroupUUID (named ContentIdentifier before 12.19)
ASCII = 2
CLIP_CONTENT_ID = "com.apple.quicktime.content.identifier"
CLIP_CREATION_DATE = "com.apple.quicktime.creationdate"  # local time with its zone
XMP_CONTENT_ID = re.compile(
    rb"(?:ContentIdentifier|MediaGroupUUID)(?:=\"|>)\s*([0-9A-Za-z-]{8,64})\s*[\"<]"
)


@dataclass(frozen=True)
class PhotoFacts:
    content_id: str | None
    taken_at: str | None  # EXIF, local time without a zone (YYYY-MM-DDTHH:MM:SS)


@dataclass(frozen=True)
class ClipFacts:
    content_id: str | None
    duration: float  # seconds; 0 when the header does not say
    local_time: str | None  # Apple's creation date, in the zone it was taken in
    utc_time: str | None  # the container's creation time (UTC, as QuickTime stores it)


def photo_facts(path: str) -> PhotoFacts:
    """The content identifier and EXIF date of a photo; empty facts when it cannot be read."""
    register_formats()
    try:
        with Image.open(path) as im:
            taken = exif_taken_at(im)
            note = im.getexif().get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.MakerNote)
            found = apple_content_id(note) if isinstance(note, bytes) else None
            if found is None:
                xmp = embedded_xmp(im)
                match = XMP_CONTENT_ID.search(xmp) if xmp else None
                found = match.group(1).decode() if match else None
            return PhotoFacts(found, taken)
    except Exception:  # noqa: BLE001 - a photo that cannot say is paired by name, or not
        return PhotoFacts(None, None)


def apple_content_id(note: bytes) -> str | None:
    """The content identifier in an Apple maker note, or None."""
    if not note.startswith(APPLE_NOTE) or len(note) < NOTE_IFD + 2:
        return None
    order = {b"MM": "big", b"II": "little"}.get(note[12:14])
    if order is None:
        return None

    def number(start: int, size: int) -> int:
        return int.from_bytes(note[start : start + size], order)

    for k in range(min(number(NOTE_IFD, 2), MAX_NOTE_ENTRIES)):
        entry = NOTE_IFD + 2 + k * NOTE_ENTRY
        if entry + NOTE_ENTRY > len(note):
            break
        if number(entry, 2) != CONTENT_ID_TAG or number(entry + 2, 2) != ASCII:
            continue
        count = number(entry + 4, 4)
        start = entry + 8 if count <= 4 else number(entry + 8, 4)
        text = note[start : start + count].split(b"\x00")[0].decode("ascii", "replace").strip()
        return text or None
    return None


def clip_facts(path: str) -> ClipFacts | None:
    """What a clip's header says of it; None when it is no video that can be read."""
    import av

    try:
        with av.open(path, metadata_errors="ignore") as container:
            if not container.streams.video:
                return None
            meta = container.metadata
            duration = clip_duration(container, container.streams.video[0])
            return ClipFacts(
                (meta.get(CLIP_CONTENT_ID) or "").strip() or None,
                max(0.0, duration),
                container_time(meta.get(CLIP_CREATION_DATE)),
                container_time(meta.get("creation_time")),
            )
    except Exception:  # noqa: BLE001 - a damaged clip is not paired; the scan says why
        return None
