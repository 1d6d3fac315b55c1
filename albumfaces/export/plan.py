"""Planning an export: the albums wanted, against what an earlier export made. Pure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from albumfaces.export.naming import entry_name, folder_name, live_clip_name
from albumfaces.models import AlbumPhoto, EntryPart, ExportRecord


class Entry(NamedTuple):
    rel_path: str  # "<folder>/<file>", relative to the album root
    person_id: int
    photo_hash: str
    source: str
    part: EntryPart | None = None  # which file of the photo (None: the photo itself)


@dataclass
class ExportPlan:
    renames: list[tuple[str, str]] = field(default_factory=list)  # (old folder, new folder)
    remove: list[ExportRecord] = field(default_factory=list)
    add: list[Entry] = field(default_factory=list)
    unchanged: list[ExportRecord] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.renames or self.remove or self.add)


def person_folders(photos: list[AlbumPhoto]) -> dict[int, str]:
    """One folder per person; a name clash (a person named like an automatic name) gets the id."""
    folders: dict[int, str] = {}
    used: set[str] = set()
    people = sorted({(not p.named, p.person_id, p.person) for p in photos})
    for _, person_id, person in people:
        folder = folder_name(person)
        if folder.casefold() in used:  # case-insensitive file systems (macOS, Windows)
            folder = folder_name(f"{person} (id {person_id})")
        used.add(folder.casefold())
        folders[person_id] = folder
    return folders


def plan_export(
    photos: list[AlbumPhoto],
    records: dict[str, ExportRecord],
    mode: str,
    people: set[int] | None = None,
    on_disk: frozenset[str] = frozenset(),
    live_clips: dict[str, str] | None = None,
) -> ExportPlan:
    """What to rename, remove and add so the album tree matches ``photos``.

    ``people`` limits the plan to those people's albums (``export --person``); records of
    other people are left as they are. ``on_disk`` names the folders already in the album
    root: a folder is never renamed onto one of them. ``live_clips`` gives the clip of each
    Live Photo (by its source) to put beside its entry.
    """
    plan = ExportPlan()
    if people is not None:
        records = {k: r for k, r in records.items() if r.person_id in people}
    folders = person_folders(photos)
    records = _plan_renames(records, folders, plan, on_disk)
    recorded = {(r.person_id, r.photo_hash, r.part): r for r in records.values()}
    wanted: set[str] = set()
    for photo in photos:
        folder = folders[photo.person_id]
        old = recorded.get((photo.person_id, photo.photo_hash, None))
        if old is not None and old.rel_path.partition("/")[0] == folder:
            rel = old.rel_path  # keep the name it has: stable even if the source was renamed
        else:
            rel = f"{folder}/{entry_name(photo.source, photo.photo_hash, photo.taken_at)}"
        entries = [Entry(rel, photo.person_id, photo.photo_hash, photo.source)]
        clip = (live_clips or {}).get(photo.source)
        if clip is not None:  # beside the photo, under its name
            clip_rel = live_clip_name(rel, clip)
            entries.append(
                Entry(clip_rel, photo.person_id, photo.photo_hash, clip, EntryPart.LIVE_CLIP)
            )
        for entry in entries:
            wanted.add(entry.rel_path)
            old = recorded.get((entry.person_id, entry.photo_hash, entry.part))
            if (
                old is not None
                and old.rel_path == entry.rel_path
                and old.source == entry.source
                and old.mode == mode
            ):
                plan.unchanged.append(old)
            else:
                plan.add.append(entry)
    replaced = {e.rel_path for e in plan.add}
    plan.remove = [
        r for r in records.values() if r.rel_path not in wanted or r.rel_path in replaced
    ]
    return plan


def _plan_renames(records, folders, plan: ExportPlan, on_disk) -> dict[str, ExportRecord]:
    """A renamed person's folder is renamed as a whole, not emptied and refilled."""
    by_person: dict[int, set[str]] = defaultdict(set)
    for r in records.values():
        by_person[r.person_id].add(r.rel_path.partition("/")[0])
    taken = {f for person_folders in by_person.values() for f in person_folders} | set(on_disk)
    moved: dict[str, ExportRecord] = {}
    renamed: dict[str, str] = {}
    for person_id, old_folders in sorted(by_person.items()):
        new = folders.get(person_id)
        if new is None or len(old_folders) != 1:
            continue
        (old,) = old_folders
        if old != new and new not in taken:
            renamed[old] = new
            taken.add(new)
    for old, new in sorted(renamed.items()):
        plan.renames.append((old, new))
    if not renamed:
        return records
    for rel, r in records.items():
        folder, _, name = rel.partition("/")
        if folder in renamed:
            rel = f"{renamed[folder]}/{name}"
            r = r._replace(rel_path=rel)
        moved[rel] = r
    return moved
