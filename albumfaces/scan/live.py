"""Live Photos: which short clip belongs to which photo.

A pair is recognised by what the files say: the same Apple content identifier in the photo and
the clip (any names, in one folder); else the same folder and base name, with a clip of at most
``MAX_CLIP_SECONDS`` that was taken at the same moment as the photo. :func:`match_clip` is the
pure rule; :func:`plan_live` applies it to a scan's files, reading only the clips that are new or
changed (or whose photo appeared or went), so a rescan of an unchanged library reads nothing."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from albumfaces.media.images import IMAGE_SUFFIXES, iso_time
from albumfaces.media.live import ClipFacts, PhotoFacts, clip_facts, photo_facts
from albumfaces.models import FileKind, FileRecord, LivePair, PairHow
from albumfaces.scan.walk import FoundFile, is_under

LIVE_CLIP_SUFFIXES = frozenset((".mov", ".mp4"))
MAX_CLIP_SECONDS = 5.0  # Apple's clips last 1.5 to 3 s: a longer one is a video of its own
# The clip starts about 1.5 s before the still and the two dates are rounded to the second.
SAME_MOMENT_SECONDS = 5.0
# A clip's container date is UTC and a photo's EXIF date local time: they differ by the zone,
# a whole number of quarter hours, at most 14 hours.
ZONE_STEP_SECONDS = 15 * 60
MAX_ZONE_SECONDS = 14 * 3600
STILL_PREFERENCE = (".heic", ".heif", ".jpg", ".jpeg")  # of two stills of one name: the camera's


@dataclass(frozen=True)
class PhotoCandidate:
    path: str
    facts: PhotoFacts
    file_time: str  # the file's modification time, local, when EXIF has no date


@dataclass(frozen=True)
class ClipCandidate:
    path: str
    facts: ClipFacts
    file_time: str


def stem(path: str) -> tuple[str, str]:
    """(folder, base name without its suffix, case-folded): what a photo and its clip share."""
    folder, _, name = path.rpartition(os.sep)
    return folder, os.path.splitext(name)[0].casefold()


def _seconds(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def same_moment(photo: PhotoCandidate, clip: ClipCandidate) -> bool:
    """The clip was taken when the photo was: by Apple's local date, else by the container's
    UTC date up to a time zone, else by the files' times."""
    taken = photo.facts.taken_at
    if taken and clip.facts.local_time:
        return abs(_seconds(taken) - _seconds(clip.facts.local_time)) <= SAME_MOMENT_SECONDS
    if taken and clip.facts.utc_time:
        apart = abs(_seconds(clip.facts.utc_time) - _seconds(taken))
        off_zone = apart % ZONE_STEP_SECONDS
        return apart <= MAX_ZONE_SECONDS + SAME_MOMENT_SECONDS and (
            min(off_zone, ZONE_STEP_SECONDS - off_zone) <= SAME_MOMENT_SECONDS
        )
    photo_time = taken or photo.file_time
    clip_time = clip.facts.local_time or clip.file_time
    return abs(_seconds(photo_time) - _seconds(clip_time)) <= SAME_MOMENT_SECONDS


def _preference(photo: PhotoCandidate) -> tuple:
    suffix = os.path.splitext(photo.path)[1].lower()
    rank = STILL_PREFERENCE.index(suffix) if suffix in STILL_PREFERENCE else len(STILL_PREFERENCE)
    return rank, photo.path


def match_clip(clip: ClipCandidate, photos: list[PhotoCandidate]) -> LivePair | None:
    """The photo among ``photos`` (of the clip's folder) this clip belongs to, or None. Pure.

    The content identifier decides when both files carry one: equal, a pair whatever the
    names; different, never a pair. Otherwise the name and the moment must agree, and the clip
    must be a Live Photo's length."""
    content_id = clip.facts.content_id
    for photo in sorted(photos, key=_preference):
        if content_id and photo.facts.content_id == content_id:
            return LivePair(photo.path, clip.path, PairHow.CONTENT_ID, content_id)
    if not 0 < clip.facts.duration <= MAX_CLIP_SECONDS:
        return None
    for photo in sorted(photos, key=_preference):
        if content_id and photo.facts.content_id:
            continue  # both say who they belong to, and it is not each other
        if stem(photo.path) == stem(clip.path) and same_moment(photo, clip):
            return LivePair(photo.path, clip.path, PairHow.NAME_AND_TIME, None)
    return None


