"""Running the face pipeline over many photos, in worker processes when there are several."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterator
from dataclasses import dataclass

from albumfaces.models import PhotoScan, ScanSettings
from albumfaces.scan.images import ImageError, iso_time, load_upright
from albumfaces.scan.pipeline import FacePipeline
from albumfaces.scan.plan import settings_key


@dataclass(frozen=True)
class Job:
    hash: str
    path: str
    mtime_ns: int = 0  # the date of a photo without an EXIF date


@dataclass(frozen=True)
class JobResult:
    job: Job
    scan: PhotoScan | None = None
    error: str | None = None


def scan_photo(pipeline: FacePipeline, job: Job) -> JobResult:
    """Decode and find the faces of one photo; every failure becomes a reason, never a crash."""
    settings = pipeline.settings
    try:
        image = load_upright(job.path, settings)
        faces = pipeline.find_faces(image)
    except ImageError as exc:
        return JobResult(job, error=str(exc))
    except MemoryError:
        return JobResult(job, error="out of memory while decoding or detecting")
    except Exception as exc:  # noqa: BLE001 - one photo must not end the scan
        return JobResult(job, error=f"face pipeline failed: {type(exc).__name__}: {exc}")
    scan = PhotoScan(
        hash=job.hash,
        width=image.width,
        height=image.height,
        format=image.format,
        settings_key=settings_key(image.width, image.height, settings),
        faces=tuple(faces),
        taken_at=image.taken_at or iso_time(job.mtime_ns),
    )
    return JobResult(job, scan=scan)


_worker_pipeline: FacePipeline | None = None


def _init_worker(settings: ScanSettings) -> None:
    global _worker_pipeline
    # The parent handles Ctrl-C and terminates the pool; workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_pipeline = FacePipeline(settings)


def _run_in_worker(job: Job) -> JobResult:
    assert _worker_pipeline is not None
    return scan_photo(_worker_pipeline, job)


def run_jobs(jobs: list[Job], settings: ScanSettings, workers: int) -> Iterator[JobResult]:
    """Yield one result per job, in completion order."""
    if not jobs:
        return
    if workers <= 1 or len(jobs) == 1:
        pipeline = FacePipeline(settings)
        for job in jobs:
            yield scan_photo(pipeline, job)
        return
    # spawn, not fork: a forked child would inherit the parent's SQLite connection and threads.
    context = multiprocessing.get_context("spawn")
    with context.Pool(min(workers, len(jobs)), _init_worker, (settings,)) as pool:
        yield from pool.imap_unordered(_run_in_worker, jobs, chunksize=1)
