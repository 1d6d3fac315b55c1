"""Files as phones make them, made in the tests from sample-album (or the fake pipeline's
pictures): iPhone Live Photos (a still carrying Apple's content identifier in its maker note,
and a short MOV carrying it in its metadata) and motion photos (a JPEG with an MP4 after it,
described by Google's XMP or Samsung's trailer)."""

from __future__ import annotations

import struct
from pathlib import Path

from PIL import Image

from albumfaces.media.images import register_formats
from albumfaces.media.live import CLIP_CONTENT_ID, CLIP_CREATION_DATE
from tests.scan.clips import Shot, make_clip

TAKEN = "2023:05:01 12:34:56"  # local time in Seoul, as EXIF has it
CLIP_UTC = "2023-05-01T03:34:55Z"  # the clip's start, a second before, in UTC (9 hours off)
CLIP_LOCAL = "2023-05-01T12:34:55+0900"
MAKER_NOTE, EXIF_IFD, DATE_TAKEN, MAKE = 0x927C, 0x8769, 0x9003, 0x010F


def apple_maker_note(content_id: str) -> bytes:
    """An Apple maker note as iPhones write it, holding only the content identifier (tag
    0x0011, which exiftool reads as Apple:MediaGroupUUID)."""
    text = content_id.encode() + b"\x00"
    header = b"Apple iOS\x00" + b"\x00\x01" + b"MM"
    value_at = len(header) + 2 + 12 + 4  # after the one-entry IFD
    entry = struct.pack(">HHII", 0x0011, 2, len(text), value_at)
    return header + struct.pack(">H", 1) + entry + b"\x00\x00\x00\x00" + text


def save_still(
    path: Path,
    picture: Image.Image,
    content_id: str | None = None,
    taken: str | None = TAKEN,
    kind: str | None = None,
) -> Path:
    """``picture`` saved as ``path`` (its suffix says the format: .HEIC, .JPG, .PNG, unless
    ``kind`` names one), with the EXIF an iPhone writes: its make, the date, the maker note
    with the content identifier."""
    register_formats()
    exif = Image.Exif()
    exif[MAKE] = "Apple"
    ifd = exif.get_ifd(EXIF_IFD)
    if taken:
        ifd[DATE_TAKEN] = taken
    if content_id:
        ifd[MAKER_NOTE] = apple_maker_note(content_id)
    kind = kind or {".heic": "HEIF", ".jpg": "JPEG", ".jpeg": "JPEG"}[path.suffix.lower()]
    picture.convert("RGB").save(path, kind, exif=exif.tobytes(), quality=95)
    return path


def save_clip(
    path: Path,
    frames_of: Path,
    seconds: float = 2.0,
    content_id: str | None = None,
    utc: str | None = CLIP_UTC,
    local: str | None = CLIP_LOCAL,
) -> Path:
    """A clip of ``seconds`` showing the picture ``frames_of``, with the metadata an iPhone
    writes into a Live Photo's MOV."""
    metadata = {CLIP_CONTENT_ID: content_id, CLIP_CREATION_DATE: local}
    path.parent.mkdir(parents=True, exist_ok=True)
    return make_clip(
        path,
        [Shot(frames_of, seconds)],
        created=utc,
        metadata={k: v for k, v in metadata.items() if v} or None,
    )


def live_photo(
    folder: Path,
    name: str,
    still_of: Path,
    clip_of: Path | None = None,
    content_id: str | None = "5E2B8A61-4C1D-4F7A-9B0E-3D5C7A9E1F20",
    suffix: str = ".HEIC",
    seconds: float = 2.0,
) -> tuple[Path, Path]:
    """``name`` + ``suffix`` and ``name``.MOV in ``folder``: the still of ``still_of``, the
    clip showing ``clip_of`` (the same picture unless told), with one content identifier."""
    folder.mkdir(parents=True, exist_ok=True)
    with Image.open(still_of) as im:
        still = save_still(folder / f"{name}{suffix}", im, content_id)
    clip = save_clip(folder / f"{name}.MOV", clip_of or still_of, seconds, content_id)
    return still, clip


GOOGLE_XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:GCamera="http://ns.google.com/photos/1.0/camera/"
    xmlns:Container="http://ns.google.com/photos/1.0/container/"
    xmlns:Item="http://ns.google.com/photos/1.0/container/item/"
    GCamera:MotionPhoto="1" GCamera:MotionPhotoVersion="1"
    GCamera:MotionPhotoPresentationTimestampUs="1000000">
   <Container:Directory>
    <rdf:Seq>
     <rdf:li rdf:parseType="Resource">
      <Container:Item Item:Mime="image/jpeg" Item:Semantic="Primary" Item:Length="0"/>
     </rdf:li>
     <rdf:li rdf:parseType="Resource">
      <Container:Item Item:Mime="video/mp4" Item:Semantic="MotionPhoto" Item:Length="{length}"/>
     </rdf:li>
    </rdf:Seq>
   </Container:Directory>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>"""
MICRO_VIDEO_XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:GCamera="http://ns.google.com/photos/1.0/camera/"
    GCamera:MicroVideo="1" GCamera:MicroVideoVersion="1" GCamera:MicroVideoOffset="{length}"
    GCamera:MicroVideoPresentationTimestampUs="1000000"/>
 </rdf:RDF>
</x:xmpmeta>"""
SAMSUNG_MARKER = b"MotionPhoto_Data"
SAMSUNG_MOTION_TYPE = 0x0A30


def samsung_trailer(video: bytes) -> bytes:
    """Samsung's trailer holding ``video``: a data block named ``MotionPhoto_Data``, then
    the SEFH index of the blocks (each found back from it), its length and ``SEFT``."""
    block = struct.pack("<HHI", 0, SAMSUNG_MOTION_TYPE, len(SAMSUNG_MARKER)) + SAMSUNG_MARKER
    block += video
    index = b"SEFH" + struct.pack("<II", 106, 1)
    index += struct.pack("<HHII", 0, SAMSUNG_MOTION_TYPE, len(block), len(block))
    return block + index + struct.pack("<I", len(index)) + b"SEFT"


def motion_photo(path: Path, still_of: Path, video: Path, style: str = "container") -> Path:
    """A JPEG of ``still_of`` carrying the MP4 ``video`` after its still, described as
    ``style`` says: ``container`` (Pixel since 2021: GCamera:MotionPhoto and a
    Container:Directory), ``microvideo`` (older Pixels: GCamera:MicroVideo*), ``samsung``
    (its trailer)."""
    data = video.read_bytes()
    with Image.open(still_of) as im:
        picture = im.convert("RGB")
    template = {"container": GOOGLE_XMP, "microvideo": MICRO_VIDEO_XMP}.get(style)
    if template is not None:
        xmp = template.format(length=len(data)).encode()
        picture.save(path, "JPEG", quality=95, xmp=xmp)
        path.write_bytes(path.read_bytes() + data)
    else:
        picture.save(path, "JPEG", quality=95)
        path.write_bytes(path.read_bytes() + samsung_trailer(data))
    return path