@dataclass
class LivePlan:
    """The Live Photos under a scan's folders, and what changes in the cache for them."""

    pairs: dict[str, LivePair] = field(default_factory=dict)  # every pair, by the clip's path
    save: list[LivePair] = field(default_factory=list)  # pairs new or changed
    forget: list[str] = field(default_factory=list)  # clips whose pairs ended, now
    released: set[str] = field(default_factory=set)  # clips to identify again, as videos
    changed_photos: set[str] = field(default_factory=set)  # photos whose clip came, went, changed
    records: list[FileRecord] = field(default_factory=list)  # the clips' file records

    def clips_of(self) -> dict[str, str]:
        """The clip of each photo, by the photo's path."""
        return {pair.photo_path: clip for clip, pair in self.pairs.items()}


def plan_live(
    files: list[FoundFile],
    known: dict[str, FileRecord],
    stored: dict[str, LivePair],
    roots: list[str],
) -> LivePlan:
    """Pair the clips among ``files`` (a scan's walk) with their photos."""
    plan = LivePlan()
    clips = [f for f in files if _suffix(f.path) in LIVE_CLIP_SUFFIXES]
    if not clips and not stored:
        return plan  # a library without clips costs one look at each name
    found = {f.path: f for f in files}
    folders = {_folder(c.path) for c in clips}
    by_stem: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_folder: dict[str, list[str]] = defaultdict(list)
    for f in files:  # the photos of the folders that hold clips
        folder = _folder(f.path)
        if folder in folders and _suffix(f.path) in IMAGE_SUFFIXES:
            by_stem[stem(f.path)].append(f.path)
            by_folder[folder].append(f.path)
    taken: set[str] = set()
    undecided = []
    for clip in clips:
        pair, record = stored.get(clip.path), known.get(clip.path)
        if pair and _unchanged(clip, record, FileKind.LIVE_CLIP) and pair.photo_path in found:
            plan.pairs[clip.path] = pair
            taken.add(pair.photo_path)
        else:
            undecided.append(clip)
    facts: dict[str, PhotoCandidate] = {}

    def candidates(paths: list[str]) -> list[PhotoCandidate]:
        for path in paths:
            if path not in facts:
                facts[path] = PhotoCandidate(
                    path, photo_facts(path), iso_time(found[path].mtime_ns)
                )
        return [facts[p] for p in paths if p not in taken]

    for clip in undecided:
        record, siblings = known.get(clip.path), by_stem.get(stem(clip.path), [])
        if _unchanged(clip, record) and record.kind != FileKind.LIVE_CLIP and not siblings:
            continue  # a video: looked at again when it changes, or a photo of its name comes
        pair = _pair(clip, siblings, by_folder[_folder(clip.path)], candidates)
        _decide(plan, clip, record, stored.get(clip.path), pair)
        if pair is not None:
            taken.add(pair.photo_path)
    for clip_path, pair in stored.items():
        if clip_path not in found and any(is_under(clip_path, r) for r in roots):
            plan.changed_photos.add(pair.photo_path)  # its clip is gone (the pair with it)
    return plan


def _folder(path: str) -> str:
    """The folder of a path, as ``stem`` takes it (cheaper than ``os.path.dirname``)."""
    return path.rpartition(os.sep)[0]


def _suffix(path: str) -> str:
    """The name's suffix, lower case (``os.path.splitext`` costs more, on every file)."""
    name = path.rpartition(os.sep)[2]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _unchanged(clip: FoundFile, record: FileRecord | None, kind: FileKind | None = None) -> bool:
    return (
        record is not None
        and (record.size, record.mtime_ns) == (clip.size, clip.mtime_ns)
        and (kind is None or record.kind == kind)
    )


def _pair(clip: FoundFile, siblings, folder, candidates) -> LivePair | None:
    read = clip_facts(clip.path)
    if read is None:
        return None
    candidate = ClipCandidate(clip.path, read, iso_time(clip.mtime_ns))
    pair = match_clip(candidate, candidates(siblings))
    if pair is None and read.content_id:  # renamed files: the identifier still tells
        others = [p for p in folder if p not in siblings]
        pair = match_clip(candidate, candidates(others))
    return pair


def _decide(plan: LivePlan, clip: FoundFile, record, before: LivePair | None, pair) -> None:
    if pair is not None:
        plan.pairs[clip.path] = pair
        if pair != before or not _unchanged(clip, record, FileKind.LIVE_CLIP):
            plan.save.append(pair)
            plan.records.append(FileRecord(clip.path, clip.size, clip.mtime_ns, FileKind.LIVE_CLIP))
            plan.changed_photos.add(pair.photo_path)
        if before is not None and before.photo_path != pair.photo_path:
            plan.changed_photos.add(before.photo_path)
        return
    if before is not None:
        plan.forget.append(clip.path)
        plan.changed_photos.add(before.photo_path)
    if record is not None and record.kind == FileKind.LIVE_CLIP:
        plan.released.add(clip.path)  # its photo is gone: a video of its own again
