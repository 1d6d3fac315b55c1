"""Face crops for the page, made from the original photo and cached next to the database."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from pathlib import Path

from albumfaces.models import Box, Face
from albumfaces.people.sheets import crop_face, open_upright

CROP_SIZES = (96, 160, 320)  # the sizes the page asks for; anything else is refused
DEFAULT_CROP = 160
JPEG_QUALITY = 85


# Photos kept decoded in memory: a page asks for many crops of few photos at once, and a
# 12 MP JPEG costs far more to decode than to crop (6 photos at 1/2 size: about 60 MB).
DECODED_PHOTOS = 6
DRAFT_FACTORS = (8, 4, 2, 1)  # the reductions JPEG draft decoding can do


class DecodedPhotos:
    """A small LRU of decoded, upright photos; one decode per photo even when several
    requests for its crops arrive together."""

    def __init__(self, size: int = DECODED_PHOTOS):
        self.size = size
        self.lock = threading.Lock()
        self.images: OrderedDict = OrderedDict()
        self.loading: dict[tuple, threading.Lock] = {}

    def open(self, path: str, scale: float):
        factor = next(f for f in DRAFT_FACTORS if 1 / f >= scale)
        key = (path, factor)
        with self.lock:
            if key in self.images:
                self.images.move_to_end(key)
                return self.images[key]
            loading = self.loading.setdefault(key, threading.Lock())
        with loading:
            with self.lock:
                if key in self.images:
                    return self.images[key]
            image = open_upright(path, 1 / factor)
            with self.lock:
                self.images[key] = image
                while len(self.images) > self.size:
                    self.images.popitem(last=False)
                self.loading.pop(key, None)
        return image


def crop_name(photo_hash: str, box: Box, size: int, time: float | None = None) -> str:
    """A crop's file name: a digest of the photo's content hash, the box, the frame (of a
    clip) and the size, so a crop is never shown for another face, even if a face id were
    reused."""
    key = f"{photo_hash}:{box.top},{box.right},{box.bottom},{box.left}:{size}"
    key += "" if time is None else f":t{time:.3f}"
    return hashlib.sha256(key.encode()).hexdigest()[:32] + ".jpg"


def crop_file(
    cache: Path, face: Face, size: int = DEFAULT_CROP, photos: DecodedPhotos | None = None
) -> Path | None:
    """The cached JPEG crop of ``face``, made on first use; None if the photo is unreadable."""
    name = crop_name(face.photo_hash, face.box, size, face.time)
    path = cache / name
    if path.is_file():
        return path
    image = crop_face(face, size, photos.open if photos else open_upright)
    if image is None:
        return None
    return _save_private(cache, name, image)


PHOTO_SIZES = (320, 1280, 2048)  # long side: a grid's thumbnail, the photo view, larger
DEFAULT_PHOTO = 1280


def photo_file(
    cache: Path, photo_hash: str, source: str, size: int = DEFAULT_PHOTO, time: float | None = None
) -> Path | None:
    """The photo ``photo_hash`` (read from ``source``, a path the database holds for it),
    upright and at most ``size`` pixels on its long side, as a cached JPEG; None if it
    cannot be read. For a video, the frame at ``time`` seconds."""
    from PIL import Image

    from albumfaces.media import images
    from albumfaces.media.images import register_formats
    from albumfaces.people.sheets import open_frame

    key = f"photo:{photo_hash}:{size}" + ("" if time is None else f":{time:.3f}")
    name = hashlib.sha256(key.encode()).hexdigest()[:32] + ".jpg"
    path = cache / name
    if path.is_file():
        return path
    register_formats()
    try:
        if time is not None:
            image = open_frame(source, time)
        else:
            image = images.open_upright(source, (size, size))
    except Exception:  # noqa: BLE001 - a photo gone or damaged since the scan
        return None
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    return _save_private(cache, name, image)


def _save_private(cache: Path, name: str, image) -> Path:
    cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(cache, 0o700)  # face crops and photos are biometric, like the database
    partial = cache / f".{name}.{os.getpid()}.{threading.get_ident()}"
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        image.save(out, "JPEG", quality=JPEG_QUALITY)
    path = cache / name
    os.replace(partial, path)  # two requests for one file never see half of it
    return path
