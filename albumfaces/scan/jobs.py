"""Running the face pipeline over many photos, in worker processes when there are several."""

from __future__ import annotations

import dataclasses
import math
import multiprocessing
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from albumfaces.media.images import ImageError, UprightImage, iso_time, load_upright
from albumfaces.media.motion import embedded_video, motion_part
from albumfaces.media.sniff import video_duration
from albumfaces.models import (
    Box,
    ClipSource,
    DetectedFace,
    MediaType,
    MotionPart,
    PhotoScan,
    ScanSettings,
)
from albumfaces.recognition import ModelsMissing, make_pipeline
from albumfaces.recognition.protocols import FaceFinder
from albumfaces.scan.clips import ClipPart, assemble_clip, find_clip_faces, motion_faces
from albumfaces.scan.drawn import with_drawn
from albumfaces.scan.plan import motion_key, settings_key
from albumfaces.takeout import TakeoutError, TakeoutInfo, read_takeout, takeout_json
from albumfaces.xmp.read import name_faces

T = TypeVar("T")
# With several workers, a clip longer than this is cut into stretches scanned side by side.
CLIP_STRETCH_SECONDS = 20.0

# A motion photo cut short: the still is whole (it was decoded), the video after it is not.
CUT_SHORT = "a motion photo whose video is cut short: the still is scanned, the video left out"

# Builds a pipeline for some settings, once per worker process; must be picklable (a class or
# a module-level function) because workers are spawned.
PipelineFactory = Callable[[ScanSettings], FaceFinder]


@dataclass(frozen=True)
class Job:
    hash: str
    path: str
    mtime_ns: int = 0  # the date of a photo without an EXIF date
    media: MediaType = MediaType.PHOTO
    weight: float = 1.0  # work, in photos: a video counts its sampled frames
    start: float = 0.0  # of a clip: the stretch to scan, in seconds (end None: to the end)
    end: float | None = None
    import_regions: bool = True  # name faces from the photo's XMP face regions
    import_names: bool = True  # name the face of a one-face photo from its Takeout JSON
    drawn: tuple = ()  # boxes of the faces the user drew on it, made again on them
    # what dlib's HOG found in the photo at these settings, kept from a dlib scan: a switch
    # to a model that starts with HOG re-encodes those faces instead of detecting them again
    hog_boxes: tuple[tuple[Box, float | None], ...] | None = None
    live_clip: str | None = None  # of a Live Photo: its clip (scanned with ``live_clips``)


@dataclass(frozen=True)
class JobResult:
    job: Job
    scan: PhotoScan | None = None
    error: str | None = None
    note: str | None = None  # stored, with a remark (a clip decoded only partway)
    detected: int = 0  # faces found before a clip kept a few a person
    part: ClipPart | None = None  # the faces of one stretch of a clip, not yet grouped
    motion_scanned: bool = False  # its Live Photo clip or motion video was scanned too


def jobs_for(
    digest: str,
    path: str,
    mtime_ns: int,
    media: MediaType,
    settings,
    workers: int,
    import_regions: bool = True,
    hog_boxes: tuple | None = None,
    import_names: bool = True,
    drawn: tuple = (),
    live_clip: str | None = None,
) -> list[Job]:
    """A photo is one job, weighing one. A clip weighs the frames it will sample, so that
    progress and its time estimate count work, not files; with several workers a long clip
    is cut into stretches they scan side by side."""
    if media == MediaType.PHOTO:
        job = Job(digest, path, mtime_ns, import_regions=import_regions, hog_boxes=hog_boxes)
        return [
            dataclasses.replace(job, import_names=import_names, drawn=drawn, live_clip=live_clip)
        ]
    duration = video_duration(path)
    count = 1
    if workers > 1 and duration > 0:  # a whole number of rounds, so no worker idles at the end
        count = workers * math.ceil(math.ceil(duration / CLIP_STRETCH_SECONDS) / workers)
    bounds = [duration * k / count for k in range(count)] + [None]  # the last: to the end
    weight = max(1.0, duration * settings.video_fps) / count
    return [
        Job(digest, path, mtime_ns, media, weight, bounds[k], bounds[k + 1]) for k in range(count)
    ]


def result_or_reason(work: Callable[[], T]) -> T | str:
    """``work()``, or the reason it could not be done. Every failure becomes a reason, never
    a crash, except missing model weights: those are no file's fault, and every file would
    fail, so they stop the run."""
    try:
        return work()
    except ImageError as exc:
        return str(exc)
    except ModelsMissing:
        raise
    except MemoryError:
        return "out of memory while decoding or detecting"
    except Exception as exc:  # noqa: BLE001 - one photo must not end the run
        return f"face pipeline failed: {type(exc).__name__}: {exc}"


def faces_or_reason(
    pipeline: FaceFinder, load: Callable[[], UprightImage], hog_boxes=None
) -> tuple[UprightImage, list[DetectedFace]] | str:
    """Decode a photo with ``load`` and find its faces (``hog_boxes``: those HOG found
    before): (image, faces), or the reason it could not be done."""

    def work():
        image = load()
        if hog_boxes is None:
            return image, pipeline.find_faces(image)
        return image, pipeline.find_faces(image, list(hog_boxes))

    return result_or_reason(work)


def scan_video(pipeline: FaceFinder, job: Job) -> JobResult:
    """The faces of a clip's stretch (grouped when all stretches are in, by
    :func:`assemble_clip_results`); a failure becomes a reason."""
    part = result_or_reason(lambda: find_clip_faces(pipeline, job.path, job.start, job.end))
    if isinstance(part, str):
        return JobResult(job, error=part)
    return JobResult(job, part=part)


