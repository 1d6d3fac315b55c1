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
from albumfaces.export.naming import together_name
from albumfaces.export.plan import Entry, plan_export
from albumfaces.models import EXPORT_MODES, AlbumPhoto, ExportMode, ExportReport
from albumfaces.store import Store

NEW_ALBUM_KEYS = 10**12  # a dry run's keys for shared albums not made yet, unlike any id


class ExportError(AlbumfacesError):
    """An export that cannot be done as asked."""


def export_albums(
    store: Store,
    dest: str | os.PathLike,
    mode: ExportMode = ExportMode.SYMLINK,
    people: list[int] | None = None,
    include_unnamed: bool = False,
    dry_run: bool = False,
    together: list[list[int]] = (),
    with_live_clips: bool = False,
) -> ExportReport:
    """Bring the album tree under ``dest`` to the current people, changing only what changed.

    Ignored people are never exported; unnamed people only with ``include_unnamed`` (or when
    asked for by id in ``people``). Each group of ``together`` (person ids) gets an album of
    the photos they all appear in, "Anna & Ben", kept up to date like the others. A Live
    Photo is one entry, its photo's; ``with_live_clips`` puts its clip beside it, under the
    same name with the clip's suffix. A dry run
    reads everything and changes nothing, neither files nor the database.
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
        keys = _album_keys(store, together, dry_run)
        if selected is not None:
            selected |= {key for key, _ in keys}
        photos = _with_dates(photos + _together_photos(store, keys), records)
        known = store.load_export_records(str(dest))
        clips = store.live_clips_of(p.source for p in photos) if with_live_clips else {}
        plan = plan_export(photos, known, mode, selected, files.folders_in(dest), clips)
        _recreate_missing(plan, dest, files)
        report = ExportReport(mode=mode)
        if not plan.empty:
            files.makedirs(dest)
        apply_plan(plan, dest, mode, files, records, report)
    return report


def _album_keys(store: Store, together, dry_run: bool = False) -> list[tuple[int, list[int]]]:
    """Each shared album's key among the albums (a person's id, negated album ids for shared
    ones: see migration m011) and its people. A dry run makes no album id it has not made
    before; an album new to it has a key no record can have."""
    keys = []
    for index, group in enumerate(together):
        people = sorted(set(group))
        found = store.together_album_id(people, create=not dry_run)
        keys.append((-found if found is not None else -(NEW_ALBUM_KEYS + index), people))
    return keys


def _together_photos(store: Store, keys) -> list[AlbumPhoto]:
    """The entries of the shared albums: one per photo all of a group's people are in."""
    entries = []
    for key, people in keys:
        flags = store.person_flags(people)
        if len(flags) != len(people):
            missing = sorted(set(people) - set(flags))
            raise ExportError(f"no person {', '.join(map(str, missing))} to make an album with")
        name = together_name([flags[p].name for p in people])
        for photo in store.photos_together(people):
            entries.append(
                AlbumPhoto(key, True, name, photo.photo_hash, photo.path, photo.taken_at)
            )
    return entries


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
                Entry(
                    record.rel_path,
                    record.person_id,
                    record.photo_hash,
                    record.source,
                    record.part,
                )
            )
    plan.unchanged = still
