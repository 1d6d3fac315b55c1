"""A scan's results written in short transactions: a crash loses one batch at most."""

from __future__ import annotations

import time

from albumfaces.cluster.carry import carry_over
from albumfaces.models import FileRecord, PhotoScan
from albumfaces.store import Store

# Where a scan finds names the user gave in another program, and how a face carries each
NAME_SOURCES = (
    ("its XMP", lambda face: face.region_name),
    ("its Google Takeout JSON", lambda face: face.takeout_name),
)
BATCH_ITEMS = 32
BATCH_SECONDS = 2.0


class BatchWriter:
    """Collects results and writes them in short transactions: a crash loses one batch."""

    def __init__(
        self, store: Store, max_items: int = BATCH_ITEMS, max_seconds: float = BATCH_SECONDS
    ):
        self.store = store
        self.max_items = max_items
        self.max_seconds = max_seconds
        self.photos: list[PhotoScan] = []
        self.files: list[FileRecord] = []
        self.last_flush = time.monotonic()

    def add(self, files: list[FileRecord], photo: PhotoScan | None = None) -> None:
        if photo is not None:
            self.photos.append(photo)
        self.files.extend(files)
        if (
            len(self.photos) + len(self.files) >= self.max_items
            or time.monotonic() - self.last_flush >= self.max_seconds
        ):
            self.flush()

    def flush(self) -> None:
        if self.photos or self.files:
            with self.store.transaction():
                for photo in self.photos:
                    self._save_photo(photo)
                self.store.save_files(self.files)
                self.store.count_machine_change()
        self.photos, self.files = [], []
        self.last_flush = time.monotonic()

    def _save_photo(self, photo: PhotoScan) -> None:
        """Store a photo's faces; the user's decisions follow re-detected faces."""
        before = self.store.photo_decisions(photo.hash)
        new_ids = self.store.save_photo(photo)
        self.store.hide_not_faces(photo.hash)  # a detection the user said is no face, again
        decided = set()
        # a photo's own faces and those seen in its motion part (boxes in the clip's frames)
        # each carry their decisions among themselves only
        for timed in (False, True):
            faces = [i for i, f in enumerate(photo.faces) if (f.time is not None) == timed]
            earlier = [d for d in before if d.timed == timed]
            for carried in carry_over(earlier, [photo.faces[i].box for i in faces]):
                self.store.keep_decisions(new_ids[faces[carried.face]], carried.decisions)
                decided.add(faces[carried.face])
        # names from the photo's XMP: the user's decisions, made in another program; a face
        # the user already decided here keeps that decision
        where = next((f.path for f in self.files if f.photo_hash == photo.hash), photo.hash)
        for source, name_of in NAME_SOURCES:
            named = [
                (new_ids[i], name_of(face))
                for i, face in enumerate(photo.faces)
                if name_of(face) and i not in decided
            ]
            if named:
                from albumfaces.people.imported import name_from_regions

                name_from_regions(self.store, named, where, source)
