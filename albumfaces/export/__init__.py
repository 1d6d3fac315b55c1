"""Per-person albums: a folder per person with an entry per photo they appear in."""

from __future__ import annotations

import os
from pathlib import Path

from albumfaces.errors import AlbumfacesError
from albumfaces.export.apply import DryRun, RealFiles, apply_plan
from albumfaces.export.plan import Entry, plan_export
from albumfaces.models import EXPORT_MODES, ExportReport
from albumfaces.store import Store


class ExportError(AlbumfacesError):
    """An export that cannot be done as asked."""


def export_albums(
    store: Store,
    dest: str | os.PathLike,
    mode: str = "symlink",
    people: list[str] | None = None,
    include_unnamed: bool = False,
    dry_run: bool = False,
) -> ExportReport:
    """Bring the album tree under ``dest`` to the current people, changing only what changed.

    Ignored people are never exported; unnamed people only with ``include_unnamed`` (or when
    asked for by ``people``).
    """
    if mode not in EXPORT_MODES:
        raise ExportError(f"unknown mode {mode!r}; use one of {', '.join(EXPORT_MODES)}")
    dest = Path(dest).expanduser().absolute()
    if dest.exists() and not dest.is_dir():
        raise ExportError(f"{dest} exists and is not a folder")
    with store.exclusive():
        photos = store.load_album_photos()
        selected = _select(store, people) if people else None
        if selected is not None:
            photos = [p for p in photos if p.person_id in selected]
        elif not include_unnamed:
            photos = [p for p in photos if p.named]
        photos = _with_dates(store, photos)
        records = store.load_export_records(str(dest))
        on_disk = (
            frozenset(e.name for e in os.scandir(dest) if e.is_dir())
            if dest.is_dir()
            else frozenset()
        )
        plan = plan_export(photos, records, mode, selected, on_disk)
        _recreate_missing(plan, dest)
        report = ExportReport()
        files = DryRun() if dry_run else RealFiles()
        if not dry_run and not plan.empty:
            files.makedirs(dest)
        apply_plan(plan, dest, mode, files, store, report)
    return report


def _with_dates(store: Store, photos):
    """Photos scanned before dates were stored get theirs now, once (it is cached)."""
    undated = {p.photo_hash: p.source for p in photos if p.taken_at is None}
    if not undated:
        return photos
    from albumfaces.scan.images import read_taken_at

    dates = {h: d for h, src in undated.items() if (d := read_taken_at(src))}
    with store.transaction():
        store.set_taken_at(dates)
    return [
        p._replace(taken_at=dates.get(p.photo_hash)) if p.taken_at is None else p for p in photos
    ]


def _select(store: Store, refs: list[str]) -> set[int]:
    from albumfaces.people import resolve_person

    return {resolve_person(store, ref) for ref in refs}


def _recreate_missing(plan, dest: Path) -> None:
    """An entry deleted by hand since the last export is made again."""
    before_rename = {new: old for old, new in plan.renames}
    listed: dict[str, set[str]] = {}  # one directory listing per folder, not a stat per entry
    still = []
    for record in plan.unchanged:
        folder, _, name = record.rel_path.partition("/")
        if folder not in listed:
            listed[folder] = _names_in(dest / before_rename.get(folder, folder))
        if name in listed[folder]:
            still.append(record)
        else:
            # made again in place; its record is replaced when the new entry is saved
            plan.add.append(
                Entry(record.rel_path, record.person_id, record.photo_hash, record.source)
            )
    plan.unchanged = still


def _names_in(folder: Path) -> set[str]:
    try:
        return {entry.name for entry in os.scandir(folder)}
    except OSError:
        return set()
