"""Motion photos: a JPEG or HEIC that carries a short MP4 after its still image (Google Pixel
"Top shot"/motion, Samsung "Motion photo"). The still is the photo; the video is found from the
file's XMP (Google's ``GCamera:MicroVideo*``, or ``GCamera:MotionPhoto`` with a
``Container:Directory``) or Samsung's trailer, and checked to be whole.

Readers of the whole file (Pillow) stop at the end of the still, so the trailing video never
makes the photo "damaged"; this module only says where the video is."""

from __future__ import annotations

import io
import mmap
import os

from albumfaces.kinds import MotionKind
from albumfaces.models import ClipSource, MotionPart

GCAMERA = "http://ns.google.com/photos/1.0/camera/"
CONTAINER = "http://ns.google.com/photos/1.0/container/"
ITEM = "http://ns.google.com/photos/1.0/container/item/"
MOTION_SEMANTIC = "MotionPhoto"
SAMSUNG_MARKER = b"MotionPhoto_Data"
# Samsung's trailer: blocks (2 bytes, their type, the name's length, the name, the data), an
# index "SEFH" (version, count, then an entry a block: type, how far back it starts, size),
# the index's length and "SEFT".
SEF_TAIL = 8
SEF_HEAD = 12
SEF_ENTRY = 12
SEF_BLOCK_HEAD = 8
MAX_SEF_ENTRIES = 64
BOX_HEADER = 8  # an MP4 box starts with its size (4 bytes) and its type (4 bytes)
# a video needs both to play: the frames (mdat) and the index of them (moov)
NEEDED_BOXES = frozenset((b"moov", b"mdat"))


def motion_part(path: str, xmp: bytes | None) -> MotionPart | None:
    """Where the video of the motion photo at ``path`` is (``xmp``: its XMP packet), or None
    when it carries none. Never raises for a strange file: a photo is not lost to this."""
    try:
        size = os.path.getsize(path)
        declared = _declared_by_xmp(xmp, size) if xmp else None
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as view:
            if declared is not None:
                kind, offset, length = declared
                return _checked(view, kind, offset, length)
            return _samsung(view)
    except (OSError, ValueError):
        return None


def embedded_video(path: str, part: MotionPart | None) -> ClipSource | None:
    """The bytes of a motion photo's video, when they are whole."""
    if part is None or not part.whole:
        return None
    return ClipSource(path, part.offset, part.length)


class Stretch(io.RawIOBase):
    """``length`` bytes of a file from ``offset``, as a file of their own (FFmpeg reads a
    motion photo's video through it, never the still before it)."""

    def __init__(self, source: ClipSource):
        self._file = open(source.path, "rb")  # noqa: SIM115 - closed with the stretch
        end = os.fstat(self._file.fileno()).st_size
        self.start = min(source.offset, end)
        self.end = end if source.length is None else min(end, self.start + source.length)
        self._file.seek(self.start)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self.end - self._file.tell()
        if left <= 0:
            return 0
        view = memoryview(buffer)[:left]
        return self._file.readinto(view) or 0

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: self.start, io.SEEK_CUR: self._file.tell(), io.SEEK_END: self.end}
        target = min(max(base[whence] + offset, self.start), self.end)
        self._file.seek(target)
        return target - self.start

    def tell(self) -> int:
        return self._file.tell() - self.start

    def close(self) -> None:
        self._file.close()
        super().close()


def _declared_by_xmp(xmp: bytes, size: int) -> tuple[MotionKind, int, int] | None:
    """(kind, offset, length) of the video as the XMP says, counted from the end of the file."""
    from albumfaces.xmp.rdf import XmpError, parse, properties

    if b"ns.google.com/photos/1.0/" not in xmp:
        return None
    try:
        props = properties(parse(xmp))
    except XmpError:
        return None
    length = _directory_length(props)
    if length is None and str(props.get(f"{{{GCAMERA}}}MicroVideo", "")).strip() == "1":
        length = _integer(props.get(f"{{{GCAMERA}}}MicroVideoOffset"))
    if not length or length >= size:
        return None
    return MotionKind.GOOGLE, size - length, length


