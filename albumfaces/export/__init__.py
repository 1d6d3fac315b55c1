"""Per-person albums: a folder per person with an entry per photo they appear in."""

from __future__ import annotations

import os
from pathlib import Path

from albumfaces.errors import AlbumfacesError
from albumfaces.export.apply import (
    DryRunAlbums,
    NoExportRecords,
    RealFiles,
    StoreRecords,
    apply_plan,
)
from albumfaces.export.plan import Entry, plan_export
from albumfaces.models import EXPORT_MODES, ExportMode, ExportReport
from albumfaces.store import Store


class ExportError(AlbumfacesError):
    """An export that cannot be done as asked."""


def export_albums(
    store: Store,
    dest: str | os.PathLike,
    mode: ExportMode = ExportMode.SYMLINK,
    people: list[int] | None = None,
    include_unnamed: bool = False,
    dry_run: bool = False,
) -> ExportReport:
    """Bring the album tree under ``dest`` to the current people, changing only what changed.

    Ignored people are never exported; unnamed people only with ``include_unnamed`` (or when
    asked for by id in ``people``). A dry run reads everything and changes nothing, neither
    files nor the database.
    """
    if mode not in EXPORT_MODES:
        raise ExportError(f"unknown mode {mode!r}; use one of {', '.join(EXPORT_MODES)}")
    mode = ExportMode(mode)
    dest = Path(dest).expanduser().absolute()
    if dest.exists() and not dest.is_dir():
        raise ExportError(f"{dest} exists and is not a folder")
    files = DryRunAlbums() if dry_run else RealFiles()
    records = NoExportRecords() if dry_run else StoreRecords(store, dest)
    with store.exclusive():
        photos = store.load_album_photos()
        selected = set(people) if people else None
        if selected is not None:
            photos = [p for p in photos if p.person_id in selected]
        elif not include_unnamed:
            photos = [p for p in photos if p.named]
        photos = _with_dates(photos, records)
        known = store.load_export_records(str(dest))
        plan = plan_export(photos, known, mode, selected, files.folders_in(dest))
        _recreate_missing(plan, dest, files)
        report = ExportReport(mode=mode)
        if not plan.empty:
            files.makedirs(dest)
        apply_plan(plan, dest, mode, files, records, report)
    return report


def _with_dates(photos, records: StoreRecords):
    """Photos scanned before dates were stored get theirs now, once (it is cached)."""
    undated = {p.photo_hash: p.source for p in photos if p.taken_at is None}
    if not undated:
        return photos
    from albumfaces.media.images import read_taken_at

    dates = {h: d for h, src in undated.items() if (d := read_taken_at(src))}
    records.save_dates(dates)
    return [
        p._replace(taken_at=dates.get(p.photo_hash)) if p.taken_at is None else p for p in photos
    ]


def _recreate_missing(plan, dest: Path, files: RealFiles) -> None:
    """An entry deleted by hand since the last export is made again."""
    before_rename = {new: old for old, new in plan.renames}
    listed: dict[str, set[str]] = {}  # one directory listing per folder, not a stat per entry
    still = []
    for record in plan.unchanged:
        folder, _, name = record.rel_path.partition("/")
        if folder not in listed:
            listed[folder] = files.names_in(dest / before_rename.get(folder, folder))
        if name in listed[folder]:
            still.append(record)
        else:
            # made again in place; its record is replaced when the new entry is saved
            plan.add.append(
                Entry(record.rel_path, record.person_id, record.photo_hash, record.source)
            )
    plan.unchanged = still
