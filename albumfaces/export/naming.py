"""Folder and file names for albums: safe on any file system, stable, collision-free."""

from __future__ import annotations

import hashlib
import os
import unicodedata

# Characters that are unsafe in a file name somewhere (/ everywhere, the rest on Windows or
# SMB shares), plus % itself so that the encoding can be undone.
_RESERVED = set('/\\:*?"<>|%')
MAX_BYTES = 200  # leaves room under the usual 255-byte limit


def _escape(text: str) -> str:
    return "".join(
        f"%{ord(c):02X}" if c in _RESERVED or ord(c) < 32 or ord(c) == 127 else c for c in text
    )


def _fit(name: str, key: str) -> str:
    """Shorten a name past MAX_BYTES, keeping it distinct with a hash of ``key``."""
    if len(name.encode()) <= MAX_BYTES:
        return name
    digest = hashlib.sha1(key.encode()).hexdigest()[:8]
    cut = name.encode()[: MAX_BYTES - 9].decode(errors="ignore")
    return f"{cut}~{digest}"


def folder_name(person: str) -> str:
    """A person's name as a folder name: reversible percent-encoding of unsafe characters, so
    ``a/b`` becomes ``a%2Fb`` and never collides with ``a_b``."""
    name = _escape(unicodedata.normalize("NFC", person))
    if name.startswith("."):
        name = "%2E" + name[1:]  # not hidden, and never "." or ".."
    if name.endswith((" ", ".")):
        name = name[:-1] + f"%{ord(name[-1]):02X}"  # Windows drops these silently
    return _fit(name, person)


def entry_name(source: str, photo_hash: str, taken_at: str | None) -> str:
    """``2019-06-01_120301_IMG_0001_1a2b3c4d.jpg``: sorts by date; the content hash keeps two
    different IMG_0001.JPG apart and stays the same from one run to the next."""
    stem, suffix = os.path.splitext(os.path.basename(source))
    date = taken_at.replace("T", "_").replace(":", "") if taken_at else "undated"
    name = f"{date}_{_escape(stem)}_{photo_hash[:8]}{_escape(suffix)}"
    return _fit(name, photo_hash + source)


def live_clip_name(photo_entry: str, clip: str) -> str:
    """The entry of a Live Photo's clip beside its photo's: the same name, the clip's suffix
    (``…_IMG_0001_1a2b3c4d.HEIC`` and ``…_IMG_0001_1a2b3c4d.MOV``), as Apple Photos pairs them."""
    return os.path.splitext(photo_entry)[0] + _escape(os.path.splitext(clip)[1])


TOGETHER_JOIN = " & "  # the album of the photos Anna and Ben share: "Anna & Ben"


def together_name(names: list[str]) -> str:
    """The name of the album of the photos several people share: "Anna & Ben"."""
    return TOGETHER_JOIN.join(names)