def _directory_length(props: dict) -> int | None:
    """Bytes from the start of the motion photo item to the end of the file: the items of a
    ``Container:Directory`` follow the primary image in their order."""
    directory = props.get(f"{{{CONTAINER}}}Directory")
    if not isinstance(directory, list):
        return None
    items = [
        entry.get(f"{{{CONTAINER}}}Item")
        for entry in directory
        if isinstance(entry, dict) and isinstance(entry.get(f"{{{CONTAINER}}}Item"), dict)
    ]
    for k, item in enumerate(items):
        if item.get(f"{{{ITEM}}}Semantic") == MOTION_SEMANTIC:
            lengths = [_integer(later.get(f"{{{ITEM}}}Length")) for later in items[k:]]
            return None if None in lengths else sum(lengths)
    return None


def _integer(text) -> int | None:
    try:
        number = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _samsung(view) -> MotionPart | None:
    """The video in Samsung's trailer, found from its index at the end of the file (``SEFT``
    last, after the index's length; each entry says how far back its block starts), so that
    only a few pages of the file are read, never the whole of it."""
    end = len(view)
    if end < SEF_TAIL or view[end - 4 : end] != b"SEFT":
        return None
    index = end - SEF_TAIL - int.from_bytes(view[end - SEF_TAIL : end - 4], "little")
    if index < 0 or view[index : index + 4] != b"SEFH":
        return None
    count = int.from_bytes(view[index + 8 : index + 12], "little")
    for k in range(min(count, MAX_SEF_ENTRIES)):
        entry = index + SEF_HEAD + k * SEF_ENTRY
        block = index - int.from_bytes(view[entry + 4 : entry + 8], "little")
        named = block + SEF_BLOCK_HEAD + len(SAMSUNG_MARKER)
        if block < 0 or view[block + SEF_BLOCK_HEAD : named] != SAMSUNG_MARKER:
            continue
        length, whole = _mp4_extent(view, named, index)
        return MotionPart(MotionKind.SAMSUNG, named, length, whole) if length else None
    return None


def _checked(view, kind: MotionKind, offset: int, length: int) -> MotionPart:
    """The declared video, checked: a file cut short puts the declared start inside the
    still (the offset counts from the end), so the video is looked for after it."""
    found, whole = _mp4_extent(view, offset, len(view))
    if found == 0:
        start = view.find(b"ftyp", offset) - 4
        if start >= offset:
            found, whole = _mp4_extent(view, start, len(view))
            return MotionPart(kind, start, found, False)
        return MotionPart(kind, offset, length, False)
    return MotionPart(kind, offset, length, whole and found == length)


def _mp4_extent(view, start: int, end: int) -> tuple[int, bool]:
    """(bytes, whole) of the MP4 at ``start``: its top-level boxes, from an ``ftyp``, as far
    as they fit; whole when none was cut and the frames and their index are both there.
    (0, False) when no MP4 starts there."""
    pos, seen = start, set()
    while pos + BOX_HEADER <= end:
        size = int.from_bytes(view[pos : pos + 4], "big")
        kind = bytes(view[pos + 4 : pos + 8])
        if size == 1 and pos + 16 <= end:  # a 64-bit size follows the type
            size = int.from_bytes(view[pos + 8 : pos + 16], "big")
        elif size == 0:  # to the end of the file
            size = end - pos
        if not seen and kind != b"ftyp":
            return 0, False
        if size < BOX_HEADER or not kind.isascii() or not kind.strip(b"\0").isalnum():
            break  # not a box: the MP4 ended (Samsung's trailer index follows it)
        if pos + size > end:
            if NEEDED_BOXES <= seen:
                break  # a whole video, then bytes of another program's (a trailer)
            return end - start, False  # the file was cut inside this box
        seen.add(kind)
        pos += size
    return pos - start, NEEDED_BOXES <= seen
