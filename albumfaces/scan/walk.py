"""Finding files under the folders to scan."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FoundFile:
    path: str
    size: int
    mtime_ns: int


@dataclass
class Walk:
    """Every regular file found, and where the walk could not look."""

    files: list[FoundFile] = field(default_factory=list)
    # (path, reason) of folders or roots that could not be read: what was stored under them
    # must not be taken as deleted.
    unreadable: list[tuple[str, str]] = field(default_factory=list)


def walk_roots(roots: list[str], skip: frozenset[str] = frozenset()) -> Walk:
    """Walk ``roots`` recursively; ``skip`` holds absolute paths to leave out (the database).

    Hidden files and folders are skipped. Symlinked folders are followed once each, so a
    link back to an ancestor cannot loop.
    """
    walk = Walk()
    visited: set[tuple[int, int]] = set()
    for root in roots:
        root = os.path.abspath(root)
        try:
            st = os.stat(root)
        except OSError as exc:
            walk.unreadable.append((root, exc.strerror or str(exc)))
            continue
        if os.path.isdir(root):
            _walk_dir(root, walk, visited, skip)
        elif root not in skip:
            walk.files.append(FoundFile(root, st.st_size, st.st_mtime_ns))
    return walk


def _walk_dir(folder: str, walk: Walk, visited: set[tuple[int, int]], skip: frozenset[str]):
    try:
        st = os.stat(folder)
        if (st.st_dev, st.st_ino) in visited:
            return
        visited.add((st.st_dev, st.st_ino))
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        walk.unreadable.append((folder, exc.strerror or str(exc)))
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.path in skip:
            continue
        try:
            if entry.is_dir():  # follows symlinks; the visited set stops loops
                _walk_dir(entry.path, walk, visited, skip)
            elif entry.is_file():
                est = entry.stat()
                walk.files.append(FoundFile(entry.path, est.st_size, est.st_mtime_ns))
        except OSError as exc:
            walk.unreadable.append((entry.path, exc.strerror or str(exc)))


def hash_file(path: str) -> str:
    """SHA-256 of the file's content, hex: the identity of a photo wherever it lives."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def is_under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def iter_under(paths, folders: list[str]) -> Iterator[str]:
    """The ``paths`` that lie inside any of ``folders``."""
    for path in paths:
        if any(is_under(path, folder) for folder in folders):
            yield path
