"""Carrying out an export plan on disk, safely.

Nothing here deletes or overwrites what export did not make: before an entry is removed it is
checked against its record (the same link target, or the same inode and size), and a name
already taken by a foreign file is reported and skipped. Originals are only ever read.

Every read and write of files goes through a :class:`RealFiles` object and every write of
records through a :class:`StoreRecords` object; a dry run passes :class:`DryRunAlbums` and
:class:`NoExportRecords` instead, which read the same but change nothing.
"""

from __future__ import annotations

import errno
import filecmp
import os
import shutil
from pathlib import Path
from typing import NamedTuple

from albumfaces.export.plan import Entry, ExportPlan
from albumfaces.models import ExportMode, ExportRecord, ExportReport, Failure

RECORD_BATCH = 1000


class Identity(NamedTuple):
    """How a hard link or copy is recognised as ours later (None in a dry run)."""

    inode: int | None = None
    size: int | None = None


NO_IDENTITY = Identity()


class RealFiles:
    """The file system as export reads and changes it."""

    # -- reading -----------------------------------------------------------------------------
    def lexists(self, path: Path) -> bool:
        return os.path.lexists(path)

    def link_target(self, path: Path) -> str | None:
        """Where a symlink points, or None if ``path`` is not a symlink."""
        return os.readlink(path) if os.path.islink(path) else None

    def identity(self, path: Path) -> Identity:
        st = os.lstat(path)
        return Identity(st.st_ino, st.st_size)

    def same_file(self, path: Path, source: str) -> bool:
        return os.path.samefile(path, source)

    def same_content(self, path: Path, source: str) -> bool:
        return filecmp.cmp(path, source, shallow=False)

    def names_in(self, folder: Path) -> set[str]:
        try:
            return {entry.name for entry in os.scandir(folder)}
        except OSError:
            return set()

    def folders_in(self, folder: Path) -> frozenset[str]:
        if not folder.is_dir():
            return frozenset()
        return frozenset(e.name for e in os.scandir(folder) if e.is_dir())

    # -- changing ----------------------------------------------------------------------------
    def makedirs(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)

    def symlink(self, target: str, path: Path) -> None:
        os.symlink(target, path)

    def hardlink(self, source: str, path: Path) -> Identity:
        os.link(source, path)
        return self.identity(path)

    def copy(self, source: str, path: Path) -> Identity:
        partial = path.with_name(path.name + ".albumfaces-partial")
        shutil.copy2(source, partial)
        os.replace(partial, path)  # a crash never leaves a half-written album entry
        return self.identity(path)

    def remove(self, path: Path) -> None:
        path.unlink()

    def rename(self, old: Path, new: Path) -> None:
        os.rename(old, new)

    def remove_dir_if_empty(self, path: Path) -> None:
        try:
            path.rmdir()
        except OSError:
            pass  # not empty (the user's files are there) or already gone


class DryRunAlbums(RealFiles):
    """Reads like :class:`RealFiles`, changes nothing."""

    def makedirs(self, path):
        pass

    def symlink(self, target, path):
        pass

    def hardlink(self, source, path):
        return NO_IDENTITY

    def copy(self, source, path):
        return NO_IDENTITY

    def remove(self, path):
        pass

    def rename(self, old, new):
        pass

    def remove_dir_if_empty(self, path):
        pass


class StoreRecords:
    """The export records of one album root, written to the database."""

    def __init__(self, store, dest: Path):
        self.store = store
        self.key = str(dest)

    def rename_folder(self, old: str, new: str) -> None:
        with self.store.transaction():
            self.store.rename_export_folder(self.key, old, new)

    def forget(self, rel_paths: list[str]) -> None:
        with self.store.transaction():
            self.store.delete_export_records(self.key, rel_paths)

    def save(self, made: list[ExportRecord]) -> None:
        """An interrupted run loses at most a batch, which the next run adopts (see _make)."""
        with self.store.transaction():
            self.store.save_export_records(self.key, made)

    def save_dates(self, dates: dict[str, str]) -> None:
        with self.store.transaction():
            self.store.set_taken_at(dates)


class NoExportRecords(StoreRecords):
    """Writes nothing: a dry run leaves the database as it was."""

    def __init__(self):
        pass

    def rename_folder(self, old, new):
        pass

    def forget(self, rel_paths):
        pass

    def save(self, made):
        pass

    def save_dates(self, dates):
        pass


