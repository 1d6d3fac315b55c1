"""Face crops for the page, made from the original photo and cached next to the database."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from albumfaces.models import Face
from albumfaces.people.sheets import crop_face

CROP_SIZES = (96, 160, 320)  # the sizes the page asks for; anything else is refused
DEFAULT_CROP = 160
JPEG_QUALITY = 85


def crop_file(cache: Path, face: Face, size: int = DEFAULT_CROP) -> Path | None:
    """The cached JPEG crop of ``face``, made on first use; None if the photo is unreadable.

    The file name is a digest of the photo's content hash, the box and the size, so a crop
    is never shown for another face, even if a face id were reused."""
    key = f"{face.photo_hash}:{face.box.top},{face.box.right},{face.box.bottom},{face.box.left}"
    name = hashlib.sha256(f"{key}:{size}".encode()).hexdigest()[:32] + ".jpg"
    path = cache / name
    if path.is_file():
        return path
    image = crop_face(face, size)
    if image is None:
        return None
    cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(cache, 0o700)  # face crops are biometric, like the database
    partial = cache / f".{name}.{os.getpid()}.{threading.get_ident()}"
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        image.save(out, "JPEG", quality=JPEG_QUALITY)
    os.replace(partial, path)  # two requests for one crop never see half a file
    return path
