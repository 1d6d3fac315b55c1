"""`albumfaces xmp write`: the names the user gave, in sidecars other photo programs read.

Photos are only ever read. A sidecar is written whole to a temporary file and moved into
place, then recorded; a run stopped between the two writes that sidecar again, to the same
bytes, next time. A dry run reads the same and writes nothing.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from albumfaces.media.images import TURNED_ORIENTATIONS, ImageError, read_orientation
from albumfaces.models import Failure, PhotoFile, SidecarRecord, XmpReport
from albumfaces.sidecars.plan import Selection, SidecarChange, decide, selected
from albumfaces.store import Store
from albumfaces.xmp.rdf import XmpError
from albumfaces.xmp.regions import sidecars_of, stored_region
from albumfaces.xmp.sidecar import SidecarNames, updated_sidecar

# A new sidecar is named after the whole file name (darktable's and digiKam's way): unlike
# Lightroom's IMG_0001.xmp, IMG_0001.JPG and IMG_0001.HEIC beside it get one each.
NEW_SIDECAR_SUFFIX = ".xmp"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SidecarFiles:
    """Sidecars and photos on disk, as `xmp write` reads and changes them."""

    def read(self, path: str) -> bytes:
        return Path(path).read_bytes()

    def orientation(self, photo: str) -> int:
        try:
            return read_orientation(photo)
        except ImageError as exc:
            raise ImageError(f"its photo {photo} cannot be read ({exc})") from exc

    def write(self, path: str, data: bytes) -> None:
        target = Path(os.path.realpath(path))  # a linked sidecar is written where it is
        partial = target.with_name(target.name + ".albumfaces-partial")
        partial.write_bytes(data)
        if target.exists():
            os.chmod(partial, target.stat().st_mode & 0o7777)
        os.replace(partial, target)

    def delete(self, path: str) -> None:
        Path(path).unlink()


class DryRunSidecars(SidecarFiles):
    """Reads like :class:`SidecarFiles`, writes nothing."""

    def write(self, path, data):
        pass

    def delete(self, path):
        pass


class Records:
    """What each write did, kept in the database so the next run changes only what changed."""

    def __init__(self, store: Store):
        self.store = store

    def save(self, record: SidecarRecord) -> None:
        with self.store.transaction():
            self.store.save_sidecar_record(record)

    def forget(self, photo_paths: list[str]) -> None:
        with self.store.transaction():
            self.store.delete_sidecar_records(photo_paths)


class NoSidecarRecords(Records):
    def __init__(self):
        pass

    def save(self, record):
        pass

    def forget(self, photo_paths):
        pass


def write_sidecars(
    store: Store, paths=(), names: set[str] | None = None, dry_run: bool = False
) -> XmpReport:
    """Bring the sidecars of the library's photos (under ``paths``; of people called
    ``names``) to the names the user gave, changing only what changed."""
    files = DryRunSidecars() if dry_run else SidecarFiles()
    records = NoSidecarRecords() if dry_run else Records(store)
    selection = Selection(
        tuple(os.path.abspath(os.path.expanduser(p)) for p in paths),
        frozenset(names) if names is not None else None,
    )
    report = XmpReport()
    with store.exclusive():
        photos = store.load_photo_files()
        known = store.load_sidecar_records()
        claimed = {r.sidecar: r.photo_path for r in known.values()}
        gone = []
        for path in selected(photos, known, selection):
            record = known.get(path)
            if path not in photos:
                gone.append(path)  # the photo left the library; its sidecar stays as it is
                continue
            sidecar, exists = locate(path, record, claimed)
            claimed[sidecar] = path
            change = decide(photos[path], record, sidecar, exists)
            if change is None:
                if record is not None and not exists and not photos[path].faces:
                    gone.append(path)
                elif record is not None:
                    report.unchanged += 1
                continue
            try:
                apply_change(change, files, records, report)
            except (XmpError, ImageError, OSError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
                report.failures.append(Failure(sidecar, reason))
        records.forget(gone)
    return report


def locate(photo: str, record: SidecarRecord | None, claimed: dict[str, str]) -> tuple[str, bool]:
    """The sidecar to write for a photo, and whether it exists: the one written before, else
    one another program made (either name), else a new ``IMG_0001.JPG.xmp``."""
    if record is not None and os.path.isfile(record.sidecar):
        return record.sidecar, True
    for existing in sidecars_of(photo):
        if claimed.get(str(existing), photo) == photo:
            return str(existing), True
    return photo + NEW_SIDECAR_SUFFIX, False


def _names(change: SidecarChange, files: SidecarFiles) -> SidecarNames:
    photo: PhotoFile = change.photo
    orientation = files.orientation(photo.path) if photo.faces else 1
    regions = tuple(
        stored_region(f.box, orientation, photo.width, photo.height, f.name) for f in photo.faces
    )
    turned = orientation in TURNED_ORIENTATIONS
    width, height = (photo.height, photo.width) if turned else (photo.width, photo.height)
    made = change.record.properties if change.record is not None else frozenset()
    return SidecarNames(regions, width, height, change.owned, made)


def apply_change(
    change: SidecarChange, files: SidecarFiles, records: Records, report: XmpReport
) -> None:
    """Write one sidecar and record it. Raises XmpError or OSError: nothing is then written."""
    existing = files.read(change.sidecar) if change.exists else None
    record = change.record
    created = record.created if record is not None else existing is None
    if not change.photo.faces and created and existing is not None:
        if sha256(existing) == record.sha256:  # albumfaces made it, nobody changed it since
            files.delete(change.sidecar)
            records.forget([change.photo.path])
            report.removed += 1
            report.actions.append(f"remove {change.sidecar} (no names left)")
            return
    update = updated_sidecar(existing, _names(change, files))
    new = update.data
    written = new if new is not None else existing
    if new is not None:
        files.write(change.sidecar, new)
        _report(change, existing is None, report)
    else:
        report.unchanged += 1
    if change.photo.faces:
        records.save(
            SidecarRecord(
                change.photo.path,
                change.sidecar,
                change.photo.photo_hash,
                change.photo.faces,
                created,
                update.created,
                sha256(written),
            )
        )
    else:
        records.forget([change.photo.path])


def _report(change: SidecarChange, new_file: bool, report: XmpReport) -> None:
    if new_file:
        report.created += 1
        report.actions.append(f"create {change.sidecar}: {', '.join(change.photo.names)}")
        return
    report.updated += 1
    parts = [f"+ {n}" for n in change.added] + [f"- {n}" for n in change.removed]
    detail = "; ".join(parts) if parts else "faces moved"
    report.actions.append(f"update {change.sidecar}: {detail}")


def names_of(store: Store, refs) -> set[str] | None:
    """The names ``--person`` means (None: everyone). A person is typed as for every command;
    a name no person has any more (renamed since) still selects the sidecars written with it."""
    from albumfaces.people.refs import NotFound, resolve_person

    if not refs:
        return None
    names = set()
    for ref in refs:
        try:
            person = store.get_person(resolve_person(store, ref))
        except NotFound:
            records = store.load_sidecar_records().values()
            if ref.strip() not in {f.name for r in records for f in r.faces}:
                raise
            names.add(ref.strip())
            continue
        if not person.named:
            raise XmpError(f"{ref} has no name yet; only names are written to sidecars")
        names.add(person.name)
    return names