def assemble_clip_results(job: Job, results: list[JobResult], settings) -> JobResult:
    """One result for a clip from the results of its stretches: its representative faces,
    what could not be read said in a note; a failure when nothing could."""
    parts = [r.part for r in results if r.part is not None]
    errors = sorted((r.job.start, r.error) for r in results if r.error)
    if not parts:
        return JobResult(job, error=errors[0][1])
    parts += [ClipPart(parts[0].info, start, [], 0, error=error) for start, error in errors]
    clip = result_or_reason(lambda: assemble_clip(parts, job.hash, job.mtime_ns, settings))
    if isinstance(clip, str):
        return JobResult(job, error=clip)
    return JobResult(job, scan=clip.scan, note=clip.note, detected=clip.detected)


def scan_photo(pipeline: FaceFinder, job: Job) -> JobResult:
    """Decode and find the faces of one photo or clip; every failure becomes a reason, never
    a crash."""
    if job.media == MediaType.VIDEO:
        return scan_video(pipeline, job)
    settings = pipeline.settings
    found = faces_or_reason(pipeline, lambda: load_upright(job.path, settings), job.hog_boxes)
    if isinstance(found, str):
        return JobResult(job, error=found)
    image, faces = found
    drawn = result_or_reason(lambda: with_drawn(pipeline, image, faces, job.drawn))
    if isinstance(drawn, str):
        return JobResult(job, error=drawn)
    faces = drawn
    note = None
    if job.import_regions:
        named = result_or_reason(lambda: name_faces(pipeline, image, faces, job.path))
        if isinstance(named, str):  # a region the pipeline could not encode
            note = f"face regions of its XMP not used ({named})"
        else:
            faces, note = named
    takeout, problem = takeout_of(job.path)
    note = note or problem
    if takeout is not None and job.import_names:
        faces = named_by_takeout(faces, takeout.names)
    motion = motion_part(job.path, image.xmp)
    faces, motion_note, scanned = with_motion(pipeline, job, motion, faces)
    note = note or motion_note
    has_motion = motion is not None or job.live_clip is not None
    scan = PhotoScan(
        hash=job.hash,
        width=image.width,
        height=image.height,
        format=image.format,
        settings_key=motion_key(
            settings_key(image.width, image.height, settings), settings, has_motion
        ),
        faces=tuple(faces),
        # Takeout strips some photos' EXIF dates: its photoTakenTime is the next best
        taken_at=image.taken_at or (takeout and takeout.taken_at) or iso_time(job.mtime_ns),
        face_model=pipeline.model.name,
        # kept for naming people from them after clustering, unless names are not taken
        takeout_names=None if takeout is None or not job.import_names else takeout.names,
        motion=motion,
    )
    return JobResult(job, scan=scan, note=note, motion_scanned=scanned)


def with_motion(
    pipeline: FaceFinder, job: Job, motion: MotionPart | None, faces: list[DetectedFace]
) -> tuple[list[DetectedFace], str | None, bool]:
    """The photo's faces with those its motion part adds (``live_clips``: its Live Photo clip,
    else the video it carries), a note when that part cannot be used, and whether it was."""
    if motion is not None and not motion.whole:
        return faces, CUT_SHORT, False
    if not pipeline.settings.live_clips:
        return faces, None, False
    source = ClipSource(job.live_clip) if job.live_clip else embedded_video(job.path, motion)
    if source is None:
        return faces, None, False
    extra = result_or_reason(lambda: motion_faces(pipeline, source, faces))
    if isinstance(extra, str):
        return faces, f"its {source.noun} not scanned ({extra})", False
    return [*faces, *extra], None, True


def takeout_of(path: str) -> tuple[TakeoutInfo | None, str | None]:
    """The photo's Google Takeout JSON, read (None: it has none), and a note when it cannot
    be read (the photo is then scanned without it)."""
    found = takeout_json(path)
    if found is None:
        return None, None
    try:
        return read_takeout(found), None
    except TakeoutError as exc:
        return None, f"its Google Takeout JSON not read ({exc})"


def named_by_takeout(faces: list[DetectedFace], names: tuple[str, ...]) -> list[DetectedFace]:
    """A photo of one face and one name: that face is that person (unless its XMP said who it
    is). Beyond that, names say who is in the photo, not which face: they wait for the people
    (see ``store.photo_names``)."""
    if len(faces) != 1 or len(names) != 1 or faces[0].region_name:
        return list(faces)
    return [dataclasses.replace(faces[0], takeout_name=names[0])]


_worker_pipeline: FaceFinder | None = None


def _init_worker(settings: ScanSettings, make_pipeline: PipelineFactory) -> None:
    global _worker_pipeline
    # The parent handles Ctrl-C and terminates the pool; workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_pipeline = make_pipeline(settings)


def _run_in_worker(job: Job) -> JobResult:
    assert _worker_pipeline is not None
    return scan_photo(_worker_pipeline, job)


def run_jobs(
    jobs: list[Job],
    settings: ScanSettings,
    workers: int,
    make_pipeline: PipelineFactory = make_pipeline,
) -> Iterator[JobResult]:
    """Yield one result per job, in completion order."""
    if not jobs:
        return
    if workers <= 1 or len(jobs) == 1:
        pipeline = make_pipeline(settings)
        for job in jobs:
            yield scan_photo(pipeline, job)
        return
    # spawn, not fork: a forked child would inherit the parent's SQLite connection and threads.
    context = multiprocessing.get_context("spawn")
    with context.Pool(min(workers, len(jobs)), _init_worker, (settings, make_pipeline)) as pool:
        yield from pool.imap_unordered(_run_in_worker, jobs, chunksize=1)
