"""Installing a model's files: downloaded from their official addresses, or copied from files
the user has, each checked (size and SHA-384) before anything is put in place.

Nothing but model files is ever downloaded, and nothing is ever uploaded. Files are written
beside their place under a ``.part`` name and renamed only once every file of the model has
passed its check, so a cut connection or a bad file leaves nothing half-installed; a lock
file makes a second ``models get`` wait for the first instead of writing the same files.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from albumfaces.errors import AlbumfacesError
from albumfaces.recognition.catalogue import ModelFile
from albumfaces.recognition.files import HASH_BLOCK, models_folder, problem_with, problems
from albumfaces.recognition.profiles import FaceModel

# A mirror laid out as the official address is (…/<model>/FP16/<file>), for a network that
# cannot reach it; tests serve ../shared/data/models from 127.0.0.1 this way.
MIRROR_ENV = "ALBUMFACES_MODELS_MIRROR"
DOWNLOAD_SECONDS = 60  # without a byte for this long, a download has failed
LOCK_SECONDS = 600  # a second `models get` waits this long for the first
PART = ".part"

# progress(file name, bytes so far, bytes in all)
Progress = Callable[[str, int, int], None]


class InstallError(AlbumfacesError):
    """A model's files could not be installed; nothing was."""


@dataclass
class Installed:
    model: str
    folder: Path
    installed: list[str] = field(default_factory=list)  # file names put in place now


def _no_progress(name: str, done: int, total: int) -> None:
    pass


def _lock(folder: Path) -> filelock.FileLock:
    folder.mkdir(parents=True, exist_ok=True)
    return filelock.FileLock(str(folder / ".install.lock"))


def _address(file: ModelFile) -> str:
    mirror = os.environ.get(MIRROR_ENV)
    if not mirror:
        return file.url
    # the mirror keeps the part of the path after the release's models_bin/1/
    return mirror.rstrip("/") + "/" + file.url.split("/models_bin/1/", 1)[-1]


def _download(file: ModelFile, target: Path, progress: Progress) -> None:
    """``file`` into ``target``, checked as it streams. Raises :class:`InstallError`."""
    address = _address(file)
    digest, done = hashlib.sha384(), 0
    try:
        with urllib.request.urlopen(address, timeout=DOWNLOAD_SECONDS) as answer:
            with open(target, "wb") as out:
                while block := answer.read(HASH_BLOCK):
                    done += len(block)
                    if done > file.size:
                        break
                    digest.update(block)
                    out.write(block)
                    progress(file.name, done, file.size)
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc.strerror or exc
        raise InstallError(f"cannot download {address}: {reason}") from exc
    if done != file.size:
        raise InstallError(
            f"download of {address} ended at {done:,} of {file.size:,} bytes; nothing installed"
        )
    if digest.hexdigest() != file.sha384:
        raise InstallError(
            f"{address} is not the official file (its SHA-384 differs); nothing installed"
        )


def _put_in_place(staged: list[tuple[Path, Path]]) -> None:
    for part, final in staged:
        os.replace(part, final)


def _clean(staged: list[tuple[Path, Path]]) -> None:
    for part, _ in staged:
        part.unlink(missing_ok=True)


def _install(
    model: FaceModel, stage: Callable[[ModelFile, Path], None], only: set[str] | None = None
) -> Installed:
    """Stage every file of ``model`` (of the names ``only``) that is not whole (``stage``
    writes one), then rename them all into place; on any failure remove what was staged."""
    folder = models_folder()
    report = Installed(model.name, folder)
    with _lock(folder).acquire(timeout=LOCK_SECONDS):
        needed = [p.file for p in problems(model.files, folder)]
        if only is not None:
            needed = [f for f in needed if f.name in only]
        staged: list[tuple[Path, Path]] = []
        try:
            for file in needed:
                final = folder / file.path
                final.parent.mkdir(parents=True, exist_ok=True)
                part = final.with_name(final.name + PART)
                staged.append((part, final))
                stage(file, part)
            _put_in_place(staged)
        finally:
            _clean(staged)
        report.installed = [f.name for f in needed]
    return report


def get_model(model: FaceModel, progress: Progress = _no_progress) -> Installed:
    """Download ``model``'s missing or damaged files from their official addresses."""
    if not model.files:
        raise InstallError(
            f"face model {model.name}'s files come with the {model.package} package: "
            f"pip install --force-reinstall {model.package}"
        )
    return _install(model, lambda file, part: _download(file, part, progress))


def _copy_checked(source: Path, file: ModelFile, part: Path) -> None:
    reason = problem_with(source, file)
    if reason:
        raise InstallError(f"{source} is not {file.name} as released: {reason}; nothing installed")
    shutil.copyfile(source, part)
    if problem_with(part, file):  # the copy itself went wrong (disk full)
        raise InstallError(f"copying {source} failed; nothing installed")


def add_files(model: FaceModel, path: Path) -> Installed:
    """Install ``model``'s files from ``path``: a file, or a folder searched for them by
    name (any layout, such as the official one or a flat download folder)."""
    path = Path(path).expanduser()
    if not path.exists():
        raise InstallError(f"{path}: no such file or folder")
    candidates = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    by_name: dict[str, Path] = {}
    for candidate in sorted(candidates):
        by_name.setdefault(candidate.name, candidate)

    found = {f.name for f in model.files} & set(by_name)
    if not found:
        names = ", ".join(f.name for f in model.files)
        raise InstallError(f"{path} holds none of face model {model.name}'s files ({names})")
    return _install(model, lambda file, part: _copy_checked(by_name[file.name], file, part), found)
