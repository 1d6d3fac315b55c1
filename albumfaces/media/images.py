"""Reading photos: format by content, EXIF orientation applied, big JPEGs decoded reduced.

Every way a file can fail to be a usable photo becomes an :class:`ImageError` with a short
reason a person can act on; nothing here lets a bad file crash a scan.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import ExifTags, Image, ImageFile, UnidentifiedImageError

from albumfaces.models import ScanSettings

# Larger than any camera or stitched panorama a family keeps, far below what a crafted header
# can claim. Pillow refuses such images at open() instead of allocating gigabytes.
MAX_PIXELS = 250_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False

# EXIF orientations that turn the picture a quarter (transpose, 90° cw, transverse, 90° ccw).
TURNED_ORIENTATIONS = frozenset((5, 6, 7, 8))

IMAGE_SUFFIXES = frozenset(
    ".jpg .jpeg .jpe .jfif .png .heic .heif .hif .avif .jxl .webp .tif .tiff .bmp .gif".split()
)


def detection_size(width: int, height: int, settings: ScanSettings) -> tuple[int, int]:
    """The size of the copy that detection runs on (the image itself when small enough)."""
    long_side = max(width, height)
    if settings.max_size == 0 or long_side <= settings.max_size:
        return width, height
    scale = settings.max_size / long_side
    return max(1, round(width * scale)), max(1, round(height * scale))


_formats_registered = False


def register_formats() -> None:
    """Let Pillow open what phones and cameras write beyond its own formats (once per
    process): HEIC/HEIF through pillow-heif, JPEG XL through pillow-jxl-plugin (AVIF Pillow
    reads itself)."""
    global _formats_registered
    if not _formats_registered:
        import pillow_heif
        import pillow_jxl  # noqa: F401 - registers the JPEG XL plugin on import

        pillow_heif.register_heif_opener()
        _formats_registered = True


class ImageError(Exception):
    """A file that cannot be used as a photo; the message is the reason."""


@dataclass(frozen=True)
class UprightImage:
    """A decoded photo with EXIF orientation applied.

    ``pixels`` may be smaller than the full-size ``width`` x ``height`` (JPEG draft decoding);
    ``detect`` is the copy to run detection on.
    """

    width: int
    height: int
    format: str
    pixels: np.ndarray
    detect: np.ndarray
    taken_at: str | None = None  # EXIF DateTimeOriginal as ISO 8601, if the photo has one
    xmp: bytes | None = None  # the XMP packet embedded in the file, if any
    orientation: int = 1  # the EXIF orientation the pixels were turned by


def looks_like_image(path: str) -> bool:
    """True when Pillow recognises the file's content as an image (reads the header only).

    Raises :class:`ImageError` when the file cannot be read at all (permission denied, I/O
    error): that says nothing about its content, so it must not be taken as "not an image".
    """
    register_formats()
    try:
        with Image.open(path):
            return True
    except UnidentifiedImageError:
        return False
    except OSError as exc:
        if exc.errno is not None:  # the file system refused, not the decoder
            raise ImageError(f"cannot read: {failure_reason(exc)}") from exc
        return False
    except Exception:  # noqa: BLE001 - a header no decoder accepts: not an image
        return False


def is_image_file(path: str) -> bool:
    """A photo to look at: an image suffix (.jpg, .HEIC, ...), else content Pillow reads.
    Raises :class:`ImageError` when the file cannot be read to tell."""
    return os.path.splitext(path)[1].lower() in IMAGE_SUFFIXES or looks_like_image(path)


def exif_taken_at(im: Image.Image) -> str | None:
    """EXIF DateTimeOriginal (else DateTime) as ``YYYY-MM-DDTHH:MM:SS``, or None."""
    try:
        exif = im.getexif()
        raw = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(
            ExifTags.Base.DateTime
        )
    except Exception:  # noqa: BLE001 - a broken EXIF block only loses the date
        return None
    match = re.match(r"(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})", str(raw or ""))
    if not match or match.group(1) == "0000":
        return None
    y, mo, d, h, mi, sec = match.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{sec}"


def iso_time(ns: int) -> str:
    """A file time as local ``YYYY-MM-DDTHH:MM:SS``, like EXIF dates (which have no zone)."""
    return datetime.fromtimestamp(ns / 1e9).strftime("%Y-%m-%dT%H:%M:%S")


def read_taken_at(path: str) -> str | None:
    """When a photo was taken: its EXIF date, else the file's modification time."""
    register_formats()
    try:
        with Image.open(path) as im:
            taken = exif_taken_at(im)
        if taken:
            return taken
        return iso_time(os.stat(path).st_mtime_ns)
    except Exception:  # noqa: BLE001 - an unreadable photo is simply undated
        return None