def is_ours(files: RealFiles, path: Path, record: ExportRecord) -> bool:
    """Is what is at ``path`` the entry export made? (Missing counts as ours: nothing to keep.)"""
    if not files.lexists(path):
        return True
    if record.mode == ExportMode.SYMLINK:
        return files.link_target(path) == record.link_target
    return files.identity(path) == (record.inode, record.size)


def apply_plan(
    plan: ExportPlan,
    dest: Path,
    mode: ExportMode,
    files: RealFiles,
    records: StoreRecords,
    report: ExportReport,
) -> None:
    """Carry out ``plan`` under ``dest``, recording every change as it goes."""
    for old, new in plan.renames:
        files.rename(dest / old, dest / new)
        records.rename_folder(old, new)
        report.renamed += 1
        report.actions.append(f"rename {old}/ -> {new}/")
    touched_dirs = set()
    folders = set()  # the albums (top folders) an entry was added to or taken from
    gone = []
    for record in plan.remove:
        path = dest / record.rel_path
        if is_ours(files, path, record):
            if files.lexists(path):
                files.remove(path)
            report.removed += 1
            folders.add(Path(record.rel_path).parts[0])
            report.actions.append(f"remove {record.rel_path}")
        else:
            report.failures.append(
                Failure(str(path), "changed since albumfaces made it; left alone")
            )
        gone.append(record.rel_path)
        touched_dirs.add(path.parent)
    records.forget(gone)
    made: list[ExportRecord] = []
    for entry in plan.add:
        path = dest / entry.rel_path
        try:
            record, fell_back = _make(entry, path, mode, files)
        except OSError as exc:
            report.failures.append(Failure(str(path), f"cannot create: {exc.strerror or exc}"))
            continue
        if record is None:
            report.failures.append(
                Failure(str(path), "a file albumfaces did not create has this name; left alone")
            )
            continue
        if fell_back and not report.notes:
            report.notes.append(
                f"{dest} is on another file system than the photos: hard links are impossible "
                "there, so symbolic links were made instead"
            )
        made.append(record)
        report.added += 1
        folders.add(Path(entry.rel_path).parts[0])
        report.actions.append(f"add {entry.rel_path}")
        if len(made) >= RECORD_BATCH:
            records.save(made)
            made.clear()
    report.unchanged += len(plan.unchanged)
    report.folders = len(folders | {new for _, new in plan.renames})
    records.save(made)
    for folder in touched_dirs:
        files.remove_dir_if_empty(folder)


def _make(entry: Entry, path: Path, mode: ExportMode, files: RealFiles):
    """Create one entry; returns (its record or None on a clash, whether hardlink fell back)."""
    files.makedirs(path.parent)
    target = os.path.relpath(entry.source, start=path.parent)
    if files.lexists(path):
        # An entry made by an interrupted run, before it could be recorded, is adopted.
        if not _same_entry(files, path, entry.source, mode, target):
            return None, False
        if mode == ExportMode.SYMLINK:
            return _record(entry, mode, target), False
        return _record(entry, mode, identity=files.identity(path)), False
    if mode == ExportMode.HARDLINK:
        try:
            return _record(entry, mode, identity=files.hardlink(entry.source, path)), False
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
                raise
            files.symlink(target, path)
            return _record(entry, ExportMode.SYMLINK, target), True
    if mode == ExportMode.COPY:
        return _record(entry, mode, identity=files.copy(entry.source, path)), False
    files.symlink(target, path)
    return _record(entry, mode, target), False


def _same_entry(files: RealFiles, path: Path, source: str, mode: ExportMode, target: str) -> bool:
    link = files.link_target(path)
    if link is not None:
        return mode == ExportMode.SYMLINK and link == target
    if mode == ExportMode.HARDLINK:
        return files.same_file(path, source)
    return mode == ExportMode.COPY and files.same_content(path, source)


def _record(
    entry: Entry, mode: ExportMode, target: str | None = None, identity: Identity = NO_IDENTITY
) -> ExportRecord:
    return ExportRecord(
        entry.rel_path,
        entry.person_id,
        entry.photo_hash,
        entry.source,
        mode,
        link_target=target,
        inode=identity.inode,
        size=identity.size,
        part=entry.part,
    )
