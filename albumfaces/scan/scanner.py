"""One scan run: find what changed under the folders, scan only that, keep the cache exact.

Order matters for safety. New content is stored (batch by batch, each batch one transaction)
before anything is removed, and removals happen last in one transaction, so a run cut short at
any point leaves a consistent cache that the next run completes.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections import Counter
from collections.abc import Callable

from albumfaces.errors import AlbumfacesError
from albumfaces.media.images import ImageError
from albumfaces.media.sniff import media_type
from albumfaces.models import (
    Failure,
    FileKind,
    FileRecord,
    MediaType,
    ScanOptions,
    ScanReport,
    ScanSettings,
)
from albumfaces.recognition import make_pipeline
from albumfaces.recognition.profiles import face_model
from albumfaces.scan.batches import BatchWriter
from albumfaces.scan.detect import Detection, Work, detect
from albumfaces.scan.jobs import (
    PipelineFactory,
    run_jobs,
)
from albumfaces.scan.live import LivePlan, plan_live
from albumfaces.scan.motion import catch_up_motion
from albumfaces.scan.plan import media_settings_key, motion_key
from albumfaces.scan.walk import hash_file, is_under, iter_under, walk_roots
from albumfaces.store import Store

DEFAULT_OPTIONS = ScanOptions()

# progress(stage, done, total)
Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def _skipped_paths(store: Store) -> frozenset[str]:
    """The database's own files, its contact sheets, and album trees made by export: scanning
    the links of an album would find every photo a second time."""
    base = str(store.path)
    own = {base + suffix for suffix in ("", "-wal", "-shm", "-journal", ".lock")}
    own.add(str(store.path.parent / "sheets"))
    return frozenset(own | set(store.export_roots()))


def scan_library(
    store: Store,
    roots: list[str],
    options: ScanOptions = DEFAULT_OPTIONS,
    *,
    progress: Progress = _no_progress,
    make_pipeline: PipelineFactory = make_pipeline,
) -> ScanReport:
    """Bring the cache up to date with the photos and videos under ``roots``, as
    ``options`` say (:class:`ScanOptions`). Named face regions in a photo's XMP name its
    faces as the user's decisions (``options.import_regions``).

    Only paths under ``roots`` are considered: a folder that is not scanned, or a root that is
    missing (an unplugged drive), keeps everything stored for it. ``make_pipeline`` builds the
    face pipeline (tests pass a fake one). Raises ``ModelsMissing`` at once, before any photo
    is marked as failed, when the model weights are not installed. With
    ``options.ray_address`` (an address, or ``auto``) photos are scanned by workers of that
    Ray cluster, one per CPU (see ``ray_jobs``); everything else stays here.
    """
    settings, workers, retry_failed = options.settings, options.workers, options.retry_failed
    videos, import_regions, ray_address = (
        options.videos,
        options.import_regions,
        options.ray_address,
    )
    started = time.monotonic()
    settings, switched_from = _library_model(store, settings)
    runner = run_jobs
    if ray_address is not None:
        from albumfaces.scan.ray_jobs import connect, run_jobs_on_ray

        workers, runner = connect(ray_address), run_jobs_on_ray
    workers = workers or os.cpu_count() or 1
    roots = [os.path.abspath(r) for r in roots]
    report = ScanReport(face_model=settings.face_model, switched_from=switched_from)
    with store.exclusive():
        settings = _library_live_clips(store, settings)
        if store.face_model() != settings.face_model:
            make_pipeline(settings).check_ready()  # a model that cannot run is not recorded
            with store.transaction():
                store.set_face_model(
                    settings.face_model, face_model(settings.face_model).dimensions
                )
                store.count_machine_change()
        known_files = store.load_files()
        photos = store.load_photos()
        walk = walk_roots(roots, skip=_skipped_paths(store))
        for path, reason in walk.unreadable:
            report.failures.append(Failure(path, f"cannot read: {reason}"))
        live = _live_photos(store, walk.files, known_files, roots, videos)
        clips_of = live.clips_of()
        catch_up_motion(store, photos, walk.files, known_files)
        work = _classify(
            walk.files, known_files, photos, settings, retry_failed, videos, report, live, clips_of
        )
        skipped_dirs = [path for path, _ in walk.unreadable]
        seen = {f.path for f in walk.files}
        work.removed = [
            p
            for p in iter_under(known_files, roots)
            if p not in seen and not any(is_under(p, d) for d in skipped_dirs)
        ]
        writer = BatchWriter(store)
        try:
            moved_hashes = _identify(
                work, photos, settings, videos, writer, report, progress, clips_of
            )
            run = Detection(
                store,
                photos,
                settings,
                workers,
                make_pipeline,
                runner,
                import_regions,
                import_names=options.import_names,
                live_clips=clips_of,
            )
            detect(run, work, writer, report, progress)
            writer.flush()
        except KeyboardInterrupt:
            writer.flush()  # results already computed are kept
            report.interrupted = True
        except AlbumfacesError:
            writer.flush()
            raise
        else:
            _remove(store, work.removed, known_files, moved_hashes, report)
        report.live_photos, report.motion_photos = store.live_counts(roots)
    report.failed = len(report.failures)
    report.seconds = time.monotonic() - started
    return report


def _live_photos(store: Store, files, known_files, roots, videos: bool) -> LivePlan:
    """Pair the Live Photos' clips with their photos, and record the pairs at once (a scan cut
    short then finds them made). ``--no-videos`` looks at no clip: the pairs stay as they are."""
    stored = store.live_pairs()
    if not videos:
        found = {f.path for f in files}
        kept = {c: p for c, p in stored.items() if c in found and p.photo_path in found}
        return LivePlan(pairs=kept)
    live = plan_live(files, known_files, stored, roots)
    if live.save or live.forget or live.records:
        with store.transaction():
            store.forget_live_pairs(live.forget)
            store.save_live_pairs(live.save)
            store.save_files(live.records)
            store.count_machine_change()
    return live


def _outdated(photo, settings, has_clip: bool = False) -> bool:
    """Stored with settings that would find other faces in it now (``has_clip``: it is a Live
    Photo, whose clip ``--live-clips`` scans too)."""
    key = media_settings_key(photo.media, photo.width, photo.height, settings)
    return photo.settings_key != motion_key(key, settings, photo.motion is not None or has_clip)


def _classify(
    files, known_files, photos, settings, retry_failed, videos, report, live, clips_of
) -> Work:
    work = Work()
    for found in files:
        record = known_files.get(found.path)
        if found.path in live.pairs:
            continue  # a Live Photo's clip: part of its photo
        if found.path in live.released:
            work.identify.append((found, record))  # its photo is gone: a video again
        elif record is None or (record.size, record.mtime_ns) != (found.size, found.mtime_ns):
            work.identify.append((found, record))
        elif record.kind == FileKind.PHOTO:
            photo = photos.get(record.photo_hash)
            if photo is None:
                work.identify.append((found, record))
            elif photo.media == MediaType.VIDEO and not videos:
                report.unchanged += 1  # kept as it is: --no-videos neither scans nor forgets
            elif _outdated(photo, settings, found.path in clips_of) or (
                settings.live_clips and found.path in live.changed_photos
            ):
                work.rescan[photo.hash].append(found)
                work.media[photo.hash] = photo.media
                report.rescanned += 1
            else:
                report.unchanged += 1
        elif record.kind == FileKind.FAILED and retry_failed:
            work.identify.append((found, record))
        elif record.kind == FileKind.FAILED:
            report.unchanged += 1
        # else: a known non-image file; not a photo, so not counted
    return work


def _identify(work, photos, settings, videos, writer, report, progress, clips_of) -> Counter:
    """Hash new and changed files; reuse known content; queue the rest for detection.

    Returns how many new paths took over each already-known content (moves and copies).
    """
    moved_hashes: Counter = Counter()
    total = len(work.identify)
    for done, (found, record) in enumerate(work.identify, 1):
        progress("hashing", done, total)
        try:
            media = media_type(found.path)
        except ImageError as exc:  # unreadable: a failure, tried again when it changes
            report.failures.append(Failure(found.path, str(exc)))
            writer.add(
                [
                    FileRecord(
                        found.path, found.size, found.mtime_ns, FileKind.FAILED, None, str(exc)
                    )
                ]
            )
            continue
        if media is None:
            writer.add([FileRecord(found.path, found.size, found.mtime_ns, FileKind.OTHER)])
            continue
        if media == MediaType.VIDEO and not videos:
            continue  # not even recorded: a scan with videos looks at it
        if record is None:
            report.new += 1
        else:
            report.changed += 1
        try:
            digest = hash_file(found.path)
        except OSError as exc:
            report.failures.append(Failure(found.path, f"cannot read: {exc.strerror or exc}"))
            continue
        photo = photos.get(digest)
        work.media.setdefault(digest, media)
        if photo is None or digest in work.scan:
            work.scan[digest].append(found)
        elif digest in work.rescan or _outdated(photo, settings, found.path in clips_of):
            work.rescan[digest].append(found)
        else:
            if record is None:
                report.new -= 1
                report.moved += 1
                moved_hashes[digest] += 1
            writer.add([FileRecord(found.path, found.size, found.mtime_ns, FileKind.PHOTO, digest)])
    return moved_hashes


def _library_model(store: Store, settings: ScanSettings) -> tuple[ScanSettings, str | None]:
    """``settings`` with the face model named: the one asked for, else the library's, else
    the default of a new library; and the model the library switches from, if it does."""
    current = store.face_model()
    model = face_model(settings.face_model or current).name
    switched_from = current if current is not None and current != model else None
    return dataclasses.replace(settings, face_model=model), switched_from


def _library_live_clips(store: Store, settings: ScanSettings) -> ScanSettings:
    """``settings`` with ``live_clips`` decided: as asked, and then remembered, so that a
    later plain ``scan`` or ``organize`` does not take the clips' faces away again; else as
    the library does."""
    if settings.live_clips is None:
        return dataclasses.replace(settings, live_clips=store.live_clips())
    if settings.live_clips != store.live_clips():
        with store.transaction():
            store.set_live_clips(settings.live_clips)
    return settings


def _remove(store, removed, known_files, moved_hashes: Counter, report) -> None:
    with store.transaction():
        store.remove_files(removed)
        store.drop_orphan_photos()
        store.count_machine_change()
    for path in removed:
        record = known_files[path]
        if record.kind in (FileKind.OTHER, FileKind.LIVE_CLIP):
            continue  # not a photo of its own (a Live Photo's clip is part of its photo)
        if moved_hashes[record.photo_hash] > 0:
            moved_hashes[record.photo_hash] -= 1  # the other half of a move, not a removal
        else:
            report.removed += 1
