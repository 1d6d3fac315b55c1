"""The detecting stage of a scan: the jobs of the contents to scan, run on the pool (or
Ray), each result counted in the report and handed to the batch writer."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from albumfaces.models import Failure, FileKind, FileRecord, MediaType, ScanReport, ScanSettings
from albumfaces.scan.batches import BatchWriter
from albumfaces.scan.jobs import JobResult, PipelineFactory, assemble_clip_results, jobs_for
from albumfaces.scan.plan import boxes_reusable
from albumfaces.scan.walk import FoundFile
from albumfaces.store import Store


@dataclass
class Work:
    """What a run has to do, worked out from the walk and the cache."""

    identify: list[tuple[FoundFile, FileRecord | None]] = field(default_factory=list)
    scan: dict[str, list[FoundFile]] = field(default_factory=lambda: defaultdict(list))
    rescan: dict[str, list[FoundFile]] = field(default_factory=lambda: defaultdict(list))
    removed: list[str] = field(default_factory=list)
    media: dict[str, MediaType] = field(default_factory=dict)  # of the contents to scan


@dataclass(frozen=True)
class Detection:
    """How a run detects: its store and photos as they were, settings and workers."""

    store: Store
    photos: dict
    settings: ScanSettings
    workers: int
    make_pipeline: PipelineFactory
    runner: Callable
    import_regions: bool
    import_names: bool = True
    live_clips: dict = field(default_factory=dict)  # the clip of each Live Photo, by its path

    def clip_of(self, found: list[FoundFile]) -> str | None:
        """The Live Photo clip to scan with a photo: with ``live_clips`` only."""
        if not self.settings.live_clips:
            return None
        return next((self.live_clips[f.path] for f in found if f.path in self.live_clips), None)

    def hog_boxes(self, digest: str):
        """The boxes dlib's HOG found in a stored photo, when the new model keeps them."""
        photo = self.photos.get(digest)
        if photo is None or not boxes_reusable(photo.settings_key, photo, self.settings):
            return None
        return tuple(self.store.stored_boxes(digest))


def detect(run: Detection, work: Work, writer, report, progress) -> None:
    settings, workers, make_pipeline = run.settings, run.workers, run.make_pipeline
    groups = {**work.scan, **work.rescan}
    jobs = [
        job
        for digest, found in groups.items()
        for job in jobs_for(
            digest,
            found[0].path,
            found[0].mtime_ns,
            work.media[digest],
            settings,
            workers,
            run.import_regions,
            run.hog_boxes(digest) if digest in work.rescan else None,
            import_names=run.import_names,
            drawn=run.store.drawn_boxes(digest) if digest in work.rescan else (),
            live_clip=run.clip_of(found),
        )
    ]
    if not jobs:
        return
    make_pipeline(settings).check_ready()
    stretches = Counter(job.hash for job in jobs)
    clip_results: dict[str, list[JobResult]] = defaultdict(list)
    total, done = sum(j.weight for j in jobs), 0.0
    for result in run.runner(jobs, settings, workers, make_pipeline):
        done += result.job.weight
        progress("detecting", round(done), round(total))
        digest = result.job.hash
        if result.job.media == MediaType.VIDEO:
            clip_results[digest].append(result)
            if len(clip_results[digest]) < stretches[digest]:
                continue  # the clip's other stretches are still being scanned
            result = assemble_clip_results(result.job, clip_results.pop(digest), settings)
        record_result(result, groups[digest], digest in work.rescan, writer, report)


def record_result(
    result: JobResult,
    found: list[FoundFile],
    is_rescan: bool,
    writer: BatchWriter,
    report: ScanReport,
) -> None:
    if result.scan is not None:
        report.faces += len(result.scan.faces)
        if result.scan.media == MediaType.VIDEO:
            report.videos += 1
            report.video_seconds += result.scan.duration or 0.0
            report.video_faces_detected += result.detected
        report.motion_scanned += result.motion_scanned
        if result.note:
            report.warnings += [Failure(f.path, result.note) for f in found]
        if result.scan.takeout_names is not None:
            report.takeout_photos += 1
            report.takeout_named += sum(bool(face.takeout_name) for face in result.scan.faces)
        named = [face for face in result.scan.faces if face.region_name]
        report.regions_imported += sum(face.imported for face in named)
        report.regions_matched += sum(not face.imported for face in named)
        records = [
            FileRecord(f.path, f.size, f.mtime_ns, FileKind.PHOTO, result.scan.hash) for f in found
        ]
        writer.add(records, result.scan)
        return
    for f in found:
        report.failures.append(Failure(f.path, result.error or "unknown error"))
    if not is_rescan:
        # A photo already stored keeps its faces when a settings rescan fails.
        writer.add(
            [
                FileRecord(f.path, f.size, f.mtime_ns, FileKind.FAILED, None, result.error)
                for f in found
            ]
        )
