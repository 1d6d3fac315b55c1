"""Where a face model's files are, and whether they are whole: size and SHA-384 as the official
release gives them. Nothing here downloads (see ``install``)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from albumfaces.errors import AlbumfacesError
from albumfaces.recognition.catalogue import ModelFile

# A folder laid out as the official releases are (intel/<model>/FP16/...), used as it is:
# tests and CI point it at ../shared/data/models.
MODELS_ENV = "ALBUMFACES_MODELS"
HASH_BLOCK = 1 << 20


class ModelsMissing(AlbumfacesError):
    """A model's files are missing or damaged: no photo can be scanned, so the scan stops
    before any photo is marked as failed."""


def models_folder() -> Path:
    """``$ALBUMFACES_MODELS``, else ``models`` in the platform's user data directory."""
    if os.environ.get(MODELS_ENV):
        return Path(os.environ[MODELS_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("albumfaces", appauthor=False)) / "models"


@dataclass(frozen=True)
class FileProblem:
    file: ModelFile
    reason: str  # "missing", "truncated (... of ... bytes)", "damaged (checksum differs)"


def sha384_of(path: Path) -> str:
    digest = hashlib.sha384()
    with open(path, "rb") as f:
        while block := f.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def problem_with(path: Path, file: ModelFile, checksum: bool = True) -> str | None:
    """Why ``path`` is not ``file`` as released, or None when it is."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    if size != file.size:
        return (
            f"{'truncated' if size < file.size else 'too long'} ({size:,} of {file.size:,} bytes)"
        )
    if checksum and sha384_of(path) != file.sha384:
        return "damaged (its SHA-384 is not the official file's)"
    return None


def problems(
    files: tuple[ModelFile, ...], folder: Path | None = None, checksum: bool = True
) -> list[FileProblem]:
    """The files of ``files`` that are not whole in ``folder`` (the models folder);
    ``checksum`` False: missing or of the wrong size only (no file is read)."""
    folder = folder or models_folder()
    found = []
    for file in files:
        reason = problem_with(folder / file.path, file, checksum)
        if reason:
            found.append(FileProblem(file, reason))
    return found


def how_to_get(model_name: str) -> str:
    return (
        f"get them with `albumfaces models get {model_name}`, install files you have with "
        f"`albumfaces models add PATH`, or scan with `--face-model dlib`"
    )


def check_files(model_name: str, files: tuple[ModelFile, ...]) -> None:
    """Raise :class:`ModelsMissing`, in one line naming the first bad file and how to fix it,
    unless every file is whole."""
    found = problems(files)
    if found:
        first = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise ModelsMissing(
            f"face model {model_name!r}: {models_folder() / first.file.path} is "
            f"{first.reason}{more}; {how_to_get(model_name)}"
        )
