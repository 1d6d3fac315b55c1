"""Carrying out an export plan on disk, safely.

Nothing here deletes or overwrites what export did not make: before an entry is removed it is
checked against its record (the same link target, or the same inode and size), and a name
already taken by a foreign file is reported and skipped. Originals are only ever read.
"""

from __future__ import annotations

import errno
import filecmp
import os
import shutil
from pathlib import Path

from albumfaces.export.plan import Entry, ExportPlan
from albumfaces.models import ExportRecord, ExportReport, Failure

RECORD_BATCH = 1000


class RealFiles:
    """The file system operations export uses."""

    def makedirs(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)

    def symlink(self, target: str, path: Path) -> None:
        os.symlink(target, path)

    def hardlink(self, source: str, path: Path) -> None:
        os.link(source, path)

    def copy(self, source: str, path: Path) -> None:
        partial = path.with_name(path.name + ".albumfaces-partial")
        shutil.copy2(source, partial)
        os.replace(partial, path)  # a crash never leaves a half-written album entry

    def remove(self, path: Path) -> None:
        path.unlink()

    def rename(self, old: Path, new: Path) -> None:
        os.rename(old, new)

    def remove_dir_if_empty(self, path: Path) -> None:
        try:
            path.rmdir()
        except OSError:
            pass  # not empty (the user's files are there) or already gone


class DryRun(RealFiles):
    """Changes nothing; what the plan would do is listed in the report's actions."""

    def makedirs(self, path):
        pass

    def symlink(self, target, path):
        pass

    def hardlink(self, source, path):
        pass

    def copy(self, source, path):
        pass

    def remove(self, path):
        pass

    def rename(self, old, new):
        pass

    def remove_dir_if_empty(self, path):
        pass


def is_ours(path: Path, record: ExportRecord) -> bool:
    """Is what is at ``path`` the entry export made? (Missing counts as ours: nothing to keep.)"""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return True
    if record.mode == "symlink":
        return os.path.islink(path) and os.readlink(path) == record.link_target
    return st.st_ino == record.inode and st.st_size == record.size


def apply_plan(
    plan: ExportPlan, dest: Path, mode: str, files: RealFiles, store, report: ExportReport
) -> None:
    """Carry out ``plan`` under ``dest``, recording every change in ``store`` as it goes."""
    key = str(dest)
    dry = isinstance(files, DryRun)
    for old, new in plan.renames:
        files.rename(dest / old, dest / new)
        if not dry:
            with store.transaction():
                store.rename_export_folder(key, old, new)
        report.renamed += 1
        report.actions.append(f"rename {old}/ -> {new}/")
    touched_dirs = set()
    gone = []
    for record in plan.remove:
        path = dest / record.rel_path
        if is_ours(path, record):
            if os.path.lexists(path):
                files.remove(path)
            report.removed += 1
            report.actions.append(f"remove {record.rel_path}")
        else:
            report.skipped.append(
                Failure(str(path), "changed since albumfaces made it; left alone")
            )
        gone.append(record.rel_path)
        touched_dirs.add(path.parent)
    if not dry:
        with store.transaction():
            store.delete_export_records(key, gone)
    made: list[ExportRecord] = []
    for entry in plan.add:
        path = dest / entry.rel_path
        try:
            record, fell_back = _make(entry, path, mode, files)
        except OSError as exc:
            report.skipped.append(Failure(str(path), f"cannot create: {exc.strerror or exc}"))
            continue
        if record is None:
            report.skipped.append(
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
        report.actions.append(f"add {entry.rel_path}")
        if len(made) >= RECORD_BATCH and not dry:
            _save(store, key, made)
    report.unchanged += len(plan.unchanged)
    if dry:
        return
    _save(store, key, made)
    for folder in touched_dirs:
        files.remove_dir_if_empty(folder)


def _save(store, key: str, made: list[ExportRecord]) -> None:
    """Record what was made; an interrupted run loses at most a batch, which the next run
    adopts (see _make)."""
    with store.transaction():
        store.save_export_records(key, made)
    made.clear()


def _make(entry: Entry, path: Path, mode: str, files: RealFiles):
    """Create one entry; returns (its record or None on a clash, whether hardlink fell back)."""
    files.makedirs(path.parent)
    target = os.path.relpath(entry.source, start=path.parent)
    if os.path.lexists(path):
        # An entry made by an interrupted run, before it could be recorded, is adopted.
        if _same_entry(path, entry.source, mode, target):
            return _record(entry, path, mode, target), False
        return None, False
    fell_back = False
    if mode == "hardlink":
        try:
            files.hardlink(entry.source, path)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
                raise
            files.symlink(target, path)
            mode, fell_back = "symlink", True
    elif mode == "copy":
        files.copy(entry.source, path)
    else:
        files.symlink(target, path)
    return _record(entry, path, mode, target), fell_back


def _same_entry(path: Path, source: str, mode: str, target: str) -> bool:
    if os.path.islink(path):
        return mode == "symlink" and os.readlink(path) == target
    if mode == "hardlink":
        return os.path.samefile(path, source)
    return mode == "copy" and filecmp.cmp(path, source, shallow=False)


def _record(entry: Entry, path: Path, mode: str, target: str) -> ExportRecord:
    if mode == "symlink":
        return ExportRecord(
            entry.rel_path,
            entry.person_id,
            entry.photo_hash,
            entry.source,
            "symlink",
            link_target=target,
        )
    try:
        st = os.lstat(path)
        inode, size = st.st_ino, st.st_size
    except FileNotFoundError:  # dry run
        inode = size = None
    return ExportRecord(
        entry.rel_path,
        entry.person_id,
        entry.photo_hash,
        entry.source,
        mode,
        inode=inode,
        size=size,
    )