def embedded_xmp(im: Image.Image) -> bytes | None:
    """The XMP packet of a JPEG, WebP, HEIC/AVIF (``xmp``), PNG (an iTXt chunk) or TIFF."""
    found = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp")
    if not found and hasattr(im, "tag_v2"):
        found = im.tag_v2.get(700)  # TIFF's XMP tag
    if isinstance(found, str):
        found = found.encode()
    return found if isinstance(found, bytes) and found else None


# How each orientation is undone (what ImageOps.exif_transpose does for an EXIF value)
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def orientation_of(im: Image.Image, path: str | os.PathLike | None) -> int:
    """The one rule for a photo's orientation: EXIF's (or, through Pillow, its embedded
    XMP's); where neither has one, its XMP sidecar's ``tiff:Orientation`` (MWG); else 1."""
    found = im.getexif().get(ExifTags.Base.Orientation)
    if found in TRANSPOSE or found == 1:
        return found
    if path is not None:
        from albumfaces.xmp.orientation import sidecar_orientation

        return sidecar_orientation(path) or 1
    return 1


def upright(im: Image.Image, orientation: int) -> Image.Image:
    """``im`` turned upright by ``orientation`` (from :func:`orientation_of`)."""
    turn = TRANSPOSE.get(orientation)
    return im.transpose(turn) if turn is not None else im


def open_upright(path: str | os.PathLike, at_least: tuple[int, int] | None = None) -> Image.Image:
    """A photo file decoded upright, as RGB (crops, contact sheets, the photo view); a JPEG
    reduced as far as still ``at_least`` (stored width, height) allows. Raises what Pillow
    raises."""
    register_formats()
    with Image.open(path) as im:
        orientation = orientation_of(im, path)
        if at_least is not None:
            im.draft("RGB", at_least)  # big JPEGs: decode reduced, not at 12 MP
        return upright(im.convert("RGB"), orientation)


def read_orientation(path: str) -> int:
    """The orientation of a photo, as a scan read it (the header, and its sidecars). Raises
    :class:`ImageError`."""
    register_formats()
    try:
        with Image.open(path) as im:
            return orientation_of(im, path)
    except Exception as exc:  # noqa: BLE001 - any decoder failure is a per-file failure
        raise ImageError(failure_reason(exc)) from exc


def _upright_size(im: Image.Image, orientation: int) -> tuple[int, int]:
    w, h = im.size
    return (h, w) if orientation in TURNED_ORIENTATIONS else (w, h)


def failure_reason(exc: BaseException) -> str:
    """Why a file cannot be used as a photo, in a few words a person can act on."""
    if isinstance(exc, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
        claimed = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(claimed.group(1)):,} pixels" if claimed else "too many pixels"
        return f"image too large ({size}), refused as a possible decompression bomb"
    if isinstance(exc, UnidentifiedImageError):
        return "not an image format that can be read (unknown or damaged content)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "file disappeared during the scan"
    if isinstance(exc, OSError) and exc.errno in (errno.EIO, errno.ENXIO):
        return f"read error: {exc.strerror}"
    text = str(exc).strip() or type(exc).__name__
    lowered = text.lower()
    if "truncated" in lowered or "broken data stream" in lowered or "premature end" in lowered:
        return f"truncated or damaged image data ({text})"
    return f"cannot decode image ({text})"


def _is_empty(source) -> bool:
    if isinstance(source, (str, os.PathLike)):
        return Path(source).stat().st_size == 0
    size = source.seek(0, os.SEEK_END)
    source.seek(0)
    return size == 0


def load_upright(source: str | Path | BinaryIO, settings: ScanSettings) -> UprightImage:
    """Decode ``source`` (a path, or an open binary file such as an upload in memory)
    upright, reduced as far as ``settings`` allow. Raises :class:`ImageError`."""
    register_formats()
    try:
        if _is_empty(source):
            raise ImageError("empty file (0 bytes)")
        with Image.open(source) as im:
            fmt = im.format or "unknown"
            taken_at = exif_taken_at(im)
            xmp = embedded_xmp(im)
            path = source if isinstance(source, (str, os.PathLike)) else None
            orientation = orientation_of(im, path)
            width, height = _upright_size(im, orientation)
            det_w, det_h = detection_size(width, height, settings)
            if (det_w, det_h) != (width, height) and fmt == "JPEG":
                # draft() picks the largest 1/2, 1/4, 1/8 reduction still >= the request;
                # the request is in stored (pre-rotation) orientation.
                request = (det_w, det_h) if im.size == (width, height) else (det_h, det_w)
                im.draft("RGB", request)
            turned = upright(im.convert("RGB"), orientation)
    except ImageError:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoder failure is a per-file failure
        raise ImageError(failure_reason(exc)) from exc
    pixels = np.asarray(turned)
    if turned.size == (det_w, det_h):
        detect = pixels
    else:
        detect = np.asarray(turned.resize((det_w, det_h), Image.Resampling.BILINEAR))
    return UprightImage(width, height, fmt, pixels, detect, taken_at, xmp, orientation)
