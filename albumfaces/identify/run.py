"""Running identify over photos and folders: detect (as scan does, storing nothing), match."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from albumfaces.identify.known import KnownFaces
from albumfaces.identify.match import FaceMatch, match_library, matches_within
from albumfaces.models import Box, ScanSettings

# face_recognition's command line shrinks photos to check to this long side (not known ones)
FACE_RECOGNITION_THUMBNAIL = 1600


@dataclass(frozen=True)
class IdentifiedFace:
    box: Box
    match: FaceMatch  # library mode: the vote
    within: list[tuple[int, float]] = field(default_factory=list)  # --known: (person, distance)


@dataclass(frozen=True)
class PhotoResult:
    path: str
    width: int = 0
    height: int = 0
    faces: list[IdentifiedFace] = field(default_factory=list)
    error: str | None = None
    image: object = field(default=None, repr=False, compare=False)  # the picture matched on


def load_like_face_recognition(path: str | Path, thumbnail: bool):
    """A photo as face_recognition's command line reads it: RGB, no EXIF rotation, shrunk to
    1600 px when it checks a photo (``thumbnail``), so boxes and distances come out the same."""
    from PIL import Image

    from albumfaces.media.images import ImageError, UprightImage, failure_reason, register_formats

    register_formats()
    try:
        if Path(path).stat().st_size == 0:
            raise ImageError("empty file (0 bytes)")
        with Image.open(path) as im:
            image = im.convert("RGB")
    except ImageError:
        raise
    except Exception as exc:  # noqa: BLE001 - becomes the file's one-line failure
        raise ImageError(failure_reason(exc)) from exc
    if thumbnail and max(image.size) > FACE_RECOGNITION_THUMBNAIL:
        size = (FACE_RECOGNITION_THUMBNAIL, FACE_RECOGNITION_THUMBNAIL)
        image.thumbnail(size, Image.Resampling.LANCZOS)
    pixels = np.asarray(image)
    return UprightImage(image.width, image.height, "RGB", pixels, pixels)


class Identifier:
    """Finds faces and matches them: against the library's people (the vote of
    propagation, within ``threshold``), or (``folder``) against known photos with
    face_recognition's rule; ``compat`` (dlib only) also reads photos as face_recognition's
    command line does, so that its output comes out line for line."""

    def __init__(
        self,
        known: KnownFaces,
        settings: ScanSettings,
        threshold: float,
        compat: bool,
        folder: bool | None = None,
    ):
        from albumfaces.recognition import make_pipeline

        self.known = known
        # face_recognition's reading: full resolution, one upsampling step
        self.settings = replace(settings, max_size=0, upsample=1) if compat else settings
        self.threshold = threshold
        self.compat = compat
        self.folder = compat if folder is None else folder
        dtype = np.float64 if compat else np.float32
        self.pipeline = make_pipeline(
            self.settings, encoding_dtype=dtype, face_recognition_boxes=compat
        )

    def faces_in(self, path: str | Path, thumbnail: bool = True):
        """(the image matched on, its faces), or the reason they cannot be found."""
        from albumfaces.media.images import load_upright
        from albumfaces.scan.jobs import faces_or_reason

        if self.compat:
            return faces_or_reason(
                self.pipeline, lambda: load_like_face_recognition(path, thumbnail)
            )
        return faces_or_reason(self.pipeline, lambda: load_upright(path, self.settings))

    def identify(self, path: str) -> PhotoResult:
        found = self.faces_in(path)
        if isinstance(found, str):
            return PhotoResult(path, error=found)
        image, faces = found
        encodings = np.array([f.encoding for f in faces], dtype=np.float64).reshape(
            len(faces), self.pipeline.model.dimensions
        )
        if self.folder:
            found = [
                IdentifiedFace(
                    f.box, FaceMatch(None), matches_within(self.known.encodings, e, self.threshold)
                )
                for f, e in zip(faces, encodings, strict=True)
            ]
        else:
            boxes = [f.box for f in faces]
            found = match_photo(self.known, self.threshold, boxes, encodings)
        # as shown: within the photo (face_recognition's raw boxes may reach past it)
        found = [replace(f, box=f.box.clipped(image.width, image.height)) for f in found]
        return PhotoResult(path, image.width, image.height, found, image=image)


def match_photo(
    known: KnownFaces, threshold: float, boxes: list[Box], encodings: np.ndarray
) -> list[IdentifiedFace]:
    """A photo's faces matched against the named people (the vote of propagation): the one
    rule of ``identify`` and of the HTTP API's identify."""
    matches = match_library(known.encodings, known.people, encodings, threshold, known.margin)
    return [IdentifiedFace(b, m) for b, m in zip(boxes, matches, strict=True)]


def photo_paths(paths: list[str], on_error: Callable[[str, str], None]) -> Iterator[str]:
    """Files to look at, walked like scan walks folders (sorted, hidden files skipped);
    files that are not images are passed over, unless named on their own."""
    from albumfaces.media.images import ImageError, is_image_file
    from albumfaces.scan.walk import walk_roots

    walk = walk_roots([os.path.abspath(p) for p in paths])
    for path, reason in walk.unreadable:
        on_error(path, f"cannot read: {reason}")
    named = {os.path.abspath(p) for p in paths}
    for found in walk.files:
        try:
            if found.path in named or is_image_file(found.path):
                yield found.path
        except ImageError as exc:  # cannot even be read to tell: a failure, the run goes on
            on_error(found.path, str(exc))


def identify_paths(
    paths: list[str],
    identifier: Identifier,
    on_error: Callable[[str, str], None] = lambda path, reason: None,
) -> Iterator[PhotoResult]:
    """One result per photo; a file that cannot be used is a result with an ``error``.
    face_recognition's mode takes the photos of a folder as its command line does."""
    if identifier.compat:
        from albumfaces.identify.known import face_recognition_files

        found = (
            str(f) for p in paths for f in (face_recognition_files(p) if os.path.isdir(p) else [p])
        )
    else:
        found = photo_paths(paths, on_error)
    for path in found:
        yield identifier.identify(path)
